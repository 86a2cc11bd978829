"""Decision 766 scores from the facts: the measures (ratios) per province or commune, fed to
the pure scorer (`score766.py`). Each measure names the indicator of one-stop-rules.md §3.2
it stands for; what our data cannot measure is left None ("chưa đo")."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from localgov.oversight import score766
from localgov.oversight.indicators import INDICATORS
from localgov.oversight.selectors import Area, Period, fold, names, sum_facts


def _catalog() -> tuple[set[int], set[int], int]:
    """(procedures offering online service, procedures offering full-process service, all active)."""
    from localgov.catalog.models import Procedure

    rows = list(Procedure.objects.filter(active=True).values_list("id", "online_level"))
    online = {pk for pk, level in rows if level != "none"}
    full = {pk for pk, level in rows if level == "full"}
    return online, full, len(rows)


def measures_from(per_procedure: dict[int, dict[str, float]], catalog: tuple[set[int], set[int], int]
                  ) -> dict[str, float | None]:
    """The ratios of one unit from its totals per procedure."""
    online_procs, full_procs, all_count = catalog
    t: dict[str, float] = defaultdict(float)
    for values in per_procedure.values():
        for k, v in values.items():
            t[k] += v

    def ratio(a: float, b: float) -> float | None:
        return a / b if b else None

    used = {p for p, v in per_procedure.items() if v.get("online.received", 0) > 0 and p in online_procs}
    eligible = sum(v.get("received", 0) for p, v in per_procedure.items() if p in full_procs)
    charged = {p for p, v in per_procedure.items() if v.get("payment_requested", 0) > 0}
    paid = {p for p, v in per_procedure.items() if v.get("paid_online", 0) > 0}
    return {
        "on_time_766": INDICATORS["on_time_766"].value(t),  # 2.1
        "avg_processing_days": INDICATORS["avg_processing_days"].value(t),  # 2.2 (tracking)
        "procedures_online": ratio(len(online_procs), all_count),  # 3.1 (catalogue)
        "services_used": ratio(len(used), len(online_procs)),  # 3.2
        "online_share": INDICATORS["online_share"].value(t),  # 3.3
        "full_online_eligible": ratio(t.get("received_full_online", 0), eligible),  # m0 profile
        "procedures_paid_online": ratio(len(paid & charged), len(charged)),  # 3.5b
        "paid_online_share": ratio(t.get("paid_online", 0), t.get("payment_requested", 0)),  # 3.6
        "e_result": ratio(t.get("result_electronic", 0), t.get("done", 0)),  # 4.1
        "satisfaction": INDICATORS["satisfaction"].value(t),  # 5.4
    }


def unit_scores(area: Area, period: Period, *, profile: str | None = None) -> dict[str, Any]:
    """766 scores of the area's children (provinces of the nation, communes of a province),
    ranked, plus the area itself. {"config", "area": UnitScore, "units": [(rank, UnitScore, name)]}."""
    config = score766.load_config(profile=profile)
    catalog = _catalog()
    child = area.child_level() or "commune"
    group = [child, "procedure"] if area.level != "commune" else ["procedure"]
    rows = sum_facts(area, period, group=group)
    per_unit: dict[Any, dict[int, dict[str, float]]] = defaultdict(dict)
    folded = fold(rows, key=lambda r: (r.get(child) if area.level != "commune" else area.code, r["procedure"]))
    for (unit, proc), t in folded.items():
        per_unit[unit][proc] = t
    own: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for procs in per_unit.values():
        for proc, t in procs.items():
            for k, v in t.items():
                own[proc][k] += v
    labels = names(child, per_unit.keys())
    scored = [score766.score_unit(str(u), measures_from(p, catalog), config) for u, p in per_unit.items()
              if area.level != "commune"]
    ranked = [(r, s, labels.get(s.unit, s.unit or "Cấp tỉnh")) for r, s in score766.rank(scored)]
    return {"config": config, "area": score766.score_unit(area.code or "VN", measures_from(own, catalog), config),
            "units": ranked}
