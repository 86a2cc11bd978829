"""Foreign keys of a bulk load on PostgreSQL, checked once per batch instead of row by row
(ADR 0008).

PostgreSQL checks a foreign key with a trigger per inserted row (`RI_FKey_check_ins`: a query
that finds the referenced row and locks it FOR KEY SHARE). A simulated dossier brings about ten
such checks (its procedure, agency and centres, then one per event and per document), a large
share of the server's CPU in a national load (`bench/copy_floor.py`; bench/RESULTS.md,
"Simulation").

When the role may set `session_replication_role` (a superuser, or one granted SET on that
parameter), `BulkWriter._flush` turns the row triggers off for its COPYs only (`SET LOCAL`, inside
the batch's savepoint, back to `origin` right after) and then calls `check` for the batch, in
the same transaction: one scan of each table's new rows gathers the distinct values of all its
keys, then, per key with values,

1. the referenced rows of other tables (procedures, agencies, centres, users, dossiers written
   before) are locked FOR KEY SHARE, as the row triggers lock them, so that no other transaction
   can delete them before this one commits;
2. as many rows must have been locked as there are values, else `IntegrityError` naming the
   column and a missing value: the savepoint rolls the whole batch back (nothing half written).

So the load keeps the same guarantee as the constraint; only the work is done per distinct value
instead of per row. Any other trigger firing on INSERT into those tables would be skipped as
well, so `relax` refuses (and the row triggers stay on) when one exists. Without the privilege
the row triggers simply run, as before."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction

#: pg_trigger.tgtype bit of an INSERT trigger (PostgreSQL's TRIGGER_TYPE_INSERT, pg_trigger.h)
_TRIGGER_INSERT = 1 << 2


@dataclass(frozen=True)
class ForeignKey:
    table: str  # the referencing table (one of the batch's)
    column: str
    parent: str
    target: str


def foreign_keys(models: Sequence[Any]) -> list[ForeignKey]:
    """Every database-level foreign key of `models`, from Django's metadata (what the
    migrations created as constraints)."""
    out = []
    for model in models:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.many_to_one and f.db_constraint:
                out.append(ForeignKey(model._meta.db_table, f.column, f.related_model._meta.db_table,
                                      f.target_field.column))
    return out


def relax(cur: Any, tables: Sequence[str]) -> bool:
    """Turn the row triggers off until the end of the current transaction or savepoint, if this
    role may and no trigger other than the foreign keys' fires on INSERT into `tables`. Returns
    whether they are off (the caller then owes a `check` and a `restore`)."""
    cur.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal "
                "AND tgtype & %s <> 0 AND tgenabled <> 'D'", [list(tables), _TRIGGER_INSERT])
    if cur.fetchone()[0]:
        return False
    try:
        with transaction.atomic():  # a refusal must not abort the caller's transaction
            off(cur)
    except DatabaseError:
        return False
    return True


def off(cur: Any) -> None:
    """Row triggers off again, once `relax` has said this connection may."""
    cur.execute("SET LOCAL session_replication_role = replica")


def restore(cur: Any) -> None:
    cur.execute("SET LOCAL session_replication_role = origin")


def check(cur: Any, keys: Sequence[ForeignKey], ranges: Mapping[str, tuple[int, int]]) -> None:
    """Lock and check what the rows with ids in `ranges` (table → first, last id) reference. One
    scan of each table's new rows gathers the distinct values of all its keys; then, per key
    with values, the referenced rows are locked FOR KEY SHARE and as many must be locked as
    there are values (a row deleted meanwhile is not found, one being deleted is waited for).
    A reference into the batch's own rows needs neither: the batch's COPY of that table wrote
    every id of its range in this transaction, which no other transaction sees yet."""
    by_table: dict[str, list[ForeignKey]] = {}
    for key in keys:
        if key.table in ranges:
            by_table.setdefault(key.table, []).append(key)
    for table, table_keys in by_table.items():
        columns, params = [], []
        for key in table_keys:
            own = ""
            if key.parent in ranges:
                own = f" AND {key.column} NOT BETWEEN %s AND %s"
                params += ranges[key.parent]
            columns.append(f"array_agg(DISTINCT {key.column}) FILTER (WHERE {key.column} IS NOT NULL{own})")
        cur.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id BETWEEN %s AND %s",  # noqa: S608 - model names
                    [*params, *ranges[table]])
        for key, values in zip(table_keys, cur.fetchone(), strict=True):
            if values:
                _lock_all(cur, key, values)


def _lock_all(cur: Any, key: ForeignKey, values: list[Any]) -> None:
    cur.execute(f"SELECT count(*) FROM (SELECT 1 FROM {key.parent} WHERE {key.target} = ANY(%s) "  # noqa: S608
                "FOR KEY SHARE) locked", [values])
    if cur.fetchone()[0] == len(values):
        return
    cur.execute(f"SELECT v FROM unnest(%s) AS r (v) WHERE NOT EXISTS "  # noqa: S608
                f"(SELECT 1 FROM {key.parent} p WHERE p.{key.target} = r.v) LIMIT 1", [values])
    missing = cur.fetchone()
    raise IntegrityError(f'insert or update on table "{key.table}" violates foreign key: '
                         f'{key.column}={missing[0] if missing else "?"} is not present in table "{key.parent}"')
