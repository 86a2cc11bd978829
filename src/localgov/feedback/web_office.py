"""Officer pages for complaints (/can-bo/phan-anh/…) and the trips recorded from the counter
screens (/can-bo/ho-so/<code>/luot-den/). Reads through `selectors` (the access policy),
writes through `services`."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from localgov.access.areas import Area
from localgov.access.policy import Actor, can_act_on_complaint, can_record_trip
from localgov.access.roles import Role
from localgov.access.web import area_required, signin_required
from localgov.core.errors import DomainError, NotFound
from localgov.dossiers import selectors as dossier_selectors
from localgov.dossiers.models import Dossier
from localgov.feedback import selectors, services
from localgov.feedback.lifecycle import ACTION_LABELS, KIND_LABELS, OFFICE_ACTIONS, TRANSITIONS, Action, Kind, Status
from localgov.feedback.models import Channel, Complaint, TripPurpose
from localgov.feedback.services import ComplaintInput
from localgov.units.models import ServiceCentre
from localgov.workcalendar.adapter import get_calendar


def _centre_of(request: HttpRequest) -> ServiceCentre | None:
    scope = request.actor.scopes.get(Role.COUNTER_OFFICER)
    if scope is None or not scope.centres:
        return None
    return ServiceCentre.objects.filter(pk__in=scope.centres).order_by("pk").first()


@area_required(Area.QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("hang", "open")
    kind = kind if kind in selectors.QUEUES else "open"
    now = timezone.now()
    due_limit = get_calendar().add_working_days(now, 1)
    qs = selectors.queue(request.actor, kind, due_limit=due_limit, now=now)
    page = Paginator(qs, selectors.PAGE_SIZE).get_page(request.GET.get("trang"))
    counts = {k: selectors.queue(request.actor, k, due_limit=due_limit, now=now).count() for k in selectors.QUEUES}
    return render(request, "feedback/office_queue.html", {
        "kind": kind, "page": page, "now": now,
        "tabs": [{"key": k, "label": label, "count": counts[k]} for k, label in selectors.QUEUES.items()],
        "may_receive": _centre_of(request) is not None,
    })


@area_required(Area.QUEUE)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        c = selectors.get_complaint(request.actor, code)
    except NotFound:
        raise Http404("Không tìm thấy phản ánh.") from None
    return _page(request, c)


def _page(request: HttpRequest, c: Complaint, *, errors: dict | None = None, status: int = 200) -> HttpResponse:
    actions = [{"key": a.value, "label": ACTION_LABELS[a]} for a in Action
               if a in OFFICE_ACTIONS and (Status(c.status), a) in TRANSITIONS
               and not (a is Action.PUBLISH and c.published_at)
               and can_act_on_complaint(request.actor, a.value, c)]
    return render(request, "feedback/office_detail.html", {
        "c": c, "actions": actions, "events": c.events.all(), "errors": errors or {}, "now": timezone.now(),
    }, status=status)


@require_POST
@area_required(Area.QUEUE)
def act(request: HttpRequest, code: str) -> HttpResponse:
    try:
        c = selectors.get_complaint(request.actor, code)
    except NotFound:
        raise Http404("Không tìm thấy phản ánh.") from None
    action = request.POST.get("action", "")
    if action not in {a.value for a in OFFICE_ACTIONS}:
        return _page(request, c, errors={"action": ["Thao tác không hợp lệ."]}, status=422)
    try:
        services.act(request.actor, code, action, text=request.POST.get("text", ""))
    except DomainError as exc:
        return _page(request, c, errors={"__all__": [exc.message], **(exc.fields or {})}, status=exc.http_status)
    messages.success(request, f"Đã thực hiện: {ACTION_LABELS[Action(action)]}.")
    return redirect("office:complaint", code=code)


@area_required(Area.COUNTER)
def receive(request: HttpRequest) -> HttpResponse:
    """A complaint taken in at the desk (channel "centre")."""
    centre = _centre_of(request)
    if centre is None:
        return render(request, "error.html", {"message": "Chỉ công chức tiếp nhận tại Bộ phận Một cửa mới tiếp "
                                                         "nhận phản ánh trực tiếp."}, status=403)
    errors: dict = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        data = _input(request.POST, default_centre=centre.pk)
        try:
            c, secret = services.file_complaint(request.actor, data, channel=Channel.CENTRE, centre=centre)
        except DomainError as exc:
            errors = {"__all__": [exc.message], **(exc.fields or {})}
        else:
            messages.success(request, f"Đã tiếp nhận phản ánh {c.code}. Mã tra cứu của người phản ánh: {secret}")
            return redirect("office:complaint", code=c.code)
    return render(request, "feedback/office_receive.html", {
        "centre": centre, "errors": errors, "v": values, "kinds": [(k.value, KIND_LABELS[k]) for k in Kind],
    }, status=422 if errors else 200)


def _input(post: Mapping[str, str], *, default_centre: int | None = None) -> ComplaintInput:
    centre = post.get("centre_id") or default_centre
    try:
        centre_id = int(centre) if centre else None
    except ValueError:
        centre_id = -1
    return ComplaintInput(
        kind=post.get("kind", ""), title=post.get("title", ""), content=post.get("content", ""),
        name=post.get("name", ""), phone=post.get("phone", "").strip(), email=post.get("email", "").strip(),
        dossier_code=post.get("dossier_code", "").strip(), procedure_code=post.get("procedure_code", "").strip(),
        province_code=post.get("province_code", "").strip(), commune_code=post.get("commune_code", "").strip(),
        centre_id=centre_id)


@require_POST
@signin_required
def record_trip(request: HttpRequest, code: str) -> HttpResponse:
    """The "Ghi nhận lượt đến" button of the officer's dossier page."""
    try:
        dossier = dossier_selectors.get_dossier(request.actor, code)
    except NotFound:
        raise Http404("Không tìm thấy hồ sơ.") from None
    except DomainError as exc:
        return render(request, "error.html", {"message": exc.message}, status=403)
    try:
        services.record_trip(request.actor, dossier, request.POST.get("purpose", ""), centre=_centre_of(request))
    except DomainError as exc:
        return render(request, "error.html", {"message": exc.message}, status=exc.http_status)
    messages.success(request, "Đã ghi nhận lượt người dân đến Bộ phận Một cửa.")
    return redirect("office:dossier", code=code)


def trips_context(actor: Actor, dossier: Dossier) -> dict[str, object]:
    """The office dossier page's trips block (a small hook in office/dossier.py)."""
    return {"trips": list(selectors.trips_of(dossier)), "may_record_trip": can_record_trip(actor, dossier),
            "trip_purposes": TripPurpose.choices}
