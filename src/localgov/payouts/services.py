"""The only writers of payout cases and payments (HackSoft style: one transaction per change).

* `create_case` — validates the record, calculates (rules.calculate) and stores the snapshot.
* `recalculate` — only while the case is a draft; an approved snapshot is frozen (Conflict).
* `approve` — freezes the snapshot and records the funding source.
* `record_payment` — only on an approved, eligible case; never more than the approved total.

Permissions go through the access policy (resource "payout_case"): HR officers of the province
create and approve (with approvers), finance officers record payments; `SYSTEM` passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from localgov.access.policy import Actor, matches
from localgov.access.roles import Role
from localgov.core.errors import Conflict, PermissionDenied, ValidationFailed
from localgov.payouts.models import CaseStatus, FundingSource, Payment, PaymentStatus, PayoutCase
from localgov.payouts.records import LeaverRecord, parse_record
from localgov.payouts.rules import calculate

EDIT_ROLES = (Role.HR_OFFICER, Role.FINANCE_OFFICER)
APPROVE_ROLES = (Role.APPROVER, Role.HR_OFFICER)
PAY_ROLES = (Role.FINANCE_OFFICER,)


def _require(actor: Actor, obj: object, roles: Iterable[Role], what: str) -> None:
    if not matches(actor, "payout_case", obj, roles=roles):
        raise PermissionDenied(f"Bạn không có quyền {what} hồ sơ chính sách của đơn vị này.")


def build_case(record: LeaverRecord) -> PayoutCase:
    """An unsaved case with its calculation snapshot."""
    calc = calculate(record.case)
    c = record.case
    return PayoutCase(
        official_ref=record.official_ref, full_name=record.full_name, sex=c.sex, birth_date=c.birth_date,
        province_code=record.province_code, commune_code=record.commune_code, agency_name=record.agency_name,
        position=record.position, category=c.category, staff_type=c.staff_type,
        decision_number=record.decision_number, decision_date=record.decision_date,
        restructuring_effective_date=c.restructuring_effective_date, leaving_date=c.leaving_date,
        inputs=record.inputs, calculation=calc.as_dict(), eligible=calc.eligible, total_vnd=calc.total_vnd,
    )


def create_case(*, actor: Actor, data: Mapping[str, Any]) -> PayoutCase:
    case = build_case(parse_record(data))
    _require(actor, case, EDIT_ROLES, "lập")
    if case.official_ref and case.decision_number and PayoutCase.objects.filter(
        official_ref=case.official_ref, decision_number=case.decision_number
    ).exists():
        raise Conflict(f"Đã có hồ sơ của {case.official_ref} theo quyết định {case.decision_number}.")
    case.save()
    return case


@transaction.atomic
def recalculate(*, actor: Actor, case_id: int, data: Mapping[str, Any]) -> PayoutCase:
    case = PayoutCase.objects.select_for_update().get(pk=case_id)
    _require(actor, case, EDIT_ROLES, "sửa")
    if case.status != CaseStatus.DRAFT:
        raise Conflict("Hồ sơ đã phê duyệt: kết quả tính đã được chốt, không tính lại.")
    fresh = build_case(parse_record(data))
    _require(actor, fresh, EDIT_ROLES, "sửa")
    for f in ("official_ref", "full_name", "sex", "birth_date", "province_code", "commune_code", "agency_name",
              "position", "category", "staff_type", "decision_number", "decision_date",
              "restructuring_effective_date", "leaving_date", "inputs", "calculation", "eligible", "total_vnd"):
        setattr(case, f, getattr(fresh, f))
    case.save()
    return case


@transaction.atomic
def approve(*, actor: Actor, case_id: int, funding_source: str) -> PayoutCase:
    case = PayoutCase.objects.select_for_update().get(pk=case_id)
    _require(actor, case, APPROVE_ROLES, "phê duyệt")
    if case.status != CaseStatus.DRAFT:
        raise Conflict(f"Hồ sơ đang ở trạng thái {case.get_status_display()}, không phê duyệt được.")
    if funding_source not in FundingSource.values:
        raise ValidationFailed("Nguồn kinh phí không hợp lệ.", fields={"funding_source": [
            "Phải là một trong: " + ", ".join(FundingSource.values)]})
    if not case.eligible:
        raise Conflict("Hồ sơ không đủ điều kiện hưởng chế độ: " + "; ".join(case.calculation.get("reasons", [])))
    if not case.decision_number or not case.decision_date:
        raise ValidationFailed("Chưa có quyết định nghỉ việc.", fields={"decision_number": ["Bắt buộc khi phê duyệt."]})
    case.status = CaseStatus.APPROVED
    case.funding_source = funding_source
    case.approved_at = timezone.now()
    case.approved_by = actor.label
    case.save(update_fields=["status", "funding_source", "approved_at", "approved_by", "updated_at"])
    return case


@transaction.atomic
def record_payment(*, actor: Actor, case_id: int, amount_vnd: int, paid_on: date | None,
                   status: str = PaymentStatus.PAID, reference: str = "") -> Payment:
    case = PayoutCase.objects.select_for_update().get(pk=case_id)
    _require(actor, case, PAY_ROLES, "chi trả")
    if case.status != CaseStatus.APPROVED:
        raise Conflict("Chỉ chi trả cho hồ sơ đã phê duyệt.")
    if isinstance(amount_vnd, bool) or not isinstance(amount_vnd, int) or amount_vnd <= 0:
        raise ValidationFailed("Số tiền không hợp lệ.", fields={"amount_vnd": ["Phải là số nguyên dương (đồng)."]})
    if status not in PaymentStatus.values:
        raise ValidationFailed("Trạng thái không hợp lệ.", fields={"status": list(PaymentStatus.values)})
    if status == PaymentStatus.PAID and paid_on is None:
        raise ValidationFailed("Thiếu ngày chi.", fields={"paid_on": ["Bắt buộc khi đã chi."]})
    committed = case.payments.exclude(status=PaymentStatus.FAILED).aggregate(s=Sum("amount_vnd"))["s"] or 0
    if status != PaymentStatus.FAILED and committed + amount_vnd > case.total_vnd:
        raise Conflict(
            f"Tổng chi {committed + amount_vnd:,} đồng vượt số được duyệt {case.total_vnd:,} đồng.".replace(",", ".")
        )
    return Payment.objects.create(case=case, province_code=case.province_code, amount_vnd=amount_vnd,
                                  paid_on=paid_on, status=status, reference=reference)
