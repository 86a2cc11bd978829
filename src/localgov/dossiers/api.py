"""Dossier API (/api/v1/dossiers): submit, read, list within the caller's jurisdiction,
every transition, the timeline. Every 4xx it can return is declared in the OpenAPI."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import BaseModel

from localgov.access.audit import record_personal_data_access
from localgov.access.policy import Actor, sees_personal_data, with_dossier_secret
from localgov.core.api_errors import errors
from localgov.core.bounds import BIGINT_MAX, INT_MAX, MAX_OFFSET
from localgov.core.errors import PermissionDenied, ValidationFailed
from localgov.dossiers import selectors, services
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.ratelimit import checked_lookup
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.transitions import PARAMETERS
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Action, Channel, ReturnMethod, State, allowed_actions

router = Router(tags=["dossiers"])


ERRORS = errors(400, 401, 403, 404, 409, 422, 429)


class ApplicantIn(Schema):
    name: str = Field(..., max_length=200, description="Họ và tên")
    id_number: str = Field(..., description="Số định danh cá nhân, 12 chữ số")
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=500)


class DocumentIn(Schema):
    doc_code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=255)
    content_type: str = Field(..., description="application/pdf, image/jpeg hoặc image/png")
    content_base64: str


class SubmitIn(Schema):
    procedure_code: str = Field(..., max_length=40, description="Mã TTHC quốc gia hoặc mã nhóm liên thông")
    channel: Literal[1, 2, 3] = 2
    applicant: ApplicantIn
    competent_commune_code: str | None = Field(None, max_length=5)
    competent_province_code: str | None = Field(None, max_length=2)
    received_centre_id: int | None = Field(None, ge=1, le=BIGINT_MAX)
    return_method: Literal["centre", "post", "online"] = "online"
    return_centre_id: int | None = Field(None, ge=1, le=BIGINT_MAX)
    return_address: str = Field("", max_length=500)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=30)
    presented_documents: list[str] = Field(default_factory=list, max_length=30)
    form_data: dict[str, Any] = Field(default_factory=dict)
    notify_channels: list[Literal["email", "sms"]] | None = Field(
        None, max_length=2, description="Kênh nhận thông báo do người nộp chọn (docs/notifications.md); "
                                        "bỏ trống: mọi kênh có địa chỉ liên hệ")


# Answers built from dicts and the action body are plain pydantic models: ninja's Schema wraps
# its input to read ORM objects and resolves every field through Python (≈ 10 % of a
# transition's server CPU, measured); a dict needs none of that. Same JSON, same OpenAPI.
class ApplicantOut(BaseModel):
    name: str
    id_number: str
    phone: str


class DossierOut(BaseModel):
    code: str
    version: int
    state: int
    state_label: str
    channel: int
    procedure_code: str
    procedure_name: str
    province_code: str
    competent_agency: str
    competent_commune_code: str | None
    received_centre_id: int | None
    return_method: str
    submitted_at: datetime
    accepted_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None
    outcome: str
    outcome_766: str
    supplement_requests: int
    supplement_missing: list[str]
    allowed_actions: list[str]
    applicant: ApplicantOut
    parent_code: str | None = None
    children: list[str] = []


class SubmitOut(BaseModel):
    dossier: DossierOut
    secret: str | None = Field(None, description="Mã tra cứu in trên giấy tiếp nhận; chỉ trả về một lần")
    replayed: bool = False


class PageOut(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DossierOut]


class EventOut(BaseModel):
    seq: int
    action: str
    label: str
    from_state: int | None
    to_state: int
    actor: str
    at: datetime
    reason: str
    data: dict[str, Any]
    hash: str


class ActionIn(BaseModel):
    version: int = Field(..., ge=1, le=INT_MAX, description="Phiên bản hồ sơ đang xem (khóa lạc quan)")
    reason: str = Field("", max_length=2000)
    missing: list[str] = Field(default_factory=list, max_length=50)
    override_reason: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)
    assignee_id: int | None = Field(None, ge=1, le=BIGINT_MAX)
    amount_vnd: int | None = Field(None, ge=0, le=BIGINT_MAX)
    online: bool = False
    new_due: datetime | None = None
    result_summary: str = Field("", max_length=2000)
    electronic: bool = True
    signed: bool | None = None
    digitised: bool = False
    reused: bool = False
    identity_verified: bool = False
    rating: int | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=2000)


def dossier_out(dossier: Dossier, actor: Actor, *, purpose: str | None = None, request: HttpRequest | None = None,
                ) -> dict[str, Any]:
    """Lists (purpose None) always mask personal data; a single-dossier answer shows it in full
    to those who need it and records that access (Decree 13/2023; access.audit)."""
    full = purpose is not None and sees_personal_data(actor, dossier)
    if full:

        record_personal_data_access(actor, dossier, purpose, channel="api", request=request)
    return {
        "code": dossier.code, "version": dossier.version, "state": dossier.state,
        "state_label": State(dossier.state).label, "channel": dossier.channel,
        "procedure_code": dossier.procedure.code, "procedure_name": dossier.procedure.name,
        "province_code": dossier.province_code, "competent_agency": dossier.competent_agency.name,
        "competent_commune_code": dossier.competent_commune_code, "received_centre_id": dossier.received_centre_id,
        "return_method": dossier.return_method, "submitted_at": dossier.submitted_at,
        "accepted_at": dossier.accepted_at, "due_at": dossier.due_at, "extended_due_at": dossier.extended_due_at,
        "outcome": dossier.outcome, "outcome_766": dossier.outcome_766,
        "supplement_requests": dossier.supplement_requests, "supplement_missing": dossier.supplement_missing or [],
        "allowed_actions": [a.value for a in allowed_actions(State(dossier.state)) if a is not Action.SUBMIT],
        "applicant": selectors.summary(dossier, full_personal_data=full),
        "parent_code": dossier.parent.code if dossier.parent_id else None,
        "children": [c.code for c in dossier.children.order_by("bundle_order")] if dossier.bundle_id else [],
    }


def _decode(doc: DocumentIn, index: int) -> Upload:
    try:
        content = base64.b64decode(doc.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed("Tệp đính kèm không đọc được.",
                               fields={f"documents.{index}": ["Nội dung base64 không hợp lệ."]}) from None
    return Upload(doc_code=doc.doc_code, name=doc.name, content=content, content_type=doc.content_type)


# 200: an Idempotency-Key replay returns the earlier dossier (without the secret).
@router.post("/", response={200: SubmitOut, 201: SubmitOut, **ERRORS}, summary="Nộp hồ sơ")
def submit_dossier(request: HttpRequest, payload: SubmitIn,
                   idempotency_key: str | None = Header(None, alias="Idempotency-Key")) -> Status:
    actor = actor_for(request)
    require_scope(request, "dossiers:write")
    data = SubmitInput(
        procedure_code=payload.procedure_code, channel=Channel(payload.channel),
        applicant=Applicant(**payload.applicant.dict()), competent_commune_code=payload.competent_commune_code,
        competent_province_code=payload.competent_province_code, received_centre_id=payload.received_centre_id,
        return_method=ReturnMethod(payload.return_method), return_centre_id=payload.return_centre_id,
        return_address=payload.return_address, documents=[_decode(d, i) for i, d in enumerate(payload.documents)],
        presented_documents=payload.presented_documents, form_data=payload.form_data, idempotency_key=idempotency_key,
        notify_channels=list(payload.notify_channels) if payload.notify_channels is not None else None,
    )
    result = submit(data, actor=actor)
    body = {"dossier": dossier_out(result.dossier, actor, purpose="nộp hồ sơ", request=request),
            "secret": result.secret, "replayed": result.replayed}
    return Status(200 if result.replayed else 201, body)


@router.get("/", response={200: PageOut, **ERRORS}, summary="Danh sách hồ sơ trong phạm vi được giao")
def list_dossiers(
    request: HttpRequest, state: int | None = Query(None, ge=int(min(State)), le=int(max(State))),
    procedure: str | None = None, open_only: bool = False,
    overdue: bool = False, commune: str | None = None, q: str | None = None,
    sort: Literal["due", "-due", "submitted", "-submitted", "code"] = "-submitted",
    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> dict[str, Any]:
    actor = actor_for(request, required=True)
    require_scope(request, "dossiers:read")
    rows, total = selectors.list_dossiers(
        actor, selectors.DossierFilter(state=state, procedure_code=procedure, open_only=open_only, overdue=overdue,
                                       commune_code=commune, q=q), sort=sort, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": [dossier_out(d, actor) for d in rows]}


def _load(request: HttpRequest, code: str, secret: str | None, *, for_action: bool = False) -> tuple[Dossier, Actor]:
    actor = actor_for(request)
    if secret:

        dossier = checked_lookup(request, code, lambda: selectors.get_for_applicant(code, secret))

        actor = with_dossier_secret(actor, dossier.pk)
        return dossier, actor
    if not (actor.user_id or actor.system):

        raise PermissionDenied("Vui lòng đăng nhập hoặc nhập mã tra cứu in trên giấy tiếp nhận.",
                               code="unauthenticated")
    require_scope(request, "dossiers:read")
    if for_action:
        # The full row, read once: the access check here, then the transition starts from it.
        return selectors.get_for_action(actor, code), actor
    return selectors.get_dossier(actor, code), actor


@router.get("/{code}", response={200: DossierOut, **ERRORS}, summary="Xem hồ sơ")
def get_dossier(request: HttpRequest, code: str,
                secret: str | None = Header(None, alias="X-Dossier-Secret")) -> dict[str, Any]:
    dossier, actor = _load(request, code, secret)
    return dossier_out(dossier, actor, purpose="xem hồ sơ", request=request)


@router.get("/{code}/events", response={200: list[EventOut], **ERRORS}, summary="Tiến trình xử lý")
def get_events(request: HttpRequest, code: str,
               secret: str | None = Header(None, alias="X-Dossier-Secret")) -> list[dict[str, Any]]:
    dossier, _ = _load(request, code, secret)
    return [_event_out(e) for e in selectors.timeline(dossier)]


def _event_out(e: DossierEvent) -> dict[str, Any]:
    try:
        label = Action(e.action).label
    except ValueError:
        label = "Cập nhật trạng thái hồ sơ liên thông" if e.action == "derive" else e.action
    return {"seq": e.seq, "action": e.action, "label": label, "from_state": e.from_state, "to_state": e.to_state,
            "actor": e.actor_label, "at": e.at, "reason": e.reason, "data": e.data, "hash": e.hash}


ActionName = Literal[
    "accept", "refuse", "assign", "advance", "request_supplement", "supplement_received", "request_payment",
    "payment_received", "extend", "request_withdrawal", "stop", "decide", "return_result", "rate",
]


@router.post("/{code}/actions/{action}", response={200: DossierOut, **ERRORS}, summary="Thực hiện thao tác")
def act(request: HttpRequest, code: str, action: ActionName, payload: ActionIn,
        secret: str | None = Header(None, alias="X-Dossier-Secret"),
        personal_data: Literal["masked", "full"] = Query(
            "masked", description="«full»: trả đầy đủ số định danh và số điện thoại (nếu được phép; việc xem được ghi "
                                  "nhật ký truy cập dữ liệu cá nhân). Mặc định che một phần.")) -> dict[str, Any]:
    dossier, actor = _load(request, code, secret, for_action=True)
    if not secret:
        require_scope(request, "dossiers:write")
    name = Action(action)
    kwargs: dict[str, Any] = {"dossier_id": dossier.pk, "version": payload.version, "actor": actor}
    # the action's own arguments, by the one declaration (transitions.PARAMETERS); the services check them
    p = payload
    kwargs.update({field: getattr(p, field) for field in PARAMETERS[name]})
    if name is Action.EXTEND and p.new_due is None:
        raise ValidationFailed("Vui lòng chọn ngày hẹn mới.", fields={"new_due": ["Bắt buộc."]})
    if name is Action.EXTEND and timezone.is_naive(p.new_due):
        kwargs["new_due"] = timezone.make_aware(p.new_due)
    # The transition starts from the row read above and returns the dossier as it wrote it:
    # one read of the row per action.
    with services.preloaded(dossier):
        done = services.ACTIONS[name](**kwargs)
    # The answer masks the applicant's ID number and phone unless the caller asks for them
    # (personal_data=full) and may see them; only then is a personal-data access recorded.
    purpose = name.label if personal_data == "full" else None
    return dossier_out(done, actor, purpose=purpose, request=request)
