"""The officer's dossier page: data (personal data in full only for the roles that need it,
and every full view recorded), documents, timeline, and only the actions allowed now for
this person (workflow.allowed_actions ∩ access.policy.can_act) as forms with inline errors.
Letters Mẫu 01–05 as PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localgov.access.personal_data import applicant_data
from localgov.access.policy import Actor, can_act
from localgov.access.web import signin_required
from localgov.core.errors import DomainError, NotFound, PermissionDenied
from localgov.dossiers import selectors, services
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.workflow import Action, State, allowed_actions
from localgov.feedback.web_office import trips_context
from localgov.office.forms import ACTION_FIELD_MAP, ACTION_FORMS, ActionForm
from localgov.portal.documents import document_response
from localgov.portal.tracking import receipt_context
from localgov.portal.ui import apply_domain_error, mark_invalid, render_pdf, state_label

#: Actions officers never take from this page.
NOT_HERE = frozenset({Action.SUBMIT, Action.RATE})
#: Letter → the event that issues it (Circular 03/2025 Appendix I).
LETTERS: dict[str, tuple[Action, str, str]] = {
    "02": (Action.REQUEST_SUPPLEMENT, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Mẫu số 02"),
    "03": (Action.REFUSE, "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Mẫu số 03"),
    "04": (Action.EXTEND, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Mẫu số 04"),
    "05": (Action.STOP, "Thông báo dừng giải quyết hồ sơ", "Mẫu số 05"),
}
SECRETS_KEY = "office_secrets"


def load(request: HttpRequest, code: str) -> Dossier:
    """The dossier if this officer may see it: 404 if unknown, 403 if outside their jurisdiction."""
    try:
        return selectors.get_dossier(request.actor, code)
    except NotFound:
        raise Http404(_("Không tìm thấy hồ sơ.")) from None


def actions_for(actor: Actor, dossier: Dossier) -> list[Action]:
    return [a for a in allowed_actions(State(dossier.state))
            if a not in NOT_HERE and a in ACTION_FORMS and can_act(actor, a.value, dossier)]


def assignee_choices(dossier: Dossier) -> list[tuple[str, str]]:
    """Officers of the dossier's competent commune or agency (for assign / advance), each with role,
    unit and current load (`dossiers.selectors.assignee_options`, one query)."""
    return [(str(o.user_id), o.label) for o in selectors.assignee_options(dossier)]


def _page(request: HttpRequest, dossier: Dossier, *, bound: ActionForm | None = None,
          status: int = 200) -> HttpResponse:
    actor: Actor = request.actor
    person = applicant_data(actor, dossier, purpose="xem hồ sơ", request=request)
    allowed = actions_for(actor, dossier)
    choices = assignee_choices(dossier) if {Action.ASSIGN, Action.ADVANCE} & set(allowed) else []
    forms = []
    for action in allowed:
        if bound is not None and bound.action is action:
            form = bound
        else:
            form = ACTION_FORMS[action](dossier=dossier, assignees=choices)
        forms.append({"action": action, "label": _(action.label), "form": mark_invalid(form),
                      "open": bound is not None and bound.action is action})
    events = selectors.timeline(dossier)
    issued = {e.action for e in events}
    letters = [{"no": "01", "title": _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")}] + [
        {"no": no, "title": title} for no, (action, title, _form) in LETTERS.items() if action.value in issued]
    names = {d["code"]: d["name"] for d in (dossier.procedure.documents or [])}
    documents = list(dossier.documents.order_by("pk"))
    for d in documents:
        d.label = names.get(d.doc_code, d.name)
    for e in events:
        try:
            e.label = _(Action(e.action).label)
        except ValueError:
            e.label = e.action
        e.to_label = state_label(e.to_state)
    return render(request, "office/dossier.html", {
        "d": dossier, "state_label": state_label(dossier.state), "full": person.full, "person": person,
        "id_number": person.id_number, "phone": person.phone,
        "forms": forms, "events": events, "letters": letters, "documents": documents,
        **trips_context(actor, dossier),
    }, status=status)


@signin_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        dossier = load(request, code)
    except PermissionDenied as exc:
        return render(request, "error.html", {"message": exc.message}, status=403)
    return _page(request, dossier)


@require_POST
@signin_required
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    try:
        dossier = load(request, code)
    except PermissionDenied as exc:
        return render(request, "error.html", {"message": exc.message}, status=403)
    try:
        name = Action(action)
    except ValueError:
        raise Http404(_("Không có thao tác này.")) from None
    if name not in actions_for(request.actor, dossier):
        return render(request, "error.html", {"message": _("Thao tác này không được phép với hồ sơ ở trạng thái hiện "
                                                           "tại hoặc với vai trò của bạn.")}, status=403)
    choices = assignee_choices(dossier) if name in (Action.ASSIGN, Action.ADVANCE) else []
    form = ACTION_FORMS[name](request.POST, dossier=dossier, assignees=choices)
    if not form.is_valid():
        return _page(request, dossier, bound=form, status=422)
    try:
        services.ACTIONS[name](dossier_id=dossier.pk, version=form.cleaned_data["version"], actor=request.actor,
                               **form.service_kwargs())
    except DomainError as exc:
        apply_domain_error(form, exc, ACTION_FIELD_MAP)
        fresh = load(request, code)
        return _page(request, fresh, bound=form, status=exc.http_status)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": _(name.label)})
    return redirect("office:dossier", code=code)


@signin_required
def letter_pdf(request: HttpRequest, code: str, number: str) -> HttpResponse:
    try:
        dossier = load(request, code)
    except PermissionDenied as exc:
        return render(request, "error.html", {"message": exc.message}, status=403)
    if number != "01" and number not in LETTERS:
        raise Http404(_("Không có mẫu này."))
    if number == "01":
        secret = request.session.get(SECRETS_KEY, {}).get(dossier.code)
        person = applicant_data(request.actor, dossier, purpose="in Mẫu 01", request=request)
        return render_pdf("documents/mau01.html", receipt_context(request, dossier, secret, person=person),
                          request=request, filename=f"mau01-{dossier.code}.pdf")
    action, title, form_label = LETTERS[number]
    event: DossierEvent | None = (DossierEvent.objects.filter(dossier=dossier, action=action.value)
                                  .order_by("-seq").first())
    if event is None:
        raise Http404(_("Hồ sơ chưa có văn bản này."))
    person = applicant_data(request.actor, dossier, purpose=f"in Mẫu {number}", request=request, fields=("address",))
    data: dict[str, Any] = event.data or {}
    letter = {
        "kind": number, "title": title, "form_label": f"{form_label} — Phụ lục I, Thông tư số 03/2025/TT-VPCP",
        "reason": event.reason or dossier.refusal_reason or dossier.stop_reason,
        "missing": data.get("missing") or dossier.supplement_missing or [],
        "old_due": _parse(data.get("old_due")), "new_due": _parse(data.get("new_due")), "at": event.at,
        "signer": event.actor_label, "signer_title": "THỦ TRƯỞNG CƠ QUAN" if number == "04" else "NGƯỜI LẬP PHIẾU",
    }
    return render_pdf("documents/letter.html", {"d": dossier, "letter": letter, "person": person,
                                                "now": timezone.now()},
                      request=request, filename=f"mau{number}-{dossier.code}.pdf")


@signin_required
def document(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An uploaded document: opens in the browser (PDF, images); `?tai-ve=1` downloads it."""
    try:
        dossier = load(request, code)
    except PermissionDenied as exc:
        return render(request, "error.html", {"message": exc.message}, status=403)
    return document_response(request, request.actor, dossier, pk, download=bool(request.GET.get("tai-ve")))


def _parse(value: Any) -> Any:

    if isinstance(value, str):
        try:
            return timezone.localtime(datetime.fromisoformat(value))
        except ValueError:
            return None
    return value
