"""Fixtures for access tests: the dossier engine's fixtures (real units, catalogue, users with
real grants, dossiers made through services), a clean cache, and `throttle_store`: the shared
counters of the limits (access/counters.py) in the database and in the real Redis.

`world` is overridden here: the catalogue is loaded once per test module inside an outer
transaction that is rolled back when the module is done (a "package" scope would be the whole
session here: tests/access has no __init__.py), so the test packages that run later
(tests/catalog loads the catalogue itself and expects to create it) start as before."""

from __future__ import annotations

import os
import uuid

import pytest
from tests.dossiers.conftest import (  # noqa: F401
    BA_DINH,
    HOAN_KIEM,
    SAI_GON,
    centre_of,
    counter_at,
    file_online,
    people,
    staff,
    vn,
)
from tests.fixtures_units import loaded_units  # noqa: F401


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


REDIS_URL = os.environ.get("LOCALGOV_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def require_redis() -> None:
    """Redis runs on the development and CI machines (127.0.0.1:6379; .ci/run starts it). A
    missing Redis fails CI and skips, with the reason, elsewhere."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"Redis at {REDIS_URL} is not reachable: {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(params=["database", "redis"])
def throttle_store(request, settings):
    """Run the test once with the counters in the database, once in Redis (own key prefix,
    removed afterwards)."""
    from localgov.access import counters

    if request.param == "redis":
        require_redis()
        settings.REDIS_URL = REDIS_URL
        settings.LOCALGOV_THROTTLE_PREFIX = f"localgov-test:{uuid.uuid4().hex}:"
    settings.LOCALGOV_THROTTLE_STORE = request.param
    yield counters.store()
    if request.param == "redis":
        counters.store().delete_prefix("")


@pytest.fixture(scope="module")
def world(loaded_units, django_db_blocker):  # noqa: F811
    from django.db import transaction

    from localgov.catalog.services import load_catalog

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_catalog()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
