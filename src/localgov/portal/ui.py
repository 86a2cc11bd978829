"""Shared UI helpers for the portal and the officer workspace: domain errors onto form
fields, accessible error attributes, PDF rendering (WeasyPrint), QR codes (segno), and the
timeline in plain Vietnamese."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import segno
from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from localgov.core.errors import DomainError
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.workflow import Action, State

# WeasyPrint logs every layout step at INFO; keep the JSON log for requests.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


def mark_invalid(form: forms.Form) -> forms.Form:
    """aria-invalid and aria-describedby (the inline error) on every field with an error."""
    for name, errors in form.errors.items():
        if name in form.fields and errors:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form[name].auto_id}_error"
    return form


def apply_domain_error(form: forms.Form, exc: DomainError, field_map: Mapping[str, str] | None = None) -> None:
    """Put a domain error's per-field messages next to the form's fields (by `field_map`,
    by the same name, or by the dotted name with "." → "_"), the rest at the top."""
    mapped = False
    for key, messages in (exc.fields or {}).items():
        name = (field_map or {}).get(key) or (key if key in form.fields else key.replace(".", "_"))
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
                mapped = True
            else:
                form.add_error(None, message)
    if not mapped:
        form.add_error(None, exc.message)
    elif exc.message not in form.non_field_errors():
        form.add_error(None, exc.message)


def qr_data_uri(text: str) -> str:
    """An SVG data URI of a QR code for `text` (segno; works offline and in WeasyPrint)."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def tracking_url(request: HttpRequest, code: str) -> str:
    """The URL the receipt's QR code opens: the tracking page with the code filled in."""
    return request.build_absolute_uri(f"/tra-cuu/?ma={code}")


def render_pdf(template: str, context: dict[str, Any], *, request: HttpRequest, filename: str) -> HttpResponse:
    # WeasyPrint takes seconds to import: loaded when a PDF is made
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Step:
    at: datetime
    text: str
    detail: str = ""


def _fmt(value: Any) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def plain_timeline(events: list[DossierEvent], dossier: Dossier) -> list[Step]:
    """Each event as one sentence a citizen understands (no internal codes or staff names)."""
    steps: list[Step] = []
    for e in events:
        data = e.data or {}
        detail = ""
        if e.action == Action.SUBMIT:
            text = _("Hồ sơ đã được nộp trực tuyến.") if data.get("channel") == 2 else _(
                "Hồ sơ đã được nộp tại Bộ phận Một cửa.")
        elif e.action == Action.ACCEPT:
            text = _("Hồ sơ đã được tiếp nhận. Hẹn trả kết quả: %(due)s.") % {"due": _fmt(data.get("due_at"))}
        elif e.action == Action.REFUSE:
            text, detail = _("Hồ sơ không được tiếp nhận giải quyết."), e.reason
        elif e.action in (Action.ASSIGN, Action.ADVANCE):
            text = _("Hồ sơ đang được cơ quan có thẩm quyền xem xét, xử lý.")
        elif e.action == Action.REQUEST_SUPPLEMENT:
            text = _("Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ.")
            detail = "; ".join(data.get("missing") or [])
        elif e.action == Action.SUPPLEMENT_RECEIVED:
            text = _("Đã nhận giấy tờ bổ sung; hồ sơ tiếp tục được xử lý.")
            if data.get("due_at"):
                text += " " + _("Hẹn trả kết quả mới: %(due)s.") % {"due": _fmt(data.get("due_at"))}
        elif e.action == Action.REQUEST_PAYMENT:
            text = _("Cơ quan đề nghị thực hiện nghĩa vụ tài chính (nộp phí, lệ phí, thuế).")
        elif e.action == Action.PAYMENT_RECEIVED:
            text = _("Đã ghi nhận việc thực hiện nghĩa vụ tài chính.")
        elif e.action == Action.EXTEND:
            text = _("Cơ quan xin lỗi vì chậm trễ và hẹn lại ngày trả kết quả: %(due)s.") % {
                "due": _fmt(data.get("new_due"))}
            detail = e.reason
        elif e.action == Action.REQUEST_WITHDRAWAL:
            text = _("Đã ghi nhận yêu cầu rút hồ sơ.")
        elif e.action == Action.STOP:
            text, detail = _("Cơ quan đã dừng giải quyết hồ sơ."), e.reason
        elif e.action == Action.DECIDE:
            text = _("Đã có kết quả giải quyết.")
        elif e.action == Action.RETURN_RESULT:
            text = _("Đã trả kết quả.")
        elif e.action == Action.RATE:
            text = _("Bạn đã đánh giá mức độ hài lòng: %(n)s/5.") % {"n": data.get("rating", "")}
        else:
            text = _("Cập nhật trạng thái: %(state)s.") % {"state": State(e.to_state).label}
        steps.append(Step(at=e.at, text=text, detail=detail))
    return steps


def state_label(state: int) -> str:
    return _(State(state).label)
