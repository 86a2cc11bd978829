"""Oversight dashboards: nation → province → commune, the dossiers behind every number, table
exports and the briefing download. Server-rendered; charts are inline SVG built here (no
JavaScript, no CDN). Every page needs a signed-in overseer, and the access policy's "fact"
and "dossier" resources decide what each one sees (a province overseer: their province)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.utils import timezone

from localgov.access import areas
from localgov.access.policy import Actor, can_view, filter_queryset, resolve_actor, sees_area
from localgov.access.roles import OVERSEER_ROLES
from localgov.catalog.models import Bundle, Field, Procedure
from localgov.core.bounds import BIGINT_MAX
from localgov.dossiers.models import Dossier
from localgov.feedback.oversight import section as citizens_section
from localgov.oversight import briefing, charts, overview
from localgov.oversight.briefing_sections import sections
from localgov.oversight.bundle_flow import BUNDLE_METRICS, RUNNING, bundle_flow, bundles_for, step_labels
from localgov.oversight.dossier_lists import METRICS, dossiers_for
from localgov.oversight.indicators import HEADLINE, INDICATORS, format_value
from localgov.oversight.page import page_data
from localgov.oversight.selectors import (
    PERIOD_KINDS,
    Area,
    Period,
    best_and_worst,
    data_as_of,
    default_period,
    fold,
    make_period,
    names,
    procedures_of_field,
    sum_facts,
    table,
)
from localgov.units.models import Commune, Province
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.inputs import page_day

#: The detail sections below the summary, in order: each a template of its own, collapsed
#: (<details>) — a new section (follow-up, complaints, …) is one more entry here.
DETAIL_SECTIONS = [
    "oversight/sections/_children.html",
    "oversight/sections/_trend.html",
    "oversight/sections/_fields.html",
    "oversight/sections/_procedures.html",
    "oversight/sections/_bundles.html",
    "feedback/oversight_section.html",
    "oversight/sections/_modules.html",
    "oversight/sections/_scores766.html",
]

TABLE_CODES = ["received", "processed", "online_share", "on_time_766", "overdue_open", "avg_processing_days",
               "repeat_supplement_rate", "satisfaction", "outside_share", "outside_on_time"]


def _actor(request: HttpRequest) -> Actor:
    actor = resolve_actor(request.user)
    if not actor.system and not areas.may_open(actor.roles, areas.Area.OVERSIGHT):
        raise PermissionDenied(areas.PLACE[areas.Area.OVERSIGHT].denied)
    return actor


def _may_see(actor: Actor, area: Area) -> bool:
    return sees_area(actor, None if area.level == "nation" else area.province, area.commune)


def _date(value: str | None) -> date | None:
    """A date of the address, inside the working calendar (else None: the page's default)."""

    cal = get_calendar()
    return page_day(value, cal.first_day, cal.last_day)


def _period(request: HttpRequest) -> Period:
    g = request.GET
    kind = g.get("period") if g.get("period") in PERIOD_KINDS else "quarter"
    start, end = _date(g.get("from")), _date(g.get("to"))
    if kind == "custom" and not (start and end):
        kind = "quarter"
    if kind == "custom":
        return make_period(kind, None, start, end)
    # without a day asked for: the latest period with data (selectors.default_period)
    return make_period(kind, _date(g.get("date")) or default_period().end, start, end)


def _is_default_period(request: HttpRequest) -> bool:
    return not any(request.GET.get(k) for k in ("period", "date", "from", "to"))


def _area(province: str | None = None, commune: str | None = None) -> Area:

    if commune:
        c = Commune.objects.filter(code=commune).first()
        if c is None:
            raise Http404("Không có xã này.")
        return Area("commune", c.province_id, c.code)
    if province:
        if not Province.objects.filter(code=province).exists():
            raise Http404("Không có tỉnh này.")
        return Area("province", province)
    return Area("nation")


def _filters(request: HttpRequest) -> tuple[str, int | None, list[int] | None]:

    field = request.GET.get("field") or ""
    if field and not Field.objects.filter(slug=field).exists():
        field = ""
    proc = request.GET.get("procedure")
    procedure = int(proc) if proc and proc.isascii() and proc.isdigit() and int(proc) <= BIGINT_MAX \
        and Procedure.objects.filter(pk=int(proc)).exists() else None
    procs = [procedure] if procedure else (procedures_of_field(field) if field else None)
    return field, procedure, procs


def _query(period: Period, area: Area, **extra: Any) -> str:

    params = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    if area.province:
        params["province"] = area.province
    if area.level == "commune":
        params["commune"] = area.commune or ""
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


def _with_links(rows: list[dict[str, Any]], period: Period, area: Area, by: str, field: str,
                procedure: int | None) -> list[dict[str, Any]]:
    for r in rows:
        sub = area
        extra: dict[str, Any] = {"field": field, "procedure": procedure}
        if by == "province":
            sub = Area("province", r["key"])
        elif by == "commune":
            sub = Area("commune", area.province, r["key"])
        elif by == "procedure":
            extra["procedure"] = r["key"]
        elif by == "field":
            extra["field"] = r["key"]
        r["cells"] = [{"code": c, "text": format_value(c, r["values"].get(c)),
                       "href": (f"/giam-sat/ho-so/?{_query(period, sub, metric=INDICATORS[c].metric, **extra)}"
                                if INDICATORS[c].metric else None), **overview.band_of(c, r["values"].get(c))}
                      for c in TABLE_CODES]
    return rows


def _previous(period: Period) -> Period:
    """The period just before, of the same kind (a quarter's previous quarter) or length."""
    if period.kind in ("month", "quarter", "week", "day"):
        return make_period(period.kind, period.start - timedelta(days=1))
    length = period.end - period.start
    return Period(period.start - length - timedelta(days=1), period.start - timedelta(days=1), "custom")


def _summary(data: Any, area: Area, period: Period, procs: list[int] | None, children: list[dict[str, Any]],
             query: str, map_code: str) -> dict[str, Any]:
    """The screen-high summary (oversight/overview.py): headline figures with target and change
    since the previous period, what went worse, the five units most behind, the province map."""
    prev = _previous(period)
    before = fold(sum_facts(area, prev, procedures=procs)).get(None, {})
    figures = overview.headline(data.totals, before, format_value)
    summary: dict[str, Any] = {"figures": figures, "worse": overview.worsened(figures), "previous": prev,
                               "behind": overview.most_behind(children), "map": None}
    if area.level == "nation":
        by_code = {r["key"]: r for r in children}
        map_tiles = []
        for t in overview.tiles():
            r = by_code.get(t.code)
            value = INDICATORS[map_code].value(r["totals"]) if r else None
            map_tiles.append({"tile": t, "name": r["name"] if r else t.short, "text": format_value(map_code, value),
                              "href": f"/giam-sat/tinh/{t.code}/?{query}", **overview.band_of(map_code, value)})
        summary["map"] = {"tiles": map_tiles, "code": map_code, "indicator": INDICATORS[map_code],
                          "target_text": format_value(map_code, INDICATORS[map_code].target),
                          "choices": list(overview.MAP_CODES.items())}
    return summary


@login_required
def dashboard(request: HttpRequest, province: str | None = None, commune: str | None = None) -> HttpResponse:
    actor = _actor(request)
    area = _area(province, commune)
    if area.level == "nation" and not _may_see(actor, area):
        own = sorted({p for r in OVERSEER_ROLES if r in actor.scopes for p in actor.scopes[r].provinces})
        if own:
            return redirect("oversight:province", province=own[0])
    if not _may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền xem số liệu của địa bàn này.")
    period = _period(request)
    field, procedure, procs = _filters(request)
    as_of = data_as_of()
    data = page_data(area, period, procedures=procs)
    t = data.totals
    kpis = [{"code": c, "name": INDICATORS[c].name, "text": format_value(c, INDICATORS[c].value(t)),
             "unit": INDICATORS[c].unit, "meets": INDICATORS[c].meets_target(INDICATORS[c].value(t)),
             "href": (f"/giam-sat/ho-so/?{_query(period, area, metric=INDICATORS[c].metric, field=field,
                                                 procedure=procedure)}" if INDICATORS[c].metric else None)}
            for c in HEADLINE]
    child = area.child_level()
    children = _with_links(data.table(child, TABLE_CODES), period, area, child, field,
                           procedure) if child else []
    children.sort(key=lambda r: -r["totals"].get("received", 0))
    map_code = request.GET.get("map") if request.GET.get("map") in overview.MAP_CODES else "on_time_766"
    query = _query(period, area, field=field, procedure=procedure)
    summary = _summary(data, area, period, procs, children, query, map_code)
    links = {k["code"]: k["href"] for k in kpis}
    for f in summary["figures"]:  # each headline figure opens the dossiers behind it
        f["href"] = links.get(f["code"])
    child_page = Paginator(children, 20).get_page(request.GET.get("trang")) if child else None
    best, worst = best_and_worst(children, "on_time_766", 5) if child else ([], [])
    fields = _with_links(data.table("field", TABLE_CODES), period, area, "field", field, procedure)
    procedures = _with_links(data.table("procedure", TABLE_CODES), period, area, "procedure", field, procedure)
    procedures.sort(key=lambda r: -r["totals"].get("received", 0))
    trend_by, trend, scores = data.trend_by, data.trend, data.scores

    context = {
        "area": area, "period": period, "as_of": as_of, "kpis": kpis, "child": child, "children": children,
        "best": best, "worst": worst, "fields": fields, "procedures": procedures[:30],
        "trend_svg": charts.trend_svg(trend, trend_by), "trend_by": trend_by,
        "scores": scores, "portal": scores["area"].portal_view(scores["config"]) if scores else [],
        "title": _title(area), "breadcrumbs": _breadcrumbs(area), "kinds": PERIOD_KINDS,
        "field": field, "procedure": procedure, "codes": [INDICATORS[c] for c in TABLE_CODES],
        "field_options": Field.objects.order_by("name_vi").values_list("slug", "name_vi"),
        "procedure_options": Procedure.objects.order_by("code").values_list("id", "code", "name"),
        "query": query, "summary": summary, "child_page": child_page, "map_code": map_code,
        "default_period": _is_default_period(request), "detail_sections": DETAIL_SECTIONS,
        "report_query": _query(period, area),
    }
    context["modules"] = _module_sections(area.province)
    context["bundles"] = bundle_flow(area, period)
    context["bundle_query"] = _query(period, area)
    context["citizens"] = citizens_section(actor, area.province, area.commune, period.start, period.end)
    return render(request, "oversight/dashboard.html", context)


def _module_sections(province: str | None) -> list[dict[str, Any]]:
    """Staffing balance (workforce) and payments to staff who left (payouts), as in the
    briefing — today's position, cached five minutes (the national balance reads every
    official: ~1.4 s on the demo data)."""


    today = timezone.localdate()
    key = f"oversight:modules:{province or 'nation'}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = [s for s in sections(today, province) if s["code"] in ("staffing", "payouts", "followup")]
        cache.set(key, found, 300)
    return found


def _title(area: Area) -> str:
    if area.level == "nation":
        return "Toàn quốc"
    label = names(area.level, [area.code]).get(area.code, area.code)
    return label


def _breadcrumbs(area: Area) -> list[tuple[str, str]]:
    crumbs = [("Toàn quốc", "/giam-sat/")]
    if area.province:
        crumbs.append((names("province", [area.province]).get(area.province, area.province),
                       f"/giam-sat/tinh/{area.province}/"))
    if area.level == "commune":
        label = names("commune", [area.commune]).get(area.commune, area.commune)
        crumbs.append((label, f"/giam-sat/xa/{area.commune}/"))
    return crumbs


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    """The dossiers behind a number: same definitions as the facts, through the policy."""
    actor = _actor(request)
    g = request.GET
    area = _area(g.get("province"), g.get("commune"))
    if not _may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền xem hồ sơ của địa bàn này.")
    period = _list_period(request)
    metric = g.get("metric") if g.get("metric") in METRICS else "received"
    _field, _procedure, procs = _filters(request)
    qs = filter_queryset(actor, "dossier", dossiers_for(metric, area, period, procedures=procs))
    qs = qs.select_related("procedure").order_by("-submitted_at", "-id")
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(request, "oversight/dossiers.html", {
        "page": page, "metric": METRICS[metric], "area": area, "period": period, "title": _title(area),
        "as_of": data_as_of(), "query": request.GET.urlencode(), "breadcrumbs": _breadcrumbs(area),
    })


def _list_period(request: HttpRequest) -> Period:
    """The period of a list behind a number: the dashboard's `from`–`to` (its links carry them)."""
    g = request.GET
    period = _period(request) if g.get("from") else default_period()
    if g.get("from") and g.get("to"):
        period = Period(_date(g["from"]) or period.start, _date(g["to"]) or period.end)
    return period


@login_required
def bundle_list(request: HttpRequest) -> HttpResponse:
    """The bundles behind a number of the "Hồ sơ liên thông" section (`bundle_flow.bundles_for`:
    the same conditions as the counts), through the policy, with the members being handled now."""

    actor = _actor(request)
    g = request.GET
    area = _area(g.get("province"), g.get("commune"))
    if not _may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền xem hồ sơ của địa bàn này.")
    metric = g.get("metric") or "filed"
    if metric not in BUNDLE_METRICS:
        return render(request, "error.html", {"message": f"Không có chỉ tiêu «{metric}» trong bảng hồ sơ liên thông."},
                      status=400)
    code, step = g.get("bundle") or "", g.get("waiting_at") or ""
    bundle = Bundle.objects.filter(code=code).first() if code else None
    if code and bundle is None:
        return render(request, "error.html", {"message": f"Không có nhóm thủ tục liên thông mã «{code}»."}, status=400)
    if step and bundle is None:
        return render(request, "error.html", {"message": "Chỉ xem theo bước trong một nhóm thủ tục liên thông: "
                                                         "hãy chọn nhóm (tham số bundle)."}, status=400)
    order = int(step) if step.isdigit() else None
    label = step_labels([code]).get((code, order)) if step else None
    if step and label is None:
        return render(request, "error.html", {"message": f"Nhóm thủ tục liên thông «{code}» không có bước «{step}»."},
                      status=400)
    period = _list_period(request)
    qs = filter_queryset(actor, "dossier", bundles_for(metric, area, period, bundle=code or None, waiting_at=order))
    qs = qs.select_related("bundle").order_by("-submitted_at", "-id")
    page = Paginator(qs, 50).get_page(g.get("page"))
    running: dict[int, list[str]] = {}
    for parent_id, name in Dossier.objects.filter(parent__in=[d.pk for d in page], state__in=RUNNING).order_by(
            "procedure__code").values_list("parent_id", "procedure__name"):
        running.setdefault(parent_id, []).append(name)
    rows = [(d, running.get(d.pk, [])) for d in page]
    heading = BUNDLE_METRICS[metric]
    if label is not None:
        heading = f"{heading} — đang chờ tại: {label}"
    return render(request, "oversight/bundles.html", {
        "page": page, "rows": rows, "heading": heading, "bundle": bundle, "area": area, "period": period,
        "title": _title(area), "as_of": data_as_of(), "query": request.GET.urlencode(),
        "breadcrumbs": _breadcrumbs(area),
    })


@login_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = _actor(request)
    d = Dossier.objects.select_related("procedure").filter(code=code).first()
    if d is None:
        raise Http404("Không tìm thấy hồ sơ.")
    if not can_view(actor, "dossier", d):
        raise PermissionDenied("Bạn không có quyền xem hồ sơ này.")
    return render(request, "oversight/dossier.html", {"d": d, "events": d.events.order_by("seq"),
                                                      "as_of": data_as_of()})


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Any dashboard table as CSV or XLSX, with Vietnamese headers."""
    actor = _actor(request)
    g = request.GET
    area = _area(g.get("province"), g.get("commune"))
    if not _may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền xuất số liệu của địa bàn này.")
    period = _period(request)
    _field, _procedure, procs = _filters(request)
    by = g.get("table") if g.get("table") in ("province", "commune", "field", "procedure", "day", "week") else (
        area.child_level() or "procedure")
    if by in ("province", "commune") and by != area.child_level():
        raise Http404("Bảng không có ở cấp này.")
    rows = table(area, period, by, TABLE_CODES, procedures=procs)
    header_label = {"province": "Tỉnh, thành phố", "commune": "Xã, phường, đặc khu", "field": "Lĩnh vực",
                    "procedure": "Thủ tục hành chính", "day": "Ngày", "week": "Tuần (từ thứ Hai)"}[by]
    headers = ["Mã", header_label] + [f"{INDICATORS[c].name} ({INDICATORS[c].unit})" for c in TABLE_CODES]
    data = [[str(r["key"]), r["name"]] + [_cell(c, r["values"].get(c)) for c in TABLE_CODES] for r in rows]
    stem = f"giam-sat-{area.code or 'toan-quoc'}-{by}-{period.start}-{period.end}"
    if g.get("format") == "xlsx":
        # a spreadsheet library: loaded when a spreadsheet is asked for
        import xlsxwriter

        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True})
        ws = wb.add_worksheet("Số liệu")
        bold = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True})
        ws.write_row(0, 0, headers, bold)
        for i, row in enumerate(data, start=1):
            ws.write_row(i, 0, row)
        ws.write(len(data) + 2, 0, f"{_title(area)} — {period.label} — Số liệu tính đến {data_as_of():%H:%M %d/%m/%Y}")
        ws.set_column(1, 1, 40)
        wb.close()
        response = HttpResponse(buf.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    out = io.StringIO()
    out.write("\ufeff")  # BOM: Excel opens UTF-8 Vietnamese correctly
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(data)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


def _cell(code: str, value: float | None) -> float | None:
    if value is None:
        return None
    unit = INDICATORS[code].unit
    if unit in ("hồ sơ", "trung tâm"):
        return int(round(value))
    return round(value * 100, 2) if unit == "%" else round(value, 2)


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """The "Tải báo cáo" button: the briefing for the area and period shown."""
    actor = _actor(request)
    g = request.GET
    area = _area(g.get("province"), g.get("commune"))
    if not _may_see(actor, area):
        raise PermissionDenied("Bạn không có quyền tải báo cáo của địa bàn này.")
    start, end = briefing.default_period()
    period = Period(_date(g.get("from")) or start, _date(g.get("to")) or end)
    fmt = g.get("format") if g.get("format") in briefing.FORMATS else "pdf"
    data = briefing.build(period.start, period.end, area.province, commune=area.commune)
    if fmt == "html":  # shown in the browser: its inline style needs this response's CSP nonce

        nonce = get_nonce(request)
        html = briefing.render_html(data, nonce=str(nonce) if nonce is not None else "")
        content, content_type = html.encode(), "text/html; charset=utf-8"
    else:
        content, content_type = briefing.render(data, fmt)
    response = HttpResponse(content, content_type=content_type)
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{briefing.filename(data, fmt)}"'
    return response
