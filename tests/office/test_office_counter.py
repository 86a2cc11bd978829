"""The counter: a walk-in for any procedure of the province, at another commune's centre
(boundary-free), documents ticked or scanned, receipt printed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.office.conftest import BA_DINH, HOAN_KIEM, PDF, centre_of

from localgov.access.roles import Role
from localgov.dossiers.models import Dossier, DossierDocument
from localgov.dossiers.workflow import State

pytestmark = pytest.mark.django_db
FORM = {"thu_tuc": "1.004873", "competent_commune": BA_DINH, "applicant_name": "Trần Thị Bình",
        "applicant_id_number": "001190012345", "return_method": "centre", "idem": "c1"}


def test_counter_at_another_commune_receives_for_the_first(officer, tmp_path):
    client, _ = officer(Role.COUNTER_OFFICER, commune=HOAN_KIEM, centre_id=centre_of(HOAN_KIEM))
    page = client.get("/can-bo/tiep-nhan/?thu_tuc=1.004873").content.decode()
    assert f'<option value="{BA_DINH}">Phường Ba Đình</option>' in page
    scan = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    response = client.post("/can-bo/tiep-nhan/", {**FORM, "presented": ["d2"], "scan-d1": scan})
    assert response.status_code == 302
    d = Dossier.objects.get()
    assert response["Location"] == f"/can-bo/ho-so/{d.code}/"
    assert d.state == State.ACCEPTED and d.channel == 1 and d.first_due_at is not None
    assert d.received_centre_id == centre_of(HOAN_KIEM) and d.competent_commune_code == BA_DINH
    docs = DossierDocument.objects.filter(dossier=d)
    assert {(x.doc_code, x.presented_on_paper) for x in docs} == {("d1", False), ("d2", True)}
    receipt = client.get(f"/can-bo/ho-so/{d.code}/mau/01.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


def test_missing_required_document_is_an_inline_error_and_input_is_kept(officer):
    client, _ = officer(Role.COUNTER_OFFICER, commune=HOAN_KIEM, centre_id=centre_of(HOAN_KIEM))
    scan = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    response = client.post("/can-bo/tiep-nhan/", {**FORM, "scan-d1": scan})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Thiếu giấy tờ bắt buộc: Giấy tờ tùy thân" in html
    assert 'value="Trần Thị Bình"' in html and "Đã đính kèm: to-khai.pdf" in html
    assert not Dossier.objects.exists()
    # tick the missing paper: the scan attached before is still used
    assert client.post("/can-bo/tiep-nhan/", {**FORM, "presented": ["d2"]}).status_code == 302
    assert DossierDocument.objects.filter(doc_code="d1", original_name="to-khai.pdf").exists()


def test_only_counter_officers_receive_walk_ins(officer):
    client, _ = officer(Role.SPECIALIST, commune=BA_DINH)
    assert client.get("/can-bo/tiep-nhan/").status_code == 403


def test_a_procedure_must_be_chosen(officer):
    client, _ = officer(Role.COUNTER_OFFICER, commune=HOAN_KIEM, centre_id=centre_of(HOAN_KIEM))
    assert 'id="thu_tuc"' in client.get("/can-bo/tiep-nhan/").content.decode()
    assert client.get("/can-bo/tiep-nhan/?thu_tuc=khong-co").status_code == 422
