"""Sign-in and sign-out for officers, and where each person lands."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from localgov.access.policy import Actor, resolve_actor
from localgov.access.roles import OFFICER_ROLES, OVERSEER_ROLES
from localgov.portal.ui import mark_invalid

LOGIN_URL = "/can-bo/dang-nhap/"


def login_form_class() -> type[forms.Form]:
    """The lockout-aware form of the access app when present, else Django's."""
    try:
        from localgov.access.forms import LockoutAuthenticationForm
    except ImportError:
        return AuthenticationForm
    return LockoutAuthenticationForm


class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True

    def get_form_class(self) -> type[forms.Form]:
        return login_form_class()

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)
        form.fields["username"].label = "Tên đăng nhập"
        form.fields["password"].label = "Mật khẩu"
        return form

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        mark_invalid(form)
        response = super().form_invalid(form)
        retry_after = getattr(form, "retry_after", None)  # refused by the lockout (access/lockout.py)
        response.status_code = 429 if retry_after else 422
        if retry_after:
            response["Retry-After"] = str(retry_after)
        return response

    def get_default_redirect_url(self) -> str:
        return reverse("office:landing")


class LogoutView(auth_views.LogoutView):
    next_page = LOGIN_URL


def officer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the login page); passes the resolved actor as `request.actor`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{LOGIN_URL}?next={request.get_full_path()}")
        request.actor = resolve_actor(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def is_officer(actor: Actor) -> bool:
    return any(r in actor.scopes for r in OFFICER_ROLES)


def is_overseer(actor: Actor) -> bool:
    return any(r in actor.scopes for r in OVERSEER_ROLES)


def oversight_url() -> str | None:
    """The oversight dashboard, once another app serves it at /giam-sat/."""
    try:
        resolve("/giam-sat/")
    except Resolver404:
        return None
    return "/giam-sat/"
