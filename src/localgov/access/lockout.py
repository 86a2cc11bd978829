"""Lockout after repeated failed sign-ins — per account AND client address, so that nobody can
lock an officer out from somewhere else, while a client trying many passwords or many
accounts is stopped. The rule is access/throttle.py's (docs/access.md, "Limits and lockouts");
the counters are shared by every worker and server (access/counters.py: the database, or Redis).

- LOCALGOV_LOGIN_MAX_FAILURES (5) wrong passwords for one account from one client within
  LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS (900) lock that account on that client for
  LOCALGOV_LOGIN_LOCKOUT_SECONDS (900). The same account from another client is not locked.
- LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT (20) wrong sign-ins from one client, whatever the
  accounts, lock that client out of every account for the lockout time (credential stuffing).
- LOCALGOV_LOGIN_MAX_FAILURES_PER_ACCOUNT (20) wrong passwords for one account from anyone put
  the account under guard: a client that has already failed LOCALGOV_LOGIN_GUARDED_TRIES (2)
  times on it is refused for it; a client that has not — the officer at their own desk — still
  signs in.

While refused, the password is not even checked and attempts do not extend the lock. A
successful sign-in clears that client's count for the account. `localgov access unlock
USERNAME` lifts every lock on an account; `--client ADDRESS` a client's own lock.

Wiring: `backends.LockoutModelBackend` refuses; the `user_login_failed` and `user_logged_in`
signals (connected in apps.py) count and clear.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model

from localgov.access import throttle
from localgov.access.client import client_address


def limits() -> throttle.Limits:
    return throttle.Limits(
        name="login",
        window=int(getattr(settings, "LOCALGOV_LOGIN_FAILURE_WINDOW_SECONDS", 900)),
        lockout=int(getattr(settings, "LOCALGOV_LOGIN_LOCKOUT_SECONDS", 900)),
        per_pair=int(getattr(settings, "LOCALGOV_LOGIN_MAX_FAILURES", 5)),
        per_client=int(getattr(settings, "LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT", 20)),
        per_subject=int(getattr(settings, "LOCALGOV_LOGIN_MAX_FAILURES_PER_ACCOUNT", 20)),
        guarded_pair=int(getattr(settings, "LOCALGOV_LOGIN_GUARDED_TRIES", 2)),
    )


def normalise(username: Any) -> str:
    return str(username or "").strip().lower()[:150]


def _epoch(now: datetime | None) -> float | None:
    return now.timestamp() if now is not None else None


def refusal(username: Any, client: str, *, now: datetime | None = None) -> throttle.Refusal | None:
    """Why (and how long) this client may not sign in to this account now, or None."""
    return throttle.refusal(limits(), normalise(username), client, now=_epoch(now))


def locked_until(username: Any, client: str, *, now: datetime | None = None) -> datetime | None:
    """When the refusal of (username, client) ends, or None if it may sign in."""
    found = refusal(username, client, now=now)
    if found is None:
        return None
    return (now or datetime.now(UTC)) + timedelta(seconds=found.retry_after)


def is_locked(username: Any, client: str, *, now: datetime | None = None) -> bool:
    return refusal(username, client, now=now) is not None


def record_failure(username: Any, client: str, *, now: datetime | None = None) -> throttle.Refusal | None:
    """Count one failed sign-in; the refusal that now applies, if it reached a limit."""
    return throttle.record_failure(limits(), normalise(username), client, now=_epoch(now))


def clear(username: Any, client: str) -> None:
    """A successful sign-in: this client's failures on this account are forgotten."""
    throttle.forget_pair(limits(), normalise(username), client)


def unlock(username: Any) -> int:
    """Lift every lock on the account, from every client; the number of counters removed."""
    return throttle.clear_subject(limits(), normalise(username))


def unlock_client(client: str) -> int:
    """Lift a client's own lock (after too many failures on any accounts)."""
    return throttle.clear_client([limits()], client)


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """`user_login_failed` receiver: count the failure unless the client was already refused
    (then the password was not checked)."""


    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    if not username:
        return
    client = client_address(request)
    if not is_locked(username, client):
        record_failure(username, client)


def on_logged_in(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """`user_logged_in` receiver: a successful sign-in clears the count."""

    if user is not None and request is not None:
        clear(user.get_username(), client_address(request))
