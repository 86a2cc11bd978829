"""Agencies: kinds the catalogue references, unique electronic ids, centres."""

from collections import Counter

from localgov.units.models import Agency

PROVINCE_KINDS = {
    "provincial_ubnd", "dept_justice", "dept_agri_env", "dept_construction", "dept_home_affairs",
    "dept_finance", "dept_health", "dept_education", "dept_industry_trade", "dept_culture",
    "dept_science_tech", "land_registry", "provincial_police", "social_insurance", "tax",
}
COMMUNE_KINDS = {
    "commune_office", "commune_economic", "commune_culture_social", "commune_centre", "commune_police",
}


def test_kinds_are_exactly_the_catalogue_strings():
    assert set(Agency.objects.filter(commune__isnull=True).values_list("kind", flat=True)) == PROVINCE_KINDS
    assert set(Agency.objects.filter(commune__isnull=False).values_list("kind", flat=True)) == COMMUNE_KINDS


def test_counts_and_unique_ids():
    assert Agency.objects.count() == 34 * 15 + 3321 * 5
    ids = list(Agency.objects.values_list("electronic_id", flat=True))
    assert len(ids) == len(set(ids))
    per_commune = Counter(Agency.objects.filter(commune__isnull=False).values_list("commune_id", flat=True))
    assert set(per_commune.values()) == {5}


def test_id_scheme_and_levels():
    justice = Agency.objects.get(province_id="01", kind="dept_justice")
    assert justice.electronic_id == "G01.02"
    assert justice.name == "Sở Tư pháp thành phố Hà Nội" and justice.level == "province"
    tax = Agency.objects.get(province_id="79", kind="tax")
    assert tax.level == "vertical" and tax.name == "Thuế thành phố Hồ Chí Minh"
    office = Agency.objects.get(commune_id="26740", kind="commune_office")
    assert office.electronic_id == "X79.26740.01" and office.level == "commune"
    assert Agency.objects.get(commune_id="26740", kind="commune_police").level == "vertical"


def test_economic_office_name_depends_on_commune_type():
    ward = Agency.objects.get(commune_id="26740", kind="commune_economic")  # Phường Sài Gòn
    assert ward.name == "Phòng Kinh tế, Hạ tầng và Đô thị phường Sài Gòn"
    commune = Agency.objects.get(commune_id="27637", kind="commune_economic")  # Xã Bình Chánh
    assert commune.name == "Phòng Kinh tế xã Bình Chánh"


def test_agencies_point_at_the_desk_that_receives_for_them():
    assert Agency.objects.get(province_id="92", kind="dept_health").centre.kind == "provincial_centre"
    assert Agency.objects.get(commune_id="31120", kind="commune_centre").centre.kind == "commune_centre"
    assert Agency.objects.get(commune_id="00004", kind="commune_centre").centre.kind == "provincial_branch"
    assert not Agency.objects.filter(centre__isnull=True).exists()
