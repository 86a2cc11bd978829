"""Official calendar overrides (days off on weekdays, make-up working Saturdays). Thin model:
the rules live in `core.py`; `adapter.get_calendar()` reads these rows."""

from __future__ import annotations

from django.db import models


class CalendarOverride(models.Model):
    date = models.DateField("ngày", unique=True)
    working = models.BooleanField("là ngày làm việc", help_text="Bật: ngày làm bù; tắt: ngày nghỉ.")
    reason = models.CharField("lý do", max_length=255)
    document = models.CharField("văn bản", max_length=500, blank=True)
    source_url = models.URLField("nguồn", max_length=500, blank=True)
    created = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "ngày nghỉ/làm bù chính thức"
        verbose_name_plural = "ngày nghỉ/làm bù chính thức"

    def __str__(self) -> str:
        kind = "làm việc" if self.working else "nghỉ"
        return f"{self.date.isoformat()} ({kind}): {self.reason}"
