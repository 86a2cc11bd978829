"""PostgreSQL: the secondary indexes of the dossier tables left out while a large bulk load runs,
and built once at its end — PostgreSQL's own advice for populating a database ("Remove Indexes":
https://www.postgresql.org/docs/current/populate.html#POPULATE-RM-INDEXES): building an index
from the whole table at once (sorted) costs less than inserting every row into it, and at national
volume the load's index insertions, at random places of indexes larger than the server's buffers,
were most of the server's CPU (bench/RESULTS.md "Simulation").

Only plain, non-unique indexes are deferred. Primary keys and unique constraints (dossier code,
idempotency key, one seq per dossier's event) stay, so every row is still checked as it is
written; foreign keys are untouched. While deferred, reads that would use a missing index are
slower, which is why this is asked for explicitly (`localgov simulate --defer-indexes`), for a
database being loaded rather than one serving users.

Crash safety: the definitions (`pg_get_indexdef`) are saved in the run's row in the same
transaction that drops the indexes, so either both happen or neither. `restore` builds them
again and clears the row's list; the runner calls it when the writing ends, however it ends, and
`restore_pending` (at the start of every simulation and of `--reset`) rebuilds those of a run
whose process was killed before it could.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from localgov.dossiers.models import Dossier, DossierDocument, DossierEvent
from localgov.simulate.models import SimulationRun

TABLES = tuple(m._meta.db_table for m in (Dossier, DossierEvent, DossierDocument))
#: Connections building the indexes at the end, each taking the next largest index: one build
#: per core of the 2-core reference machine.
BUILDERS = 2

_DEFERRABLE = """
SELECT c.relname, pg_get_indexdef(i.indexrelid), t.relname
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace
  AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY t.relname, c.relname
"""


class DeferNotSupported(ValueError):
    pass


def deferrable(tables: Sequence[str] = TABLES) -> list[dict[str, str]]:
    """The plain non-unique indexes of `tables`: {"name", "table", "sql"} (its CREATE INDEX)."""
    with connection.cursor() as cur:
        cur.execute(_DEFERRABLE, [list(tables)])
        return [{"name": name, "table": table, "sql": sql} for name, sql, table in cur.fetchall()]


def check_supported() -> None:
    """Refuse, with the reason, where indexes cannot be deferred (anything but PostgreSQL)."""
    if connection.vendor != "postgresql":
        raise DeferNotSupported("Chỉ PostgreSQL hỗ trợ hoãn tạo chỉ mục (--defer-indexes).")


def defer(run: SimulationRun, tables: Sequence[str] = TABLES) -> list[str]:
    """Drop the deferrable indexes of `tables`, their definitions saved in `run` in the same
    transaction; returns the names dropped."""
    check_supported()
    with transaction.atomic():
        found = deferrable(tables)
        if not found:
            return []
        run.deferred_indexes = found
        run.save(update_fields=["deferred_indexes"])
        with connection.cursor() as cur:
            for index in found:
                cur.execute(f'DROP INDEX IF EXISTS "{index["name"]}"')
    return [index["name"] for index in found]


def _if_not_exists(sql: str) -> str:
    """`CREATE INDEX name ON …` → `CREATE INDEX IF NOT EXISTS name ON …` (pg_get_indexdef's form):
    a restore interrupted half way can be run again."""
    head = "CREATE INDEX "
    if not sql.startswith(head):
        raise ValueError(f"not a plain CREATE INDEX statement: {sql[:80]}")
    return head + "IF NOT EXISTS " + sql[len(head):]


def _build(statements: list[str], builders: int) -> None:
    """Run the statements on up to `builders` connections of their own, largest table first.
    Outside a transaction only: the builders are other sessions, and must see the committed rows."""
    if builders <= 1 or len(statements) <= 1 or connection.in_atomic_block:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)
        return
    work: queue.Queue[str] = queue.Queue()
    for sql in statements:
        work.put(sql)
    errors: list[BaseException] = []

    def builder() -> None:
        conn: Any = connection.get_new_connection(connection.get_connection_params())
        conn.autocommit = True
        try:
            while True:
                try:
                    sql = work.get_nowait()
                except queue.Empty:
                    return
                conn.execute(sql)
        except BaseException as exc:  # noqa: BLE001 - raised in the caller's thread below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=builder, name=f"index-builder-{i}") for i in range(builders)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def _sizes() -> dict[str, int]:
    """Bytes of each table now (right after a load its planner estimate may still say empty)."""
    with connection.cursor() as cur:
        cur.execute("SELECT relname, pg_relation_size(oid) FROM pg_class WHERE relname = ANY(%s) "
                    "AND relnamespace = current_schema()::regnamespace", [list(TABLES)])
        return dict(cur.fetchall())


def restore(run: SimulationRun, builders: int = BUILDERS) -> int:
    """Build again the indexes `run` deferred, then clear its list; returns how many."""
    indexes = list(run.deferred_indexes or [])
    if not indexes:
        return 0
    size = _sizes()
    # the largest tables' indexes first, so that the last build to start is a short one
    indexes.sort(key=lambda index: (-size.get(index["table"], 0), index["name"]))
    _build([_if_not_exists(index["sql"]) for index in indexes], builders)
    run.deferred_indexes = []
    SimulationRun.objects.filter(pk=run.pk).update(deferred_indexes=[])
    return len(indexes)


def restore_pending() -> int:
    """Rebuild the indexes of runs that deferred them and never restored them (a killed process);
    returns how many. A no-op elsewhere than PostgreSQL."""
    if connection.vendor != "postgresql":
        return 0
    return sum(restore(run) for run in SimulationRun.objects.exclude(deferred_indexes=[]))
