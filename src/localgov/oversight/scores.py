"""Decision 766 scores from the facts: the measures (ratios) per province or commune, fed to
the pure scorer (`score766.py`). Each measure names the indicator of
docs/domain/decision-766.md §2 it stands for; what our data cannot measure is left None ("chưa đo")."""

from __future__ import annotations

from typing import Any

from django.db import connection

from localgov.catalog.models import Procedure
from localgov.feedback.selectors import Place, group5_inputs
from localgov.oversight import score766
from localgov.oversight.indicators import INDICATORS
from localgov.oversight.selectors import Area, Period, fold, names, sum_facts, sum_facts_sql


def catalog() -> tuple[set[int], set[int], int]:
    """(procedures offering online service, procedures offering full-process service, all active)."""

    rows = list(Procedure.objects.filter(active=True).values_list("id", "online_level"))
    online = {pk for pk, level in rows if level != "none"}
    full = {pk for pk, level in rows if level == "full"}
    return online, full, len(rows)


EXTRA_COUNTERS = ("received", "payment_requested", "paid_online")


def _extras_of(procedure_rows: list[dict[str, Any]], catalog: tuple[set[int], set[int], int]) -> dict[str, float]:
    online_procs, full_procs, _n = catalog
    return {
        "procs_used_online": sum(1 for r in procedure_rows if r["online.received"] > 0
                                 and r["procedure"] in online_procs),
        "procs_charged": sum(1 for r in procedure_rows if r["payment_requested"] > 0),
        "procs_paid_online": sum(1 for r in procedure_rows if r["paid_online"] > 0),
        "received_full_eligible": sum(r["received"] for r in procedure_rows if r["procedure"] in full_procs),
    }


def score_extras(area: Area, period: Period, child: str | None, catalog: tuple[set[int], set[int], int], *,
                 procedure_rows: list[dict[str, Any]] | None = None) -> dict[Any, dict[str, float]]:
    """The distinct-procedure measures (3.2 services used online, 3.5b procedures paid online)
    and the full-process denominator, per child unit and for the area (key None).

    A procedure counts for a unit when its counter summed over the period is positive (counters
    are never negative, so this equals "some fact row of the period is positive"). Per child:
    counters summed per (child, procedure) in a subquery, counted per child around it — one
    statement, ~34 rows back for the nation. The area's own: from its per-procedure sums
    (`procedure_rows`, which the dashboard has already read; else read here)."""
    online_procs, full_procs, _n = catalog
    if procedure_rows is None:
        procedure_rows = sum_facts(area, period, group=["procedure"], counters=EXTRA_COUNTERS)
    out: dict[Any, dict[str, float]] = {None: _extras_of(procedure_rows, catalog)}
    _add_group5(out, area, period, child)
    if not child:
        return out
    inner, params, names_out = sum_facts_sql(area, period, group=[child, "procedure"], counters=EXTRA_COUNTERS)
    col = {name: f"c{i}" for i, name in enumerate(names_out)}
    online = ", ".join(str(p) for p in sorted(online_procs)) or "NULL"
    full = ", ".join(str(p) for p in sorted(full_procs)) or "NULL"
    proc, unit = col["procedure"], col[child]
    sql = (f"SELECT {unit}, "  # noqa: S608 - our names
           f"SUM(CASE WHEN {col['online.received']} > 0 AND {proc} IN ({online}) THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN {col['payment_requested']} > 0 THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN {col['paid_online']} > 0 THEN 1 ELSE 0 END), "
           f"SUM(CASE WHEN {proc} IN ({full}) THEN {col['received']} ELSE 0 END) "
           f"FROM ({inner}) t GROUP BY {unit}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, used, charged, paid, eligible in cursor.fetchall():
            out.setdefault(key, {}).update({"procs_used_online": int(used or 0), "procs_charged": int(charged or 0),
                        "procs_paid_online": int(paid or 0), "received_full_eligible": float(eligible or 0)})
    return out


def _add_group5(out: dict[Any, dict[str, float]], area: Area, period: Period, child: str | None) -> None:
    """Group 5 (indicators 5.2–5.4) counts from the complaint records (feedback app)."""
    place = Place(province_code=area.province, commune_code=area.commune)
    for key, counts in group5_inputs(place, child, period.start, period.end).items():
        out.setdefault(key, {}).update(counts)


def measures_from(t: dict[str, float], catalog: tuple[set[int], set[int], int]) -> dict[str, float | None]:
    """The ratios of one unit from its totals (with the `_extra` aggregates)."""
    online_procs, _full, all_count = catalog

    def ratio(a: float, b: float) -> float | None:
        return min(1.0, a / b) if b else None

    return {
        "on_time_766": INDICATORS["on_time_766"].value(t),  # 2.1
        "avg_processing_days": INDICATORS["avg_processing_days"].value(t),  # 2.2 (tracking)
        "procedures_online": ratio(len(online_procs), all_count),  # 3.1 (catalogue)
        "services_used": ratio(t.get("procs_used_online", 0), len(online_procs)),  # 3.2
        "online_share": INDICATORS["online_share"].value(t),  # 3.3
        "full_online_eligible": ratio(t.get("received_full_online", 0), t.get("received_full_eligible", 0)),  # m0
        # 3.5b: procedures with an online payment ÷ fee-bearing procedures with a payment request.
        "procedures_paid_online": ratio(t.get("procs_paid_online", 0), t.get("procs_charged", 0)),
        "paid_online_share": ratio(t.get("paid_online", 0), t.get("payment_requested", 0)),  # 3.6
        "e_result": ratio(t.get("result_electronic", 0), t.get("done", 0)),  # 4.1
        "complaints_on_time": ratio(t.get("complaints_on_time", 0), t.get("complaints", 0)),  # 5.2
        "complaints_satisfied": ratio(t.get("complaints_satisfied", 0), t.get("complaints", 0)),  # 5.3
        "satisfaction": INDICATORS["satisfaction"].value(t),  # 5.4
    }


def scores_from(area: Area, own: dict[str, float], children: dict[Any, dict[str, float]],
                extras: dict[Any, dict[str, float]], catalog: tuple[set[int], set[int], int], *,
                profile: str | None = None) -> dict[str, Any]:
    """Scores and ranks from summed counters (the area's own, and per child) plus `score_extras`."""
    config = score766.load_config(profile=profile)
    child = area.child_level()
    units: list[tuple[int, score766.UnitScore, str]] = []
    if child:
        labels = names(child, children.keys())
        scored = [score766.score_unit(str(u), measures_from({**t, **extras.get(u, {})}, catalog), config)
                  for u, t in children.items()]
        units = [(r, s, labels.get(s.unit, s.unit or "Cấp tỉnh")) for r, s in score766.rank(scored)]
    area_score = score766.score_unit(area.code or "VN", measures_from({**own, **extras.get(None, {})}, catalog),
                                     config)
    return {"config": config, "area": area_score, "units": units}


def unit_scores(area: Area, period: Period, *, profile: str | None = None) -> dict[str, Any]:
    """766 scores of the area's children (provinces of the nation, communes of a province),
    ranked, plus the area itself. {"config", "area": UnitScore, "units": [(rank, UnitScore, name)]}."""
    cat = catalog()
    child = area.child_level()
    children = fold(sum_facts(area, period, group=[child]), key=lambda r: r[child]) if child else {}
    own = (sum_facts(area, period) or [{}])[0]
    return scores_from(area, own, children, score_extras(area, period, child, cat), cat, profile=profile)
