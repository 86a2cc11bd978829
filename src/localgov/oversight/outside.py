"""Receipt outside the competent commune (tiếp nhận không phụ thuộc địa giới hành chính, Decree
118/2025 Art. 3(6)-(7), Art. 14(2)): which receiving commune took in how many dossiers decided by
which competent commune, and how many of them ended on time by the Decision 766 method
(clock.classify_766). The totals (count, share, on-time rate) are fact counters
(facts_rules `received_outside`, `outside_on_time_766`, `outside_late_766`); this list of pairs reads
the dossiers behind them (`dossier_lists.METRICS["received_outside"]`), for the briefing and the
dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from localgov.oversight.dossier_lists import dossiers_for
from localgov.oversight.selectors import Area, Period, names


def outside_pairs(area: Area, period: Period, *, limit: int = 10) -> list[dict[str, Any]]:
    """The (receiving commune, competent commune) pairs with the most dossiers received outside
    the competent commune in the period, most first."""
    rows = list(dossiers_for("received_outside", area, period)
                .values("received_commune_code", "competent_commune_code")
                .annotate(n=Count("id"), on_time=Count("id", filter=Q(outcome_766="on_time")),
                          late=Count("id", filter=Q(outcome_766="late")))
                .order_by("-n", "received_commune_code", "competent_commune_code")[:limit])
    labels = names("commune", {c for r in rows for c in (r["received_commune_code"], r["competent_commune_code"])})
    out = []
    for r in rows:
        measured = r["on_time"] + r["late"]
        out.append({"received": r["received_commune_code"], "competent": r["competent_commune_code"] or "",
                    "received_name": labels.get(r["received_commune_code"], r["received_commune_code"]),
                    "competent_name": labels.get(r["competent_commune_code"], "Cấp tỉnh"),
                    "count": r["n"], "on_time": r["on_time"], "late": r["late"],
                    "on_time_rate": r["on_time"] / measured if measured else None})
    return out
