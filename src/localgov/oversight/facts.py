"""Keeping the facts in step with the dossiers, and rebuilding them from the events.

* The live hook (`live.on_dossier_event`, registered with `localgov.dossiers.hooks` in
  OversightConfig.ready) adds each event's delta with the rules and keys defined here. It
  runs inside the transaction of every dossier event, so the event row and its fact delta
  commit or roll back together. That is what makes the update exactly-once per event: the
  event is unique per (dossier, seq), a retried transition either conflicts (optimistic
  locking) or writes a new event, and a rolled-back one leaves no delta behind.
* Writes are single-statement atomic upserts (`INSERT … ON CONFLICT … DO UPDATE SET c = c +
  excluded.c`), identical on SQLite (≥ 3.24) and PostgreSQL — no read-modify-write, no lock
  held beyond the row.
* `rebuild(date_from, date_to)` recomputes the facts of the days in range from the events,
  streaming them in id order with a bounded in-memory buffer, then the rollups of those days
  and months from the base facts, then the due-day histogram from the open dossiers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from localgov.dossiers.models import Dossier, DossierEvent
from localgov.oversight.buckets import GRAINS, GRAINS_BY_SCOPE, bucket_end, bucket_start
from localgov.oversight.facts_rules import (
    COUNTERS,
    NO_DELTA_ACTIONS,
    RUNNING_STATES,
    DossierIn,
    EventIn,
    deltas,
    due_position,
)
from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.core import CalendarError

log = logging.getLogger("localgov.oversight")

FACT = Fact._meta.db_table
ROLLUP = FactRollup._meta.db_table
DUE = DueFact._meta.db_table
FACT_KEY = ("province_code", "commune_code", "procedure_id", "day", "channel")
ROLLUP_KEY = ("grain", "scope", "bucket", "province_code", "commune_code", "procedure_id", "channel")
DUE_KEY = ("province_code", "commune_code", "procedure_id", "channel", "due_day")
DUE_ROLLUP = DueRollup._meta.db_table
DUE_ROLLUP_KEY = ("grain", "bucket", "province_code", "procedure_id")
FLUSH_ROWS = 5000
#: Events whose rules read the procedure's online level or the processing time.
FULL_INPUT_ACTIONS = frozenset({"submit", "decide"})

Key = tuple[str, str, int, date, int]
#: (province, commune, procedure, channel, due day): a row of the due-day histogram (`DUE_KEY`)
DueKey = tuple[str, str, int, int, date]


def local_day(value: datetime | None) -> date | None:
    """The day in Vietnam (settings.TIME_ZONE) of `value`: facts count by the local working
    day, whatever time zone a request may have activated."""
    return value.astimezone(_local_zone()).date() if value is not None else None


def local_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The instants [first 00:00, the day after last 00:00) in Vietnam: the moments whose
    `local_day` falls in [first, last]."""
    zone = _local_zone()
    return (datetime.combine(first, time.min, tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone))


@cache
def _local_zone() -> tzinfo:


    return ZoneInfo(settings.TIME_ZONE)


def _calendar(version: str) -> Any:
    try:
        return get_calendar(version or None)
    except CalendarError:
        return get_calendar()


def processing_seconds(*, clock_started_at: datetime | None, decided_at: datetime | None, paused_seconds: float,
                       calendar_version: str, calendar: Any = None) -> float | None:
    """Working seconds the legal clock ran: from its (last) start — the receipt of the complete
    dossier, restarted after a supplement (Decree 118 Art. 17(3), 19(5)) — to the decision,
    minus the time it stood still (financial obligations, sectoral pauses). 766 indicator 2.2.
    `calendar`: the calendar of `calendar_version` (`_calendar(calendar_version)`) when the
    caller holds it (the bulk simulation); None: looked up here."""
    if clock_started_at is None or decided_at is None:
        return None
    if decided_at <= clock_started_at:
        return 0.0
    if calendar is None:
        calendar = _calendar(calendar_version)
    worked = calendar.working_seconds_between(clock_started_at, decided_at)
    return max(0.0, worked - (paused_seconds or 0.0))


def received_outside(d: Any) -> bool:
    """Received at a centre of another commune than the competent one (receipt regardless of
    boundaries, Decree 118/2025 Art. 3(6)-(7), 14(2))."""
    received = d.received_commune_code
    return bool(received) and received != (d.competent_commune_code or "")


