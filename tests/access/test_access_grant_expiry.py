"""Grants with start and end dates expire by themselves; revoked grants stop at once; a
person may hold several roles in several units."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM

from localgov.access.policy import can_view, resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role, revoke_role


def test_a_temporary_grant_expires_by_itself(db, world, file_online):
    user = create_user(username="tam-thoi", password=None)
    grant_role(user=user, role=Role.SPECIALIST, commune=BA_DINH, starts_on=date(2025, 8, 1), ends_on=date(2025, 8, 31),
               reason="Biệt phái 1 tháng")
    d = file_online(commune=BA_DINH).dossier
    inside = resolve_actor(user, on=date(2025, 8, 31))
    assert Role.SPECIALIST in inside.roles and can_view(inside, "dossier", d)
    after = resolve_actor(user, on=date(2025, 9, 1))
    assert Role.SPECIALIST not in after.roles and not can_view(after, "dossier", d)
    before = resolve_actor(user, on=date(2025, 7, 31))
    assert Role.SPECIALIST not in before.roles


def test_an_ended_grant_is_gone_today_without_anyone_acting(db, world):
    user = create_user(username="het-han", password=None)
    today = timezone.localdate()
    grant_role(user=user, role=Role.APPROVER, commune=BA_DINH, starts_on=today - timedelta(days=10),
               ends_on=today - timedelta(days=1))
    assert Role.APPROVER not in resolve_actor(user).roles


def test_revocation_takes_effect_at_once(db, world):
    user = create_user(username="thu-hoi", password=None)
    grant = grant_role(user=user, role=Role.SPECIALIST, commune=BA_DINH)
    assert Role.SPECIALIST in resolve_actor(user).roles
    revoke_role(grant=grant, reason="Chuyển công tác")
    assert Role.SPECIALIST not in resolve_actor(user).roles


def test_several_roles_in_several_units(db, world, file_online):
    user = create_user(username="kiem-nhiem", password=None)
    grant_role(user=user, role=Role.SPECIALIST, commune=BA_DINH)
    grant_role(user=user, role=Role.APPROVER, commune=HOAN_KIEM, ends_on=timezone.localdate() + timedelta(days=30))
    actor = resolve_actor(user)
    assert actor.roles >= {Role.SPECIALIST, Role.APPROVER}
    assert actor.scopes[Role.SPECIALIST].communes == frozenset({BA_DINH})
    assert actor.scopes[Role.APPROVER].communes == frozenset({HOAN_KIEM})
