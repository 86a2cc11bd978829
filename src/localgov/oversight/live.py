"""The live hook (`on_dossier_event`, run in every dossier event's transaction) and its writes:
one dossier event's fact delta and due-day move, as fixed statements
with named parameters, prepared once per connection on PostgreSQL (core/prepared.py).

`facts.upsert_facts` / `facts.upsert_due` take any number of keys, which makes their text and
parameter count grow with the input: a 13-row rollup upsert has 13 × (7 + counters) positional
parameters, more than psycopg caches the parsing of (50), so the client re-split the text on
every event and the server parsed and planned it anew. Here each statement names every value
once — the key, the four bucket starts, the counters — and repeats the names where the rows
need them, so one event is a handful of short, cached, prepared statements whatever its shape.
The rows are the same as `facts._rollup_rows` (one per scope × grain of buckets.GRAINS_BY_SCOPE)
and `facts.upsert_due` (histogram row, then the province × procedure day and month rows, each
statement's rows in key order so opposite moves cannot deadlock); tests/oversight compare the
two paths row by row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from django.db import connection

from localgov.core.prepared import execute, prepared_cursor
from localgov.oversight.buckets import GRAINS, GRAINS_BY_SCOPE, bucket_start
from localgov.oversight.facts import (
    DUE,
    DUE_ROLLUP,
    FACT,
    FULL_INPUT_ACTIONS,
    ROLLUP,
    _adding,
    _effective_due_day,
    counted,
    dossier_input,
    event_fact,
)
from localgov.oversight.facts_rules import due_moves, due_position

#: (province, commune, procedure) of each rollup scope, as parameter names or literals.
_SHAPES = {"p": ("%(prov)s", "''", "0"), "c": ("%(prov)s", "%(comm)s", "0"),
           "r": ("%(prov)s", "''", "%(proc)s"), "n": ("''", "''", "%(proc)s")}


@cache
def fact_statements(columns: tuple[str, ...]) -> tuple[str, str]:
    """(base fact upsert, rollup upsert) adding the counters `columns` (named v0, v1, …)."""
    values = ", ".join(f"%(v{i})s" for i in range(len(columns)))
    names = ", ".join(columns)
    base = (f"INSERT INTO {FACT} (province_code, commune_code, procedure_id, day, channel, {names}) "  # noqa: S608
            f"VALUES (%(prov)s, %(comm)s, %(proc)s, %(b_d)s, %(chan)s, {values}) "
            f"ON CONFLICT (province_code, commune_code, procedure_id, day, channel) "
            f"DO UPDATE SET {_adding(FACT, columns)}")
    rows = []
    for scope, grains in GRAINS_BY_SCOPE.items():
        prov, comm, proc = _SHAPES[scope]
        for grain in grains:
            rows.append(f"('{grain}', '{scope}', %(b_{grain})s, {prov}, {comm}, {proc}, %(chan)s, {values})")
    rollup = (f"INSERT INTO {ROLLUP} (grain, scope, bucket, province_code, commune_code, procedure_id, "  # noqa: S608
              f"channel, {names}) VALUES {', '.join(rows)} "
              f"ON CONFLICT (grain, scope, bucket, province_code, commune_code, procedure_id, channel) "
              f"DO UPDATE SET {_adding(ROLLUP, columns)}")
    return base, rollup


def add_fact(key: tuple[str, str, int, date, int], delta: Mapping[str, float]) -> None:
    """Add one event's `delta` to its base fact row and its rollup rows."""
    columns = tuple(sorted(c for c, v in delta.items() if v))
    if not columns:
        return
    province, commune, procedure, day, channel = key
    params: dict[str, Any] = {"prov": province, "comm": commune, "proc": procedure, "chan": channel}
    for grain in GRAINS:
        params[f"b_{grain}"] = bucket_start(grain, day)
    for i, column in enumerate(columns):
        params[f"v{i}"] = delta[column]
    base, rollup = fact_statements(columns)
    with prepared_cursor(connection) as cursor:
        execute(cursor, base, params)
        execute(cursor, rollup, params)