def dossier_input(d: Any, *, online_level: str | None = None, full: bool = True, calendar: Any = None,
                  procedure: Any = None) -> DossierIn:
    """The rule inputs of a Dossier (model instance or a values() dict wrapper). `full=False`
    skips what only `submit` and `decide` read (the procedure's level, the processing time).
    `calendar`: the calendar of the dossier's `calendar_version`, when the caller holds it.
    `procedure`: an object with the procedure's `online_level`, `result_type`, `full_process`
    (default: `d.procedure`)."""
    if not full:
        return DossierIn(
            channel=int(d.channel), return_method=d.return_method, procedure_online_level="",
            repeat_supplement=bool(d.repeat_supplement),
            supplement_requests_after_acceptance=int(d.supplement_requests_after_acceptance or 0),
            received_outside=received_outside(d),
        )
    proc = procedure if procedure is not None else d.procedure
    return DossierIn(  # positional, in the order of DossierIn's fields (a keyword call costs more)
        int(d.channel),  # channel
        d.return_method,  # return_method
        online_level if online_level is not None else proc.online_level,  # procedure_online_level
        bool(d.bundle_id and d.parent_id is None),  # is_bundle_parent
        bool(d.result_electronic),  # result_electronic
        bool(d.repeat_supplement),  # repeat_supplement
        int(d.supplement_requests_after_acceptance or 0),  # supplement_requests_after_acceptance
        processing_seconds(clock_started_at=d.clock_started_at, decided_at=d.decided_at,  # processing_seconds
                           paused_seconds=d.paused_seconds, calendar_version=d.calendar_version, calendar=calendar),
        proc.result_type in ("paper", "both"),  # procedure_paper_result
        bool(proc.full_process),  # procedure_full_known
        received_outside(d),  # received_outside
        bool(d.result_signed),  # result_signed
        bool(d.inputs_digitised),  # inputs_digitised
        bool(d.data_reused),  # data_reused
        bool(d.identity_verified),  # identity_verified
    )


def fact_key(d: Any, day: date) -> Key:
    return (d.province_code, d.competent_commune_code or "", int(d.procedure_id), day, int(d.channel))


def counted(d: Any) -> bool:
    """Whether a dossier's events count in the facts: not a bundle's parent (its members are
    counted; facts_rules module docstring)."""
    return not (d.bundle_id and d.parent_id is None)


def event_fact(d: Any, d_in: DossierIn, action: str, from_state: int | None, to_state: int,
               data: Mapping[str, Any] | None, at: datetime) -> tuple[Key, dict[str, float]] | None:
    """One event's fact row and the counters it adds (`facts_rules.deltas` on the dossier's rule
    inputs `d_in`, keyed by the dossier's unit, procedure and channel and the event's local day),
    or None when it adds nothing. The one rule every writer stores: the live hook
    (`live.on_dossier_event`), `rebuild`, the simulation's bulk writer (they differ only in how
    they batch the I/O)."""
    if action in NO_DELTA_ACTIONS:
        return None
    delta = deltas(EventIn(action, from_state, to_state, data or {}), d_in)
    if not delta:
        return None
    day = local_day(at)
    assert day is not None
    return fact_key(d, day), delta


def _effective_due_day(due_at: datetime | None, extended_due_at: datetime | None) -> date | None:
    return local_day(extended_due_at or due_at)


# --- SQL -----------------------------------------------------------------------------------------


def _upsert_sql(table: str, key: tuple[str, ...], columns: list[str] | tuple[str, ...], rows: int) -> str:
    return _upsert_text(table, key, tuple(columns), rows)


@cache
def _upsert_text(table: str, key: tuple[str, ...], columns: tuple[str, ...], rows: int) -> str:
    cols = [*key, *columns]
    one = "(" + ", ".join(["%s"] * len(cols)) + ")"
    return (f"INSERT INTO {table} ({', '.join(cols)}) VALUES {', '.join([one] * rows)} "  # noqa: S608 - our names
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {_adding(table, columns)}")


def _adding(table: str, columns: Iterable[str]) -> str:
    """The SET list of an upsert that adds the incoming counters to the stored ones."""
    return ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in columns)


#: (scope, province, commune, procedure) expressions of each rollup scope over the base facts —
#: the same shape `_rollup_rows` gives one fact key (models.Scope).
ROLLUP_SCOPES = (("p", "province_code", "''", "0"), ("c", "province_code", "commune_code", "0"),
                 ("r", "province_code", "''", "procedure_id"), ("n", "''", "''", "procedure_id"))


