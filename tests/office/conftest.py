"""Officer workspace tests: real users with real grants (access.services), dossiers made
through the engine's services, the Django test client signed in as each officer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from tests.dossiers.conftest import (  # noqa: F401  (fixtures re-exported)
    BA_DINH,
    HOAN_KIEM,
    PDF,
    SAI_GON,
    centre_of,
    file_online,
    world,
)
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role

PASSWORD = "Mat-khau-thu-nghiem-2025"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def officer(db, world) -> Callable[..., tuple[Client, object]]:  # noqa: F811
    """officer(role, **scope) -> (signed-in client, user)."""
    counter = {"n": 0}

    def make(role: Role, **scope) -> tuple[Client, object]:
        counter["n"] += 1
        user = create_user(username=f"{role.value}-{counter['n']}", password=PASSWORD)
        grant_role(user=user, role=role, **scope)
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client, user

    return make


@pytest.fixture
def unit(officer) -> Callable[[str], dict[str, tuple[Client, object]]]:
    def make(commune: str) -> dict[str, tuple[Client, object]]:
        return {
            "counter": officer(Role.COUNTER_OFFICER, commune=commune, centre_id=centre_of(commune)),
            "specialist": officer(Role.SPECIALIST, commune=commune),
            "approver": officer(Role.APPROVER, commune=commune),
        }

    return make


def actor_of(user):
    from localgov.access.policy import resolve_actor

    return resolve_actor(user)
