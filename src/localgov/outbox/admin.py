"""The administrators' pages (the Django admin, opened by staff accounts — access/areas.py): the
outbox with its "stuck" list (`?stuck=1`, the same selector as `localgov outbox stuck`), read-only,
recipients masked, and an action that puts failed messages back in the queue (`services.retry`);
each dossier's DVCQG sync status."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from localgov.outbox import rules, selectors, services
from localgov.outbox.models import DossierSync, Message


class StuckFilter(admin.SimpleListFilter):
    title = "cần xem xét"
    parameter_name = "stuck"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("1", "Thư bị kẹt (lỗi, quá hạn gửi, bị bỏ dở)")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Message]) -> QuerySet[Message]:
        if self.value() == "1":
            return queryset.filter(pk__in=[m.pk for m in selectors.stuck(limit=5000)])
        return queryset


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("key", "consumer", "channel", "topic", "status_label", "attempts", "to", "created_at",
                    "sent_at", "error")
    list_filter = (StuckFilter, "status", "consumer", "channel", "topic")
    search_fields = ("key",)
    ordering = ("-created_at",)
    actions = ("retry_failed",)
    list_per_page = 100
    fields = ("key", "consumer", "channel", "topic", "template_version", "status", "attempts", "to",
              "next_attempt_at", "created_at", "sent_at", "last_error")
    readonly_fields = fields

    @admin.display(description="trạng thái")
    def status_label(self, m: Message) -> str:
        return rules.STATUS_LABELS[m.status]

    @admin.display(description="gửi đến")
    def to(self, m: Message) -> str:
        return selectors.masked_recipient(m)

    @admin.display(description="lỗi gần nhất")
    def error(self, m: Message) -> str:
        return m.last_error[:160]

    @admin.action(description="Gửi lại các thư bị lỗi đã chọn")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        count = services.retry(queryset.values_list("pk", flat=True))
        self.message_user(request, f"Đã đưa {count} thư trở lại hàng đợi.", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DossierSync)
class DossierSyncAdmin(admin.ModelAdmin):
    list_display = ("dossier", "province_code", "status", "synced_seq", "synced_state", "synced_at", "last_error")
    list_filter = ("status", "province_code")
    list_select_related = ("dossier",)
    search_fields = ("dossier__code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