def _rollup_rows(key: Key) -> list[tuple[Any, ...]]:
    """The rollup rows one fact key adds to: each scope at each of its grains (buckets.py)."""
    province, commune, procedure, day, channel = key
    shapes = {"p": (province, "", 0), "c": (province, commune, 0), "r": (province, "", procedure),
              "n": ("", "", procedure)}
    rows = []
    for scope, grains in GRAINS_BY_SCOPE.items():
        prov, comm, proc = shapes[scope]
        for grain in grains:
            rows.append((grain, scope, bucket_start(grain, day), prov, comm, proc, channel))
    return rows


#: Rollup rows per fact key (13: p × 4 grains, c × 3, r × 3, n × 3).
ROLLUP_ROWS = sum(len(g) for g in GRAINS_BY_SCOPE.values())


def _execute(sql: str, rows: list[list[Any]]) -> None:
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def upsert_facts(items: Iterable[tuple[Key, Mapping[str, float]]], *, rollups: bool = True) -> None:
    """Add each delta to its base fact row (and, by default, to its `ROLLUP_ROWS` rollup rows)."""
    by_columns: dict[tuple[str, ...], list[tuple[Key, Mapping[str, float]]]] = {}
    for key, delta in items:
        columns = tuple(sorted(c for c, v in delta.items() if v))
        if columns:
            by_columns.setdefault(columns, []).append((key, delta))
    for columns, group in by_columns.items():
        cols = list(columns)
        _execute(_upsert_sql(FACT, FACT_KEY, cols, 1), [[*key, *(delta[c] for c in cols)] for key, delta in group])
        if rollups:
            params = []
            for key, delta in group:
                values = [delta[c] for c in cols]
                params.append([v for row in _rollup_rows(key) for v in (*row, *values)])
            _execute(_upsert_sql(ROLLUP, ROLLUP_KEY, cols, ROLLUP_ROWS), params)


def upsert_due(rows: Iterable[tuple[str, str, int, int, date, int]], *, rollups: bool = True) -> None:
    """Add (province, commune, procedure, channel, due_day, n) moves to the histogram and, by
    default, to its province × procedure day and month rows. Rows are locked in key order, so
    two dossiers moving in opposite directions between the same buckets cannot deadlock."""
    rows = sorted(rows)
    if not rows:
        return
    _execute(_upsert_sql(DUE, DUE_KEY, ["open_count"], 1), [list(r) for r in rows])
    if rollups:
        net: dict[tuple[str, date, str, int], int] = {}
        for province, _commune, procedure, _channel, due_day, n in rows:
            for key in (("d", due_day, province, procedure), ("m", bucket_start("m", due_day), province, procedure)):
                net[key] = net.get(key, 0) + n
        moves = [[*k, n] for k, n in sorted(net.items()) if n]
        if moves:
            _execute(_upsert_sql(DUE_ROLLUP, DUE_ROLLUP_KEY, ["open_count"], 1), moves)


def rebuild_due_rollups() -> None:
    """`DueRollup` from `DueFact` (GROUP BY in SQL)."""
    DueRollup.objects.all()._raw_delete(DueRollup.objects.db)
    month = ("CAST(date_trunc('month', due_day) AS date)" if connection.vendor == "postgresql"
             else "date(due_day, 'start of month')")
    with connection.cursor() as cursor:
        for grain, bucket in (("d", "due_day"), ("m", month)):
            cursor.execute(
                f"INSERT INTO {DUE_ROLLUP} (grain, bucket, province_code, procedure_id, open_count) "  # noqa: S608
                f"SELECT '{grain}', {bucket}, province_code, procedure_id, SUM(open_count) FROM {DUE} "
                f"GROUP BY {bucket}, province_code, procedure_id HAVING SUM(open_count) <> 0"
            )


# --- rebuild ---------------------------------------------------------------------------------


def _bounds(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=tz) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz) if date_to else None
    return start, end


