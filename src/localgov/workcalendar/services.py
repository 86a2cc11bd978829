"""Writes to the overrides table — the only place that changes `CalendarOverride` rows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from localgov.units.loaders import Counts
from localgov.workcalendar.adapter import invalidate_calendar_cache
from localgov.workcalendar.models import CalendarOverride
from localgov.workcalendar.sources import load_overrides_file


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    extra_in_db: int  # rows in the table that the file does not list (kept, never deleted)


def load_overrides(path: Path | str | None = None) -> LoadResult:
    """Import the shipped overrides file (or `path`) into the table. Idempotent: a second
    run changes nothing. Rows added by hand (admin) for other dates are kept."""
    overrides = load_overrides_file(path)
    created = updated = unchanged = 0
    with transaction.atomic():
        existing = {o.date: o for o in CalendarOverride.objects.select_for_update()}
        for o in overrides:
            fields = {
                "working": o.working,
                "reason": o.reason,
                "document": o.document,
                "source_url": o.source_url,
            }
            row = existing.pop(o.day, None)
            if row is None:
                CalendarOverride.objects.create(date=o.day, **fields)
                created += 1
            elif any(getattr(row, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(row, k, v)
                row.save(update_fields=list(fields))
                updated += 1
            else:
                unchanged += 1
        transaction.on_commit(invalidate_calendar_cache)
    invalidate_calendar_cache()
    return LoadResult(created, updated, unchanged, len(existing))


def load_for_registry() -> dict[str, Any]:
    """`localgov load calendar`: import the shipped overrides, reported for the registry."""

    result = load_overrides()
    return {"workcalendar.CalendarOverride": Counts(created=result.created, updated=result.updated,
                                                    unchanged=result.unchanged, deleted=0)}
