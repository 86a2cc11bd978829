"""Session idle timeout: a signed-in session unused for LOCALGOV_SESSION_IDLE_SECONDS
(default 30 minutes) is logged out; SESSION_COOKIE_AGE (8 hours) caps it absolutely.
Place after AuthenticationMiddleware."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SEEN_KEY = "_localgov_seen"
#: Write the session at most this often (seconds), not on every request.
TOUCH_EVERY = 60


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            idle = int(getattr(settings, "LOCALGOV_SESSION_IDLE_SECONDS", 1800))
            now = time.time()
            seen = request.session.get(SEEN_KEY)
            if idle > 0 and isinstance(seen, (int, float)) and now - seen > idle:
                logout(request)
                request._localgov_session_expired = True  # type: ignore[attr-defined]
            elif not isinstance(seen, (int, float)) or now - seen > TOUCH_EVERY:
                request.session[SEEN_KEY] = now
        return self.get_response(request)
