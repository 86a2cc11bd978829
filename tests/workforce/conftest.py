"""Workforce fixtures: real units (loaded once per session), demo staff built by the demo code
for one or two provinces, people with real grants (access.services)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.policy import Actor, resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role

HA_TINH, LANG_SON, HA_NOI = "42", "20", "01"


@pytest.fixture
def units(loaded_units, db):  # noqa: F811
    from localgov.workforce import selectors

    selectors.reset_caches()
    return loaded_units


@pytest.fixture
def demo_ha_tinh(units):
    from localgov.workforce.demo import load_demo_staff

    return load_demo_staff(7, provinces=[HA_TINH])


@pytest.fixture
def person(units) -> Callable[..., tuple[Any, Actor]]:
    """person(role, province=..., commune=...) -> (user, actor)."""
    n = {"i": 0}

    def make(role: Role, **scope: Any) -> tuple[Any, Actor]:
        n["i"] += 1
        user = create_user(username=f"wf-{role.value}-{n['i']}", password="mat-khau-dai-123")
        grant_role(user=user, role=role, **scope)
        return user, resolve_actor(user)

    return make
