"""Domain errors, one type per kind, mapped once to HTTP (api/api.py) and to Vietnamese UI
messages. Never a bare 500 for something the caller can fix."""

from __future__ import annotations


class DomainError(Exception):
    """Base class. `message` is Vietnamese, for people; `code` is stable, for machines."""

    http_status = 400
    code = "error"

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "fields": self.fields}


class ValidationFailed(DomainError):
    http_status = 422
    code = "validation_failed"


class NotFound(DomainError):
    http_status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    http_status = 403
    code = "forbidden"


class IllegalTransition(DomainError):
    http_status = 409
    code = "illegal_transition"


class Conflict(DomainError):
    http_status = 409
    code = "conflict"


class RateLimited(DomainError):
    """Too many attempts; `retry_after` (seconds) is sent as the Retry-After header."""

    http_status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int = 60, fields: dict[str, list[str]] | None = None,
                 code: str | None = None) -> None:
        super().__init__(message, fields=fields, code=code)
        self.retry_after = max(1, int(retry_after))


def error_headers(exc: DomainError) -> dict[str, str]:
    """The HTTP headers an error's answer carries (Retry-After on every 429)."""
    retry_after = getattr(exc, "retry_after", None)
    return {"Retry-After": str(retry_after)} if retry_after is not None else {}
