"""The access policy at the pages: the sign-in guard of every signed-in page, the area guard, the
person's menu and home (access/areas.py), and the safe `next` after signing in.

Every page app (office, portal, oversight, workforce, payouts) imports its guard from here, so
the UI apps do not depend on each other for authentication.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from localgov.access.areas import PLACE, Area, Place, area_of, home, may_open, open_places
from localgov.access.policy import ANONYMOUS, Actor, resolve_actor

#: The sign-in and sign-out pages (never a `next`: they would loop).
SIGNIN_PATH = "/dang-nhap/"
SIGNOUT_PATH = "/dang-xuat/"
NEVER_NEXT = (SIGNIN_PATH, SIGNOUT_PATH, "/can-bo/dang-nhap/", "/can-bo/dang-xuat/", "/admin/login/", "/admin/logout/")


def actor_of(request: HttpRequest) -> Actor:
    """The request's actor, resolved once per request (one query) and kept on the request."""
    actor = getattr(request, "actor", None)
    if actor is None:
        user = getattr(request, "user", None)
        actor = resolve_actor(user) if user is not None and user.is_authenticated else ANONYMOUS
        request.actor = actor  # type: ignore[attr-defined]
    return actor


def is_staff(request: HttpRequest) -> bool:
    """The Django admin's own gate (AdminSite.has_permission: an active staff account)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


def may_open_area(request: HttpRequest, area: Area) -> bool:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return False
    return may_open(actor_of(request).roles, area, staff=is_staff(request))


def home_place(request: HttpRequest) -> Place:
    return home(actor_of(request).roles, staff=is_staff(request))


def signin_url(next_path: str | None = None) -> str:
    url = resolve_url(settings.LOGIN_URL)
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


def signin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in (else to the sign-in page, coming back here after); the resolved actor is
    `request.actor`."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return HttpResponseRedirect(signin_url(request.get_full_path()))
        actor_of(request)
        return view(request, *args, **kwargs)

    return wrapper


def area_required(area: Area) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Signed in and allowed into `area` (areas.PLACES); otherwise 403 with the area's reason."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may_open_area(request, area):
                raise PermissionDenied(PLACE[area].denied)
            return view(request, *args, **kwargs)

        return signin_required(wrapper)

    return decorator


def local_path(value: str | None) -> str | None:
    """`value` if it is a path on this site worth returning to after signing in, else None: "/…",
    not "//host", not "\\", no scheme, no control characters; never the sign-in or sign-out
    page, never the front page (everyone's starting point, nobody's destination)."""
    if not value or len(value) > 2000:
        return None
    if any(ord(c) < 0x20 or c == "\\" for c in value) or not value.startswith("/") or value.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path == "/" or parts.path.startswith(NEVER_NEXT):
        return None
    return value


def safe_next(request: HttpRequest, value: str | None) -> str | None:
    """Where to go after signing in: `value` if it is a `local_path` in no area the signed-in
    person may not open (else None: they land on their home instead of a 403)."""
    path = local_path(value)
    if path is None:
        return None
    area = area_of(urlsplit(path).path)
    if area is not None and not may_open_area(request, area):
        return None
    return path


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: `my_places`, the person's menu, and `my_home`, both computed only when
    a template uses them (one query for the actor, shared with the view's)."""

    def places() -> list[Place]:
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return []
        return open_places(actor_of(request).roles, staff=is_staff(request))

    def my_home() -> str:
        return home_place(request).path if request.user.is_authenticated else "/"

    return {"my_places": SimpleLazyObject(places), "my_home": SimpleLazyObject(my_home)}
