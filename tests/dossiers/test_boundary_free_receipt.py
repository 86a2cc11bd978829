"""Receipt regardless of administrative boundaries (Decree 118 Art. 3(6)-(7), 14(2), 20): a
counter at one commune receives a dossier of another commune of the same province; it is
routed to the competent commune and the result returns where the applicant chose."""

import pytest
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, applicant, centre_of, docs_for, vn

from localgov.core.errors import PermissionDenied, ValidationFailed
from localgov.dossiers import services
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod, State


def _walk_in(actor, centre_commune, competent_commune, procedure="1.004873", **over):
    data = SubmitInput(procedure_code=procedure, channel=Channel.IN_PERSON, applicant=applicant(),
                       competent_commune_code=competent_commune, received_centre_id=centre_of(centre_commune),
                       return_method=ReturnMethod.CENTRE, documents=docs_for(procedure), **over)
    return submit(data, actor=actor, now=vn(2025, 8, 4, 9, 0))


def test_counter_at_one_commune_receives_for_another(counter_at, staff):
    hoan_kiem_counter = counter_at(HOAN_KIEM)
    sub = _walk_in(hoan_kiem_counter, HOAN_KIEM, BA_DINH)
    d = sub.dossier
    assert d.state == State.ACCEPTED  # complete at the counter → Mẫu 01 at once
    assert d.received_commune_code == HOAN_KIEM and d.competent_commune_code == BA_DINH
    assert d.competent_agency.commune_id == BA_DINH
    assert d.return_centre_id == centre_of(HOAN_KIEM)  # returned where the applicant chose
    assert d.code.startswith(d.competent_agency.electronic_id + "-250804-")
    # Ba Đình's own staff process it; Hoàn Kiếm's counter returns it.
    s = staff(BA_DINH)
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["specialist"], now=vn(2025, 8, 4, 10, 0))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp",
                        now=vn(2025, 8, 5, 10, 0))
    d = services.return_result(dossier_id=d.pk, version=d.version, actor=hoan_kiem_counter, now=vn(2025, 8, 5, 14, 0))
    assert d.state == State.RETURNED


def test_province_scope_stops_at_the_province_border(counter_at):
    with pytest.raises(ValidationFailed) as exc:
        _walk_in(counter_at(SAI_GON), SAI_GON, BA_DINH)
    assert "received_centre_id" in exc.value.fields


def test_counter_officer_cannot_receive_at_a_centre_not_theirs(counter_at):
    with pytest.raises(PermissionDenied):
        _walk_in(counter_at(HOAN_KIEM), BA_DINH, BA_DINH)


def test_other_commune_cannot_process(file_online, staff):
    hk = staff(HOAN_KIEM)
    d = file_online("1.004873", commune=BA_DINH).dossier
    with pytest.raises(PermissionDenied):
        services.accept(dossier_id=d.pk, version=d.version, actor=hk["counter"], now=vn(2025, 8, 4, 10, 0))
