"""Centres: one provincial centre per province; a commune centre per commune, except in the
one-level provinces (Hà Nội, Quảng Ninh) whose communes are served by branches."""

import datetime

from django.db.models import Count

from localgov.units.models import Commune, ServiceCentre


def test_every_province_has_one_provincial_centre():
    centres = ServiceCentre.objects.filter(kind="provincial_centre")
    assert centres.count() == 34
    assert centres.values("province").distinct().count() == 34
    assert centres.get(province_id="48").name == "Trung tâm Phục vụ hành chính công thành phố Đà Nẵng"
    assert centres.get(province_id="04").name == "Trung tâm Phục vụ hành chính công tỉnh Cao Bằng"


def test_commune_centres_near_the_3139_reported_on_17_sep_2025():
    commune_centres = ServiceCentre.objects.filter(kind="commune_centre")
    assert commune_centres.count() == 3321 - 126 - 54 == 3141
    assert not commune_centres.filter(province_id__in=["01", "22"]).exists()
    assert set(commune_centres.values_list("status", flat=True)) == {"operating"}
    assert set(commune_centres.values_list("opened_on", flat=True)) == {datetime.date(2025, 7, 1)}


def test_one_level_provinces_have_a_branch_per_commune():
    branches = ServiceCentre.objects.filter(kind="provincial_branch")
    assert set(branches.values_list("province_id", flat=True)) == {"01", "22"}
    assert branches.count() == 180
    branch = branches.get(commune_id="00004")
    assert branch.name == "Chi nhánh phường Ba Đình - Trung tâm Phục vụ hành chính công thành phố Hà Nội"


def test_every_commune_has_exactly_one_centre():
    per_commune = Commune.objects.annotate(n=Count("service_centres")).values_list("n", flat=True)
    assert set(per_commune) == {1}
