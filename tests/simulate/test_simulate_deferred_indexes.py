"""`--defer-indexes` (PostgreSQL): the dossier tables' plain secondary indexes are dropped for the
load and built again at its end — the same definitions, however the load ends; a killed process's
indexes are built by the next simulation or reset; SQLite refuses the option with a clear error and
writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from localgov.simulate import deferred_indexes, runner
from localgov.simulate.models import SimulationRun


def _indexes() -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexdef",
                    [list(deferred_indexes.TABLES)])
        return [row[0] for row in cur.fetchall()]


@pytest.fixture
def pg_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def test_sqlite_refuses_the_option_and_writes_nothing(simulate) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(deferred_indexes.DeferNotSupported, match="Chỉ PostgreSQL"):
        simulate(defer_indexes=True)
    assert not SimulationRun.objects.exists()
    with pytest.raises(CommandError, match="Chỉ PostgreSQL hỗ trợ hoãn tạo chỉ mục"):
        call_command("simulate", "--from", "2025-07-01", "--to", "2025-07-02", "--scale", "0.001",
                     "--provinces", "11", "--defer-indexes", "--no-progress", verbosity=0)
    assert not SimulationRun.objects.exists()


def test_indexes_are_absent_during_the_load_and_the_same_after(simulate, pg_only, monkeypatch) -> None:  # noqa: ARG001
    before = _indexes()
    plain = {i["name"] for i in deferred_indexes.deferrable()}
    assert len(plain) >= 10  # the dossier table's lookups, the events' (province, at), the documents' dossier
    seen: list[list[str]] = []
    write = runner._write

    def watching(*args: Any, **kwargs: Any) -> tuple[int, int]:
        seen.append(_indexes())
        return write(*args, **kwargs)

    monkeypatch.setattr(runner, "_write", watching)
    result = simulate(defer_indexes=True)
    assert result.dossiers > 0 and result.deferred_indexes == len(plain)
    during = seen[0]
    assert not [d for d in during if any(f" {name} " in d for name in plain)]
    assert len(during) == len(before) - len(plain)  # primary keys and unique constraints stayed
    assert _indexes() == before
    run = SimulationRun.objects.get(pk=result.run_id)
    assert (run.status, run.deferred_indexes) == ("done", [])


def test_a_failed_load_still_gets_its_indexes_back(simulate, pg_only, monkeypatch) -> None:  # noqa: ARG001
    before = _indexes()

    def failing(*args: Any, **kwargs: Any) -> tuple[int, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(runner, "_write", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        simulate(defer_indexes=True)
    assert _indexes() == before
    assert not SimulationRun.objects.exists()  # a failed run leaves nothing behind (runner._discard)


def test_when_the_rebuild_fails_too_the_load_error_shows_and_the_next_run_builds_them(
        simulate, pg_only, monkeypatch, caplog) -> None:  # noqa: ARG001
    before = _indexes()

    def failing(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    def no_space(*args: Any, **kwargs: Any) -> None:
        raise OSError("no space")

    monkeypatch.setattr(runner, "_write", failing)
    monkeypatch.setattr(deferred_indexes, "_build", no_space)
    with pytest.raises(RuntimeError, match="disk full"):
        simulate(defer_indexes=True)
    assert "could not be built now" in caplog.text
    pending = SimulationRun.objects.get()
    assert pending.deferred_indexes and len(_indexes()) == len(before) - len(pending.deferred_indexes)
    monkeypatch.undo()
    assert runner.reset() == 0  # nothing was written; the reset builds the pending indexes first
    assert _indexes() == before


def test_a_killed_run_s_indexes_are_built_by_the_next_simulation(simulate, pg_only) -> None:  # noqa: ARG001
    before = _indexes()
    # a process killed mid-load leaves this: the indexes dropped, their definitions in its run's row
    killed = SimulationRun.objects.create(seed=7, scale=0.001, date_from="2025-07-01", date_to="2025-07-07",
                                          path="bulk", parameters_hash="x")
    dropped = deferred_indexes.defer(killed)
    assert dropped and len(_indexes()) == len(before) - len(dropped)
    assert len(SimulationRun.objects.get(pk=killed.pk).deferred_indexes) == len(dropped)
    result = simulate()  # reset_first: the earlier run is deleted, after its indexes are built
    assert result.dossiers > 0
    assert _indexes() == before


def test_restore_is_idempotent_and_rejects_what_it_did_not_save(pg_only, db) -> None:  # noqa: ARG001
    before = _indexes()
    run = SimulationRun.objects.create(seed=7, scale=0.001, date_from="2025-07-01", date_to="2025-07-07",
                                       path="bulk", parameters_hash="x")
    deferred_indexes.defer(run)
    saved = list(run.deferred_indexes)
    # half built already (a restore interrupted after its first index): IF NOT EXISTS skips it
    with connection.cursor() as cur:
        cur.execute(saved[0]["sql"])
    assert deferred_indexes.restore(run) == len(saved)
    assert _indexes() == before
    assert deferred_indexes.restore(run) == 0
    with pytest.raises(ValueError, match="not a plain CREATE INDEX"):
        deferred_indexes._if_not_exists("DROP TABLE dossiers_dossier")


def test_a_bulk_load_leaves_fresh_planner_statistics(simulate, pg_only) -> None:  # noqa: ARG001
    """PostgreSQL's "Run ANALYZE Afterwards": the planner knows the loaded rows at once."""
    from localgov.dossiers.models import Dossier, DossierEvent

    result = simulate()
    assert result.dossiers > 0
    with connection.cursor() as cur:
        cur.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [list(deferred_indexes.TABLES)])
        estimated = dict(cur.fetchall())
    assert estimated["dossiers_dossier"] == Dossier.objects.count()
    assert estimated["dossiers_dossierevent"] == DossierEvent.objects.count()
