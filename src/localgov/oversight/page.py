"""The data of one dashboard page (/giam-sat/…) in a handful of statements.

The page shows the area's totals, a table per child unit (provinces of the nation, communes of a
province), per field and per procedure, a trend, and the Decision 766 scores. Asked one widget
at a time, the selectors read the same rows several times (the totals again under every table,
the due-day histogram once per table, the province × procedure rollup twice for the scores).
Here each source is read once and folded in Python:

1. the rollup grouped by child unit — the child table, and the area's totals as its sum (the
   children partition the area; a province's provincial-level dossiers are the child "");
2. the rollup grouped by procedure — the procedure table and the field table (nation: scope
   "n", 77 procedures × 2 channels a month);
3. the trend (three counters, not twenty-four);
4. the due-day histogram grouped by (child, procedure) — overdue per child, per procedure and
   in total from one read (nation: the province × procedure due-month rollup);
5. four counters grouped by (child, procedure) — the distinct-procedure measures of the 766
   scores (indicators 3.2, 3.5b) for every child and for the area;
6. the cumulative open count and the centres in operation.

The numbers are the selectors' own: `tests/oversight/test_oversight_page.py` checks every table
and score against `selectors.table`, `selectors.totals`, `selectors.breakdown` and
`scores.unit_scores` on the same facts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from localgov.oversight import scores as scores766
from localgov.oversight.selectors import (
    EPOCH,
    Area,
    Period,
    centres_operating,
    fold,
    open_at_end,
    overdue_as_of,
    overdue_rows,
    procedure_fields,
    rows_of,
    sum_facts,
    trend_key,
)

#: What the trend chart draws (charts.trend_svg): received, online received, 766 on-time rate.
TREND_COUNTERS = ("received", "on_time_766", "late_766")


@dataclass
class PageData:
    area: Area
    period: Period
    totals: dict[str, float]
    children: dict[Any, dict[str, float]]
    fields: dict[Any, dict[str, float]]
    procedures: dict[Any, dict[str, float]]
    trend: dict[date, dict[str, float]]
    trend_by: str
    scores: dict[str, Any] | None = None

    def table(self, by: str, codes: list[str], *, min_processed: int = 0) -> list[dict[str, Any]]:
        data = {"field": self.fields, "procedure": self.procedures}.get(by, self.children)
        return rows_of(data, by, codes, min_processed=min_processed)


def _overdue(area: Area, period: Period, child: str | None, procedures: list[int] | None
             ) -> tuple[int, dict[Any, int], dict[Any, int]]:
    """Overdue open dossiers: (total, per child, per procedure) from one grouped read."""
    group = [child, "procedure"] if child else ["procedure"]
    total, by_child, by_proc = 0, defaultdict(int), defaultdict(int)
    for row in overdue_rows(area, overdue_as_of(period), group, procedures):
        n = int(row[-1] or 0)
        total += n
        by_proc[row[-2]] += n
        if child:
            by_child[row[0]] += n
    return total, dict(by_child), dict(by_proc)


def _attach(data: dict[Any, dict[str, float]], counts: dict[Any, int], name: str, *, keep_zero: bool) -> None:
    for k, n in counts.items():
        if n or (keep_zero and k in data):
            data.setdefault(k, defaultdict(float))[name] = n


def page_data(area: Area, period: Period, *, procedures: list[int] | None = None,
              with_scores: bool = True) -> PageData:
    procs = list(procedures) if procedures is not None else None
    child = area.child_level()
    if child:
        children = fold(sum_facts(area, period, group=[child], procedures=procs), key=lambda r: r[child])
        totals: dict[str, float] = defaultdict(float)
        for t in children.values():
            for c, v in t.items():
                totals[c] += v
    else:
        children = {}
        totals = fold(sum_facts(area, period, procedures=procs)).get(None, defaultdict(float))
    own_sums = dict(totals)
    child_sums = {k: dict(v) for k, v in children.items()}  # before overdue/centres are attached

    proc_rows = sum_facts(area, period, group=["procedure"], procedures=procs)
    by_proc = fold(proc_rows, key=lambda r: r["procedure"])
    field_of = procedure_fields()
    by_field = fold(proc_rows, key=lambda r: field_of.get(r["procedure"], ""))

    trend_by = "week" if (period.end - period.start).days > 45 else "day"
    trend_rows = sum_facts(area, period, group=[trend_by], procedures=procs, counters=TREND_COUNTERS)
    trend = dict(sorted(fold(trend_rows, key=lambda r: trend_key(trend_by, r[trend_by])).items()))

    overdue_total, overdue_child, overdue_proc = _overdue(area, period, child, procs)
    totals["overdue_open"] = overdue_total
    _attach(children, overdue_child, "overdue_open", keep_zero=False)
    _attach(by_proc, overdue_proc, "overdue_open", keep_zero=False)
    totals["open"] = open_at_end(area, period, procedures=procs)
    totals["centres_operating"] = 0
    if procs is None:
        centres = centres_operating(area, period, group=child)  # {None: n} without a child level
        totals["centres_operating"] = sum(centres.values())  # GROUP BY keeps a NULL group: the sum is the count
        if child:
            _attach(children, centres, "centres_operating", keep_zero=True)

    data = PageData(area=area, period=period, totals=totals, children=children, fields=by_field,
                    procedures=by_proc, trend=trend, trend_by=trend_by)
    if with_scores and procs is None:
        catalog = scores766.catalog()
        extras = scores766.score_extras(area, period, child, catalog, procedure_rows=proc_rows)
        # indicator 2.1 counts the open dossiers: per child from one grouped read, the area's
        # from the totals above (open at the end, overdue)
        stocks: dict[Any, dict[str, float]] = {}
        if child:
            opened = fold(sum_facts(area, Period(EPOCH, period.end), group=[child], counters=("received", "closed")),
                          key=lambda r: r[child])
            for k, t in opened.items():
                stocks[k] = {"open": t.get("received", 0) - t.get("closed", 0),
                             "overdue_open": overdue_child.get(k, 0)}
        stocks[None] = {"open": totals["open"], "overdue_open": overdue_total}
        data.scores = scores766.scores_from(area, own_sums, child_sums, extras, catalog, stocks=stocks)
    return data
