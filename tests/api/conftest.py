"""Fixtures for the API tests: the access tests' world (real units, the catalogue loaded once per
module and rolled back after it), a clean cache for the look-up limits, an API token of every
role carrying every scope, and the production WSGI application."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.access.conftest import _clean_cache, world  # noqa: F401
from tests.dossiers.conftest import BA_DINH, centre_of, file_online, people  # noqa: F401
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.roles import Role

#: where each role's account works (as the demo accounts: Ba Đình ward, Hà Nội)
SCOPE = {Role.COUNTER_OFFICER: "centre", Role.SPECIALIST: "commune", Role.APPROVER: "commune",
         Role.PROVINCE_OVERSEER: "province", Role.HR_OFFICER: "province", Role.FINANCE_OFFICER: "province",
         Role.FOLLOWUP_OFFICER: "commune", Role.MINISTRY_OFFICER: "ministry"}


@pytest.fixture
def tokens(db, world) -> dict[str, str]:  # noqa: F811
    """role value → a raw API token of an account holding that role (in Ba Đình ward or Hà Nội,
    where the role has a scope), with every scope."""
    from localgov.access.services import create_user, grant_role
    from localgov.access.tokens import SCOPES, issue_token

    out: dict[str, str] = {}
    for role in Role:
        user = create_user(username=f"api-{role.value}", password=None)
        where = SCOPE.get(role)
        scope: dict[str, object] = {}
        if where == "centre":
            scope = {"commune": BA_DINH, "centre_id": centre_of(BA_DINH)}
        elif where == "commune":
            scope = {"commune": BA_DINH}
        elif where == "province":
            scope = {"province": "01"}
        elif where == "ministry":
            from localgov.followup.services import ensure_ministries, ministry

            ensure_ministries()
            scope = {"agency_id": ministry("BTC").pk}
        grant_role(user=user, role=role, **scope)
        out[role.value] = issue_token(user=user, name="test", scopes=list(SCOPES))[1]
    return out


@pytest.fixture
def wsgi_app() -> Iterator[object]:
    """The production WSGI application (both middleware lanes, localgov/wsgi.py), called in this
    process inside the test's transaction: Django's per-request connection recycling is
    switched off for the time, as its test client does."""
    from django.core import signals
    from django.db import close_old_connections

    from localgov.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
