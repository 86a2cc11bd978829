"""The one sign-in page for every role (/dang-nhap/), sign-out (/dang-xuat/, POST only), and
where each person lands: their own home (access/areas.py), or the page they were sent from
when it is safe and theirs to open (access.web.safe_next)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from localgov.access.forms import LockoutAuthenticationForm
from localgov.access.web import SIGNIN_PATH, home_place, local_path, safe_next
from localgov.portal.ui import mark_invalid

LOGIN_URL = SIGNIN_PATH


def login_form_class() -> type[forms.Form]:
    """The lockout-aware form of the access app."""
    return LockoutAuthenticationForm


class LoginView(auth_views.LoginView):
    """A person already signed in sees who they are, a link to their home and the form (to
    switch accounts on a shared counter PC); they are not bounced, so a page they may not open
    (e.g. the admin for a non-staff account) cannot loop through here."""

    template_name = "signin.html"
    redirect_authenticated_user = False

    def get_form_class(self) -> type[forms.Form]:
        return login_form_class()

    def get_form(self, form_class: Any = None) -> forms.Form:
        form = super().get_form(form_class)
        form.fields["username"].label = _("Tên đăng nhập")
        form.fields["password"].label = _("Mật khẩu")
        return form

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        mark_invalid(form)
        response = super().form_invalid(form)
        retry_after = getattr(form, "retry_after", None)  # refused by the lockout (access/lockout.py)
        response.status_code = 429 if retry_after else 422
        if retry_after:
            response["Retry-After"] = str(retry_after)
        return response

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        request = request or self.request
        wanted = request.POST.get(self.redirect_field_name, request.GET.get(self.redirect_field_name))
        return safe_next(request, wanted) or ""

    def get_default_redirect_url(self) -> str:
        return home_place(self.request).path

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # Only a local `next` travels in the form; whether the person may open it is decided
        # once they are signed in (get_redirect_url).
        wanted = self.request.GET.get(self.redirect_field_name)
        context["next"] = local_path(wanted) or ""
        if self.request.user.is_authenticated:
            context["signed_in_home"] = home_place(self.request)
            context["needs_other_account"] = bool(wanted) and safe_next(self.request, wanted) is None
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django's), with the CSRF token; back to the sign-in page for the next person."""

    next_page = LOGIN_URL

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Bạn đã đăng xuất."))
        return response


def old_signin(request: HttpRequest) -> HttpResponse:
    """The former officer sign-in address: the same page, with the same `next`."""
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(f"{LOGIN_URL}?{query}" if query else LOGIN_URL)
