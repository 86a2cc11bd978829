"""Reads for the dashboards, the briefing and the 766 scores — from the facts only
(docs/oversight.md: oversight reads facts, never scans dossiers).

Which table answers (the cheapest that has the grain asked for):

* nation / province totals and per-province tables → rollup scope "p";
* per-commune tables, or a commune's totals → rollup scope "c";
* by procedure or field for a province, or per province → rollup scope "r";
* by procedure or field for the nation (not split by province) → rollup scope "n";
* by procedure or field inside one commune → the base `Fact` rows.

A period reads the rollups of the whole quarters, months (and, for a weekly trend, weeks) it
covers and day rollups for the rest (`buckets.split`), so a quarter costs one row per key
instead of ninety-two.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from localgov.catalog.models import Field, Procedure
from localgov.centres.selectors import count_operating
from localgov.oversight.buckets import GRAINS_BY_SCOPE, split
from localgov.oversight.facts_rules import COUNTERS
from localgov.oversight.indicators import INDICATORS, evaluate
from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup
from localgov.units.models import Commune, Province

EPOCH = date(2025, 1, 1)
PERIOD_KINDS = {"day": "Ngày", "week": "Tuần", "month": "Tháng", "quarter": "Quý", "custom": "Tùy chọn"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = "custom"

    @property
    def label(self) -> str:
        if self.start == self.end:
            return self.start.strftime("%d/%m/%Y")
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    def days(self) -> Iterable[date]:
        d = self.start
        while d <= self.end:
            yield d
            d += timedelta(days=1)


def make_period(kind: str = "quarter", anchor: date | None = None, start: date | None = None,
                end: date | None = None) -> Period:
    """A period picker value: the day/week/month/quarter containing `anchor`, or [start, end]."""
    anchor = anchor or timezone.localdate()
    if kind == "custom" and start and end:
        return Period(min(start, end), max(start, end), "custom")
    if kind == "day":
        return Period(anchor, anchor, kind)
    if kind == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return Period(monday, monday + timedelta(days=6), kind)
    if kind == "month":
        last = calendar.monthrange(anchor.year, anchor.month)[1]
        return Period(anchor.replace(day=1), anchor.replace(day=last), kind)
    q = (anchor.month - 1) // 3
    first = date(anchor.year, 3 * q + 1, 1)
    last_month = 3 * q + 3
    return Period(first, date(anchor.year, last_month, calendar.monthrange(anchor.year, last_month)[1]), "quarter")


@dataclass(frozen=True)
class Area:
    """nation, a province (code), or a commune (code, with its province)."""

    level: str = "nation"
    province: str | None = None
    commune: str | None = None

    @property
    def code(self) -> str | None:
        return self.commune or self.province

    def child_level(self) -> str | None:
        return {"nation": "province", "province": "commune"}.get(self.level)


def latest_day() -> date:
    """The last day with facts (the default period shows the latest data), else today."""

    last = Fact.objects.aggregate(d=Max("day"))["d"]
    return min(_as_date(last), timezone.localdate()) if last else timezone.localdate()


def default_period() -> Period:
    """The dashboards' period when none is asked for: the latest quarter with data that has
    ended — so one dossier filed today does not turn the default into the current, near-empty
    quarter (issue 22). Without facts before the current quarter: the quarter of the latest
    facts (today's quarter when there are none)."""

    current = make_period("quarter", timezone.localdate())
    before = Fact.objects.filter(day__lt=current.start).aggregate(d=Max("day"))["d"]
    return make_period("quarter", _as_date(before) if before else latest_day())


def data_as_of() -> datetime:
    """Facts are written in the dossiers' own transactions: they are current to the moment read."""
    return timezone.localtime()


# --- summing -----------------------------------------------------------------------------------

_GROUP_FIELDS = {"province": "province_code", "commune": "commune_code", "procedure": "procedure_id",
                 "day": "day", "week": "week", "channel": "channel"}


def _unit_where(area: Area, procedures: Iterable[int] | None) -> tuple[list[str], list[Any]]:
    """SQL conditions (and parameters) for the area's unit columns and a procedure filter —
    the same on the facts, the rollups and the due-day tables."""
    where: list[str] = []
    params: list[Any] = []
    if area.province:
        where.append("province_code = %s")
        params.append(area.province)
    if area.level == "commune":
        where.append("commune_code = %s")
        params.append(area.commune or "")
    if procedures is not None:
        where.append(f"procedure_id IN ({', '.join(str(int(p)) for p in procedures) or 'NULL'})")
    return where, params


#: Counters also summed for channel 2 alone (`online.<counter>`), in SQL.
ONLINE_COUNTERS = ("received", "closed")


def sum_facts(area: Area, period: Period, *, group: Iterable[str] = (), procedures: Iterable[int] | None = None,
              counters: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Summed counters for the area and period, grouped by `group` (province, commune,
    procedure, day, week). Rows: {group fields…, counters…, online.received, online.closed}.
    `counters` sums only those (a chart that draws three series need not sum twenty-four).

    One hand-written statement (identical on SQLite and PostgreSQL): building two dozen ORM
    aggregates costs more than the database spends answering from the rollups."""
    sql, params, names_out = sum_facts_sql(area, period, group=group, procedures=procedures, counters=counters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    grouped = bool(list(group))
    out = []
    for values in fetched:
        row = dict(zip(names_out, values, strict=True))
        if not grouped and not any(row.values()):
            continue
        out.append(row)
    return out


def sum_facts_sql(area: Area, period: Period, *, group: Iterable[str] = (), procedures: Iterable[int] | None = None,
                  counters: Iterable[str] | None = None) -> tuple[str, list[Any], list[str]]:
    """The statement `sum_facts` runs: (sql, params, output names); its columns are aliased
    c0, c1, … in output order, so callers can aggregate over it as a subquery."""
    group = list(group)
    procs = sorted({int(p) for p in procedures}) if procedures is not None else None
    needs_procedure = procs is not None or "procedure" in group
    needs_commune = "commune" in group or area.level == "commune"
    base = needs_procedure and needs_commune
    where: list[str] = []
    params: list[Any] = []
    if base:
        table, day_col = Fact._meta.db_table, "day"
        where.append("day >= %s AND day <= %s")
        params += [period.start, period.end]
    else:
        table, day_col = FactRollup._meta.db_table, "bucket"
        where.append("scope = %s")
        nationwide = area.level == "nation" and "province" not in group
        scope = ("n" if nationwide else "r") if needs_procedure else ("c" if needs_commune else "p")
        params.append(scope)
        if "day" in group:
            where.append("grain = 'd' AND bucket >= %s AND bucket <= %s")
            params += [period.start, period.end]
        else:
            grains = GRAINS_BY_SCOPE[scope]
            if "week" in group:  # whole weeks and days: every row falls in one week
                grains = "dw" if "w" in grains else "d"
            when = []
            for piece in split(period.start, period.end, grains):
                if piece.grain == "d":
                    when.append("(grain = 'd' AND bucket >= %s AND bucket <= %s)")
                    params += [piece.lo, piece.hi]
                else:
                    when.append(f"(grain = '{piece.grain}' AND bucket IN ({', '.join(['%s'] * len(piece.buckets))}))")
                    params += piece.buckets
            # an empty period (its end before its start: the open dossiers of a period ending
            # before EPOCH) sums nothing
            where.append("(" + (" OR ".join(when) or "1 = 0") + ")")
    unit_where, unit_params = _unit_where(area, procs)
    where += unit_where
    params += unit_params
    columns = [day_col if g in ("day", "week") else _GROUP_FIELDS[g] for g in group]
    summed = [c for c in COUNTERS if counters is None or c in set(counters)]
    # Typed in SQL (PostgreSQL's SUM(bigint) is numeric): no per-value conversion in Python.
    select = [*columns, *(f"COALESCE(SUM({c}), 0)" if c == "processing_seconds" else
                          f"COALESCE(CAST(SUM({c}) AS BIGINT), 0)" for c in summed),
              *(f"COALESCE(CAST(SUM(CASE WHEN channel = 2 THEN {c} ELSE 0 END) AS BIGINT), 0)"
                for c in ONLINE_COUNTERS)]
    aliased = ", ".join(f"{e} AS c{i}" for i, e in enumerate(select))
    sql = f"SELECT {aliased} FROM {table} WHERE {' AND '.join(where)}"  # noqa: S608 - our names
    if columns:
        sql += f" GROUP BY {', '.join(columns)}"
    return sql, params, [*group, *summed, *(f"online.{c}" for c in ONLINE_COUNTERS)]


def fold(rows: Iterable[dict[str, Any]], key: Any = None) -> dict[Any, dict[str, float]]:
    """Sum rows into totals per key (key(row) → group key; None: one total)."""
    out: dict[Any, dict[str, float]] = {}
    for r in rows:
        k = key(r) if key else None
        t = out.get(k)
        if t is None:
            out[k] = defaultdict(float, {c: v for c, v in r.items() if c not in _GROUP_FIELDS})
            continue
        for c, v in r.items():
            if c not in _GROUP_FIELDS:
                t[c] += v
    return out


def overdue_as_of(period: Period) -> date:
    """The day overdue is judged at: the day after the period, or today if sooner."""
    return min(period.end + timedelta(days=1), timezone.localdate())


def overdue_rows(area: Area, as_of: date, group: list[str], procedures: Iterable[int] | None = None
                 ) -> list[tuple[Any, ...]]:
    """Open dossiers due before `as_of`, summed by `group` (of "province", "commune",
    "procedure"): rows (group values…, count). Without a commune in the area or the grouping
    this reads `DueRollup` (province × procedure: month rows before as_of's month, day rows of
    it); else the commune-level `DueFact` (due_day < as_of)."""
    cols = [_GROUP_FIELDS[g] for g in group]
    where: list[str] = []
    params: list[Any] = []
    if area.level == "commune" or "commune" in group:
        table = DueFact._meta.db_table
        where.append("due_day < %s")
        params.append(as_of)
    else:
        table = DueRollup._meta.db_table
        month = as_of.replace(day=1)
        where.append("((grain = 'm' AND bucket < %s) OR (grain = 'd' AND bucket >= %s AND bucket < %s))")
        params += [month, month, as_of]
    unit_where, unit_params = _unit_where(area, procedures)
    where += unit_where
    params += unit_params
    sql = (f"SELECT {''.join(c + ', ' for c in cols)}COALESCE(CAST(SUM(open_count) AS BIGINT), 0) "  # noqa: S608
           f"FROM {table} WHERE {' AND '.join(where)}")
    if cols:
        sql += f" GROUP BY {', '.join(cols)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def overdue(area: Area, period: Period, *, group: str | None = None,
            procedures: Iterable[int] | None = None) -> dict[Any, int]:
    rows = overdue_rows(area, overdue_as_of(period), [group] if group else [], procedures)
    if group is None:
        return {None: int(rows[0][0]) if rows else 0}
    return {r[0]: int(r[1]) for r in rows}


def centres_operating(area: Area, period: Period, *, group: str | None = None) -> dict[Any, int]:
    """Centres operating on the last day of the period, from the register's effective-dated
    history (`centres.selectors.count_operating`)."""
    return count_operating(period.end, province=area.province,
                           commune=area.commune if area.level == "commune" else None, group=group)


def open_at_end(area: Area, period: Period, *, procedures: Iterable[int] | None = None) -> float:
    """Dossiers open at the end of the period: everything received minus everything closed
    since the first facts (EPOCH)."""
    opened = fold(sum_facts(area, Period(EPOCH, period.end), procedures=procedures,
                            counters=("received", "closed"))).get(None, {})
    return opened.get("received", 0) - opened.get("closed", 0)


def totals(area: Area, period: Period, *, procedures: Iterable[int] | None = None) -> dict[str, float]:
    procs = list(procedures) if procedures is not None else None
    t = dict(fold(sum_facts(area, period, procedures=procs)).get(None, {}))
    t["overdue_open"] = overdue(area, period, procedures=procs)[None]
    t["open"] = open_at_end(area, period, procedures=procs)
    t["centres_operating"] = centres_operating(area, period)[None] if procs is None else 0
    return t


def breakdown(area: Area, period: Period, by: str, *, procedures: Iterable[int] | None = None
              ) -> dict[Any, dict[str, float]]:
    """Totals per province / commune / procedure / field / day / week inside the area."""
    procs = list(procedures) if procedures is not None else None
    if by == "field":
        field_of = procedure_fields()
        rows = sum_facts(area, period, group=["procedure"], procedures=procs)
        return dict(fold(rows, key=lambda r: field_of.get(r["procedure"], "")))
    if by in ("day", "week"):
        rows = sum_facts(area, period, group=[by], procedures=procs)
        return dict(sorted(fold(rows, key=lambda r: trend_key(by, r[by])).items()))
    result = dict(fold(sum_facts(area, period, group=[by], procedures=procs), key=lambda r: r[by]))
    if by in ("province", "commune", "procedure"):
        for k, n in overdue(area, period, group=by, procedures=procs).items():
            if n:
                result.setdefault(k, defaultdict(float))["overdue_open"] = n
    if by in ("province", "commune") and procs is None:
        for k, n in centres_operating(area, period, group=by).items():
            if k in result or n:
                result.setdefault(k, defaultdict(float))["centres_operating"] = n
    return result


def trend_key(by: str, value: Any) -> date:
    """The day, or the Monday of its week (week rollup rows already carry their Monday)."""
    day = _as_date(value)
    return day if by == "day" else day - timedelta(days=day.weekday())


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def procedure_fields() -> dict[int, str]:

    return dict(Procedure.objects.values_list("id", "field_id"))


def procedures_of_field(field: str) -> list[int]:

    return list(Procedure.objects.filter(field_id=field).values_list("id", flat=True))


def names(level: str, codes: Iterable[Any]) -> dict[Any, str]:

    codes = [c for c in codes if c not in (None, "")]
    if level == "province":
        return dict(Province.objects.filter(code__in=codes).values_list("code", "name"))
    if level == "commune":
        if len(codes) > 500:  # a national commune table: one scan beats binding thousands of parameters
            wanted = set(codes)
            return {c: n for c, n in Commune.objects.values_list("code", "name") if c in wanted}
        return dict(Commune.objects.filter(code__in=codes).values_list("code", "name"))
    if level == "procedure":
        return {pk: f"{code} — {name}" for pk, code, name in
                Procedure.objects.filter(pk__in=codes).values_list("id", "code", "name")}
    if level == "field":
        return dict(Field.objects.filter(slug__in=codes).values_list("slug", "name_vi"))
    return {}


def table(area: Area, period: Period, by: str, codes: list[str], *, procedures: Iterable[int] | None = None,
          min_processed: int = 0) -> list[dict[str, Any]]:
    """Rows {key, name, indicator values…, totals} per `by`, with Vietnamese names."""
    return rows_of(breakdown(area, period, by, procedures=procedures), by, codes, min_processed=min_processed)


def rows_of(data: dict[Any, dict[str, float]], by: str, codes: list[str], *, min_processed: int = 0
            ) -> list[dict[str, Any]]:
    """Table rows from totals per key (see `table`)."""
    labels = names(by, data.keys()) if by in ("province", "commune", "procedure", "field") else {}
    rows = []
    for key, t in data.items():
        if t.get("closed", 0) < min_processed:
            continue
        name = labels.get(key) or (str(key) if key not in ("", None) else "Cấp tỉnh (không thuộc xã)")
        rows.append({"key": key, "name": name, "values": evaluate(t, codes), "totals": dict(t)})
    return rows


def best_and_worst(rows: list[dict[str, Any]], code: str = "on_time_766", n: int = 5
                   ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Best and worst rows by an indicator (rows without a value are left out)."""
    ind = INDICATORS[code]
    scored = [r for r in rows if r["values"].get(code) is not None]
    scored.sort(key=lambda r: (r["values"][code], -r["totals"].get("closed", 0)), reverse=ind.higher_is_better)
    best = scored[:n]
    worst = list(reversed(scored[-n:])) if len(scored) > n else list(reversed(scored))
    return best, worst
