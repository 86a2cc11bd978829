"""The client address of a request (for lockout and access records)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """REMOTE_ADDR, or the first X-Forwarded-For hop behind a trusted reverse proxy
    (LOCALGOV_TRUST_X_FORWARDED_FOR=1, the same setting as the applicant look-up limit)."""
    if request is None:
        return ""
    meta = getattr(request, "META", {}) or {}
    if getattr(settings, "LOCALGOV_TRUST_X_FORWARDED_FOR", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()[:64]
    return str(meta.get("REMOTE_ADDR", "") or "unknown")[:64]
