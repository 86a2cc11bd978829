"""Rate limit for applicant look-ups with code + secret, per client address and per dossier
code, so codes and secrets cannot be enumerated. Counts every attempt in a fixed window
(settings LOCALGOV_LOOKUP_LIMIT_PER_CLIENT / _PER_CODE / LOCALGOV_LOOKUP_WINDOW_SECONDS);
uses the configured cache (Redis in production, so all workers share the counters)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from localgov.core.errors import RateLimited


def client_address(request: HttpRequest) -> str:
    # Behind a trusted reverse proxy set LOCALGOV_TRUST_X_FORWARDED_FOR=1.
    if getattr(settings, "LOCALGOV_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def _hit(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        return 1


def check_applicant_lookup(request: HttpRequest, code: str) -> None:
    window = int(getattr(settings, "LOCALGOV_LOOKUP_WINDOW_SECONDS", 600))
    per_client = int(getattr(settings, "LOCALGOV_LOOKUP_LIMIT_PER_CLIENT", 20))
    per_code = int(getattr(settings, "LOCALGOV_LOOKUP_LIMIT_PER_CODE", 10))
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    code_key = hashlib.sha256((code or "").strip().upper().encode()).hexdigest()[:24]
    if _hit(f"lookup:ip:{client}", window) > per_client or _hit(f"lookup:code:{code_key}", window) > per_code:
        raise RateLimited("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
