"""Admin: read-mostly views of the catalogue (the data files are the source of truth)."""

from __future__ import annotations

from django.contrib import admin

from localgov.catalog.models import Bundle, BundleMember, Field, Procedure, ProcedureStep


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_vi", "name_en")
    search_fields = ("slug", "name_vi", "name_en")


class StepInline(admin.TabularInline):
    model = ProcedureStep
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "field",
        "level",
        "deadline_value",
        "deadline_unit",
        "online_level",
        "verified",
        "active",
    )
    list_filter = (
        "field",
        "level",
        "competent_agency_kind",
        "online_level",
        "boundary_scope",
        "verified",
        "active",
    )
    search_fields = ("code", "name", "search_text")
    readonly_fields = ("search_text", "data_hash")
    inlines = [StepInline]


class MemberInline(admin.TabularInline):
    model = BundleMember
    extra = 0
    raw_id_fields = ("procedure",)


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "total_deadline_value", "total_deadline_unit", "verified", "active")
    list_filter = ("verified", "active")
    search_fields = ("code", "name", "group_code")
    readonly_fields = ("data_hash",)
    inlines = [MemberInline]
