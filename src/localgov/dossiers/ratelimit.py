"""Limits on applicants' look-ups with dossier code + secret (the portal's /tra-cuu/ and the
API's X-Dossier-Secret), so that codes — which are sequential — and secrets cannot be guessed,
while the owner with the right secret is never locked out by someone else's guesses.

Only wrong secrets count (access/throttle.py has the rule; docs/access.md explains it):
LOCALGOV_LOOKUP_LIMIT_PER_CLIENT (20) wrong secrets from one address, on any codes, within
LOCALGOV_LOOKUP_WINDOW_SECONDS (600) refuse that address for that long. LOCALGOV_LOOKUP_LIMIT_PER_CODE
(10) wrong secrets on one code, from anyone, put that code under guard: an address that has
already given LOCALGOV_LOOKUP_GUARDED_TRIES (3) wrong secrets for it is refused for it, every
other address is still checked — so the owner gets in. A refusal is a `RateLimited` (429) that
says when to come back (`retry_after`, sent as Retry-After)."""

from __future__ import annotations

import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest

from localgov.access import throttle
from localgov.access.client import client_address
from localgov.core.errors import NotFound, RateLimited


def limits() -> throttle.Limits:
    window = int(getattr(settings, "LOCALGOV_LOOKUP_WINDOW_SECONDS", 600))
    return throttle.Limits(
        name="lookup", window=window, lockout=window,
        per_client=int(getattr(settings, "LOCALGOV_LOOKUP_LIMIT_PER_CLIENT", 20)),
        per_subject=int(getattr(settings, "LOCALGOV_LOOKUP_LIMIT_PER_CODE", 10)),
        guarded_pair=int(getattr(settings, "LOCALGOV_LOOKUP_GUARDED_TRIES", 3)),
    )


def normal_code(code: str) -> str:
    return (code or "").strip().upper()[:64]


def refused(refusal: throttle.Refusal) -> RateLimited:
    minutes = max(1, math.ceil(refusal.retry_after / 60))
    return RateLimited(f"Bạn đã nhập sai mã tra cứu quá nhiều lần. Vui lòng thử lại sau {minutes} phút.",
                       retry_after=refusal.retry_after)


def checked_lookup[T](request: HttpRequest, code: str, check: Callable[[], T]) -> T:
    """Run `check` (which raises NotFound for a wrong code or secret) unless this client is
    refused for `code`; count a NotFound as a wrong attempt. Raises RateLimited when refused,
    NotFound (unchanged) for a wrong secret that did not reach a limit."""
    rule, client, subject = limits(), client_address(request), normal_code(code)
    refusal = throttle.refusal(rule, subject, client)
    if refusal is not None:
        raise refused(refusal)
    try:
        return check()
    except NotFound:
        throttle.record_failure(rule, subject, client)
        raise
