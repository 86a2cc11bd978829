"""API tokens for other agencies' systems: issued once, stored hashed, scoped, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.utils import timezone

from localgov.access.models import ApiToken

#: Scopes a token can carry. `dossiers:read` lists/reads within the user's jurisdiction;
#: `dossiers:write` submits and transitions.
SCOPES = ("dossiers:read", "dossiers:write", "catalog:read", "oversight:read")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user: Any, name: str, scopes: list[str], expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        from localgov.core.errors import ValidationFailed

        raise ValidationFailed(f"Phạm vi không hợp lệ: {', '.join(unknown)}", fields={"scopes": unknown})
    raw = "lg_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:10], token_hash=_digest(raw),
                                    scopes=sorted(set(scopes)), expires_at=expires_at)
    return token, raw


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def authenticate_token(raw: str) -> ApiToken | None:
    """The active token for `raw`, or None (unknown, revoked or expired)."""
    if not raw or not raw.startswith("lg_"):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_digest(raw)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
