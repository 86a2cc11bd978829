"""What the oversight dashboards and the briefing show of complaints, trips and apologies
(small hooks in oversight/views.py, oversight/urls.py and oversight/briefing_sections.py),
each figure with a link to the list behind it (web_oversight.py)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from localgov.access.policy import SYSTEM, Actor
from localgov.feedback import selectors
from localgov.feedback.lifecycle import KIND_LABELS, Kind


def _pct(part: int, whole: int) -> str:
    return "—" if not whole else f"{part * 100 / whole:.1f}".replace(".", ",") + "%"


def section(actor: Actor, province: str | None, commune: str | None, first: date, last: date) -> dict[str, Any]:
    place = selectors.Place(province_code=province, commune_code=commune)
    q = {k: v for k, v in {"province": province, "commune": commune, "from": first.isoformat(),
                           "to": last.isoformat()}.items() if v}

    def link(path: str, **extra: str) -> str:
        return f"/giam-sat/{path}/?{urlencode({**q, **extra})}"

    g = selectors.group5(actor, place, first, last)
    with_c, dossiers = selectors.dossiers_with_complaints(actor, place, first, last)
    by = "procedure"
    trips = selectors.trip_table(actor, place, "unit", first, last)
    n_dossiers = sum(r.dossiers for r in trips)
    n_multi = sum(r.multi for r in trips)
    n_trips = sum(r.trips for r in trips)
    late_no_apology = selectors.late_without_apology(actor, place, first, last).count()
    return {
        "total": g.total, "total_href": link("phan-anh"),
        "by_kind": [{"label": KIND_LABELS[k], "n": g.by_kind.get(k.value, 0), "share": _pct(g.by_kind.get(k.value, 0),
                                                                                            g.total),
                     "href": link("phan-anh", measure=k.value)} for k in Kind],
        "on_time": g.on_time, "on_time_share": _pct(g.on_time, g.total), "late": g.total - g.on_time,
        "late_href": link("phan-anh", measure="late"),
        "satisfied": g.satisfied, "satisfied_share": _pct(g.satisfied, g.total),
        "not_satisfied": g.total - g.satisfied, "not_satisfied_href": link("phan-anh", measure="not_satisfied"),
        "dossiers_with_complaints": with_c, "dossiers": dossiers, "with_share": _pct(with_c, dossiers),
        "trips": n_trips, "trip_dossiers": n_dossiers, "multi": n_multi, "multi_share": _pct(n_multi, n_dossiers),
        "trips_href": link("di-lai"), "multi_href": link("di-lai", by=by),
        "late_no_apology": late_no_apology, "late_no_apology_href": link("tre-han-chua-xin-loi"),
    }


def briefing_lines(day: date, province: str | None) -> list[str]:
    """The briefing's section on citizens heard: the quarter to `day`."""
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    s = section(SYSTEM, province, None, first, day)
    if not s["total"] and not s["trips"]:
        return []
    return [
        f"{s['total']} phản ánh, kiến nghị từ {first:%d/%m/%Y}: xử lý đúng hạn {s['on_time_share']} (chỉ số 5.2), "
        f"hài lòng với việc xử lý {s['satisfied_share']} (5.3); {s['dossiers_with_complaints']} hồ sơ bị phản ánh "
        f"({s['with_share']} số hồ sơ, thành phần của chỉ số 5.4).",
        f"{s['trips']} lượt người dân đến Bộ phận Một cửa; {s['multi']} hồ sơ phải đi lại nhiều lần "
        f"({s['multi_share']} số hồ sơ).",
        f"{s['late_no_apology']} hồ sơ trễ hạn mà chưa có văn bản xin lỗi, hẹn lại (Nghị định 118/2025, Điều 19 "
        f"khoản 6).",
    ]