class _Row:
    """Attribute access over a values() dict (dossier__x keys), for `dossier_input`."""

    __slots__ = ("_v",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._v = values

    def __getattr__(self, name: str) -> Any:
        return self._v["dossier__" + name]


class _ProcedureOf:
    """The procedure fields `dossier_input` reads, from a values() dict."""

    __slots__ = ("full_process", "online_level", "result_type")

    def __init__(self, ev: Mapping[str, Any]) -> None:
        self.online_level = ev["dossier__procedure__online_level"]
        self.result_type = ev["dossier__procedure__result_type"]
        self.full_process = ev["dossier__procedure__full_process"]


_EVENT_FIELDS = (
    "id", "action", "from_state", "to_state", "at", "data",
    "dossier__province_code", "dossier__competent_commune_code", "dossier__procedure_id", "dossier__channel",
    "dossier__return_method", "dossier__bundle_id", "dossier__parent_id", "dossier__result_electronic",
    "dossier__repeat_supplement", "dossier__supplement_requests_after_acceptance", "dossier__clock_started_at",
    "dossier__decided_at", "dossier__paused_seconds", "dossier__calendar_version",
    "dossier__procedure__online_level", "dossier__procedure__result_type", "dossier__procedure__full_process",
    "dossier__received_commune_code", "dossier__result_signed", "dossier__inputs_digitised",
    "dossier__data_reused", "dossier__identity_verified",
)


def _events(start: datetime | None, end: datetime | None, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Events in id order, keyset-paginated (constant memory on both databases)."""

    qs = DossierEvent.objects.all()
    if start is not None:
        qs = qs.filter(at__gte=start)
    if end is not None:
        qs = qs.filter(at__lt=end)
    last = 0
    while True:
        page = list(qs.filter(pk__gt=last).order_by("pk").values(*_EVENT_FIELDS)[:batch])
        if not page:
            return
        yield from page
        last = page[-1]["id"]


def _delete_range(model: Any, field: str, date_from: date | None, date_to: date | None, **extra: Any) -> None:
    qs = model.objects.filter(**extra)
    if date_from:
        qs = qs.filter(**{f"{field}__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{field}__lte": date_to})
    qs._raw_delete(qs.db)


def _bucket_sql(grain: str, column: str = "day") -> str:
    """SQL for the first day of `grain`'s bucket holding the date `column` (buckets.bucket_start)."""
    if connection.vendor == "postgresql":
        unit = {"w": "week", "m": "month", "q": "quarter"}.get(grain)
        return f"CAST(date_trunc('{unit}', {column}) AS date)" if unit else column
    return {"d": column, "w": f"date({column}, 'weekday 0', '-6 days')", "m": f"date({column}, 'start of month')",
            "q": f"date({column}, 'start of month', '-' || ((CAST(strftime('%m', {column}) AS INTEGER) - 1) % 3) "
                 "|| ' months')",
            }[grain]


#: How `_rebuild_rollups` derives each scope's day rows: from the base facts, or by summing the
#: day rows of a finer scope that holds the same facts split further (a province's facts are its
#: communes' facts, commune "" included; the nation's per procedure are its provinces').
DAY_SOURCES = {"c": None, "r": None, "p": "c", "n": "r"}


def _span(date_from: date | None, date_to: date | None) -> tuple[date | None, date | None]:
    """The days whose day rows the coarser buckets touching [date_from, date_to] are made of."""
    lo = min(bucket_start(g, date_from) for g in GRAINS) if date_from else None
    hi = max(bucket_end(g, date_to) for g in GRAINS) if date_to else None
    return lo, hi


def _rebuild_rollups(date_from: date | None, date_to: date | None) -> None:
    """Rollups of the rebuilt days — and of every week, month and quarter touching them, whole.

    In cascade (the same sums, fewer rows read): the day rows of the scopes `c` and `r` from the
    base facts, over every day of those weeks, months and quarters (`_span`); the day rows of `p`
    and `n` from those (`DAY_SOURCES`); then every coarser bucket of a scope from its own day
    rows. Two passes over the base facts instead of one per (scope, grain) — 13. Counters are
    sums, so sums of sums are the sums (tests/oversight/test_oversight_rollup_cascade.py compares
    with the direct sums over the base facts)."""
    counters = list(COUNTERS)
    sums = ", ".join(f"SUM({c})" for c in counters)
    cols = ", ".join([*ROLLUP_KEY, *counters])
    span_lo, span_hi = _span(date_from, date_to)
    shapes = {scope: (province, commune, procedure) for scope, province, commune, procedure in ROLLUP_SCOPES}

    def between(column: str, lo: date | None, hi: date | None) -> tuple[list[str], list[Any]]:
        where, params = [], []
        if lo:
            where.append(f"{column} >= %s")
            params.append(lo)
        if hi:
            where.append(f"{column} <= %s")
            params.append(hi)
        return where, params

    def insert(cursor: Any, grain: str, scope: str, bucket: str, source: str, where: list[str],
               params: list[Any]) -> None:
        province, commune, procedure = shapes[scope]
        group = ", ".join(g for g in (bucket, province, commune, procedure, "channel") if g not in ("''", "0"))
        cond = ("WHERE " + " AND ".join(where)) if where else ""
        cursor.execute(
            f"INSERT INTO {ROLLUP} ({cols}) SELECT '{grain}', '{scope}', {bucket}, {province}, "  # noqa: S608
            f"{commune}, {procedure}, channel, {sums} FROM {source} {cond} GROUP BY {group}",
            params,
        )

    with connection.cursor() as cursor:
        _delete_range(FactRollup, "bucket", span_lo, span_hi, grain="d")
        for scope, finer in DAY_SOURCES.items():  # finer scopes first (dict order)
            if finer is None:
                where, params = between("day", span_lo, span_hi)
                insert(cursor, "d", scope, "day", FACT, where, params)
            else:
                where, params = between("bucket", span_lo, span_hi)
                insert(cursor, "d", scope, "bucket", ROLLUP, ["grain = 'd'", f"scope = '{finer}'", *where], params)
        for grain in GRAINS[1:]:
            lo = bucket_start(grain, date_from) if date_from else None
            hi = bucket_end(grain, date_to) if date_to else None
            _delete_range(FactRollup, "bucket", lo, hi, grain=grain)
            for scope, grains in GRAINS_BY_SCOPE.items():
                if grain in grains:
                    where, params = between("bucket", lo, hi)
                    insert(cursor, grain, scope, _bucket_sql(grain, "bucket"), ROLLUP,
                           ["grain = 'd'", f"scope = '{scope}'", *where], params)


def rebuild_due() -> int:
    """The due-day histogram from the open dossiers as they are now (its incremental
    updates only ever move a dossier between buckets, so their net is exactly this).

    Set-based: one `INSERT … SELECT … GROUP BY` over the open dossiers — the bucket is the local
    day of `COALESCE(extended_due_at, due_at)` (`_effective_due_day`), computed by the database
    in settings.TIME_ZONE (`TruncDate`, as `local_day` does in Python) — instead of reading
    every open dossier back through Python (≈ 300,000 of them after a national simulation).
    Same rows as `due_position` per dossier: running state, a due time, not paused, no bundle
    parent (tests/oversight/test_oversight_rebuild_due_sql.py)."""
    DueFact.objects.all()._raw_delete(DueFact.objects.db)
    sql, params = _open_due_query().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {DUE} ({', '.join(DUE_KEY)}, open_count) "  # noqa: S608 - our names
            f"SELECT province_code, due_commune, procedure_id, channel, due_local_day, due_open FROM ({sql}) due_q",
            params,
        )
        cursor.execute(f"SELECT COALESCE(SUM(open_count), 0) FROM {DUE}")  # noqa: S608 - our names
        total = int(cursor.fetchone()[0])
    rebuild_due_rollups()
    return total


def _open_due_query() -> Any:
    """Open dossiers in the due-day histogram, counted per `DUE_KEY` (a values() queryset)."""

    return (Dossier.objects.filter(state__in=sorted(RUNNING_STATES), paused_since__isnull=True, due_at__isnull=False)
            .exclude(bundle__isnull=False, parent__isnull=True)
            .annotate(due_commune=Coalesce(F("competent_commune_code"), Value("")),
                      due_local_day=TruncDate(Coalesce(F("extended_due_at"), F("due_at")), tzinfo=_local_zone()))
            .values("province_code", "due_commune", "procedure_id", "channel", "due_local_day")
            .annotate(due_open=Count("id"))
            .order_by())


def rebuild(date_from: date | None = None, date_to: date | None = None) -> int:
    """Recompute the facts of the local days [date_from, date_to] (None = unbounded) from the
    dossier events; returns the number of events read. Idempotent; safe to run after a bulk
    load that bypassed the hooks (the simulation calls it)."""
    start, end = _bounds(date_from, date_to)
    read = 0
    with transaction.atomic():
        _delete_range(Fact, "day", date_from, date_to)
        buffer: dict[Key, dict[str, float]] = {}
        for ev in _events(start, end):
            read += 1
            row = _Row(ev)
            if not counted(row):
                continue
            d_in = dossier_input(row, online_level=ev["dossier__procedure__online_level"],
                                 full=ev["action"] in FULL_INPUT_ACTIONS, procedure=_ProcedureOf(ev))
            fact = event_fact(row, d_in, ev["action"], ev["from_state"], ev["to_state"], ev["data"], ev["at"])
            if fact is None:
                continue
            key, delta = fact
            acc = buffer.setdefault(key, {})
            for c, v in delta.items():
                acc[c] = acc.get(c, 0) + v
            if len(buffer) >= FLUSH_ROWS:
                upsert_facts(buffer.items(), rollups=False)
                buffer.clear()
        upsert_facts(buffer.items(), rollups=False)
        _rebuild_rollups(date_from, date_to)
        rebuild_due()
    log.info("facts rebuilt", extra={"from": str(date_from), "to": str(date_to), "events": read})
    return read


# --- bulk loads (the simulation) -----------------------------------------------------------------


def add_base_facts(items: Iterable[tuple[Key, Mapping[str, float]]]) -> int:
    """Add already aggregated deltas (one per fact key) to the base fact rows, without the
    rollups (`refresh_after_bulk` rebuilds those once at the end). For a bulk writer that
    computed the deltas itself with `event_fact`, as the hook and `rebuild` do. Adding,
    not replacing, keeps the facts of other dossiers of the same days. On PostgreSQL: COPY into
    a temporary table, then one `INSERT … SELECT … ON CONFLICT DO UPDATE` adding the counters;
    on SQLite: the same upserts as `rebuild`. Returns the number of fact keys written."""
    rows = [(key, delta) for key, delta in items if delta]
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        upsert_facts(rows, rollups=False)
        return len(rows)
    counters = list(COUNTERS)
    zeros = dict.fromkeys(counters, 0)
    values = itemgetter(*counters)
    _add_copied(FACT, FACT_KEY, counters, ((*key, *values({**zeros, **delta})) for key, delta in rows))
    return len(rows)


def due_key(d: Any) -> DueKey | None:
    """Where a dossier as it stands sits in the due-day histogram: (province, commune,
    procedure, channel, due day) — or None. The rule of the live hook (`due_position`, bundle
    parents left out) and of `rebuild_due`'s query."""
    if d.bundle_id and d.parent_id is None:
        return None
    day = due_position(state=d.state, due_day=_effective_due_day(d.due_at, d.extended_due_at),
                       paused=d.paused_since is not None)
    if day is None:
        return None
    return (d.province_code, d.competent_commune_code or "", int(d.procedure_id), int(d.channel), day)


def add_due(counts: Iterable[tuple[DueKey, int]]) -> int:
    """Add open-dossier counts per due key (`due_key`) to the histogram, without its rollups
    (`refresh_after_bulk(due_added=True)` rebuilds those): what the live hook's moves add up
    to for dossiers loaded in bulk, instead of `rebuild_due` reading every open dossier back.
    Returns the number of keys written."""
    rows = [(*key, n) for key, n in counts if n]
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        upsert_due(rows, rollups=False)
        return len(rows)
    _add_copied(DUE, DUE_KEY, ["open_count"], rows)
    return len(rows)


def _add_copied(table: str, key: tuple[str, ...], counters: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY `rows` (key columns, then counters) into a temporary table, then add
    them to `table` in one `INSERT … SELECT … ON CONFLICT DO UPDATE`."""
    names = ", ".join([*key, *counters])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE bulk_add ON COMMIT DROP AS SELECT {names} FROM {table} "  # noqa: S608
                       "WITH NO DATA")
        with cursor.cursor.copy(f"COPY bulk_add ({names}) FROM STDIN") as copy:  # noqa: S608 - our names
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bulk_add "  # noqa: S608
                       f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {_adding(table, counters)}")
        cursor.execute("DROP TABLE bulk_add")


def refresh_after_bulk(date_from: date | None, date_to: date | None, *, due_added: bool = False) -> None:
    """After `add_base_facts` for every event of [date_from, date_to]: the rollups of those days
    and months from the base facts (set-based SQL) and the due-day histogram — what `rebuild`
    does after its base facts, without reading the events back. `due_added`: the loader added
    its open dossiers with `add_due`, so only the histogram's rollups are rebuilt; otherwise the
    histogram is rebuilt from every open dossier (`rebuild_due`)."""
    with transaction.atomic():
        _rebuild_rollups(date_from, date_to)
        if due_added:
            rebuild_due_rollups()
        else:
            rebuild_due()
