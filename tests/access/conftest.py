"""Fixtures for access tests: the dossier engine's fixtures (real units, catalogue, users with
real grants, dossiers made through services), a clean cache for the look-up limits."""

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
    world,
)
from tests.fixtures_units import loaded_units  # noqa: F401


@pytest.fixture(autouse=True)
def _clean_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
