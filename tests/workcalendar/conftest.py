from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

import pytest

from localgov.workcalendar.core import VN_TZ, Calendar, default_calendar


@pytest.fixture
def cal() -> Calendar:
    """The calendar from the shipped data file, default office hours and cut-off."""
    return default_calendar()


@pytest.fixture
def vn() -> Callable[..., datetime]:
    """vn(2025, 8, 29, 10) → 2025-08-29 10:00 Asia/Ho_Chi_Minh."""

    def make(*parts: int) -> datetime:
        return datetime(*parts, tzinfo=VN_TZ)

    return make


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Iterator[None]:
    """DB rollbacks between tests send no signals: drop the adapter's cache around each test."""
    from localgov.workcalendar.adapter import invalidate_calendar_cache

    invalidate_calendar_cache()
    yield
    invalidate_calendar_cache()
