"""Authentication backend: Django's ModelBackend (Argon2 hashes) that refuses a locked
(username, client) pair before checking the password (access/lockout.py). Listed in
settings.AUTHENTICATION_BACKENDS, so it protects every sign-in form (office, admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from localgov.access.client import client_address
from localgov.access.lockout import is_locked


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> Any:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is not None and is_locked(username, client_address(request)):
            # PermissionDenied stops every backend; Django then sends user_login_failed.
            raise PermissionDenied("locked")
        return super().authenticate(request, username=username, password=password, **kwargs)
