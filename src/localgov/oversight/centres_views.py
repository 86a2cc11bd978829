"""The register of service centres in the oversight area (/giam-sat/trung-tam/): the centres of
a province with their status on a date and how many operate; one centre's history, and the
form recording a change (opened, suspended, resumed, closed, moved) for the province's editors
(`access.policy.can_edit_centre`). Bad input is shown next to its field; nothing is written."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from localgov.access import areas
from localgov.access.policy import can_edit_centre, resolve_actor
from localgov.access.policy import sees_scope as may_see
from localgov.access.web import area_required
from localgov.centres import selectors, services
from localgov.centres.history import KINDS
from localgov.core.errors import DomainError
from localgov.units.models import Province, ServiceCentre
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.inputs import page_day


def _day(text: str | None) -> date | None:

    cal = get_calendar()
    return page_day(text, cal.first_day, cal.last_day)


@area_required(areas.Area.OVERSIGHT)
def register_page(request: HttpRequest) -> HttpResponse:
    actor = resolve_actor(request.user)
    province = request.GET.get("province") or ""
    day = _day(request.GET.get("day")) or timezone.localdate()
    if province and not Province.objects.filter(code=province).exists():
        raise Http404("Không có tỉnh này.")
    area = SimpleNamespace(level="province" if province else "nation", province=province or None, commune=None)
    if not may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền xem sổ trung tâm của địa bàn này.")
    rows = selectors.register(province, day=day) if province else []
    counts = selectors.count_operating(day, group="province") if not province else {}
    names = dict(Province.objects.values_list("code", "name"))
    return render(request, "centres/register.html", {
        "province": province, "day": day, "rows": rows, "kinds": KINDS,
        "operating": selectors.count_operating(day, province=province or None)[None],
        "by_province": [(c, names.get(c, c), n) for c, n in sorted(counts.items())],
        "province_label": names.get(province, province),
        "may_edit": bool(province) and can_edit_centre(actor, SimpleNamespace(province_id=province)),
    })


@area_required(areas.Area.OVERSIGHT)
def centre_page(request: HttpRequest, code: str) -> HttpResponse:
    actor = resolve_actor(request.user)
    centre = ServiceCentre.objects.select_related("province", "commune").filter(code=code).first()
    if centre is None:
        raise Http404("Không có trung tâm này.")
    if not may_see(actor, SimpleNamespace(level="province", province=centre.province_id, commune=None)):
        raise PermissionDenied("Bạn không có quyền xem trung tâm này.")
    editable = can_edit_centre(actor, centre)
    errors: dict[str, list[str]] = {}
    message = ""
    form = {"kind": "", "effective_on": "", "address": "", "decision": "", "note": ""}
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Chỉ tỉnh quản lý trung tâm này được cập nhật sổ theo dõi.")
        form = {k: request.POST.get(k, "") for k in form}
        on = _day(form["effective_on"])
        if on is None:
            errors["effective_on"] = ["Ngày hiệu lực phải là ngày dạng YYYY-MM-DD trong lịch làm việc."]
        if form["kind"] not in KINDS:
            errors["kind"] = ["Chọn loại thay đổi."]
        if not errors:
            try:
                assert on is not None
                services.record_change(actor, code, kind=form["kind"], on=on, address=form["address"],
                                       decision=form["decision"], note=form["note"])
                return redirect(f"/giam-sat/trung-tam/{code}/?ok=1")
            except DomainError as exc:
                errors = exc.fields or {"kind": [exc.message]}
        status = 422
    if request.GET.get("ok"):
        message = "Đã ghi thay đổi."
    today = timezone.localdate()
    return render(request, "centres/centre.html", {
        "centre": centre, "changes": centre.changes.order_by("effective_on", "id"), "kinds": KINDS,
        "status_today": selectors.status_of(centre, today), "today": today, "editable": editable,
        "errors": errors, "form": form, "message": message,
    }, status=status)
