"""`make demo` prints one account per role; creating them twice changes nothing."""

from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.models import RoleGrant
from localgov.access.policy import resolve_actor
from localgov.access.roles import Role
from localgov.demo.users import DEMO_USERS, ensure_demo_users


def test_every_role_has_a_demo_account(db, loaded_units):  # noqa: F811
    ensure_demo_users()
    assert {u.role for u in DEMO_USERS} == set(Role)
    grants = RoleGrant.objects.count()
    ensure_demo_users()
    assert RoleGrant.objects.count() == grants
    from django.contrib.auth import get_user_model

    counter = resolve_actor(get_user_model().objects.get(username="tiepnhan.badinh"))
    assert Role.COUNTER_OFFICER in counter.roles and counter.scopes[Role.COUNTER_OFFICER].centres
