"""Fixtures for access tests: the dossier engine's fixtures (real units, catalogue, users with
real grants, dossiers made through services), a clean cache for the look-up limits.

`world` is overridden here: the catalogue is loaded once per test module inside an outer
transaction that is rolled back when the module is done (a "package" scope would be the whole
session here: tests/access has no __init__.py), so the test packages that run later
(tests/catalog loads the catalogue itself and expects to create it) start as before."""

from __future__ import annotations

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
