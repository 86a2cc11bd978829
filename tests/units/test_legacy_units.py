"""Legacy (pre-2025) units and the NSO old→new ward table."""

from localgov.units.models import LegacyDistrict, LegacyProvince, LegacyWard, WardMapping


def test_63_provinces_696_districts_about_10000_wards():
    assert LegacyProvince.objects.count() == 63
    assert LegacyDistrict.objects.count() == 696
    # 10,051 wards of the package's legacy list + 10 that only the NSO conversion table has
    # (late-2024 mergers; names from vietnamadminunits' offline dataset).
    assert LegacyWard.objects.count() == 10061


def test_the_conversion_table_is_complete():
    # 10,565 (old ward, new commune) pairs in vietnam-provinces 2026.9.0's OLD_TO_NEW
    assert WardMapping.objects.count() == 10565
    assert WardMapping.objects.values("old_ward").distinct().count() == 10033


def test_a_ward_split_in_three_is_flagged_on_every_row():
    rows = WardMapping.objects.filter(old_ward_id="00028").order_by("new_commune_id")  # Phường Kim Mã
    assert [r.new_commune_id for r in rows] == ["00004", "00008", "00025"]
    assert all(r.is_split for r in rows)


def test_a_whole_ward_is_not_split():
    (row,) = WardMapping.objects.filter(old_ward_id="26740")  # Phường Bến Nghé
    assert row.new_commune_id == "26740" and not row.is_split


def test_wards_missing_from_the_legacy_list_are_named():
    ward = LegacyWard.objects.get(code="26929")
    assert ward.name == "Phường 14" and ward.district_id == "765"
