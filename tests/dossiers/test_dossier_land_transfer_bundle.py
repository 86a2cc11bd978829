"""Land transfer (LT.DD.CHUYEN-NHUONG; Đồng Tháp 138/2025/QĐ-UBND Art. 30, docs/domain/one-stop-rules.md
§2.2): land registry ≤5 days (1st appointment), then the tax office's financial-obligation
step that is outside the count (the parent's clock stops), then land registry ≤3 days
counted from the proof of payment (2nd appointment)."""

from datetime import datetime

from tests.dossiers.conftest import BA_DINH, vn

from localgov.access.roles import Role
from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State
from localgov.workcalendar.adapter import get_calendar

LAND = "LT.DD.CHUYEN-NHUONG"


def _run(child: Dossier, specialist, approver, *, start: datetime, end: datetime) -> Dossier:
    child.refresh_from_db()
    assert child.state == State.ACCEPTED
    child = services.assign(dossier_id=child.pk, version=child.version, actor=specialist, now=start)
    return services.decide(dossier_id=child.pk, version=child.version, actor=approver, result_summary="Xong", now=end)


def test_tax_step_stops_the_parent_clock_and_two_appointments_are_recorded(file_online, staff, people):
    s = staff(BA_DINH)
    sub = file_online(LAND, at=vn(2025, 8, 4, 9, 0))
    parent = sub.dossier
    registry_first, tax, registry_second = sub.children
    assert [c.competent_agency.kind for c in sub.children] == ["land_registry", "tax", "land_registry"]
    registry_specialist = people(Role.SPECIALIST, agency_id=registry_first.competent_agency_id)
    registry_approver = people(Role.APPROVER, agency_id=registry_first.competent_agency_id)
    tax_specialist = people(Role.SPECIALIST, agency_id=tax.competent_agency_id)
    tax_approver = people(Role.APPROVER, agency_id=tax.competent_agency_id)

    parent = services.accept(dossier_id=parent.pk, version=parent.version, actor=s["counter"],
                             now=vn(2025, 8, 4, 9, 0))
    assert parent.due_at == vn(2025, 8, 14, 9, 0)  # 8 working days, tax time not counted
    registry_first.refresh_from_db()
    assert registry_first.due_at == vn(2025, 8, 11, 9, 0)  # 1st appointment: ≤5 days
    appointments = parent.form_data["appointments"]
    assert len(appointments) == 1 and appointments[0]["due"] == vn(2025, 8, 11, 9, 0).isoformat()

    # Land registry sends the tax-information slip on Friday 10:00: the tax step starts and
    # the parent's clock stops.
    _run(registry_first, registry_specialist, registry_approver, start=vn(2025, 8, 5, 9, 0),
         end=vn(2025, 8, 8, 10, 0))
    tax.refresh_from_db()
    parent.refresh_from_db()
    assert tax.state == State.ACCEPTED and tax.accepted_at == vn(2025, 8, 8, 10, 0)
    assert parent.paused_since == vn(2025, 8, 8, 10, 0)
    assert parent.due_at == vn(2025, 8, 14, 9, 0)  # not moved while paused
    assert registry_second.state == State.NEW

    # The tax office is done (proof of payment) Wednesday 14:00: the clock resumes, pushed by
    # exactly the working time the tax step took: Fri 6 h + Mon 8 h + Tue 8 h + Wed 5 h.
    _run(tax, tax_specialist, tax_approver, start=vn(2025, 8, 11, 8, 0), end=vn(2025, 8, 13, 14, 0))
    parent.refresh_from_db()
    cal = get_calendar(parent.calendar_version)
    took = cal.working_seconds_between(vn(2025, 8, 8, 10, 0), vn(2025, 8, 13, 14, 0))
    assert took == 27 * 3600
    assert parent.paused_since is None and parent.paused_seconds == took
    assert cal.working_seconds_between(vn(2025, 8, 14, 9, 0), parent.due_at) == took
    assert parent.due_at == vn(2025, 8, 19, 12, 0)  # Thu 14: 7 h, Fri 15: 8 h, Mon 18: 8 h, Tue 19: 4 h

    # 2nd appointment: the last land-registry step, ≤3 days from the proof of payment.
    registry_second.refresh_from_db()
    assert registry_second.state == State.ACCEPTED
    assert registry_second.due_at == vn(2025, 8, 18, 14, 0)
    appointments = parent.form_data["appointments"]
    assert [a["due"] for a in appointments] == [vn(2025, 8, 11, 9, 0).isoformat(),
                                                vn(2025, 8, 18, 14, 0).isoformat()]
    assert appointments[1]["from"] == vn(2025, 8, 13, 14, 0).isoformat()
    assert appointments[1]["children"] == [registry_second.code]

    # Finished on Tuesday 19 Aug 10:00: on time only because the tax days were not counted
    # (the unpaused due time was Thursday 14 Aug 09:00); the last step itself ran late.
    last = _run(registry_second, registry_specialist, registry_approver, start=vn(2025, 8, 14, 8, 0),
                end=vn(2025, 8, 19, 10, 0))
    assert last.outcome == "late"
    parent.refresh_from_db()
    assert parent.state == State.DONE
    assert parent.outcome == "on_time"
