"""Argument types shared by the management commands (one Vietnamese error for bad input)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError


def iso_date(value: str) -> date:
    """`--from 2025-07-01`: a calendar date, or a clear error instead of a traceback."""
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {value}") from None
