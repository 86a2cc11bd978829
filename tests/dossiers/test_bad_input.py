"""Bad input gets a specific error per field and nothing is written."""

import pytest
from tests.dossiers.conftest import applicant, pdf

from localgov.core.errors import ValidationFailed
from localgov.dossiers.models import Dossier, DossierDocument
from localgov.dossiers.validation import Upload, citizen_id_problem


@pytest.mark.parametrize("value", ["12345", "00109001234a", "999090012345", "001990012345", ""])
def test_citizen_id_rules(value):
    assert citizen_id_problem(value) is not None


def test_valid_citizen_id():
    assert citizen_id_problem("001090012345") is None  # Hà Nội, male, born 1990
    assert citizen_id_problem("079305001234") is None  # HCMC, female, born 2005


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"applicant": applicant(id_number="123")}, "applicant.id_number"),
        ({"applicant": applicant(name="<script>alert(1)</script>")}, "applicant.name"),
        ({"applicant": applicant(phone="12345")}, "applicant.phone"),
        ({"documents": []}, "documents"),
        ({"documents": [Upload("d1", "x.exe", b"MZ\x90\x00", "application/x-msdownload"), pdf("d2")]}, "documents.0"),
        ({"documents": [Upload("d1", "fake.pdf", b"not a pdf", "application/pdf"), pdf("d2")]}, "documents.0"),
    ],
)
def test_rejected_with_a_field_message_and_nothing_written(file_online, over, field):
    before = (Dossier.objects.count(), DossierDocument.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        file_online("1.004873", **over)
    assert field in exc.value.fields
    assert (Dossier.objects.count(), DossierDocument.objects.count()) == before


def test_unknown_procedure(file_online):
    with pytest.raises(ValidationFailed) as exc:
        file_online("9.999999", documents=[])
    assert "procedure_code" in exc.value.fields


def test_file_too_large(file_online, settings):
    settings.LOCALGOV_MAX_UPLOAD_BYTES = 1000
    big = Upload("d1", "big.pdf", b"%PDF-" + b"0" * 2000, "application/pdf")
    with pytest.raises(ValidationFailed) as exc:
        file_online("1.004873", documents=[big, pdf("d2")])
    assert "documents.0" in exc.value.fields
