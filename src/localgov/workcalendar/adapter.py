"""Thin Django adapter: builds the pure `core.Calendar` from settings + DB overrides.

`get_calendar()` uses the `CalendarOverride` rows when the table has any, otherwise the
shipped `data/overrides.csv`; office hours and the receipt cut-off come from the settings
`LOCALGOV_OFFICE_HOURS` and `LOCALGOV_RECEIPT_CUTOFF`. The result is cached per process and
invalidated when an override is saved or deleted (signals.py) or the settings change.
Every calendar built here is registered in `core.registry`, so a dossier that stored a
`calendar_version` can recompute with `get_calendar(version)` while that version is loaded.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError

from localgov.workcalendar.core import (
    DEFAULT_CUTOFF,
    DEFAULT_OFFICE_HOURS,
    Calendar,
    registry,
)
from localgov.workcalendar.models import CalendarOverride
from localgov.workcalendar.sources import Override, load_overrides_file

log = logging.getLogger(__name__)

_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[Calendar, float]] = {}


def _settings_key() -> tuple[str, str]:
    return (
        str(getattr(settings, "LOCALGOV_OFFICE_HOURS", DEFAULT_OFFICE_HOURS)),
        str(getattr(settings, "LOCALGOV_RECEIPT_CUTOFF", DEFAULT_CUTOFF)),
    )


def db_overrides() -> list[Override] | None:
    """Overrides stored in the database, or None when the table is empty or absent."""

    try:
        rows = list(
            CalendarOverride.objects.order_by("date").values_list(
                "date", "working", "reason", "document", "source_url"
            )
        )
    except DatabaseError:  # table not migrated yet: fall back to the shipped file
        log.warning("workcalendar: overrides table unavailable, using the shipped data file")
        return None
    if not rows:
        return None
    return [Override(day=d, working=w, reason=r, document=doc, source_url=url) for d, w, r, doc, url in rows]


def shipped_calendar() -> Calendar:
    """The calendar from the shipped data file with the configured hours and cut-off."""
    office_hours, cutoff = _settings_key()
    return registry.register(Calendar(load_overrides_file(), office_hours=office_hours, cutoff=cutoff))


def _current_overrides() -> list[Override]:
    overrides = db_overrides()
    return load_overrides_file() if overrides is None else overrides


def get_calendar(version: str | None = None) -> Calendar:
    """The current calendar (cached); with `version`, the loaded calendar of that version.

    Raises `core.UnknownCalendarVersion` when that version is no longer loaded. The cache is
    dropped on any override save/delete in this process (signals); other processes notice a
    change within `LOCALGOV_CALENDAR_RECHECK_SECONDS` (default 60), when the overrides are
    re-read and the calendar rebuilt only if they differ.
    """
    key = _settings_key()
    now = time.monotonic()
    recheck = float(getattr(settings, "LOCALGOV_CALENDAR_RECHECK_SECONDS", 60))
    with _lock:
        entry = _cache.get(key)
    if entry is not None and now - entry[1] < recheck:
        cal = entry[0]
    else:
        overrides = _current_overrides()
        if entry is not None and entry[0].overrides == tuple(sorted(overrides, key=lambda o: o.day)):
            cal = entry[0]
        else:
            office_hours, cutoff = key
            cal = registry.register(Calendar(overrides, office_hours=office_hours, cutoff=cutoff))
        with _lock:
            _cache.clear()
            _cache[key] = (cal, now)
    if version is None or version == cal.version:
        return cal
    if version not in registry:
        shipped_calendar()  # a dossier computed before the overrides were loaded into the DB
    return registry.get(version)


def invalidate_calendar_cache() -> None:
    """Forget the cached current calendar (older versions stay in the registry)."""
    with _lock:
        _cache.clear()