@cache
def due_statements(days: int, rollup_rows: int) -> tuple[str, str | None]:
    """(histogram upsert of `days` rows, province × procedure upsert of `rollup_rows` rows)."""
    rows = ", ".join(f"(%(prov)s, %(comm)s, %(proc)s, %(chan)s, %(day{i})s, %(n{i})s)" for i in range(days))
    due = (f"INSERT INTO {DUE} (province_code, commune_code, procedure_id, channel, due_day, open_count) "  # noqa: S608
           f"VALUES {rows} ON CONFLICT (province_code, commune_code, procedure_id, channel, due_day) "
           f"DO UPDATE SET {_adding(DUE, ['open_count'])}")
    if not rollup_rows:
        return due, None
    rows = ", ".join(f"(%(g{i})s, %(b{i})s, %(prov)s, %(proc)s, %(r{i})s)" for i in range(rollup_rows))
    rollup = (f"INSERT INTO {DUE_ROLLUP} (grain, bucket, province_code, procedure_id, open_count) "  # noqa: S608
              f"VALUES {rows} ON CONFLICT (grain, bucket, province_code, procedure_id) "
              f"DO UPDATE SET {_adding(DUE_ROLLUP, ['open_count'])}")
    return due, rollup


def move_due(key: tuple[str, str, int, int], moves: Sequence[tuple[date, int]]) -> None:
    """Apply one dossier's due-day moves ((due_day, ±n), …) to the histogram and its day and
    month rollup rows, each in key order."""
    moves = sorted(moves)
    if not moves:
        return
    province, commune, procedure, channel = key
    params: dict[str, Any] = {"prov": province, "comm": commune, "proc": procedure, "chan": channel}
    for i, (day, n) in enumerate(moves):
        params[f"day{i}"] = day
        params[f"n{i}"] = n
    net: dict[tuple[str, date], int] = {}
    for day, n in moves:
        for grain in ("d", "m"):
            bucket = (grain, bucket_start(grain, day))
            net[bucket] = net.get(bucket, 0) + n
    rollups = [(k, n) for k, n in sorted(net.items()) if n]
    for i, ((grain, bucket), n) in enumerate(rollups):
        params[f"g{i}"] = grain
        params[f"b{i}"] = bucket
        params[f"r{i}"] = n
    due, rollup = due_statements(len(moves), len(rollups))
    with prepared_cursor(connection) as cursor:
        execute(cursor, due, params)
        if rollup is not None:
            execute(cursor, rollup, params)


def on_dossier_event(dossier: Any, event: Any, before: Mapping[str, Any]) -> None:
    """`localgov.dossiers.hooks` listener: one event → its fact delta and due-bucket move."""
    if not counted(dossier):
        return  # bundle parents are not counted (facts_rules module docstring)
    d_in = dossier_input(dossier, full=event.action in FULL_INPUT_ACTIONS)
    fact = event_fact(dossier, d_in, event.action, event.from_state, event.to_state, event.data, event.at)
    if fact is not None:
        add_fact(*fact)
    # The due-day histogram: where the dossier sat before, where it sits now. Only `extend`
    # changes extended_due_at while the clock runs (Art. 19(6)); payment_received may change
    # it too, but only after a pause, when the dossier was out of the histogram.
    extended_before = None if event.action == "extend" else dossier.extended_due_at
    old = due_position(state=before.get("state"), due_day=_effective_due_day(before.get("due_at"), extended_before),
                       paused=before.get("paused_since") is not None)
    new = due_position(state=dossier.state, due_day=_effective_due_day(dossier.due_at, dossier.extended_due_at),
                       paused=dossier.paused_since is not None)
    moves = due_moves(old, new)
    if moves:
        key = (dossier.province_code, dossier.competent_commune_code or "", int(dossier.procedure_id),
               int(dossier.channel))
        move_due(key, moves)
