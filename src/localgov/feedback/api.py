"""Complaint API (/api/v1/complaints): file, list within the caller's jurisdiction, read, act,
the published answers, and the group-5 indicators. Every 4xx it can return is declared."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from localgov.access.policy import Actor
from localgov.core.api_errors import errors
from localgov.core.bounds import BIGINT_MAX, MAX_OFFSET
from localgov.core.errors import PermissionDenied
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.feedback import selectors, services
from localgov.feedback.models import Complaint
from localgov.feedback.services import ComplaintInput
from localgov.workcalendar.adapter import get_calendar

router = Router(tags=["complaints"])
ERRORS = errors(400, 401, 403, 404, 409, 422, 429)


class ComplaintIn(Schema):
    kind: Literal["regulation", "conduct", "dossier"]
    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=5000)
    name: str = Field(..., max_length=200, description="Họ và tên người phản ánh")
    phone: str = Field("", max_length=15)
    email: str = Field("", max_length=254)
    dossier_code: str = Field("", max_length=48)
    procedure_code: str = Field("", max_length=40)
    province_code: str = Field("", max_length=2)
    commune_code: str = Field("", max_length=5)
    centre_id: int | None = Field(None, ge=1, le=BIGINT_MAX)


class ComplaintFiledOut(Schema):
    code: str
    secret: str = Field(..., description="Mã tra cứu: giữ lại để đánh giá câu trả lời")
    status: str
    due_at: datetime | None


class ComplaintOut(Schema):
    code: str
    kind: str
    channel: str
    status: str
    title: str
    province_code: str
    commune_code: str | None
    agency_id: int | None
    centre_id: int | None
    dossier_code: str | None
    received_at: datetime
    due_at: datetime | None
    answered_at: datetime | None
    published_at: datetime | None
    answer: str
    late: bool
    reopened: int
    rating: str


class ComplaintPublicOut(Schema):
    code: str
    kind: str
    title: str
    summary: str
    answer: str
    answered_at: datetime | None
    published_at: datetime | None


class ComplaintPageOut(Schema):
    total: int
    items: list[ComplaintOut]


class ComplaintActionIn(Schema):
    text: str = Field("", max_length=5000)
    secret: str = Field("", max_length=64, description="Mã tra cứu của người phản ánh (thao tác của người dân)")


class ComplaintIndicatorsOut(Schema):
    total: int
    by_kind: dict[str, int]
    on_time: int
    satisfied: int
    dossiers_with_complaints: int
    dossiers: int


def _out(c: Complaint) -> dict[str, Any]:
    return {"code": c.code, "kind": c.kind, "channel": c.channel, "status": c.status, "title": c.title,
            "province_code": c.province_code, "commune_code": c.commune_code, "agency_id": c.agency_id,
            "centre_id": c.centre_id, "dossier_code": c.dossier.code if c.dossier_id else None,
            "received_at": c.received_at, "due_at": c.due_at, "answered_at": c.answered_at,
            "published_at": c.published_at, "answer": c.answer, "late": c.late, "reopened": c.reopened,
            "rating": c.rating}


@router.post("/", response={201: ComplaintFiledOut, **ERRORS}, summary="Gửi phản ánh, kiến nghị")
def file_complaint(request: HttpRequest, payload: ComplaintIn) -> Status:
    actor = actor_for(request)
    require_scope(request, "dossiers:write")
    c, secret = services.file_complaint(actor, ComplaintInput(**payload.dict()))
    return Status(201, {"code": c.code, "secret": secret, "status": c.status, "due_at": c.due_at})


@router.get("/", response={200: ComplaintPageOut, **ERRORS}, summary="Phản ánh trong phạm vi được giao")
def list_complaints(request: HttpRequest,
                    queue: Literal["open", "due", "overdue", "waiting", "unpublished", "all"] = "open",
                    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=MAX_OFFSET)
                    ) -> dict[str, Any]:
    actor = _signed_in(request)
    now = timezone.now()
    qs = selectors.queue(actor, queue, due_limit=get_calendar().add_working_days(now, 1), now=now)
    return {"total": qs.count(), "items": [_out(c) for c in qs.select_related("dossier")[offset:offset + limit]]}


@router.get("/published", response={200: list[ComplaintPublicOut], **ERRORS}, summary="Câu trả lời đã công khai")
def published(request: HttpRequest, province: str | None = Query(None, max_length=2),
              limit: int = Query(50, ge=1, le=200)) -> list[dict[str, Any]]:
    return [{"code": c.code, "kind": c.kind, "title": c.title, "summary": c.public_summary, "answer": c.answer,
             "answered_at": c.answered_at, "published_at": c.published_at}
            for c in selectors.published(province_code=province)[:limit]]


@router.get("/indicators", response={200: ComplaintIndicatorsOut, **ERRORS}, summary="Chỉ số 5.1–5.4 (Quyết định 766)")
def indicators(request: HttpRequest, province: str | None = Query(None, max_length=2),
               commune: str | None = Query(None, max_length=5), first: date | None = None,
               last: date | None = None) -> dict[str, Any]:
    actor = _signed_in(request)
    require_scope(request, "oversight:read")
    place = selectors.Place(province_code=province, commune_code=commune)
    g = selectors.group5(actor, place, first, last)
    with_c, dossiers = selectors.dossiers_with_complaints(actor, place, first, last)
    return {"total": g.total, "by_kind": dict(g.by_kind), "on_time": g.on_time, "satisfied": g.satisfied,
            "dossiers_with_complaints": with_c, "dossiers": dossiers}


@router.get("/{code}", response={200: ComplaintOut, **ERRORS}, summary="Xem phản ánh")
def get_complaint(request: HttpRequest, code: str) -> dict[str, Any]:
    return _out(selectors.get_complaint(_signed_in(request), code[:32]))


@router.post("/{code}/actions/{action}", response={200: ComplaintOut, **ERRORS}, summary="Xử lý, đánh giá phản ánh")
def act(request: HttpRequest, code: str,
        action: Literal["refuse", "ask_info", "info_received", "answer", "publish", "satisfied", "unsatisfied",
                        "reopen"], payload: ComplaintActionIn) -> dict[str, Any]:
    actor = actor_for(request)
    require_scope(request, "dossiers:write")
    return _out(services.act(actor, code[:32], action, text=payload.text, secret=payload.secret))


def _signed_in(request: HttpRequest) -> Actor:
    actor = actor_for(request, required=True)
    require_scope(request, "dossiers:read")
    if actor.user_id is None and not actor.system:
        raise PermissionDenied("Vui lòng đăng nhập.")
    return actor
