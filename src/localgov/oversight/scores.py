"""Decision 766 scores from the facts: the measures (ratios) per province or commune, fed to
the pure scorer (`score766.py`). Each measure names the indicator of one-stop-rules.md §3.2
it stands for; what our data cannot measure is left None ("chưa đo")."""

from __future__ import annotations

from typing import Any

from localgov.oversight import score766
from localgov.oversight.indicators import INDICATORS
from localgov.oversight.selectors import Area, Period, names, sum_facts


def _catalog() -> tuple[set[int], set[int], int]:
    """(procedures offering online service, procedures offering full-process service, all active)."""
    from localgov.catalog.models import Procedure

    rows = list(Procedure.objects.filter(active=True).values_list("id", "online_level"))
    online = {pk for pk, level in rows if level != "none"}
    full = {pk for pk, level in rows if level == "full"}
    return online, full, len(rows)


def _extra(catalog: tuple[set[int], set[int], int]) -> dict[str, str]:
    """Distinct-procedure counts and the full-process denominator, as SQL aggregates summed in
    the same query (portable CASE forms: SQLite and PostgreSQL)."""
    online_procs, full_procs, _n = catalog
    online = ", ".join(str(p) for p in sorted(online_procs)) or "NULL"
    full = ", ".join(str(p) for p in sorted(full_procs)) or "NULL"
    return {
        "procs_used_online": "COUNT(DISTINCT CASE WHEN channel = 2 AND received > 0 AND procedure_id IN "
                             f"({online}) THEN procedure_id END)",
        "procs_charged": "COUNT(DISTINCT CASE WHEN payment_requested > 0 THEN procedure_id END)",
        "procs_paid_online": "COUNT(DISTINCT CASE WHEN paid_online > 0 THEN procedure_id END)",
        "received_full_eligible": f"SUM(CASE WHEN procedure_id IN ({full}) THEN received ELSE 0 END)",
    }


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
        "satisfaction": INDICATORS["satisfaction"].value(t),  # 5.4
    }


def unit_scores(area: Area, period: Period, *, profile: str | None = None) -> dict[str, Any]:
    """766 scores of the area's children (provinces of the nation, communes of a province),
    ranked, plus the area itself. {"config", "area": UnitScore, "units": [(rank, UnitScore, name)]}."""
    config = score766.load_config(profile=profile)
    catalog = _catalog()
    extra = _extra(catalog)
    child = area.child_level()
    units: list[tuple[int, score766.UnitScore, str]] = []
    if child:
        per_unit = {r[child]: r for r in sum_facts(area, period, group=[child], extra=extra)}
        labels = names(child, per_unit.keys())
        scored = [score766.score_unit(str(u), measures_from(t, catalog), config) for u, t in per_unit.items()]
        units = [(r, s, labels.get(s.unit, s.unit or "Cấp tỉnh")) for r, s in score766.rank(scored)]
    own = (sum_facts(area, period, extra=extra) or [{}])[0]
    return {"config": config, "area": score766.score_unit(area.code or "VN", measures_from(own, catalog), config),
            "units": units}
