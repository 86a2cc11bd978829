"""Construction permit for a house (LT.XD.NHA-O; Construction Law Art. 102): one member at
the commune's economic office, 7 working days; deficiencies notified once in writing, the
period restarts when the complete dossier arrives, and the parent's deadline follows."""

from tests.dossiers.conftest import BA_DINH, vn

from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent
from localgov.dossiers.workflow import State
from localgov.workcalendar.adapter import get_calendar

PERMIT = "LT.XD.NHA-O"


def test_construction_permit_with_one_supplement(file_online, staff):
    s = staff(BA_DINH)
    sub = file_online(PERMIT, at=vn(2025, 8, 4, 9, 0))
    parent = sub.dossier
    (permit,) = sub.children
    assert permit.competent_agency.kind == "commune_economic" and permit.competent_agency.commune_id == BA_DINH
    assert permit.procedure.code == "1.013225"

    parent = services.accept(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                             now=vn(2025, 8, 4, 9, 0))
    permit.refresh_from_db()
    assert parent.due_at == permit.due_at == vn(2025, 8, 13, 9, 0)  # 7 working days
    assert [a["due"] for a in parent.form_data["appointments"]] == [vn(2025, 8, 13, 9, 0).isoformat()]

    permit = services.assign(dossier_id=permit.pk, version=permit.version, actor=s["specialist"],
                             now=vn(2025, 8, 4, 10, 0))
    # Art. 102: all deficiencies in one written notice, within the appraisal.
    permit = services.request_supplement(dossier_id=permit.pk, version=permit.version, actor=s["specialist"],
                                         missing=["Bản vẽ mặt bằng móng", "Giấy tờ về quyền sử dụng đất"],
                                         now=vn(2025, 8, 6, 9, 0))
    parent.refresh_from_db()
    assert parent.state == State.SUPPLEMENT_REQUESTED
    permit = services.supplement_received(dossier_id=permit.pk, version=permit.version, actor=s["counter"],
                                          now=vn(2025, 8, 11, 9, 0))
    assert permit.due_at == vn(2025, 8, 20, 9, 0)  # restarted from zero: 7 days from Mon 11 Aug
    parent.refresh_from_db()
    assert parent.state == State.PROCESSING
    # The parent's deadline moves by the same working time as its member's.
    cal = get_calendar(parent.calendar_version)
    assert cal.working_seconds_between(vn(2025, 8, 13, 9, 0), parent.due_at) == \
        cal.working_seconds_between(vn(2025, 8, 13, 9, 0), vn(2025, 8, 20, 9, 0))
    assert parent.due_at == vn(2025, 8, 20, 9, 0)
    assert parent.first_due_at == vn(2025, 8, 13, 9, 0)  # the receipt's appointment is kept

    permit = services.decide(dossier_id=permit.pk, version=permit.version, actor=s["approver"],
                             result_summary="Cấp giấy phép xây dựng số 12/GPXD", now=vn(2025, 8, 18, 8, 30))
    assert permit.outcome == "early"
    parent.refresh_from_db()
    assert parent.state == State.DONE and parent.outcome == "early" and parent.outcome_766 == "on_time"
    parent = services.return_result(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                                    now=vn(2025, 8, 18, 14, 0))
    assert parent.state == State.RETURNED
    permit.refresh_from_db()
    assert permit.state == State.RETURNED and permit.returned_at == vn(2025, 8, 18, 14, 0)
    assert DossierEvent.objects.filter(dossier=parent, action="derive").count() == 5
