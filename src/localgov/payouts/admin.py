"""Read-only admin: cases and payments are written only by payouts.services (and the importer)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from localgov.payouts.models import Payment, PayoutCase


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    readonly_fields = ("amount_vnd", "paid_on", "status", "reference", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PayoutCase)
class PayoutCaseAdmin(ReadOnly):
    list_display = ("full_name", "official_ref", "province_code", "agency_name", "category", "decision_number",
                    "decision_date", "total_vnd", "status")
    list_filter = ("status", "category", "province_code", "funding_source")
    search_fields = ("full_name", "official_ref", "decision_number", "agency_name")
    inlines = [PaymentInline]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ("case", "province_code", "amount_vnd", "paid_on", "status", "reference")
    list_filter = ("status", "province_code")
