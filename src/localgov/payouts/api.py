"""POST /api/v1/payouts/calc — the calculator (public arithmetic, no personal data stored) — and
GET /api/v1/payouts/progress — decided/paid/unpaid/overdue by province, for signed-in readers of
the "payout_case" resource. Mount with `api.add_router("/v1/payouts", router)` in api/api.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Body, Router, Schema

from localgov.access.policy import READ_ROLES
from localgov.core.api_errors import errors
from localgov.core.errors import PermissionDenied, ValidationFailed
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.payouts import selectors
from localgov.payouts.rules import calculate_data

router = Router(tags=["payouts"])


class ComponentOut(Schema):
    code: str
    label: str
    amount_vnd: int
    basis: str
    formula: str


class CalcOut(Schema):
    category: str
    eligible: bool
    reasons: list[str]
    monthly_salary_vnd: int
    components: list[ComponentOut]
    total_vnd: int
    warnings: list[str]


class ProgressRowOut(Schema):
    province_code: str
    agency_name: str | None
    decided: int
    paid: int
    unpaid: int
    overdue: int
    decided_late: int
    amount_decided_vnd: int
    amount_paid_vnd: int


@router.post("/calc", response={200: CalcOut, **errors(422)},
             summary="Tính chế độ nghỉ hưu trước tuổi / thôi việc (NĐ 178, 67)")
def calc(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> dict[str, Any]:
    """The body is the `case.json` of `localgov payouts calc`; errors are 422 with a message per field."""

    return calculate_data(payload).as_dict()


@router.get("/progress", response={200: list[ProgressRowOut], **errors(401, 403, 422)},
            summary="Tiến độ ra quyết định và chi trả")
def progress(request: HttpRequest, as_of: str | None = None, by: str = "province") -> list[dict[str, Any]]:
    """For a signed-in session or an API token with the scope «oversight:read»; the caller's
    roles decide (finance officers and overseers, within their province)."""

    # the actor of the session or of the bearer token, resolved once per request
    actor = actor_for(request, required=True)
    require_scope(request, "oversight:read")
    if not actor.has(*READ_ROLES["payout_case"]):
        raise PermissionDenied("Bạn không có quyền xem tiến độ chi trả.")
    if by not in selectors.GROUPS:
        raise ValidationFailed("Tham số by không hợp lệ.", fields={"by": ["province hoặc agency"]})
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError as exc:
        raise ValidationFailed("Ngày không hợp lệ.", fields={"as_of": ["YYYY-MM-DD"]}) from exc
    return [r.__dict__ for r in selectors.progress(actor=actor, as_of=day, by=by)]
