"""Prepared statements for the few fixed, hand-written statements of the API's hot path
(token authentication here, the dossier transition in `dossiers.rows`).

Django's PostgreSQL cursors bind parameters on the client, so the server parses and plans
every statement anew. For statements whose text never changes, a server-side-binding psycopg
cursor on Django's own connection (the same transaction) with `prepare=True` has the server
plan them once per connection (psycopg keeps the prepared statements per connection). Errors
are Django's (`wrap_database_errors`). On SQLite this is just Django's cursor.

Kept in `access` (which `dossiers` already depends on) rather than in `dossiers`, so the
dependency stays one-way; it would sit as well in `core`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

#: Switch for measurements (bench/transitions.py compares with and without).
PREPARE = True


@contextmanager
def prepared_cursor(connection: Any) -> Iterator[Any]:
    """A cursor for the hot path's fixed statements. On PostgreSQL: a server-side-binding
    psycopg cursor on Django's own connection (same transaction), whose `execute(...,
    prepare=True)` has the server parse and plan each statement once per connection instead of
    on every call (Django's cursors bind on the client, so nothing can be prepared); database
    errors are Django's (`wrap_database_errors`). Elsewhere: Django's cursor."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # What Django's own cursor() does first: a kept connection that fails its health check
    # (CONN_HEALTH_CHECKS) is closed, so the statement below runs on a new one.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    # One cursor per connection, reused: the blocks using it are leaves (execute, fetch, done),
    # and a new psycopg cursor per statement was a measurable part of the hot path.
    # getattr, not __dict__: `django.db.connection` is a proxy to this thread's wrapper.
    cursor = getattr(connection, "_localgov_prepared_cursor", None)
    if cursor is None or cursor.closed or cursor.connection is not raw:
        # PostgreSQL's driver: only on PostgreSQL
        import psycopg

        cursor = connection._localgov_prepared_cursor = psycopg.Cursor(raw)
    with connection.wrap_database_errors:
        yield cursor


def execute(cursor: Any, sql: str, params: Sequence[Any] | Mapping[str, Any]) -> None:
    """`cursor.execute`, prepared where the cursor can (see `prepared_cursor`)."""
    if PREPARE and isinstance(cursor, _psycopg_cursor_type()):
        cursor.execute(sql, params, prepare=True)
    else:
        cursor.execute(sql, params)


@cache
def _psycopg_cursor_type() -> type[Any]:
    try:
        # PostgreSQL's driver: only on PostgreSQL
        import psycopg
    except ImportError:  # SQLite-only installs
        return type(None)
    return psycopg.Cursor
