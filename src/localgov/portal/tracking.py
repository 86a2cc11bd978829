"""Receipt (Mẫu 01, page and PDF), tracking by code + secret or by the receipt's QR code,
the dossier's timeline, answering a supplement request, rating, the electronic result."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localgov.access.audit import PURPOSE_OWN
from localgov.access.personal_data import ApplicantData, applicant_data
from localgov.core.errors import DomainError, NotFound, error_headers
from localgov.dossiers import selectors, services
from localgov.dossiers.models import Dossier
from localgov.dossiers.ratelimit import checked_lookup
from localgov.dossiers.submission import add_documents
from localgov.dossiers.workflow import FINAL_STATES, Action, State
from localgov.feedback.tracking import waiting_for
from localgov.outbox.selectors import notifications_of
from localgov.portal import access
from localgov.portal.documents import document_response
from localgov.portal.forms import RateForm, SupplementForm, TrackForm
from localgov.portal.ui import (
    apply_domain_error,
    mark_invalid,
    plain_timeline,
    qr_data_uri,
    render_pdf,
    state_label,
    tracking_url,
)
from localgov.portal.uploads import UploadStore, take_uploads


def receipt_context(request: HttpRequest, dossier: Dossier, secret: str | None, *,
                    person: ApplicantData | None = None) -> dict[str, Any]:
    """Everything Mẫu 01 shows (Circular 03/2025 Appendix I; Decree 118 Art. 17(3)); the
    applicant's ID number, phone and address as `person` (access.personal_data.applicant_data)."""
    url = tracking_url(request, dossier.code)
    documents = list(dossier.documents.order_by("pk"))
    names = {d["code"]: d["name"] for d in (dossier.procedure.documents or [])}
    for d in documents:
        d.label = names.get(d.doc_code, d.name)
    return {
        "d": dossier, "secret": secret, "qr": qr_data_uri(url), "tracking_url": url,
        "state_label": state_label(dossier.state), "documents": documents,
        "deadline": dossier.procedure, "now": timezone.now(), "person": person,
    }


def _deny(request: HttpRequest, code: str) -> HttpResponse:
    return redirect(f"{reverse('portal:track')}?ma={code}")


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier, _actor, secret = access.load(request, code)
    except NotFound:
        return _deny(request, code)
    return render(request, "portal/receipt.html", receipt_context(request, dossier, secret))


