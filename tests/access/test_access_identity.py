"""The seam for a national identity provider: a verified identity maps to one local account
through (provider, subject), never by name; roles still come only from grants."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from localgov.access.identity import (
    IdentityError,
    IdentityProvider,
    VerifiedIdentity,
    link_identity,
    login_with_identity,
    user_for_identity,
)
from localgov.access.models import ExternalIdentity, GrantAudit
from localgov.access.policy import resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user


class FakeProvider:
    """What an adapter looks like (no network: it trusts a signed-looking parameter)."""

    name = "vneid-test"

    def authorization_url(self, *, state: str, nonce: str, redirect_uri: str) -> str:
        return f"https://id.example/authorize?state={state}&nonce={nonce}&redirect_uri={redirect_uri}"

    def verify_callback(self, params: Mapping[str, str], *, state: str, nonce: str,
                        redirect_uri: str) -> VerifiedIdentity:
        if params.get("state") != state or params.get("sig") != "ok":
            raise IdentityError("Danh tính chưa được xác thực.")
        return VerifiedIdentity(provider=self.name, subject=params["sub"], full_name="Trần Văn Bình",
                                assurance_level=2)


def test_an_adapter_satisfies_the_protocol():
    assert isinstance(FakeProvider(), IdentityProvider)


def test_first_sign_in_creates_and_links_an_account(db):
    provider = FakeProvider()
    identity = provider.verify_callback({"state": "s1", "sig": "ok", "sub": "038090001234"}, state="s1", nonce="n",
                                        redirect_uri="/cb")
    assert user_for_identity(identity) is None  # unknown and not asked to create
    user = user_for_identity(identity, create=True)
    assert user is not None and not user.has_usable_password()
    assert user_for_identity(identity) == user  # the same person next time
    assert ExternalIdentity.objects.get(provider="vneid-test", subject="038090001234").user == user
    assert GrantAudit.objects.get(user=user).action == "create_user"
    # Signing in with an identity gives no officer role.
    assert resolve_actor(user).roles == frozenset({Role.APPLICANT})


def test_a_forged_or_weak_identity_is_refused(db):
    with pytest.raises(IdentityError):
        FakeProvider().verify_callback({"state": "x", "sig": "bad", "sub": "1"}, state="x", nonce="n",
                                       redirect_uri="/cb")
    weak = VerifiedIdentity(provider="vneid-test", subject="1", assurance_level=1)
    with pytest.raises(IdentityError):
        user_for_identity(weak, create=True, min_assurance=2)
    with pytest.raises(IdentityError):
        user_for_identity(VerifiedIdentity(provider="", subject=""))


def test_an_officer_links_an_identity_and_signs_in_with_it(db):
    officer = create_user(username="can-bo-vneid", password=None)
    identity = VerifiedIdentity(provider="vneid-test", subject="001080009999", full_name="Lê Thị Cúc")
    # Same name is not enough: nothing matches until linked.
    assert user_for_identity(identity) is None
    link_identity(officer, identity)
    assert user_for_identity(identity) == officer
    request = RequestFactory().get("/")
    request.session = SessionStore()
    login_with_identity(request, identity, officer)
    assert request.session["_auth_user_id"] == str(officer.pk)
    assert request.session["identity_provider"] == "vneid-test"
    assert ExternalIdentity.objects.get(user=officer).last_login_at is not None
