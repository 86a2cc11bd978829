"""Workforce pages (server-rendered, under /nhan-su/): balance by province, commune and field,
rebalancing plans with approval, capacity gaps, staff list import/export.

Who sees what is the access policy's "official" resource (HR officers, approvers, overseers of
the unit); approving a plan needs an HR officer of the province (`services.can_decide`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from localgov.access.areas import Area
from localgov.access.policy import Actor, matches
from localgov.access.roles import Role
from localgov.access.web import area_required, signin_required
from localgov.core import svgcharts
from localgov.core.errors import DomainError
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.inputs import page_day
from localgov.workforce import capacity, selectors, services, spreadsheets
from localgov.workforce.balance import STATUS_LABELS, Status, commune_status, summarise_by_field
from localgov.workforce.models import SKILL_AREAS, PlanStatus, RebalancePlan
from localgov.workforce.norms import NormConfig, load_config
from localgov.workforce.rebalance import DISTANCE_LABELS


@dataclass(frozen=True)
class Unit:
    province_code: str
    commune_code: str | None = None


def _sees(actor: Actor, province: str, commune: str | None = None) -> bool:
    return matches(actor, "official", Unit(province, commune))


def _denied(request: HttpRequest, message: str = "Bạn không có quyền xem dữ liệu nhân sự này.") -> HttpResponse:
    return render(request, "error.html", {"message": message}, status=403)


#: days of work behind a page's day (the workload the balance weighs)
WORKLOAD_DAYS = 28


def _day(request: HttpRequest) -> date:
    """The page's day (?ngay=), when it and its workload window lie inside the working calendar;
    else today."""
    cal = get_calendar()
    return page_day(request.GET.get("ngay"), cal.first_day + timedelta(days=WORKLOAD_DAYS),
                    cal.last_day) or selectors.today()


def _field_rows(rows: list, names: dict[str, str]) -> list[dict]:
    summary = summarise_by_field(rows)
    out = []
    for slug, name in names.items():
        s = summary.get(slug)
        if s is None:
            continue
        out.append({"slug": slug, "name": name, "staff": s.staff, "norm": s.norm, "needed": s.needed,
                    "transferable": s.transferable,
                    **{k.value: s.communes.get(k, 0) for k in Status}})
    return out


def _charts(fields: list[dict], where: str) -> dict[str, str]:
    """Staff against norm by field; communes in shortage / balance / surplus per field
    (core/svgcharts.py — the same SVG can go into the briefing's PDF)."""
    staff = svgcharts.staff_vs_norm([(f["name"], f["staff"], f["norm"]) for f in fields],
                                    title=f"Cán bộ hiện có so với định mức theo lĩnh vực — {where}",
                                    ident="chart-staff")
    order = [Status.SHORTAGE, Status.OVERLOADED, Status.BALANCED, Status.SURPLUS]
    colours = {Status.SHORTAGE: "#e6a23c", Status.OVERLOADED: "#d46a6a", Status.BALANCED: "#d9e6f2",
               Status.SURPLUS: "#6a9fd4"}
    spread = svgcharts.stacked_shares(
        [(f["name"], [f[s.value] for s in order]) for f in fields],
        [svgcharts.Segment(s.label, colours[s]) for s in order],
        title=f"Số xã thiếu, quá tải, cân đối, thừa theo lĩnh vực — {where}", ident="chart-spread")
    return {"staff": staff, "spread": spread}


@area_required(Area.WORKFORCE)
def index(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    idx = selectors.units_index()
    provinces = [p for p in sorted(idx.province_names) if _sees(actor, p)]
    communes = [] if provinces else [f for f in idx.facts if _sees(actor, f.province_code, f.code)]
    if not provinces and not communes:
        return _denied(request)
    if len(provinces) == 1:
        return redirect("workforce:province", code=provinces[0])
    if not provinces:
        return redirect("workforce:commune", code=communes[0].code)
    day = _day(request)
    view = selectors.balance(day)
    per_province = selectors.province_summaries(view)
    cfg = load_config()
    nation = summarise_by_field(view.rows)
    rows = []
    for p in provinces:
        summary = per_province.get(p, {})
        rows.append({"code": p, "name": idx.province_names[p], "headlines": selectors.headlines(summary, cfg),
                     "staff": sum(s.staff for s in summary.values()), "norm": sum(s.norm for s in summary.values())})
    fields = _field_rows(view.rows, cfg.field_names())
    return render(request, "workforce/index.html", {
        "day": day, "rows": rows, "headlines": selectors.headlines(nation, cfg),
        "fields": fields, "labels": STATUS_LABELS, "charts": _charts(fields, "toàn quốc"),
        "staff": sum(r["staff"] for r in rows), "communes": len(idx.facts), "sources": _sources(cfg),
    })


def _sources(cfg: NormConfig) -> list[dict[str, str]]:
    return [{"key": k, "title": v["title"], "url": v["url"]} for k, v in cfg.raw["sources"].items()]


@signin_required
def province(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.actor
    idx = selectors.units_index()
    if code not in idx.province_names:
        raise Http404
    if not _sees(actor, code):
        return _denied(request)
    day = _day(request)
    cfg = load_config()
    # The province view adds the load measured from the last 28 days of dossier events (indexed by
    # province and time); the national view compares staff with norms only.
    view = selectors.balance(day, province_code=code, workload_days=WORKLOAD_DAYS)
    by_commune: dict[str, list] = {}
    for r in view.rows:
        by_commune.setdefault(r.commune_code, []).append(r)
    names = cfg.field_names()
    communes = []
    for c, rows in by_commune.items():
        status = commune_status(rows, view.thresholds)
        communes.append({
            "code": c, "name": idx.names.get(c, c), "staff": sum(r.staff for r in rows),
            "norm": sum(r.norm for r in rows), "status": status, "status_label": status.label,
            "short": [names[r.field] for r in rows if r.status is Status.SHORTAGE],
        })
    communes.sort(key=lambda x: (x["status"] != Status.SHORTAGE, x["code"]))
    overall = Counter(c["status"] for c in communes)
    plans = RebalancePlan.objects.filter(province_code=code)[:10]
    fields = _field_rows(view.rows, names)
    return render(request, "workforce/province.html", {
        "code": code, "name": idx.province_names[code], "day": day,
        "headlines": selectors.headlines(summarise_by_field(view.rows), cfg),
        "fields": fields, "communes": communes, "labels": STATUS_LABELS,
        "charts": _charts(fields, idx.province_names[code]),
        "overall": {s.label: overall.get(s, 0) for s in Status}, "plans": plans,
        "can_plan": actor.has(Role.HR_OFFICER) and matches(actor, "official", Unit(code), roles=[Role.HR_OFFICER]),
        "thresholds": view.thresholds, "measured": (view.measured_from, view.measured_to),
    })


@signin_required
def commune(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.actor
    idx = selectors.units_index()
    facts = next((f for f in idx.facts if f.code == code), None)
    if facts is None:
        raise Http404
    if not _sees(actor, facts.province_code, code):
        return _denied(request)
    day = _day(request)
    cfg = load_config()
    view = selectors.balance(day, commune_code=code, province_code=facts.province_code, workload_days=WORKLOAD_DAYS)
    names = cfg.field_names()
    gaps = capacity.gaps_by_commune(actor=actor, day=day, commune_code=code)
    staff = selectors.officials_for(actor, day=day, commune_code=code)
    areas = cfg.raw["capacity"]["areas"]
    return render(request, "workforce/commune.html", {
        "code": code, "name": idx.names[code], "facts": facts, "day": day,
        "province_name": idx.province_names[facts.province_code],
        "rows": [{"name": names[r.field], "r": r, "label": r.status.label} for r in view.rows],
        "measured": (view.measured_from, view.measured_to),
        "gaps": [{"area": areas[a], "share": gaps[0].share_below[a] * 100} for a in SKILL_AREAS] if gaps else [],
        "staff": [{"rec": r, "field": names.get(r.field, r.field)} for r in staff[:500]],
        "norm_total": sum(r.norm for r in view.rows), "staff_total": sum(r.staff for r in view.rows),
    })


@signin_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    plan = RebalancePlan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404
    if not matches(actor, "official", plan):
        return _denied(request)
    if request.GET.get("xlsx"):
        response = HttpResponse(
            spreadsheets.plan_xlsx(plan, actor=actor),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="phuong-an-{plan.pk}.xlsx"'
        return response
    idx = selectors.units_index()
    return render(request, "workforce/plan.html", {
        "plan": plan, "rows": spreadsheets.plan_rows(plan), "headers": spreadsheets.PLAN_HEADERS,
        "province_name": idx.province_names.get(plan.province_code, plan.province_code),
        "can_decide": plan.status == PlanStatus.DRAFT and services.can_decide(actor, plan),
        "default_effective": plan.as_of + timedelta(days=1), "distances": DISTANCE_LABELS,
    })


@require_POST
@signin_required
def plan_create(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.actor
    if not (actor.has(Role.HR_OFFICER) and matches(actor, "official", Unit(code), roles=[Role.HR_OFFICER])):
        return _denied(request, "Chỉ cán bộ tổ chức - nhân sự của tỉnh được lập phương án.")
    plan = services.propose_plan(province_code=code, actor=actor)
    messages.success(request, f"Đã lập phương án #{plan.pk}: {plan.filled}/{plan.needed} vị trí thiếu được đáp ứng.")
    return redirect("workforce:plan", pk=plan.pk)


@require_POST
@signin_required
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request.actor
    plan = RebalancePlan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404
    if not services.can_decide(actor, plan):
        return _denied(request, "Chỉ cán bộ tổ chức - nhân sự của tỉnh được phê duyệt phương án.")
    try:
        if request.POST.get("decision") == "approve":
            cal = get_calendar()
            effective = page_day(request.POST.get("effective_on"), cal.first_day, cal.last_day)
            if effective is None:
                raise ValueError("effective_on")
            services.approve_plan(plan_id=pk, actor=actor, effective_on=effective, user=request.user)
            messages.success(request, "Đã phê duyệt; các điều chuyển có hiệu lực từ "
                                      f"{effective:%d/%m/%Y}.")
        else:
            services.reject_plan(plan_id=pk, actor=actor, note=request.POST.get("note", "")[:500],
                                 user=request.user)
            messages.info(request, "Đã không phê duyệt phương án.")
    except ValueError:
        messages.error(request, "Ngày hiệu lực không hợp lệ.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("workforce:plan", pk=pk)


@signin_required
def capacity_page(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    province_code = request.GET.get("tinh") or None
    idx = selectors.units_index()
    if province_code and (province_code not in idx.province_names or not _sees(actor, province_code)):
        return _denied(request)
    day = _day(request)
    fmt = request.GET.get("tai")
    if fmt in ("csv", "xlsx"):
        rows = capacity.training_needs(actor=actor, day=day, province_code=province_code)
        if fmt == "csv":
            response = HttpResponse(capacity.training_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                capacity.training_xlsx(rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="nhu-cau-dao-tao.{fmt}"'
        return response
    gaps = capacity.gaps_by_commune(actor=actor, day=day, province_code=province_code)
    if not gaps and not province_code and not actor.system and not any(_sees(actor, p) for p in idx.province_names):
        return _denied(request)
    cfg = load_config()
    areas = cfg.raw["capacity"]["areas"]
    worst = sorted(gaps, key=lambda g: -sum(g.share_below.values()))[:100]
    return render(request, "workforce/capacity.html", {
        "province_code": province_code or "", "day": day, "areas": areas,
        "overall": {areas[a]: v * 100 for a, v in capacity.province_gaps(gaps).items()},
        "rows": [{"code": g.commune_code, "name": idx.names.get(g.commune_code, ""), "officials": g.officials,
                  "shares": [g.share_below[a] * 100 for a in SKILL_AREAS]} for g in worst],
        # The list is per province: nationally it would be every official below a level.
        "needs": capacity.training_needs(actor=actor, day=day, province_code=province_code, limit=50)
        if province_code else [],
        "required": capacity.required_levels(cfg), "communes": len(gaps),
    })


@signin_required
def staff_export(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    province_code = request.GET.get("tinh") or None
    commune_code = request.GET.get("xa") or None
    if not (province_code or commune_code):
        return _denied(request, "Chọn tỉnh hoặc xã để xuất danh sách.")
    response = HttpResponse(
        spreadsheets.export_staff_bytes(actor=actor, province_code=province_code, commune_code=commune_code),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="danh-sach-can-bo-{commune_code or province_code}.xlsx"'
    return response


@signin_required
def template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(spreadsheets.template_bytes(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-can-bo.xlsx"'
    return response


@signin_required
def staff_import(request: HttpRequest) -> HttpResponse:
    actor = request.actor
    if not actor.has(Role.HR_OFFICER):
        return _denied(request, "Chỉ cán bộ tổ chức - nhân sự được nhập danh sách.")
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or upload.size > 10 * 1024 * 1024:
            messages.error(request, "Chọn tệp XLSX (tối đa 10 MB).")
        else:
            result = spreadsheets.import_staff(upload.read(), actor=actor)
            if not result.errors:
                messages.success(request, f"Đã nhập {result.created} cán bộ.")
    status = 422 if result and result.errors else 200
    return render(request, "workforce/import.html", {"result": result}, status=status)
