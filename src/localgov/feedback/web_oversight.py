"""The lists behind the dashboards' figures (/giam-sat/phan-anh/, /giam-sat/di-lai/,
/giam-sat/tre-han-chua-xin-loi/): rows filtered by the access policy, so an overseer sees only
their province's."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from localgov.access.areas import Area
from localgov.access.web import area_required
from localgov.feedback import selectors
from localgov.feedback.lifecycle import KIND_LABELS, Kind

MEASURES = {"late": "Quá hạn (chỉ số 5.2)", "not_satisfied": "Không hài lòng, xem xét lại hoặc quá hạn (5.3)",
            **{k.value: KIND_LABELS[k] for k in Kind}}


def _args(request: HttpRequest) -> tuple[selectors.Place, date | None, date | None]:
    g = request.GET
    province = (g.get("province") or "")[:2] or None
    commune = (g.get("commune") or "")[:5] or None

    def day(v: str | None) -> date | None:
        try:
            return date.fromisoformat(v) if v else None
        except ValueError:
            return None

    return selectors.Place(province_code=province, commune_code=commune), day(g.get("from")), day(g.get("to"))


@area_required(Area.OVERSIGHT)
def complaints(request: HttpRequest) -> HttpResponse:
    place, first, last = _args(request)
    measure = request.GET.get("measure", "")
    measure = measure if measure in MEASURES else ""
    qs = selectors.group5_list(request.actor, place, measure, first, last).select_related("dossier", "procedure")
    page = Paginator(qs, 50).get_page(request.GET.get("trang"))
    return render(request, "feedback/oversight_complaints.html", {
        "page": page, "title": MEASURES.get(measure, "Tất cả phản ánh, kiến nghị"), "query": request.GET.urlencode()})


@area_required(Area.OVERSIGHT)
def trips(request: HttpRequest) -> HttpResponse:
    place, first, last = _args(request)
    by = "procedure" if request.GET.get("by") == "procedure" else "unit"
    rows = selectors.trip_table(request.actor, place, by, first, last)
    key = (request.GET.get("key") or "")[:40] or None
    dossiers = selectors.multi_trip_dossiers(
        request.actor, place, first, last, procedure_code=key if by == "procedure" else None,
        commune_code=key if by == "unit" and (place.province_code or place.commune_code) else None)
    page = Paginator(dossiers, 50).get_page(request.GET.get("trang"))
    return render(request, "feedback/oversight_trips.html", {
        "rows": rows, "by": by, "page": page, "key": key,
        "base": "&".join(f"{k}={v}" for k, v in request.GET.items() if k in ("province", "commune", "from", "to"))})


@area_required(Area.OVERSIGHT)
def late_without_apology(request: HttpRequest) -> HttpResponse:
    place, first, last = _args(request)
    page = Paginator(selectors.late_without_apology(request.actor, place, first, last), 50).get_page(
        request.GET.get("trang"))
    return render(request, "feedback/oversight_late.html", {"page": page})
