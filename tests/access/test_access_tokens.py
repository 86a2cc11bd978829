"""API tokens for other agencies' systems: a revoked, expired or unknown token gets 401; a
token without the scope gets 403; a token acts within its user's jurisdiction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.dossiers.conftest import BA_DINH, SAI_GON, centre_of

from localgov.access.models import ApiToken
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.access.tokens import authenticate_token, issue_token, revoke_token
from localgov.core.errors import ValidationFailed


@pytest.fixture
def system_user(db, world):
    user = create_user(username="he-thong-tinh", password=None)
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
    return user


def _get(client, raw: str, path: str = "/api/v1/dossiers/"):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_valid_token_lists_within_its_users_jurisdiction(client, system_user, file_online):
    mine = file_online(commune=BA_DINH).dossier
    other = file_online(commune=SAI_GON).dossier
    token, raw = issue_token(user=system_user, name="Hệ thống một cửa tỉnh", scopes=["dossiers:read"])
    response = _get(client, raw)
    assert response.status_code == 200
    codes = {d["code"] for d in response.json()["items"]}
    assert mine.code in codes and other.code not in codes
    # Only a hash is stored; the raw token is not in the database.
    assert ApiToken.objects.filter(token_hash=raw).count() == 0 and token.prefix == raw[:10]


def test_a_revoked_token_gets_401(client, system_user):
    token, raw = issue_token(user=system_user, name="Hệ thống A", scopes=["dossiers:read"])
    assert _get(client, raw).status_code == 200
    revoke_token(token)
    response = _get(client, raw)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert authenticate_token(raw) is None


def test_an_expired_or_unknown_token_gets_401(client, system_user):
    _, raw = issue_token(user=system_user, name="Hệ thống B", scopes=["dossiers:read"],
                         expires_at=timezone.now() - timedelta(seconds=1))
    assert _get(client, raw).status_code == 401
    assert _get(client, "lg_khong-ton-tai").status_code == 401
    assert _get(client, "").status_code == 401


def test_a_token_of_a_deactivated_user_gets_401(client, system_user):
    _, raw = issue_token(user=system_user, name="Hệ thống C", scopes=["dossiers:read"])
    system_user.is_active = False
    system_user.save()
    assert _get(client, raw).status_code == 401


def test_a_token_without_the_scope_gets_403(client, system_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    _, raw = issue_token(user=system_user, name="Chỉ đọc danh mục", scopes=["catalog:read"])
    response = _get(client, raw)
    assert response.status_code == 403 and response.json()["code"] == "scope"
    assert _get(client, raw, f"/api/v1/dossiers/{d.code}").status_code == 403
    # A read-only token cannot act.
    _, read_only = issue_token(user=system_user, name="Chỉ đọc hồ sơ", scopes=["dossiers:read"])
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/accept", {"version": d.version},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {read_only}")
    assert response.status_code == 403 and response.json()["code"] == "scope"
    d.refresh_from_db()
    assert d.version == 1


def test_a_write_token_acts_within_jurisdiction(client, system_user, file_online):
    d = file_online(commune=BA_DINH).dossier
    _, raw = issue_token(user=system_user, name="Một cửa", scopes=["dossiers:read", "dossiers:write"])
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/accept", {"version": d.version},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200, response.content
    elsewhere = file_online(commune=SAI_GON).dossier
    response = client.post(f"/api/v1/dossiers/{elsewhere.code}/actions/accept", {"version": elsewhere.version},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 403


def test_unknown_scopes_are_refused(system_user):
    with pytest.raises(ValidationFailed):
        issue_token(user=system_user, name="X", scopes=["everything"])
