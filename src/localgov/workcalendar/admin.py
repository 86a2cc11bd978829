from __future__ import annotations

from django.contrib import admin

from localgov.workcalendar.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "working", "reason", "document", "created")
    list_filter = ("working",)
    search_fields = ("reason", "document")
    date_hierarchy = "date"
    ordering = ("date",)
