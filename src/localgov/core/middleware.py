"""Request log: method, path, status and duration as one structured line per request; and the
anonymous user of the bearer-token API lane (localgov/wsgi.py)."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from localgov.core.errors import DomainError
from localgov.core.views import error_page

log = logging.getLogger("localgov.request")


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # META directly (request.headers builds a mapping of every header); the id only has to
        # tell requests apart in the logs, so no system call for random bytes per request.
        request_id = request.META.get("HTTP_X_REQUEST_ID") or f"{random.getrandbits(64):016x}"
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class TokenLaneMiddleware:
    """The bearer-token lane (settings.API_TOKEN_MIDDLEWARE, localgov/wsgi.py): `request.user` is
    the anonymous user — no session is read, so a cookie riding along with a token identifies
    nobody; the token does — and answers are in the site's language (settings.LANGUAGE_CODE),
    whatever language an earlier browser request activated in this thread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:

        self.get_response = get_response
        self.language = settings.LANGUAGE_CODE

    def __call__(self, request: HttpRequest) -> HttpResponse:

        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language  # type: ignore[attr-defined]
        request.user = AnonymousUser()  # type: ignore[assignment]
        return self.get_response(request)


class DomainErrorPageMiddleware:
    """A domain error (core/errors.py) that escapes a page view becomes the error page with its
    HTTP status and its Vietnamese message — a denial's reason is shown, never a bare 500. The
    API (/api/) maps the same errors to JSON itself (api/api.py)."""

    TITLES = {403: "Không có quyền truy cập", 404: "Không tìm thấy"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:

        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None


        title = _(self.TITLES.get(exception.http_status, "Không thực hiện được"))
        return error_page(request, exception.http_status, title, exception.message)
