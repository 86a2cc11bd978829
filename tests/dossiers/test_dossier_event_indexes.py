"""The events' indexes as migrated (dossiers 0004–0006): the actor index holds only events with an
actor (system events would only cost index writes), every lookup by a given actor can use it, and
the append-only triggers survived the index changes on both databases."""

from __future__ import annotations

import pytest
from django.db import connection

from localgov.dossiers.models import DossierEvent

TABLE = DossierEvent._meta.db_table


def _index_sql() -> dict[str, str]:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
        else:
            cur.execute("SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                        [TABLE])
        return dict(cur.fetchall())


@pytest.mark.django_db
def test_the_actor_index_is_partial() -> None:
    indexes = _index_sql()
    on_actor = {name: sql for name, sql in indexes.items() if "actor_id" in sql}
    assert list(on_actor) == ["dossiers_event_actor"]
    assert "actor_id IS NOT NULL" in on_actor["dossiers_event_actor"].replace('"', "")


@pytest.mark.django_db
def test_a_lookup_by_actor_uses_it() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(f"EXPLAIN SELECT id FROM {TABLE} WHERE actor_id = %s", [5])  # noqa: S608
        else:
            cur.execute(f"EXPLAIN QUERY PLAN SELECT id FROM {TABLE} WHERE actor_id = %s", [5])  # noqa: S608
        plan = " ".join(str(col) for row in cur.fetchall() for col in row)
    assert "dossiers_event_actor" in plan


@pytest.mark.django_db
def test_the_append_only_triggers_are_still_there() -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [TABLE])
        else:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        names = {row[0] for row in cur.fetchall()}
    assert {"dossiers_event_no_update"} <= names
    if connection.vendor == "sqlite":
        assert "dossiers_event_no_delete" in names