def receipt_pdf(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier, actor, secret = access.load(request, code)
    except NotFound:
        return _deny(request, code)
    person = applicant_data(actor, dossier, purpose=f"{PURPOSE_OWN} (giấy tiếp nhận)", request=request)
    return render_pdf("documents/mau01.html", receipt_context(request, dossier, secret, person=person),
                      request=request, filename=f"giay-tiep-nhan-{dossier.code}.pdf")


def document(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One of the applicant's own uploaded documents (opened with the receipt's secret)."""
    try:
        dossier, actor, _secret = access.load(request, code)
    except NotFound as exc:
        return render(request, "error.html", {"message": exc.message}, status=404)
    return document_response(request, actor, dossier, pk, download=bool(request.GET.get("tai-ve")))


def track(request: HttpRequest) -> HttpResponse:
    """GET ?ma=CODE (what the receipt's QR code opens) fills the code; POST checks code + secret."""
    status, headers = 200, dict[str, str]()
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            code, secret = form.cleaned_data["ma"].strip(), form.cleaned_data["secret"].strip().upper()
            try:
                checked_lookup(request, code, lambda: selectors.get_for_applicant(code, secret))
            except NotFound as exc:
                form.add_error("secret", exc.message)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status, headers = exc.http_status, error_headers(exc)
            else:
                access.grant(request, code, secret)
                return redirect("portal:dossier", code=code)
        status = status if status != 200 else 422
    else:
        form = TrackForm(initial={"ma": request.GET.get("ma", "")[:48]})
    mark_invalid(form)
    response = render(request, "portal/track.html", {"form": form, "code_given": bool(request.GET.get("ma"))},
                      status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _page(request: HttpRequest, dossier: Dossier, *, supplement_form: SupplementForm | None = None,
          rate_form: RateForm | None = None, upload_problems: dict[str, str] | None = None,
          status: int = 200) -> HttpResponse:
    state = State(dossier.state)
    missing = list(dossier.supplement_missing or []) if state is State.SUPPLEMENT_REQUESTED else []
    store = UploadStore(request, f"sup:{dossier.code}")
    attached = store.attached()
    problems = upload_problems or {}
    missing_rows = [{"text": m, "slot": f"sup-{i}", "attached": attached.get(f"sup-{i}"),
                     "problem": problems.get(f"sup-{i}")} for i, m in enumerate(missing)]
    can_rate = dossier.rating is None and state in FINAL_STATES
    context = {
        "d": dossier, "state_label": state_label(dossier.state), "steps": plain_timeline(
            selectors.timeline(dossier), dossier),
        "missing": missing_rows, "supplement_form": supplement_form or SupplementForm(),
        "rate_form": rate_form or RateForm(), "can_rate": can_rate,
        "has_result": dossier.result_electronic and state in (State.DONE, State.RETURNED),
        "due": dossier.effective_due_at,
        "documents": [d for d in dossier.documents.order_by("pk") if d.file],
        "notifications": notifications_of(dossier),
    }
    context["waiting"] = waiting_for(dossier)
    for f in (context["supplement_form"], context["rate_form"]):
        mark_invalid(f)
    return render(request, "portal/dossier.html", context, status=status)


def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier, _actor, _secret = access.load(request, code)
    except NotFound:
        return _deny(request, code)
    return _page(request, dossier)


@require_POST
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Answer a supplement request online: upload the missing documents; the dossier goes
    back to the desk (reception stage) or its period restarts (appraisal; Art. 19(5))."""
    try:
        dossier, actor, _secret = access.load(request, code)
    except NotFound:
        return _deny(request, code)
    form = SupplementForm(request.POST)
    if dossier.state != State.SUPPLEMENT_REQUESTED:
        form.add_error(None, _("Hồ sơ hiện không ở trạng thái chờ bổ sung."))
        return _page(request, dossier, supplement_form=form, status=409)
    store = UploadStore(request, f"sup:{dossier.code}")
    slots = {f"sup-{i}": f"bs{i + 1}" for i, _m in enumerate(dossier.supplement_missing or [])}
    problems = take_uploads(store, request, slots)
    attached = store.attached()
    if not attached and not problems:
        problems = {next(iter(slots), "sup-0"): _("Vui lòng đính kèm ít nhất một giấy tờ bổ sung.")}
    if problems or not form.is_valid():
        form.add_error(None, _("Chưa gửi được hồ sơ bổ sung; xem thông báo bên cạnh từng mục."))
        return _page(request, dossier, supplement_form=form, upload_problems=problems, status=422)
    try:
        with transaction.atomic():
            updated = services.ACTIONS[Action.SUPPLEMENT_RECEIVED](
                dossier_id=dossier.pk, version=form.cleaned_data["version"] or dossier.version, actor=actor,
                note=form.cleaned_data["note"])
            add_documents(updated, store.uploads(), supplement=True)
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _page(request, dossier, supplement_form=form, status=exc.http_status)
    store.clear()
    messages.success(request, _("Đã gửi hồ sơ bổ sung. Cơ quan sẽ tiếp tục xử lý."))
    return redirect("portal:dossier", code=code)


@require_POST
def rate(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier, actor, _secret = access.load(request, code)
    except NotFound:
        return _deny(request, code)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _page(request, dossier, rate_form=form, status=422)
    try:
        version = form.cleaned_data["version"] or dossier.version
        services.ACTIONS[Action.RATE](dossier_id=dossier.pk, version=version, actor=actor,
                                      rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
    except DomainError as exc:
        apply_domain_error(form, exc)
        return _page(request, dossier, rate_form=form, status=exc.http_status)
    messages.success(request, _("Cảm ơn bạn đã đánh giá."))
    return redirect("portal:dossier", code=code)


def result_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The electronic result (Art. 22): a simple PDF of the decision, when the dossier has one."""
    try:
        dossier, _actor, _secret = access.load(request, code)
    except NotFound:
        return _deny(request, code)
    if not (dossier.result_electronic and dossier.state in (State.DONE, State.RETURNED)):
        return render(request, "error.html", {"message": _("Hồ sơ chưa có kết quả điện tử.")}, status=404)
    url = tracking_url(request, dossier.code)
    return render_pdf("documents/result.html", {"d": dossier, "qr": qr_data_uri(url), "tracking_url": url,
                                                "now": timezone.now()},
                      request=request, filename=f"ket-qua-{dossier.code}.pdf")
