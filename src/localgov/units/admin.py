from django.contrib import admin

from localgov.units.models import (
    Agency,
    Commune,
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    Province,
    ServiceCentre,
    WardMapping,
)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type", "area_km2", "population")
    list_filter = ("division_type",)
    search_fields = ("code", "name", "codename")


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type", "province")
    list_filter = ("division_type", "province")
    search_fields = ("code", "name", "codename")
    list_select_related = ("province",)


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type")
    list_filter = ("division_type",)
    search_fields = ("code", "name", "codename")


@admin.register(LegacyDistrict)
class LegacyDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type", "province")
    list_filter = ("division_type", "province")
    search_fields = ("code", "name", "codename")
    list_select_related = ("province",)


@admin.register(LegacyWard)
class LegacyWardAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division_type", "district")
    list_filter = ("division_type", "district__province")
    search_fields = ("code", "name", "codename", "district__name")
    list_select_related = ("district",)
    raw_id_fields = ("district",)


@admin.register(WardMapping)
class WardMappingAdmin(admin.ModelAdmin):
    list_display = ("old_ward", "new_commune", "is_split")
    list_filter = ("is_split", "new_commune__province")
    search_fields = ("old_ward__code", "old_ward__name", "new_commune__code", "new_commune__name")
    list_select_related = ("old_ward", "new_commune")
    raw_id_fields = ("old_ward", "new_commune")


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "status", "opened_on", "province")
    list_filter = ("kind", "status", "province")
    search_fields = ("code", "name", "commune__name", "address")
    list_select_related = ("province",)
    raw_id_fields = ("commune",)
    date_hierarchy = "opened_on"


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("electronic_id", "name", "kind", "level", "province")
    list_filter = ("level", "kind", "province")
    search_fields = ("electronic_id", "name", "commune__name")
    list_select_related = ("province",)
    raw_id_fields = ("commune", "centre")
