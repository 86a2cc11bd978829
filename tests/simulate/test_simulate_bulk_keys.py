"""The bulk writer's foreign keys on PostgreSQL (`simulate/bulk_keys.py`): with the row triggers
off for its COPYs, every batch is still checked — a missing reference fails the batch and nothing
of it stays — and the rows it references are locked FOR KEY SHARE as the triggers would lock
them. Where the triggers cannot be turned off (no privilege, or another INSERT trigger exists)
the load keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from localgov.catalog.models import Procedure
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.simulate import bulk_keys, bulk_path, runner

DOSSIERS = Dossier._meta.db_table
EVENTS = DossierEvent._meta.db_table
TABLES = [DOSSIERS, EVENTS]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")


@pytest.fixture
def checks(monkeypatch) -> list[dict[str, tuple[int, int]]]:
    """Every batch check the writer makes, with its ranges."""
    seen: list[dict[str, tuple[int, int]]] = []
    real = bulk_keys.check

    def spy(cur: Any, keys: Any, ranges: dict[str, tuple[int, int]]) -> None:
        seen.append(dict(ranges))
        real(cur, keys, ranges)

    monkeypatch.setattr(bulk_keys, "check", spy)
    return seen


@pytest.fixture
def other_connection() -> Iterator[Any]:
    """A second connection to the test database, autocommit, failing at once on a lock."""
    conn = connection.get_new_connection(connection.get_connection_params())
    conn.autocommit = True
    conn.execute("SET lock_timeout = '100ms'")
    try:
        yield conn
    finally:
        conn.close()


def _role(cur: Any) -> str:
    cur.execute("SHOW session_replication_role")
    return cur.fetchone()[0]


def test_each_batch_is_checked_and_its_parents_locked(simulate, checks, other_connection) -> None:
    result = simulate(batch=10)
    assert result.dossiers > 50
    # one check per batch, covering every dossier and event written, with nothing left over
    assert len(checks) >= result.dossiers // 10
    assert sum(r[DOSSIERS][1] - r[DOSSIERS][0] + 1 for r in checks) == result.dossiers
    assert sum(r[EVENTS][1] - r[EVENTS][0] + 1 for r in checks) == result.events
    with connection.cursor() as cur:
        assert _role(cur) == "origin"  # the triggers are back on after each batch
    used = set(Dossier.objects.values_list("procedure_id", flat=True))
    unused = Procedure.objects.exclude(pk__in=used).values_list("pk", flat=True).first()
    # the referenced procedures are locked until this transaction ends: no other one can delete them
    with pytest.raises(psycopg.errors.LockNotAvailable):
        other_connection.execute("SELECT 1 FROM catalog_procedure WHERE id = %s FOR UPDATE", [min(used)])
    assert unused is not None
    other_connection.execute("SELECT 1 FROM catalog_procedure WHERE id = %s FOR UPDATE", [unused])


def test_a_missing_reference_fails_the_batch_and_leaves_nothing(simulate, checks, monkeypatch) -> None:
    real = bulk_path.BulkWriter._flush

    def broken(self: Any, dossiers: list[Any], *args: Any) -> Any:
        if dossiers:  # the rows as built, one of them pointing at no procedure
            dossiers[len(dossiers) // 2].procedure_id = 987654321
        return real(self, dossiers, *args)

    monkeypatch.setattr(bulk_path.BulkWriter, "_flush", broken)
    with pytest.raises(IntegrityError, match=r'procedure_id=987654321 is not present in table "catalog_procedure"'):
        simulate()
    assert checks  # found by the batch check, not left to the (deferred) row trigger at commit
    assert not runner.simulated().exists()
    assert not DossierEvent.objects.exists()
    with connection.cursor() as cur:
        assert _role(cur) == "origin"  # the connection is not left without its triggers


def test_a_failing_copy_leaves_the_triggers_on(simulate, monkeypatch) -> None:
    """The triggers go off inside the batch's savepoint: a COPY that fails rolls the setting back
    with the batch (the append-only and foreign-key triggers are on for whatever comes next)."""
    real = bulk_path._insert

    def failing(cur: Any, table: str, *args: Any, **kwargs: Any) -> None:
        if table == EVENTS:
            raise RuntimeError("COPY failed")
        real(cur, table, *args, **kwargs)

    monkeypatch.setattr(bulk_path, "_insert", failing)
    with pytest.raises(RuntimeError, match="COPY failed"):
        simulate()
    with connection.cursor() as cur:
        assert _role(cur) == "origin"
    assert not runner.simulated().exists()


def test_an_event_of_a_missing_dossier_is_refused(db) -> None:
    """An event referring outside its batch's dossiers is checked like any other reference."""
    with transaction.atomic(), connection.cursor() as cur:
        assert bulk_keys.relax(cur, TABLES)
        cur.execute(f"INSERT INTO {EVENTS} (dossier_id, province_code, seq, action, from_state, to_state, "  # noqa: S608
                    "actor_label, at, reason, data, prev_hash, hash) VALUES (424242, '79', 1, 'submit', NULL, 0, "
                    "'x', now(), '', '{}', '', 'h') RETURNING id")
        event_id = cur.fetchone()[0]
        bulk_keys.restore(cur)
        with pytest.raises(IntegrityError, match=r"dossier_id=424242"):
            bulk_keys.check(cur, bulk_path.KEYS, {EVENTS: (event_id, event_id), DOSSIERS: (1, 10)})
        transaction.set_rollback(True)


def test_no_relaxing_when_another_insert_trigger_exists(db) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("CREATE FUNCTION test_bulk_keys_noop() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RETURN NEW; END $$")
        cur.execute(f"CREATE TRIGGER test_bulk_keys_audit AFTER INSERT ON {EVENTS} "
                    "FOR EACH ROW EXECUTE FUNCTION test_bulk_keys_noop()")
        assert not bulk_keys.relax(cur, TABLES)  # it would be skipped with the foreign keys' triggers
        assert _role(cur) == "origin"
        transaction.set_rollback(True)


def test_no_relaxing_without_the_privilege(db) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("CREATE ROLE test_bulk_keys_plain NOSUPERUSER")
        cur.execute("SET LOCAL ROLE test_bulk_keys_plain")
        assert not bulk_keys.relax(cur, TABLES)
        assert _role(cur) == "origin"
        transaction.set_rollback(True)


def test_the_load_still_works_with_the_row_triggers(simulate, checks, monkeypatch) -> None:
    monkeypatch.setattr(bulk_keys, "relax", lambda cur, tables: False)
    result = simulate()
    assert result.dossiers > 0
    assert checks == []  # the row triggers did the checking
    assert runner.simulated().count() == result.dossiers
