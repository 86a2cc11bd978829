"""Lockout after repeated failed sign-ins, per (username, client address).

Counts live in the database (`LoginThrottle`), so every worker agrees. Settings:
LOCALGOV_LOGIN_MAX_FAILURES (5) failures within LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS (900)
lock that username from that client for LOCALGOV_LOGIN_LOCKOUT_SECONDS (900). Attempts
while locked are refused without checking the password and do not extend the lock.
A successful sign-in clears the count.

Wiring: `backends.LockoutModelBackend` refuses locked pairs; the `user_login_failed` and
`user_logged_in` signals (connected in apps.py) count and clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from localgov.access.models import LoginThrottle


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    window: timedelta
    lockout: timedelta


def policy() -> LockoutPolicy:
    return LockoutPolicy(
        max_failures=int(getattr(settings, "LOCALGOV_LOGIN_MAX_FAILURES", 5)),
        window=timedelta(seconds=int(getattr(settings, "LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS", 900))),
        lockout=timedelta(seconds=int(getattr(settings, "LOCALGOV_LOGIN_LOCKOUT_SECONDS", 900))),
    )


def normalise(username: Any) -> str:
    return str(username or "").strip().lower()[:150]


def locked_until(username: Any, client: str, *, now: datetime | None = None) -> datetime | None:
    """When the lock on (username, client) ends, or None if it is not locked."""
    at = now or timezone.now()
    until = (LoginThrottle.objects.filter(username=normalise(username), client=client[:64])
             .values_list("locked_until", flat=True).first())
    return until if until is not None and until > at else None


def is_locked(username: Any, client: str, *, now: datetime | None = None) -> bool:
    return locked_until(username, client, now=now) is not None


def record_failure(username: Any, client: str, *, now: datetime | None = None) -> LoginThrottle:
    """Count one failed sign-in; lock when the limit is reached within the window."""
    at = now or timezone.now()
    rule = policy()
    key = {"username": normalise(username), "client": client[:64]}
    with transaction.atomic():
        row = LoginThrottle.objects.select_for_update().filter(**key).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = LoginThrottle.objects.create(**key, failures=0, window_started=at, last_failure_at=at)
            except IntegrityError:  # another worker created it first
                row = LoginThrottle.objects.select_for_update().get(**key)
        if row.locked_until is not None and row.locked_until > at:
            return row
        if row.window_started <= at - rule.window or row.locked_until is not None:
            row.failures, row.window_started, row.locked_until = 0, at, None
        row.failures += 1
        row.last_failure_at = at
        if row.failures >= rule.max_failures:
            row.locked_until = at + rule.lockout
        row.save()
    return row


def clear(username: Any, client: str) -> None:
    LoginThrottle.objects.filter(username=normalise(username), client=client[:64]).delete()


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """`user_login_failed` receiver: count the failure unless the pair is already locked."""
    from django.contrib.auth import get_user_model

    from localgov.access.client import client_address

    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    if not username:
        return
    client = client_address(request)
    if not is_locked(username, client):
        record_failure(username, client)


def on_logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """`user_logged_in` receiver: a successful sign-in clears the count."""
    from localgov.access.client import client_address

    if user is not None and request is not None:
        clear(user.get_username(), client_address(request))
