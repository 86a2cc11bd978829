"""Sign-in forms with a clear lockout message (the lock itself is enforced by
backends.LockoutModelBackend, so a form without this message is still protected).

Mount with Django's LoginView:

    LoginView.as_view(authentication_form=LockoutAuthenticationForm, template_name=...)
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from localgov.access.client import client_address
from localgov.access.lockout import refusal

LOCKED_MESSAGE = ("Tài khoản tạm thời bị khóa trên máy này do đăng nhập sai nhiều lần. "
                  "Vui lòng thử lại sau %(minutes)s phút.")
CLIENT_LOCKED_MESSAGE = ("Máy này tạm thời không được đăng nhập do có quá nhiều lần đăng nhập sai. "
                         "Vui lòng thử lại sau %(minutes)s phút.")
INVALID_MESSAGE = "Tên đăng nhập hoặc mật khẩu không đúng."


class _LockoutMixin:
    request: Any
    cleaned_data: dict[str, Any]
    #: Seconds until the refusal ends, when the form was refused (the page answers 429 with
    #: this as Retry-After); None otherwise.
    retry_after: int | None = None

    def _check_lock(self) -> None:
        username = self.cleaned_data.get("username")
        if not username:
            return
        found = refusal(username, client_address(self.request))
        if found is not None:
            self.retry_after = found.retry_after
            minutes = max(1, math.ceil(found.retry_after / 60))
            message = CLIENT_LOCKED_MESSAGE if found.reason == "client" else LOCKED_MESSAGE
            raise forms.ValidationError(message, code="locked", params={"minutes": minutes})


class LockoutAuthenticationForm(_LockoutMixin, AuthenticationForm):
    """Username + password; says so when the account is locked on this client."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_MESSAGE}

    def clean(self) -> dict[str, Any]:
        self._check_lock()
        try:
            return super().clean()
        except forms.ValidationError:
            self._check_lock()  # this very attempt may have reached the limit
            raise


class LockoutAdminAuthenticationForm(_LockoutMixin, AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        self._check_lock()
        try:
            return super().clean()
        except forms.ValidationError:
            self._check_lock()
            raise
