"""Helpers for the PostgreSQL concurrency tests: real threads, each with its own database
connection, against committed data (`transactional_db`). Skipped on SQLite."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections

REFERENCE = ["units", "catalog", "calendar"]


def load_reference() -> None:
    from localgov.units.loaders import run

    run(REFERENCE)


@pytest.fixture
def pg_reference(django_db_blocker) -> Iterator[None]:
    """Request it BEFORE `transactional_db`: its teardown runs after the flush that
    `transactional_db` does, and reloads the reference data the rest of the session expects
    (units, catalogue, calendar; the loaders are idempotent)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://...)")
    yield
    with django_db_blocker.unblock():
        load_reference()


def race(n: int, work: Callable[[int], Any]) -> list[tuple[str, Any]]:
    """Run `work(i)` in `n` threads released together by a barrier. Returns per thread
    ("ok", result) or ("error", exception). Each thread closes its own connection."""
    barrier = threading.Barrier(n)
    results: list[tuple[str, Any]] = [("error", RuntimeError("not run"))] * n

    def target(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", work(i))
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            results[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    return results
