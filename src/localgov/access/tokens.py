"""API tokens for other agencies' systems: issued once, stored hashed, scoped, revocable."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from localgov.access.models import ApiToken, RoleGrant
from localgov.access.policy import Actor, actor_from_grants, canonical_grants
from localgov.core.errors import ValidationFailed
from localgov.core.prepared import execute, prepared_cursor

#: Scopes a token can carry. `dossiers:read` lists/reads within the user's jurisdiction;
SCOPES = ("dossiers:read", "dossiers:write", "catalog:read", "oversight:read", "oversight:write", "followup:read",
          "followup:write")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(*, user: Any, name: str, scopes: list[str], expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:

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


#: `last_used_at` is written at most this often per token (seconds), not on every call.
TOUCH_EVERY = 60


@cache
def _bearer_sql() -> str:
    """One statement: the token (active, unexpired), its user (active) and the user's grants
    in force (LEFT JOIN: a user without grants still authenticates). Built from the models'
    table and column names, identical on SQLite and PostgreSQL."""
    qn = connection.ops.quote_name
    user_model = get_user_model()
    t, u, g = ApiToken._meta, user_model._meta, RoleGrant._meta
    username = u.get_field(user_model.USERNAME_FIELD).column
    grant_cols = ", ".join(f"g.{qn(g.get_field(f).column)}"
                           for f in ("role", "province", "commune", "centre", "agency"))
    return (
        f"SELECT t.{qn('id')}, t.{qn('scopes')}, "  # noqa: S608 - names from the models, values are parameters
        f"CASE WHEN t.{qn('last_used_at')} IS NULL OR t.{qn('last_used_at')} < %s THEN 1 ELSE 0 END, "
        f"u.{qn(u.pk.column)}, u.{qn(username)}, {grant_cols} "
        f"FROM {qn(t.db_table)} t JOIN {qn(u.db_table)} u ON u.{qn(u.pk.column)} = t.{qn('user_id')} "
        f"LEFT JOIN {qn(g.db_table)} g ON g.{qn('user_id')} = t.{qn('user_id')} AND g.{qn('revoked_at')} IS NULL "
        f"AND g.{qn('starts_on')} <= %s AND (g.{qn('ends_on')} IS NULL OR g.{qn('ends_on')} >= %s) "
        f"WHERE t.{qn('token_hash')} = %s AND t.{qn('revoked_at')} IS NULL "
        f"AND (t.{qn('expires_at')} IS NULL OR t.{qn('expires_at')} > %s) AND u.{qn('is_active')} = %s"
    )


def authenticate_bearer(raw: str) -> tuple[Actor, frozenset[str]] | None:
    """The actor and scopes of an API call carrying `raw`, or None (unknown, revoked or expired
    token, or a deactivated user) — the same answer as `authenticate_token` + `resolve_actor`,
    in one round trip and without the ORM's query compilation (the API's hot path). Nothing is
    cached between calls: a revocation, a deactivation or a grant's end applies to the next call."""
    if not raw or not raw.startswith("lg_"):
        return None
    now = timezone.now()
    today = timezone.localdate(now)
    ops = connection.ops
    day = ops.adapt_datefield_value(today)
    with prepared_cursor(connection) as cursor:
        execute(cursor, _bearer_sql(), [ops.adapt_datetimefield_value(now - timedelta(seconds=TOUCH_EVERY)), day, day,
                                       _digest(raw), ops.adapt_datetimefield_value(now), True])
        rows = cursor.fetchall()
        if not rows:
            return None
        token_id, scopes, stale, user_id, username = rows[0][:5]
        if stale:
            execute(
                cursor, f"UPDATE {ops.quote_name(ApiToken._meta.db_table)} SET {ops.quote_name('last_used_at')} = %s "  # noqa: S608
                f"WHERE {ops.quote_name('id')} = %s", [ops.adapt_datetimefield_value(now), token_id])
    if isinstance(scopes, (str, bytes)):
        scopes = json.loads(scopes)
    grants = canonical_grants((r[5], r[6], r[7], r[8], r[9]) for r in rows if r[5] is not None)
    return actor_from_grants(user_id, username, grants), frozenset(scopes or ())
