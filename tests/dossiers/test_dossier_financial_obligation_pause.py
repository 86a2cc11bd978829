"""Financial obligation (Art. 24): the clock stops only where the procedure's sectoral law
excludes that time (catalogue `clock_stops`; land under Decree 151/2025: "không tính thời
gian ... thực hiện nghĩa vụ tài chính"); elsewhere the state changes but the clock runs."""

from tests.dossiers.conftest import BA_DINH, vn

from localgov.access.roles import Role
from localgov.dossiers import services
from localgov.dossiers.workflow import State
from localgov.workcalendar.adapter import get_calendar

LAND_CHANGE = "1.013831"  # clock_stops: ["financial_obligation"]
MARRIAGE_STATUS = "1.004873"  # clock_stops: []


def test_payment_time_is_not_counted_where_the_procedure_says_so(file_online, staff, people):
    s = staff(BA_DINH)
    d = file_online(LAND_CHANGE, at=vn(2025, 8, 4, 9, 0)).dossier
    assert "financial_obligation" in d.procedure.clock_stops
    registry = people(Role.SPECIALIST, agency_id=d.competent_agency_id)
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    assert d.due_at == vn(2025, 8, 14, 9, 0)  # 8 working days
    d = services.assign(dossier_id=d.pk, version=d.version, actor=registry, now=vn(2025, 8, 4, 10, 0))
    d = services.request_payment(dossier_id=d.pk, version=d.version, actor=registry, amount_vnd=12_500_000,
                                 reason="Lệ phí trước bạ, thuế thu nhập cá nhân", now=vn(2025, 8, 6, 10, 0))
    assert d.state == State.FINANCIAL_OBLIGATION and d.paused_since == vn(2025, 8, 6, 10, 0)
    d = services.payment_received(dossier_id=d.pk, version=d.version, actor=s["counter"], online=True,
                                  now=vn(2025, 8, 8, 15, 0))
    assert d.state == State.PROCESSING and d.paused_since is None and d.paid_online
    # Wed 6 h + Thu 8 h + Fri 6 h = 20 working hours excluded.
    assert d.paused_seconds == 20 * 3600
    cal = get_calendar(d.calendar_version)
    assert cal.working_seconds_between(vn(2025, 8, 14, 9, 0), d.due_at) == 20 * 3600
    assert d.due_at == vn(2025, 8, 18, 14, 0)
    assert d.first_due_at == vn(2025, 8, 14, 9, 0)


def test_payment_does_not_stop_the_clock_elsewhere(file_online, staff):
    s = staff(BA_DINH)
    d = file_online(MARRIAGE_STATUS, at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    due = d.due_at
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["specialist"], now=vn(2025, 8, 4, 9, 30))
    d = services.request_payment(dossier_id=d.pk, version=d.version, actor=s["specialist"], amount_vnd=10_000,
                                 now=vn(2025, 8, 4, 10, 0))
    assert d.state == State.FINANCIAL_OBLIGATION and d.paused_since is None
    d = services.payment_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 6, 10, 0))
    assert d.due_at == due and d.paused_seconds == 0


def test_clock_rule_is_data_on_the_procedure(file_online, staff):
    """Turn the rule on for a procedure in the test database: the same steps now pause."""
    from localgov.catalog.models import Procedure

    Procedure.objects.filter(code=MARRIAGE_STATUS).update(clock_stops=["financial_obligation"])
    s = staff(BA_DINH)
    d = file_online(MARRIAGE_STATUS, at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["specialist"], now=vn(2025, 8, 4, 9, 30))
    d = services.request_payment(dossier_id=d.pk, version=d.version, actor=s["specialist"], amount_vnd=10_000,
                                 now=vn(2025, 8, 4, 10, 0))
    assert d.paused_since == vn(2025, 8, 4, 10, 0)
    d = services.payment_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 5, 10, 0))
    assert d.paused_seconds == 8 * 3600
    assert d.due_at == vn(2025, 8, 8, 9, 0)  # Thu 7 Aug 09:00 pushed by one working day


def test_negative_amount_refused(file_online, staff):
    import pytest

    from localgov.core.errors import ValidationFailed

    s = staff(BA_DINH)
    d = file_online(MARRIAGE_STATUS, at=vn(2025, 8, 4, 9, 0)).dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 9, 0))
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["specialist"], now=vn(2025, 8, 4, 9, 30))
    with pytest.raises(ValidationFailed) as exc:
        services.request_payment(dossier_id=d.pk, version=d.version, actor=s["specialist"], amount_vnd=-1,
                                 now=vn(2025, 8, 4, 10, 0))
    assert "amount_vnd" in exc.value.fields
