"""Read-only admin views: workforce rows are written by `workforce.services` only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from localgov.workforce.models import Official, OfficialRecord, PlanTransfer, RebalancePlan


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class RecordInline(admin.TabularInline):
    model = OfficialRecord
    extra = 0
    fields = ("valid_from", "valid_to", "commune_code", "field", "position_title", "category", "status",
              "change_reason", "source")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Official)
class OfficialAdmin(ReadOnly):
    list_display = ("code", "full_name", "birth_year")
    search_fields = ("code", "full_name")
    exclude = ("citizen_id",)  # personal data: not shown in the admin
    inlines = [RecordInline]


@admin.register(OfficialRecord)
class OfficialRecordAdmin(ReadOnly):
    list_display = ("official", "valid_from", "valid_to", "province_code", "commune_code", "field", "status")
    list_filter = ("status", "category", "field", "province_code")
    search_fields = ("official__code", "commune_code")
    list_select_related = ("official",)


class TransferInline(admin.TabularInline):
    model = PlanTransfer
    extra = 0
    can_delete = False
    readonly_fields = ("official", "from_commune_code", "from_field", "to_commune_code", "to_field", "distance",
                       "cost")
    fields = readonly_fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(RebalancePlan)
class RebalancePlanAdmin(ReadOnly):
    list_display = ("pk", "province_code", "as_of", "status", "filled", "needed", "created_by", "decided_by_label")
    list_filter = ("status", "province_code")
    inlines = [TransferInline]
