"""The reconciliation page in the oversight area (/giam-sat/doi-soat/): the report for the area
and period asked for, and — for national overseers — the import of the national export (a
refused file shows each bad line and its reason; nothing is written)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from localgov.access import areas
from localgov.access.policy import resolve_actor
from localgov.access.web import area_required
from localgov.oversight.selectors import Area, Period
from localgov.reconcile import core, selectors, services
from localgov.units.models import Commune, Province
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.inputs import page_day

MAX_DAYS = 92


def _area(province: str | None, commune: str | None) -> Area:

    if commune:
        of = Commune.objects.filter(code=commune).values_list("province_id", flat=True).first()
        if of is None:
            raise Http404("Không có xã này.")
        return Area("commune", of, commune)
    if province:
        if not Province.objects.filter(code=province).exists():
            raise Http404("Không có tỉnh này.")
        return Area("province", province)
    return Area("nation")


@area_required(areas.Area.OVERSIGHT)
def page(request: HttpRequest) -> HttpResponse:


    actor = resolve_actor(request.user)
    source = request.POST if request.method == "POST" else request.GET
    area = _area(source.get("province") or None, source.get("commune") or None)
    if not selectors.may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền xem đối soát của địa bàn này.")
    cal = get_calendar()
    end = page_day(source.get("to"), cal.first_day, cal.last_day) or timezone.localdate()
    start = page_day(source.get("from"), cal.first_day, cal.last_day) or end - timedelta(days=6)
    message, refused = "", []
    if start > end:
        start, end = end, start
    if (end - start).days >= MAX_DAYS:
        start = end - timedelta(days=MAX_DAYS - 1)
        message = f"Khoảng thời gian tối đa {MAX_DAYS} ngày: hiển thị từ {start:%d/%m/%Y}."
    if request.method == "POST":
        if not services.may_import(actor):
            raise PermissionDenied("Chỉ giám sát toàn quốc được nhập số liệu từ Cổng Dịch vụ công quốc gia.")
        upload = request.FILES.get("file")
        if upload is None:
            refused = [(0, "Chưa chọn tệp.")]
        else:
            try:
                imp = services.import_file(upload.read(services.MAX_UPLOAD + 1), upload.name or "", actor=actor)
                message = (f"Đã nhập {imp.rows} dòng từ {imp.filename} ({imp.get_kind_display()}), "
                           f"ngày {imp.first_day:%d/%m/%Y} – {imp.last_day:%d/%m/%Y}.")
            except core.FileRefused as exc:
                refused = exc.errors
    data = selectors.report(area, Period(start, end))
    rate = data["sync_rate"]
    status = 422 if refused else 200
    return render(request, "reconcile/page.html", {
        "r": data, "area": area, "start": start, "end": end, "message": message, "refused": refused,
        "rate_text": "chưa đo được" if rate is None else f"{rate * 100:.1f}%".replace(".", ","),
        "only_differences": source.get("diff") == "1", "may_import": services.may_import(actor),
        "rows": [row for row in data["rows"] if not (source.get("diff") == "1" and row["matches"])],
    }, status=status)
