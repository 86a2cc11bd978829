"""The WSGI application: two lanes over the same URLs and views.

Calls to /api/ that carry `Authorization: Bearer …` (other agencies' systems, the one-stop
shop's integrations) run `settings.API_TOKEN_MIDDLEWARE`; everything else — browsers, and API
calls made with a signed-in session — runs the full `settings.MIDDLEWARE`. A token call
involves no cookie, session, CSRF token, flash message or static file, so the middleware for
those only cost time there (ADR 0007).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
_full = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402


class TokenApiHandler(WSGIHandler):
    """A WSGIHandler whose middleware chain is `settings.API_TOKEN_MIDDLEWARE`."""

    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = settings.API_TOKEN_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


_token_api = TokenApiHandler()


def is_token_api_call(environ: dict[str, Any]) -> bool:
    return environ.get("PATH_INFO", "").startswith("/api/") and environ.get("HTTP_AUTHORIZATION", "").startswith(
        "Bearer ")


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if is_token_api_call(environ):
        return _token_api(environ, start_response)
    return _full(environ, start_response)
