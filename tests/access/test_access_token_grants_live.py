"""A token call reads the token, its user and the user's grants in force on every call
(`tokens.authenticate_bearer`, one statement): the same actor as `resolve_actor`, and a
revoked grant or a deactivated user applies to the very next call — nothing is cached."""

from __future__ import annotations

from tests.dossiers.conftest import BA_DINH, centre_of

from localgov.access.policy import resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role, revoke_role
from localgov.access.tokens import authenticate_bearer, issue_token, revoke_token


def _officer():
    user = create_user(username="mot-cua-tinh", password=None)
    counter = grant_role(user=user, role=Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
    grant_role(user=user, role=Role.PROVINCE_OVERSEER, province="01")
    return user, counter


def test_the_bearer_actor_is_the_resolved_actor(db, world):
    user, _ = _officer()
    _, raw = issue_token(user=user, name="Một cửa", scopes=["dossiers:read", "dossiers:write"])
    found = authenticate_bearer(raw)
    assert found is not None
    actor, scopes = found
    expected = resolve_actor(user)
    assert actor.user_id == expected.user_id and actor.username == expected.username
    assert dict(actor.scopes) == dict(expected.scopes)
    assert scopes == frozenset({"dossiers:read", "dossiers:write"})


def test_a_revoked_grant_applies_to_the_next_call(client, db, world, file_online):
    user, counter = _officer()
    _, raw = issue_token(user=user, name="Một cửa", scopes=["dossiers:read", "dossiers:write"])
    d = file_online(commune=BA_DINH).dossier
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(f"/api/v1/dossiers/{d.code}", **auth).status_code == 200
    revoke_role(grant=counter, reason="Chuyển công tác")
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/accept", {"version": d.version},
                           content_type="application/json", **auth)
    assert response.status_code == 403
    assert Role.COUNTER_OFFICER not in authenticate_bearer(raw)[0].scopes


def test_a_revoked_token_or_deactivated_user_applies_to_the_next_call(db, world):
    user, _ = _officer()
    token, raw = issue_token(user=user, name="Một cửa", scopes=["dossiers:read"])
    _, other = issue_token(user=user, name="Một cửa 2", scopes=["dossiers:read"])
    assert authenticate_bearer(raw) is not None
    revoke_token(token)
    assert authenticate_bearer(raw) is None
    assert authenticate_bearer(other) is not None
    user.is_active = False
    user.save()
    assert authenticate_bearer(other) is None
    assert authenticate_bearer("") is None and authenticate_bearer("lg_khong-ton-tai") is None
