"""The transition hot path's SQL, written once per process from the models' own metadata.

A transition reads one dossier (with the procedure columns the clocks read and the agency's
name), writes the columns it changed under the optimistic lock and appends one event. Through
the ORM each of these compiles a query (the Dossier row is wide: ~70 columns), which cost more
CPU than PostgreSQL spent on them. Here the statements are built once from `_meta` (table and
column names, quoted by the backend), values go through the fields' own adapters and
converters (`get_db_prep_save`, `get_db_converters`), and the instances are ordinary model
instances (`Model.from_db`): anything not loaded here is a deferred field that loads lazily.
Identical on SQLite and PostgreSQL.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections, router
from django.db.models import Field, JSONField, Model, signals
from django.db.models.base import ModelState

from localgov.catalog.models import Procedure, ProcedureStep
from localgov.core.prepared import execute, prepared_cursor
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.units.models import Agency

#: What a transition and the answer read of the procedure (clocks, facts, the API's answer).
PROCEDURE_FIELDS = ("id", "code", "name", "level", "deadline_value", "deadline_unit", "supplement_clock",
                    "clock_stops", "online_level", "boundary_scope")
AGENCY_FIELDS = ("id", "name", "kind", "level", "province", "commune")


@dataclass(frozen=True)
class _Part:
    model: type[Model]
    fields: tuple[Field, ...]
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]


def instance(model: type[Model], alias: str, attnames: tuple[str, ...], values: Any) -> Model:
    """What `model.from_db(alias, attnames, values)` returns — a saved instance with those
    column values and every other column deferred — without running `Model.__init__` over
    every field (a third of the cost of reading a dossier, measured). `from_db` is used when
    anything listens to the model's pre_init / post_init signals."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return model.from_db(alias, attnames, values)
    obj = model.__new__(model)
    obj.__dict__.update(zip(attnames, values, strict=True))
    state = obj._state = ModelState()
    state.adding = False
    state.db = alias
    return obj


@dataclass(frozen=True)
class _LoadPlan:
    sql_by_pk: str
    sql_by_code: str
    parts: tuple[_Part, ...]


def _part(model: type[Model], names: tuple[str, ...] | None, alias: str, connection: Any, start: int) -> _Part:
    concrete = model._meta.concrete_fields
    fields = tuple(concrete if names is None else [f for f in concrete if f.name in names])
    converters = []
    for i, f in enumerate(fields):
        col = f.get_col(alias)
        convs = tuple(connection.ops.get_db_converters(col) + f.get_db_converters(connection))
        if convs:
            converters.append((start + i, convs, col))
    return _Part(model, fields, tuple(f.attname for f in fields), tuple(converters))


@cache
def _load_plan(alias: str) -> _LoadPlan:
    connection = connections[alias]
    qn = connection.ops.quote_name
    dossier = _part(Dossier, None, "d", connection, 0)
    procedure = _part(Procedure, PROCEDURE_FIELDS, "p", connection, len(dossier.fields))
    agency = _part(Agency, AGENCY_FIELDS, "a", connection, len(dossier.fields) + len(procedure.fields))
    cols = ", ".join(f"{a}.{qn(f.column)}" for a, part in (("d", dossier), ("p", procedure), ("a", agency))
                     for f in part.fields)
    step = ProcedureStep._meta
    fk = Dossier._meta.get_field
    base = (
        f"SELECT {cols}, (SELECT COUNT(*) FROM {qn(step.db_table)} s "  # noqa: S608 - names from the models
        f"WHERE s.{qn(step.get_field('procedure').column)} = d.{qn(fk('procedure').column)}) "
        f"FROM {qn(Dossier._meta.db_table)} d "
        f"JOIN {qn(Procedure._meta.db_table)} p ON p.{qn(Procedure._meta.pk.column)} = d.{qn(fk('procedure').column)} "
        f"JOIN {qn(Agency._meta.db_table)} a "
        f"ON a.{qn(Agency._meta.pk.column)} = d.{qn(fk('competent_agency').column)} WHERE d."
    )
    return _LoadPlan(sql_by_pk=f"{base}{qn(Dossier._meta.pk.column)} = %s", sql_by_code=f"{base}{qn('code')} = %s",
                     parts=(dossier, procedure, agency))


def load_dossier(*, pk: int | None = None, code: str | None = None) -> Dossier | None:
    """The dossier by id or code, with `procedure` (PROCEDURE_FIELDS) and `competent_agency`
    (AGENCY_FIELDS) attached and `step_total` (the procedure's number of internal steps) set,
    or None. One statement, no query compilation."""
    alias = router.db_for_read(Dossier)
    connection = connections[alias]
    plan = _load_plan(alias)
    with prepared_cursor(connection) as cursor:
        execute(cursor, plan.sql_by_pk if pk is not None else plan.sql_by_code, [pk if pk is not None else code])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    instances = []
    start = 0
    for part in plan.parts:
        for i, convs, col in part.converters:
            for conv in convs:
                values[i] = conv(values[i], col, connection)
        end = start + len(part.fields)
        instances.append(instance(part.model, alias, part.attnames, values[start:end]))
        start = end
    dossier, procedure, agency = instances
    Dossier._meta.get_field("procedure").set_cached_value(dossier, procedure)
    Dossier._meta.get_field("competent_agency").set_cached_value(dossier, agency)
    dossier.step_total = int(values[start] or 0)  # type: ignore[attr-defined]
    return dossier


@cache
def _dossier_fields() -> tuple[Field, ...]:
    return tuple(f for f in Dossier._meta.concrete_fields if not f.primary_key)


