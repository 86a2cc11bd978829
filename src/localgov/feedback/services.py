"""The only writer of complaints and trips. Each call is one transaction: the row, its event,
and (for an answer) the hand-off to the person (`notify.answer_ready`)."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from localgov.access.policy import Actor, can_act_on_complaint, can_receive_at, can_record_trip
from localgov.catalog.models import Procedure
from localgov.core.errors import NotFound, PermissionDenied, ValidationFailed
from localgov.dossiers.models import Dossier
from localgov.dossiers.routing import resolve_agency
from localgov.dossiers.workflow import Channel as DossierChannel
from localgov.dossiers.workflow import ReturnMethod
from localgov.feedback import notify
from localgov.feedback.lifecycle import (
    Action,
    Kind,
    Limits,
    Status,
    Timeline,
    current_due,
    deadlines,
    late_steps,
    step,
)
from localgov.feedback.models import Channel, Complaint, ComplaintEvent, Trip, TripPurpose
from localgov.units.models import Commune, ServiceCentre
from localgov.workcalendar.adapter import get_calendar

LIMITS_FILE = Path(__file__).parent / "data" / "limits.json"


@lru_cache(maxsize=1)
def limits() -> Limits:
    return Limits.from_mapping(json.loads(LIMITS_FILE.read_text(encoding="utf-8")))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(("complaint:" + secret).encode()).hexdigest()


def timeline_of(c: Complaint) -> Timeline:
    return Timeline(started_at=c.started_at, refused_at=c.refused_at, asked_at=c.asked_at,
                    info_received_at=c.info_received_at, answered_at=c.answered_at, published_at=c.published_at)


@dataclass(frozen=True)
class ComplaintInput:
    kind: str
    title: str
    content: str
    name: str
    phone: str = ""
    email: str = ""
    dossier_code: str = ""
    procedure_code: str = ""
    province_code: str = ""
    commune_code: str = ""
    centre_id: int | None = None


def _clean(data: ComplaintInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in {k.value for k in Kind}:
        errors["kind"] = ["Chọn loại phản ánh: quy định, cán bộ hoặc hồ sơ."]
    if not data.title.strip() or len(data.title) > 200:
        errors["title"] = ["Nhập tiêu đề (tối đa 200 ký tự)."]
    if len(data.content.strip()) < 10 or len(data.content) > 5000:
        errors["content"] = ["Nội dung từ 10 đến 5.000 ký tự."]
    if not data.name.strip() or len(data.name) > 200:
        errors["name"] = ["Nhập họ tên (tối đa 200 ký tự)."]
    if data.phone and (not data.phone.isdigit() or not 9 <= len(data.phone) <= 11):
        errors["phone"] = ["Số điện thoại gồm 9–11 chữ số."]
    if data.email and ("@" not in data.email or len(data.email) > 254):
        errors["email"] = ["Địa chỉ thư điện tử không hợp lệ."]
    if any("\x00" in v for v in (data.title, data.content, data.name, data.phone, data.email)):
        errors["content"] = ["Nội dung có ký tự không hợp lệ."]
    return errors


def _route(data: ComplaintInput) -> dict[str, object]:
    """The unit responsible (docs/feedback.md, "Routing"): a dossier's competent unit; for an
    officer's conduct the centre where it happened; for a regulation or procedure the agency
    owning the procedure at the place (`dossiers.routing.resolve_agency`)."""
    if data.kind == Kind.DOSSIER or data.dossier_code:
        dossier = Dossier.objects.filter(code=data.dossier_code.strip()).first() if data.dossier_code else None
        if dossier is None:
            raise ValidationFailed("Không tìm thấy hồ sơ theo mã đã nhập.",
                                   fields={"dossier_code": ["Kiểm tra lại mã hồ sơ trên giấy tiếp nhận."]})
        if data.kind == Kind.DOSSIER:
            return {"dossier": dossier, "province_code": dossier.province_code,
                    "commune_code": dossier.competent_commune_code, "agency_id": dossier.competent_agency_id,
                    "procedure_id": dossier.procedure_id}
    else:
        dossier = None
    if data.kind == Kind.CONDUCT:
        centre = ServiceCentre.objects.filter(pk=data.centre_id).first() if data.centre_id else (
            ServiceCentre.objects.filter(commune_id=data.commune_code).order_by("pk").first()
            if data.commune_code else None)
        if centre is None:
            raise ValidationFailed("Chọn Bộ phận Một cửa nơi xảy ra việc phản ánh.",
                                   fields={"centre_id": ["Bắt buộc chọn nơi tiếp nhận."]})
        return {"dossier": dossier, "province_code": centre.province_id, "commune_code": centre.commune_id,
                "centre_id": centre.pk}
    procedure = Procedure.objects.filter(code=data.procedure_code.strip()).first() if data.procedure_code else None
    if procedure is None:
        raise ValidationFailed("Chọn thủ tục hành chính được phản ánh.",
                               fields={"procedure_code": ["Không tìm thấy thủ tục."]})
    commune = Commune.objects.filter(code=data.commune_code).first() if data.commune_code else None
    province_code = commune.province_id if commune else data.province_code
    if not province_code:
        raise ValidationFailed("Chọn tỉnh, thành phố (và xã, phường với thủ tục cấp xã).",
                               fields={"province_code": ["Bắt buộc chọn địa bàn."]})
    agency = resolve_agency(procedure.competent_agency_kind, province_code=province_code,
                            commune_code=commune.code if commune else None)
    return {"dossier": dossier, "province_code": agency.province_id, "commune_code": agency.commune_id,
            "agency_id": agency.pk, "procedure_id": procedure.pk}


def file_complaint(actor: Actor, data: ComplaintInput, *, channel: str = Channel.PORTAL,
                   centre: ServiceCentre | None = None, at: datetime | None = None) -> tuple[Complaint, str]:
    """Files a complaint; returns it and its secret (shown once, for rating it later)."""
    errors = _clean(data)
    if errors:
        raise ValidationFailed("Vui lòng kiểm tra lại các trường được đánh dấu.", fields=errors)
    if channel == Channel.CENTRE and (centre is None or not can_receive_at(actor, centre)):
        raise PermissionDenied("Bạn không tiếp nhận phản ánh tại Bộ phận Một cửa này.")
    at = at or timezone.now()
    route = _route(data)
    cal = get_calendar()
    secret = secrets.token_urlsafe(9)
    with transaction.atomic():
        c = Complaint(kind=data.kind, channel=channel, title=data.title.strip(), content=data.content.strip(),
                      name=data.name.strip(), phone=data.phone, email=data.email, received_at=at, started_at=at,
                      filer_user_id=actor.user_id if channel == Channel.PORTAL else None,
                      secret_hash=hash_secret(secret), calendar_version=cal.version, **route)
        c.code = "PA-" + timezone.localtime(at).strftime("%y%m%d") + "-" + secrets.token_hex(3).upper()
        refresh(c, now=at)
        c.save()
        ComplaintEvent.objects.create(complaint=c, action="file", at=at, actor_label=actor.label,
                                      note=f"{c.get_channel_display()}")
    return c, secret


def refresh(c: Complaint, *, now: datetime) -> None:
    """The stored due time (the step the office works to now) and the sticky `late` flag: a
    step done after its limit stays late, through any re-opening (indicator 5.2). A step
    whose limit passes while undone is late through `due_at` (selectors.late_q)."""
    cal = get_calendar()
    t = timeline_of(c)
    c.due_at = current_due(cal, Status(c.status), t, limits(), now=now)
    c.answer_due_at = deadlines(cal, t, limits(), now=now).answer
    done = {Action.REFUSE: c.refused_at, Action.ASK_INFO: c.asked_at, Action.ANSWER: c.answered_at,
            Action.PUBLISH: c.published_at}
    if any(done[Action(s)] is not None for s in late_steps(cal, t, limits(), now=now)):
        c.late = True


def apply_step(c: Complaint, action: Action, *, at: datetime, text: str = "") -> None:
    """The row after `action` at `at` (lifecycle.step), unsaved: the one mutation the service
    and the simulation share."""
    act_enum = action
    status, t = step(Status(c.status), act_enum, timeline_of(c), at=at)
    if act_enum is Action.REOPEN:
        c.reopened += 1
        c.rating = "unsatisfied"
        c.rated_at = at
        c.refused_at = c.asked_at = c.info_received_at = c.answered_at = c.published_at = None
        c.started_at = t.started_at
    else:
        c.refused_at, c.asked_at, c.info_received_at = t.refused_at, t.asked_at, t.info_received_at
        c.answered_at, c.published_at = t.answered_at, t.published_at
    if act_enum is Action.REFUSE:
        c.refusal_reason = text
    elif act_enum is Action.ASK_INFO:
        c.info_request = text
    elif act_enum is Action.INFO_RECEIVED:
        c.info_reply = text
    elif act_enum is Action.ANSWER:
        c.answer = text
    elif act_enum is Action.PUBLISH and text:
        c.public_summary = text
    elif act_enum in (Action.SATISFIED, Action.UNSATISFIED):
        c.rating = act_enum.value
        c.rated_at = at
    c.status = status
    refresh(c, now=at)


def act(actor: Actor, code: str, action: str, *, text: str = "", secret: str = "",
        at: datetime | None = None) -> Complaint:
    """One step of the complaint's life (lifecycle.TRANSITIONS), by an officer of the unit
    responsible or by the person (their account, or the secret given at filing)."""
    try:
        act_enum = Action(action)
    except ValueError:
        raise ValidationFailed(f"Thao tác không hợp lệ: {action}.",
                               fields={"action": ["Không có thao tác này."]}) from None
    text = (text or "").strip()
    if "\x00" in text or len(text) > 5000:
        raise ValidationFailed("Nội dung không hợp lệ (tối đa 5.000 ký tự).", fields={"text": ["Không hợp lệ."]})
    if act_enum in (Action.REFUSE, Action.ASK_INFO, Action.ANSWER) and len(text) < 5:
        raise ValidationFailed("Nhập nội dung (lý do, thông tin cần bổ sung hoặc câu trả lời).",
                               fields={"text": ["Bắt buộc nhập nội dung."]})
    at = at or timezone.now()
    with transaction.atomic():
        c = Complaint.objects.select_for_update().filter(code=code).first()
        if c is None:
            raise NotFound("Không tìm thấy phản ánh.")
        holds_secret = bool(secret) and secrets.compare_digest(c.secret_hash, hash_secret(secret))
        if not can_act_on_complaint(actor, act_enum.value, c, holds_secret=holds_secret):
            raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với phản ánh này.")
        apply_step(c, act_enum, at=at, text=text)
        c.save()
        ComplaintEvent.objects.create(complaint=c, action=act_enum.value, at=at, actor_label=actor.label,
                                      note=text[:500] if act_enum in (Action.REFUSE, Action.ASK_INFO) else "")
        if act_enum in (Action.ANSWER, Action.REFUSE, Action.ASK_INFO):
            notify.complaint_step(c, act_enum.value)
    return c


def record_trip(actor: Actor, dossier: Dossier, purpose: str, *, centre: ServiceCentre | None = None,
                at: datetime | None = None) -> Trip:
    """One visit of the applicant to a desk for `dossier` (docs/feedback.md, "Trips")."""
    if purpose not in TripPurpose.values:
        raise ValidationFailed("Mục đích đến Bộ phận Một cửa không hợp lệ.",
                               fields={"purpose": ["Chọn: nộp, bổ sung, nhận kết quả hoặc hỏi."]})
    if not can_record_trip(actor, dossier):
        raise PermissionDenied("Bạn không có quyền ghi nhận lượt đến cho hồ sơ này.")
    return Trip.objects.create(dossier=dossier, purpose=purpose, at=at or timezone.now(), centre=centre,
                               province_code=dossier.province_code, commune_code=dossier.competent_commune_code,
                               recorded_by=actor.label)


def counter_filing_is_trip(channel: int) -> bool:
    """A dossier filed at the desk (channel 1) is the applicant's first trip; online (2) or by
    post (3) is none."""
    return channel == int(DossierChannel.IN_PERSON)


def collection_is_trip(return_method: str) -> bool:
    """Collecting the result at a centre is a trip; post or online return is none."""
    return return_method == ReturnMethod.CENTRE
