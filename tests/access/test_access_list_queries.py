"""The unit set of a user is resolved once per request: listing 50 dossiers costs the same
number of SQL queries whether the officer holds 1 grant or 10 (roles × units)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.dossiers.conftest import BA_DINH, centre_of, vn

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.units.models import Commune


def _list(client, user) -> tuple[int, list[dict]]:
    client.force_login(user)
    client.get("/api/v1/dossiers/?limit=1")  # warm the session (idle-timeout stamp) outside the count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/dossiers/?limit=50")
    assert response.status_code == 200
    client.logout()
    return len(ctx.captured_queries), response.json()["items"]


def test_queries_do_not_grow_with_roles_and_units(client, db, world, file_online):
    for i in range(55):
        file_online(commune=BA_DINH, at=vn(2025, 8, 4, 8, 0 + i % 60))
    one = create_user(username="mot-quyen", password=None)
    grant_role(user=one, role=Role.SPECIALIST, commune=BA_DINH)

    many = create_user(username="muoi-quyen", password=None)
    others = Commune.objects.filter(province_id="01").exclude(code=BA_DINH).order_by("code")
    communes = [BA_DINH, *others.values_list("code", flat=True)[:6]]
    for code in communes:
        grant_role(user=many, role=Role.SPECIALIST, commune=code)
    grant_role(user=many, role=Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
    grant_role(user=many, role=Role.APPROVER, commune=communes[1])
    grant_role(user=many, role=Role.PROVINCE_OVERSEER, province="79")
    assert many.role_grants.count() >= 10

    n_one, items_one = _list(client, one)
    n_many, items_many = _list(client, many)
    assert len(items_one) == len(items_many) == 50
    assert n_one == n_many, (n_one, n_many)
    assert n_one <= 8  # session, user, grants (one query), count, page — not one per row
