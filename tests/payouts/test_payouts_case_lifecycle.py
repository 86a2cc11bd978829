"""Cases: the calculation snapshot, frozen once approved; approval; payments; permissions."""

from datetime import date

import pytest
from payouts_helpers import actor, record

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.core.errors import Conflict, PermissionDenied, ValidationFailed
from localgov.payouts import services
from localgov.payouts.models import CaseStatus, PaymentStatus, PayoutCase

pytestmark = pytest.mark.django_db
HR_01 = actor(Role.HR_OFFICER, ["01"])
FIN_01 = actor(Role.FINANCE_OFFICER, ["01"])


def test_create_stores_the_snapshot():
    case = services.create_case(actor=HR_01, data=record())
    case.refresh_from_db()
    assert case.total_vnd == 786_854_250 and case.eligible
    assert case.calculation["total_vnd"] == 786_854_250
    assert [c["code"] for c in case.calculation["components"]] == ["Q1", "Q2", "Q3"]
    assert case.status == CaseStatus.DRAFT and case.inputs["salary"]["rank_coefficient"] == "3.66"


def test_draft_recalculates_approved_is_frozen():
    case = services.create_case(actor=HR_01, data=record())
    case = services.recalculate(actor=HR_01, case_id=case.pk, data=record(si_months=120))
    assert case.total_vnd != 786_854_250
    case = services.recalculate(actor=HR_01, case_id=case.pk, data=record())
    services.approve(actor=HR_01, case_id=case.pk, funding_source="local")
    with pytest.raises(Conflict, match="đã được chốt"):
        services.recalculate(actor=HR_01, case_id=case.pk, data=record(si_months=60))
    case.refresh_from_db()
    assert case.total_vnd == 786_854_250 and case.calculation["total_vnd"] == 786_854_250
    assert case.approved_by == "hr_officer-test" and case.approved_at and case.funding_source == "local"


def test_approve_needs_eligibility_decision_and_funding():
    not_eligible = services.create_case(actor=SYSTEM, data=record(official_ref="CB002", birth_date="1964-01-15"))
    with pytest.raises(Conflict, match="không đủ điều kiện"):
        services.approve(actor=SYSTEM, case_id=not_eligible.pk, funding_source="local")
    undecided = services.create_case(actor=SYSTEM, data=record(official_ref="CB003", decision_number="",
                                                               decision_date=None))
    with pytest.raises(ValidationFailed):
        services.approve(actor=SYSTEM, case_id=undecided.pk, funding_source="local")
    ok = services.create_case(actor=SYSTEM, data=record())
    with pytest.raises(ValidationFailed):
        services.approve(actor=SYSTEM, case_id=ok.pk, funding_source="lottery")


def test_payments_only_when_approved_and_never_above_the_total():
    case = services.create_case(actor=HR_01, data=record())
    with pytest.raises(Conflict, match="đã phê duyệt"):
        services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=1, paid_on=date(2025, 6, 1))
    services.approve(actor=HR_01, case_id=case.pk, funding_source="central")
    services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=500_000_000, paid_on=date(2025, 6, 10))
    with pytest.raises(Conflict, match="vượt số được duyệt"):
        services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=286_854_251, paid_on=date(2025, 6, 11))
    services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=10, paid_on=None, status=PaymentStatus.FAILED)
    last = services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=286_854_250, paid_on=date(2025, 6, 11))
    assert last.province_code == "01"
    assert sum(p.amount_vnd for p in case.payments.filter(status="paid")) == case.total_vnd
    with pytest.raises(ValidationFailed):
        services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=-5, paid_on=date(2025, 6, 11))
    with pytest.raises(ValidationFailed, match="Thiếu ngày chi"):
        services.record_payment(actor=FIN_01, case_id=case.pk, amount_vnd=1, paid_on=None)


def test_permissions_follow_the_province():
    hr_79 = actor(Role.HR_OFFICER, ["79"])
    with pytest.raises(PermissionDenied):
        services.create_case(actor=hr_79, data=record())
    case = services.create_case(actor=HR_01, data=record())
    with pytest.raises(PermissionDenied):
        services.approve(actor=hr_79, case_id=case.pk, funding_source="local")
    services.approve(actor=actor(Role.APPROVER, ["01"]), case_id=case.pk, funding_source="local")
    with pytest.raises(PermissionDenied):  # HR cannot record payments, finance can
        services.record_payment(actor=HR_01, case_id=case.pk, amount_vnd=1, paid_on=date(2025, 6, 1))
    with pytest.raises(PermissionDenied):  # a province overseer only reads
        services.record_payment(actor=actor(Role.PROVINCE_OVERSEER, ["01"]), case_id=case.pk, amount_vnd=1,
                                paid_on=date(2025, 6, 1))
    assert PayoutCase.objects.count() == 1


def test_duplicate_decision_for_the_same_official():
    services.create_case(actor=HR_01, data=record())
    with pytest.raises(Conflict, match="Đã có hồ sơ"):
        services.create_case(actor=HR_01, data=record())


def test_bad_record_lists_fields():
    with pytest.raises(ValidationFailed) as exc:
        services.create_case(actor=HR_01, data=record(full_name="", province_code="1x", birth_date="1985-13-01"))
    assert {"full_name", "province_code", "birth_date"} <= set(exc.value.fields)
