"""Plans: proposed from the balance, only an HR officer of the province approves, and only then
do transfers become effective-dated moves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.core.errors import Conflict, PermissionDenied
from localgov.workforce import selectors, services, spreadsheets
from localgov.workforce.models import OfficialRecord, PlanStatus


def test_plan_then_approval(demo_ha_tinh, person) -> None:
    day = selectors.today()
    plan = services.propose_plan(province_code="42", actor=SYSTEM, day=day)
    transfers = list(plan.transfers.all())
    assert plan.status == PlanStatus.DRAFT and plan.filled == len(transfers) > 0
    assert plan.filled <= plan.needed
    open_rec = {r.official_id: r for r in OfficialRecord.objects.filter(valid_to__isnull=True)}
    for t in transfers:
        assert t.to_field in open_rec[t.official_id].competences  # never outside competences
    # nothing moved yet
    assert all(open_rec[t.official_id].commune_code == t.from_commune_code for t in transfers)

    _, other_hr = person(Role.HR_OFFICER, province="20")
    _, approver = person(Role.APPROVER, commune=transfers[0].to_commune_code)
    _, overseer = person(Role.PROVINCE_OVERSEER, province="42")
    _, commune_hr = person(Role.HR_OFFICER, commune=transfers[0].to_commune_code)
    user, hr = person(Role.HR_OFFICER, province="42")
    effective = day + timedelta(days=1)
    for actor in (other_hr, approver, overseer, commune_hr):
        with pytest.raises(PermissionDenied):
            services.approve_plan(plan_id=plan.pk, actor=actor, effective_on=effective)
    assert not OfficialRecord.objects.filter(source=f"plan:{plan.pk}").exists()

    services.approve_plan(plan_id=plan.pk, actor=hr, effective_on=effective, user=user)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == user and plan.effective_on == effective
    moved = OfficialRecord.objects.filter(source=f"plan:{plan.pk}")
    assert moved.count() == len(transfers)
    t = transfers[0]
    before = selectors.records_as_of(day).get(official_id=t.official_id)
    after = selectors.records_as_of(effective).get(official_id=t.official_id)
    assert (before.commune_code, before.field) == (t.from_commune_code, t.from_field)
    assert (after.commune_code, after.field) == (t.to_commune_code, t.to_field)
    with pytest.raises(Conflict):
        services.approve_plan(plan_id=plan.pk, actor=hr, effective_on=effective)


def test_only_a_province_hr_officer_proposes(demo_ha_tinh, person) -> None:
    for role, scope in ((Role.PROVINCE_OVERSEER, {"province": "42"}), (Role.HR_OFFICER, {"province": "20"}),
                        (Role.HR_OFFICER, {"commune": "18073"})):
        _, actor = person(role, **scope)
        with pytest.raises(PermissionDenied):
            services.propose_plan(province_code="42", actor=actor)
    _, hr = person(Role.HR_OFFICER, province="42")
    assert services.propose_plan(province_code="42", actor=hr).created_by == hr.label


def test_stale_plan_is_refused_whole(demo_ha_tinh, person) -> None:
    day = selectors.today()
    plan = services.propose_plan(province_code="42", actor=SYSTEM, day=day)
    t = plan.transfers.first()
    services.change(official_id=t.official_id, on=day + timedelta(days=1), changes={"field": "office"},
                    reason="Thay đổi khác", actor=SYSTEM)
    _, hr = person(Role.HR_OFFICER, province="42")
    with pytest.raises(Conflict):
        services.approve_plan(plan_id=plan.pk, actor=hr, effective_on=day + timedelta(days=2))
    assert not OfficialRecord.objects.filter(source=f"plan:{plan.pk}").exists()


def test_reject_and_xlsx(demo_ha_tinh, person) -> None:
    import io

    from openpyxl import load_workbook

    plan = services.propose_plan(province_code="42", actor=SYSTEM, day=date.today())
    book = load_workbook(io.BytesIO(spreadsheets.plan_xlsx(plan, actor=SYSTEM)))
    sheet = book["Danh sách điều chuyển"]
    assert [c.value for c in sheet[1]] == list(spreadsheets.PLAN_HEADERS)
    assert sheet.max_row == plan.filled + 1
    _, hr = person(Role.HR_OFFICER, province="42")
    services.reject_plan(plan_id=plan.pk, actor=hr, note="Chưa phù hợp")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REJECTED
