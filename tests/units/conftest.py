"""Every test here sees the units tables loaded once per session (tests/fixtures_units.py)."""

from __future__ import annotations

import pytest
from tests.fixtures_units import loaded_units  # noqa: F401  (the session fixture, re-exported)


@pytest.fixture(autouse=True)
def _units_loaded(loaded_units, db):  # noqa: F811
    return loaded_units