@cache
def _snapshot_plan() -> tuple[tuple[str, bool], ...]:
    """(attname, is a JSON column) of every non-key column."""
    return tuple((f.attname, isinstance(f, JSONField)) for f in _dossier_fields())


@cache
def _update_plan(alias: str) -> tuple[tuple[tuple[str, str, Field], ...], str, str]:
    """((attname, 'quoted column = %s', field) per non-key column, 'UPDATE table SET ',
    ' WHERE id = %s AND version = %s')."""
    qn = connections[alias].ops.quote_name
    columns = tuple((f.attname, f"{qn(f.column)} = %s", f) for f in _dossier_fields())
    where = f" WHERE {qn(Dossier._meta.pk.column)} = %s AND {qn('version')} = %s"
    return columns, f"UPDATE {qn(Dossier._meta.db_table)} SET ", where  # noqa: S608 - names from the model


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """The loaded column values (JSON values copied, since they may be changed in place), to
    find what a transition changed. Deferred columns are left out."""
    loaded = dossier.__dict__
    return {a: copy.deepcopy(loaded[a]) if is_json else loaded[a] for a, is_json in _snapshot_plan() if a in loaded}


def _changes(dossier: Dossier, before: dict[str, Any], connection: Any) -> tuple[list[str], list[Any]]:
    """('column = %s' assignments, adapted values) of the columns that differ from `before`."""
    columns, _, _ = _update_plan(connection.alias)
    loaded = dossier.__dict__
    missing = object()
    sets, params = [], []
    for attname, assignment, field in columns:
        value = loaded.get(attname, missing)
        if value is missing or before.get(attname, missing) == value:
            continue
        sets.append(assignment)
        params.append(field.get_db_prep_save(value, connection))
    return sets, params


def update_changed(dossier: Dossier, before: dict[str, Any], *, version: int) -> int:
    """UPDATE the columns of `dossier` that differ from `before` (a `snapshot`), plus those
    loaded since (a deferred column read or set), WHERE id = %s AND version = `version`.
    Returns the number of rows written (0: someone else moved the dossier first)."""
    alias = router.db_for_write(Dossier)
    connection = connections[alias]
    _, head, where = _update_plan(alias)
    sets, params = _changes(dossier, before, connection)
    if not sets:
        return 1
    params += [dossier.pk, version]
    with prepared_cursor(connection) as cursor:
        execute(cursor, head + ", ".join(sets) + where, params)
        return cursor.rowcount


def write_transition(dossier: Dossier, before: dict[str, Any], *, version: int, event: DossierEvent) -> bool:
    """`update_changed` then `insert_event`, all or nothing; False when the dossier is no longer
    at `version` (nothing written). On PostgreSQL one statement: the UPDATE in a WITH clause and
    the event inserted only from the row it returned (one round trip fewer per transition). An
    IntegrityError (the same seq twice) propagates."""
    alias = router.db_for_write(Dossier)
    connection = connections[alias]
    sets, params = _changes(dossier, before, connection) if connection.vendor == "postgresql" else ([], [])
    if not sets:  # SQLite, or (never in a transition: the version moves) nothing to write
        if update_changed(dossier, before, version=version) != 1:
            return False
        insert_event(event)
        return True
    _, head, where = _update_plan(alias)
    insert, fields = _event_insert_from_update(alias)
    params += [dossier.pk, version]
    params += [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    with prepared_cursor(connection) as cursor:
        execute(cursor, f"WITH u AS ({head}{', '.join(sets)}{where} RETURNING 1) {insert}", params)
        row = cursor.fetchone()
    if row is None:
        return False
    event.pk = row[0]
    event._state.adding = False
    event._state.db = alias
    return True


@cache
def _event_columns(alias: str) -> tuple[tuple[Field, ...], str]:
    """The event's non-key fields and their quoted, comma-separated columns."""
    qn = connections[alias].ops.quote_name
    fields = tuple(f for f in DossierEvent._meta.concrete_fields if not f.primary_key)
    return fields, ", ".join(qn(f.column) for f in fields)


@cache
def _event_insert_from_update(alias: str) -> tuple[str, tuple[Field, ...]]:
    """INSERT … SELECT <typed parameters> FROM u RETURNING id (PostgreSQL)."""
    connection = connections[alias]
    qn = connection.ops.quote_name
    meta = DossierEvent._meta
    fields, columns = _event_columns(alias)
    values = ", ".join(f"CAST(%s AS {f.db_type(connection)})" for f in fields)
    sql = (f"INSERT INTO {qn(meta.db_table)} ({columns}) "  # noqa: S608
           f"SELECT {values} FROM u RETURNING {qn(meta.pk.column)}")
    return sql, fields


@cache
def _event_insert(alias: str) -> tuple[str, tuple[Field, ...], bool]:
    connection = connections[alias]
    qn = connection.ops.quote_name
    meta = DossierEvent._meta
    fields, columns = _event_columns(alias)
    returning = bool(connection.features.can_return_columns_from_insert)
    sql = (f"INSERT INTO {qn(meta.db_table)} ({columns}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})" + (f" RETURNING {qn(meta.pk.column)}" if returning else ""))
    return sql, fields, returning


def insert_event(event: DossierEvent) -> DossierEvent:
    """INSERT the (new) event; an IntegrityError (the same seq twice) propagates."""
    alias = router.db_for_write(DossierEvent)
    connection = connections[alias]
    sql, fields, returning = _event_insert(alias)
    params = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    with prepared_cursor(connection) as cursor:
        execute(cursor, sql, params)
        event.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    event._state.adding = False
    event._state.db = alias
    return event
