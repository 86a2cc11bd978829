"""Fixtures for the pages' bad-input tests: real units and catalogue (the dossier engine's
fixtures), people with real grants signed in with the Django test client."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.dossiers.conftest import BA_DINH, centre_of, file_online, people, staff, world  # noqa: F401
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path) -> None:
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def signed_in(db, world) -> Callable[..., Client]:  # noqa: F811
    """signed_in(role, **scope) -> a test client signed in as a new user holding that role."""
    counter = {"n": 0}

    def make(role: Role, **scope: object) -> Client:
        counter["n"] += 1
        user = create_user(username=f"form-{role.value}-{counter['n']}", password=None)
        grant_role(user=user, role=role, **scope)
        client = Client(raise_request_exception=False)
        client.force_login(user)
        return client

    return make


@pytest.fixture
def ba_dinh_counter(signed_in) -> Client:
    return signed_in(Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
