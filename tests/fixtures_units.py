"""Reusable session fixture: the units tables loaded once per test session.

In another app's conftest.py:

    from tests.fixtures_units import loaded_units  # noqa: F401

then request `loaded_units` (directly, or from an autouse fixture). The data is written
outside any test transaction, so it stays for the whole session; tests that use
`transactional_db` flush it — request `loaded_units` again won't reload, so avoid those
or reload with `localgov.units.loaders.run(["units"])` inside the test.
"""

from __future__ import annotations

import pytest

from localgov.units.loaders import LoadOutcome, run

_FIRST: list[LoadOutcome] = []


@pytest.fixture(scope="session")
def loaded_units(django_db_setup, django_db_blocker) -> LoadOutcome:
    """Runs `localgov load units` (once per conftest that imports it; later runs change nothing)
    and returns the outcome of the session's first load (counts and seconds)."""
    with django_db_blocker.unblock():
        (outcome,) = run(["units"])
    if not _FIRST:
        _FIRST.append(outcome)
    return _FIRST[0]
