"""Any change to the overrides table invalidates the cached calendar (this process)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from localgov.workcalendar.adapter import invalidate_calendar_cache
from localgov.workcalendar.models import CalendarOverride


@receiver(post_save, sender=CalendarOverride, dispatch_uid="workcalendar_override_saved")
@receiver(post_delete, sender=CalendarOverride, dispatch_uid="workcalendar_override_deleted")
def _override_changed(sender: type[CalendarOverride], **kwargs: Any) -> None:
    invalidate_calendar_cache()
