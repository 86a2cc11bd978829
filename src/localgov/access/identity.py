"""The seam for a national identity provider (e.g. VNeID / the national e-identification
and authentication system) — no network here, only the interface and the account mapping.

A provider adapter implements `IdentityProvider`: it builds the redirect to the provider
and, on the way back, verifies the provider's answer (signature, nonce, audience — the
adapter's job) and returns a `VerifiedIdentity`. `user_for_identity` maps that identity
to a local account through `ExternalIdentity` (provider, subject) — never by name or by
e-mail. Officers' roles still come only from `RoleGrant`: an external sign-in proves who
someone is, never what they may do.

    provider = MyVNeIDAdapter(...)                       # implements IdentityProvider
    identity = provider.verify_callback(request.GET)     # raises IdentityError if not valid
    user = user_for_identity(identity, create=True)      # citizens: create on first sign-in
    login_with_identity(request, identity, user)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from django.contrib.auth import login
from django.db import transaction
from django.utils import timezone

from localgov.access.models import ExternalIdentity
from localgov.access.services import create_user
from localgov.core.errors import DomainError


class IdentityError(DomainError):
    http_status = 401
    code = "identity_not_verified"


@dataclass(frozen=True)
class VerifiedIdentity:
    """What a provider vouches for after a successful sign-in."""

    provider: str  # e.g. "vneid"
    subject: str  # the provider's stable identifier of the person
    full_name: str = ""
    id_number: str = ""  # số định danh cá nhân, when the provider releases it
    assurance_level: int = 1  # the provider's level (1–2 for VNeID accounts)
    claims: Mapping[str, Any] = field(default_factory=dict)


@runtime_checkable
class IdentityProvider(Protocol):
    """An external identity provider adapter."""

    name: str

    def authorization_url(self, *, state: str, nonce: str, redirect_uri: str) -> str:
        """Where to send the browser to sign in."""
        ...

    def verify_callback(self, params: Mapping[str, str], *, state: str, nonce: str,
                        redirect_uri: str) -> VerifiedIdentity:
        """Check the provider's answer and return the identity, or raise IdentityError."""
        ...


def user_for_identity(identity: VerifiedIdentity, *, create: bool = False, min_assurance: int = 1) -> Any | None:
    """The local account linked to `identity`; with `create`, a new account (no usable
    password) is made and linked on first sign-in. None if unknown and not `create`."""

    if not identity.provider or not identity.subject:
        raise IdentityError("Danh tính chưa được xác thực.")
    if identity.assurance_level < min_assurance:
        raise IdentityError("Mức độ xác thực tài khoản định danh chưa đủ.", code="assurance_too_low")
    link = (ExternalIdentity.objects.select_related("user")
            .filter(provider=identity.provider, subject=identity.subject).first())
    if link is not None:
        return link.user if link.user.is_active else None
    if not create:
        return None
    with transaction.atomic():
        username = f"{identity.provider}:{identity.subject}"[:150]
        user = create_user(username=username, password=None, full_name=identity.full_name,
                           reason=f"Đăng nhập lần đầu qua {identity.provider}")
        ExternalIdentity.objects.create(provider=identity.provider, subject=identity.subject, user=user)
    return user


def link_identity(user: Any, identity: VerifiedIdentity) -> None:
    """Link an existing account (e.g. an officer's) to an external identity."""

    ExternalIdentity.objects.get_or_create(provider=identity.provider, subject=identity.subject,
                                           defaults={"user": user})


def login_with_identity(request: Any, identity: VerifiedIdentity, user: Any) -> None:
    """Start a session for `user`, signed in through `identity`'s provider."""


    login(request, user, backend="localgov.access.backends.LockoutModelBackend")
    request.session["identity_provider"] = identity.provider
    ExternalIdentity.objects.filter(provider=identity.provider, subject=identity.subject).update(
        last_login_at=timezone.now())
