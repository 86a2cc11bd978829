"""Who is calling the API: a Bearer token of another agency's system (scoped, revocable),
a signed-in session (CSRF-checked for writes), or nobody (applicants with code + secret).
The actor is resolved once per request and kept on it."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware

from localgov.access.policy import ANONYMOUS, Actor, resolve_actor
from localgov.access.tokens import authenticate_bearer
from localgov.core.errors import DomainError, PermissionDenied


class Unauthenticated(DomainError):
    http_status = 401
    code = "unauthenticated"


def _csrf_ok(request: HttpRequest) -> bool:
    checker = CsrfViewMiddleware(lambda r: None)  # type: ignore[arg-type, return-value]
    return checker.process_view(request, lambda r: None, (), {}) is None  # type: ignore[arg-type]


def actor_for(request: HttpRequest, *, required: bool = False) -> Actor:
    cached = getattr(request, "_localgov_actor", None)
    if cached is not None:
        return cached
    header = request.META.get("HTTP_AUTHORIZATION", "")
    actor = ANONYMOUS
    request._localgov_scopes = None  # type: ignore[attr-defined]
    if header.startswith("Bearer "):
        # Token, user and grants in one statement, read on every call (no cache to go stale).
        found = authenticate_bearer(header[7:].strip())
        if found is None:
            raise Unauthenticated("Mã truy cập API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
        actor, scopes = found
        request._localgov_scopes = scopes  # type: ignore[attr-defined]
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _csrf_ok(request):
            raise PermissionDenied("Thiếu hoặc sai mã CSRF.", code="csrf")
        actor = resolve_actor(request.user)
    if required and actor.user_id is None:
        raise Unauthenticated("Vui lòng đăng nhập.")
    request._localgov_actor = actor  # type: ignore[attr-defined]
    return actor


def require_scope(request: HttpRequest, scope: str) -> None:
    """Token callers need the scope; sessions and anonymous callers are governed by roles."""
    scopes = getattr(request, "_localgov_scopes", None)
    if scopes is not None and scope not in scopes:
        raise PermissionDenied(f"Mã truy cập API không có phạm vi «{scope}».", code="scope")
