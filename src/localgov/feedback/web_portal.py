"""Citizens' pages for complaints under the portal (/phan-anh/…): file one (with or without a
dossier code), follow it with its code and secret, rate the answer or ask for it to be looked
at again; the published answers, without personal data."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from localgov.access.web import actor_of
from localgov.core.errors import DomainError
from localgov.feedback import selectors, services
from localgov.feedback.lifecycle import ACTION_LABELS, KIND_LABELS, PERSON_ACTIONS, TRANSITIONS, Action, Kind, Status
from localgov.feedback.models import Complaint
from localgov.feedback.web_office import _input

SESSION_KEY = "complaint_secrets"


def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published(), 20).get_page(request.GET.get("trang"))
    return render(request, "feedback/portal_index.html", {"page": page})


def file(request: HttpRequest) -> HttpResponse:
    errors: dict = {}
    values = request.POST if request.method == "POST" else {"dossier_code": request.GET.get("ma", "")[:48]}
    if request.method == "POST":
        try:
            c, secret = services.file_complaint(actor_of(request), _input(request.POST))
        except DomainError as exc:
            errors = {"__all__": [exc.message], **(exc.fields or {})}
        else:
            kept = dict(request.session.get(SESSION_KEY, {}))
            kept[c.code] = secret
            request.session[SESSION_KEY] = dict(list(kept.items())[-20:])
            return redirect("portal:complaint", code=c.code)
    return render(request, "feedback/portal_file.html", {
        "errors": errors, "v": values, "kinds": [(k.value, KIND_LABELS[k]) for k in Kind],
    }, status=422 if errors else 200)


def _own(request: HttpRequest, c: Complaint) -> str:
    """The secret this browser holds for `c` (kept at filing, or typed in), or ""."""
    secret = request.session.get(SESSION_KEY, {}).get(c.code, "")
    if not secret and request.method == "POST":
        secret = request.POST.get("secret", "")[:64]
    return secret


def detail(request: HttpRequest, code: str) -> HttpResponse:
    c = Complaint.objects.filter(code=code[:32]).first()
    if c is None:
        raise Http404("Không tìm thấy phản ánh.")
    secret = request.session.get(SESSION_KEY, {}).get(c.code, "")
    mine = bool(secret) or (c.filer_user_id is not None and c.filer_user_id == actor_of(request).user_id)
    errors: dict = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {a.value for a in PERSON_ACTIONS}:
            errors = {"action": ["Thao tác không hợp lệ."]}
        else:
            try:
                services.act(actor_of(request), c.code, action, secret=_own(request, c))
            except DomainError as exc:
                errors = {"__all__": [exc.message], **(exc.fields or {})}
            else:
                return redirect("portal:complaint", code=c.code)
    if not mine and not c.published_at:
        # Someone else's complaint that is not published: only its status, nothing of its content.
        return render(request, "feedback/portal_detail.html", {"c": c, "mine": False, "public": False,
                                                               "errors": errors, "just_filed": ""})
    actions = [{"key": a.value, "label": ACTION_LABELS[a]} for a in Action
               if a in PERSON_ACTIONS and (Status(c.status), a) in TRANSITIONS]
    return render(request, "feedback/portal_detail.html", {
        "c": c, "mine": mine, "public": True, "actions": actions, "errors": errors,
        "just_filed": secret if mine else "",
    }, status=422 if errors else 200)
