"""Oversight in the JSON API, mounted at /api/v1/oversight: the headline figures, the Decision 766
scores, the workforce balance and the briefing — for a nation, a province or a commune, through
the access policy (oversight's rule: a national overseer sees all, a province's overseer the
province and its communes, a commune's officers their commune; `access.policy.sees_scope`).
A token needs the scope «oversight:read»."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from localgov.access.policy import Actor
from localgov.access.policy import sees_scope as may_see
from localgov.core.api_errors import errors
from localgov.core.errors import NotFound, PermissionDenied, ValidationFailed
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.oversight import briefing
from localgov.oversight.indicators import HEADLINE, INDICATORS, evaluate, format_value
from localgov.oversight.scores import unit_scores
from localgov.oversight.selectors import Area, Period, totals
from localgov.units.models import Commune, Province
from localgov.workforce import balance as bal
from localgov.workforce import selectors as wf

router = Router(tags=["oversight"])
MAX_DAYS = 400


def parse_day(value: str | None, name: str, default: date) -> date:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _bad(name)
    except ValueError:
        return _bad(name)


def _bad(name: str) -> date:
    raise ValidationFailed("Ngày không hợp lệ.", fields={name: ["Ngày dạng YYYY-MM-DD."]})


def scope_and_period(request: HttpRequest, province: str | None, commune: str | None, date_from: str | None,
                     date_to: str | None, *, action: str = "xem số liệu") -> tuple[Actor, Area, Period]:
    """The caller (session or token with «oversight:read»), the area asked for (checked against
    the units and the access policy) and the period (default: the briefing's quarter)."""

    actor = actor_for(request, required=True)
    require_scope(request, "oversight:read")
    start, end = briefing.default_period()
    p = Period(parse_day(date_from, "from", start), parse_day(date_to, "to", end))
    if p.start > p.end:
        raise ValidationFailed("Khoảng thời gian không hợp lệ.",
                               fields={"from": ["Ngày bắt đầu phải trước ngày kết thúc."]})
    if (p.end - p.start).days > MAX_DAYS:
        raise ValidationFailed("Khoảng thời gian quá dài.", fields={"to": [f"Tối đa {MAX_DAYS} ngày."]})
    if commune:
        row = Commune.objects.filter(code=commune).values_list("province_id", flat=True).first()
        if row is None or (province and province != row):
            raise NotFound(f"Không có xã mã {commune}" + (f" thuộc tỉnh {province}." if province else "."))
        area = Area("commune", row, commune)
    elif province:
        if not Province.objects.filter(code=province).exists():
            raise NotFound(f"Không có tỉnh mã {province}.")
        area = Area("province", province)
    else:
        area = Area("nation")
    if not may_see(actor, area):
        raise PermissionDenied(f"Bạn không có quyền {action} của địa bàn này.")
    return actor, area, p


class AreaOut(Schema):
    level: str
    province: str | None
    commune: str | None


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    value: float | None
    text: str
    target: float | None


class FiguresOut(Schema):
    area: AreaOut
    date_from: date
    date_to: date
    indicators: list[IndicatorOut]
    totals: dict[str, float]


class ScoreOut(Schema):
    unit: str
    name: str
    rank: int | None
    total: float
    measured_max: float
    normalised: float | None
    band: str | None


class ScoresOut(Schema):
    area: AreaOut
    date_from: date
    date_to: date
    profile: str
    own: ScoreOut
    units: list[ScoreOut]


def _area_out(a: Area) -> dict[str, Any]:
    return {"level": a.level, "province": a.province, "commune": a.commune}


READ_ERRORS = errors(401, 403, 404, 422)


@router.get("/figures", response={200: FiguresOut, **READ_ERRORS}, summary="Chỉ tiêu giám sát của một địa bàn")
def figures(request: HttpRequest, province: str | None = None, commune: str | None = None,
            date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    """The dashboard's headline indicators and the counters they are computed from."""
    _actor, area, p = scope_and_period(request, province, commune, date_from, date_to)
    t = totals(area, p)
    values = evaluate(t, HEADLINE)
    return {"area": _area_out(area), "date_from": p.start, "date_to": p.end,
            "indicators": [{"code": c, "name": INDICATORS[c].name, "unit": INDICATORS[c].unit, "value": values[c],
                            "text": format_value(c, values[c]), "target": INDICATORS[c].target} for c in HEADLINE],
            "totals": {k: float(v) for k, v in t.items()}}


def _score(s: Any, name: str, rank: int | None) -> dict[str, Any]:
    return {"unit": str(s.unit), "name": name, "rank": rank, "total": round(s.total, 2),
            "measured_max": s.measured_max, "normalised": None if s.normalised is None else round(s.normalised, 2),
            "band": s.band}


@router.get("/scores", response={200: ScoresOut, **READ_ERRORS}, summary="Điểm Quyết định 766")
def scores(request: HttpRequest, province: str | None = None, commune: str | None = None,
           date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    """The area's own Decision 766 score and its children's (provinces of the nation, communes of
    a province), ranked."""

    _actor, area, p = scope_and_period(request, province, commune, date_from, date_to)
    s = unit_scores(area, p)
    own_name = area.code or "Toàn quốc"
    return {"area": _area_out(area), "date_from": p.start, "date_to": p.end, "profile": s["config"]["profile"],
            "own": _score(s["area"], own_name, None),
            "units": [_score(u, name, rank) for rank, u, name in s["units"]]}


class BalanceRowOut(Schema):
    commune_code: str
    field: str
    staff: int
    norm: int
    gap: int
    load: float | None
    status: str
    transferable: int
    needed: int


class BalanceOut(Schema):
    area: AreaOut
    day: date
    rows: list[BalanceRowOut]
    headlines: list[str]


@router.get("/workforce-balance", response={200: BalanceOut, **READ_ERRORS},
            summary="Cân đối biên chế: nơi thừa, nơi thiếu")
def workforce_balance(request: HttpRequest, province: str | None = None, commune: str | None = None,
                      day: str | None = None) -> dict[str, Any]:
    """Staff against norms per (commune, field) pool on a day (workforce/balance.py)."""

    _actor, area, _p = scope_and_period(request, province, commune, None, None, action="xem cân đối biên chế")
    on = parse_day(day, "day", briefing.default_period()[1])
    view = wf.balance(on, province_code=area.province, commune_code=area.commune)
    rows = view.rows
    return {"area": _area_out(area), "day": on,
            "rows": [{"commune_code": r.commune_code, "field": r.field, "staff": r.staff, "norm": r.norm,
                      "gap": r.gap, "load": r.load, "status": str(r.status.value), "transferable": r.transferable,
                      "needed": r.needed} for r in rows],
            "headlines": wf.headlines(bal.summarise_by_field(rows)) if any(r.staff for r in rows) else []}


@router.get("/briefing", response={200: None, **READ_ERRORS}, summary="Báo cáo tổng hợp (HTML, PDF, XLSX, JSON)",
            openapi_extra={"responses": {200: {"description": "Báo cáo ở định dạng yêu cầu", "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/html": {"schema": {"type": "string"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}}}}}})
def briefing_doc(request: HttpRequest, province: str | None = None, commune: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, format: str = "json") -> HttpResponse:
    """The briefing of the nation, a province or a commune, in one of html, pdf, xlsx, json."""
    if format not in briefing.FORMATS:
        raise ValidationFailed("Định dạng không hỗ trợ.",
                               fields={"format": ["Một trong: " + ", ".join(briefing.FORMATS)]})
    _actor, area, p = scope_and_period(request, province, commune, date_from, date_to, action="tải báo cáo")
    data = briefing.build(p.start, p.end, area.province, commune=area.commune)
    content, content_type = briefing.render(data, format)
    response = HttpResponse(content, content_type=content_type)
    if format != "json":
        response["Content-Disposition"] = f'attachment; filename="{briefing.filename(data, format)}"'
    return response
