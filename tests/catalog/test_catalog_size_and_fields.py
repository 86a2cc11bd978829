"""At least 40 procedures, covering the four fields the Government named, each labelled in
Vietnamese."""

from collections import Counter

import pytest

from localgov.catalog.models import Field, Procedure
from localgov.catalog.selectors import list_fields

pytestmark = pytest.mark.django_db


def test_at_least_40_procedures(catalog):
    assert Procedure.objects.filter(active=True).count() >= 40


@pytest.mark.parametrize(
    "slug,minimum", [("land", 5), ("construction", 4), ("civil_status", 10), ("insurance", 2)]
)
def test_government_fields_present(catalog, slug, minimum):
    assert Procedure.objects.filter(field_id=slug, active=True).count() >= minimum


def test_fields_have_vietnamese_labels(catalog):
    labels = {f.slug: f.name_vi for f in list_fields()}
    assert labels["civil_status"] == "Hộ tịch"
    assert labels["land"] == "Đất đai"
    assert labels["construction"] == "Xây dựng"
    assert labels["residence"] == "Cư trú"
    assert all(f.name_vi and f.name_en for f in Field.objects.all())


def test_every_reference_row_is_used(raw):
    # The compilation (docs/domain/procedures-catalogue.md) has 78 rows: 76 procedures + the two
    # Decree 63/2024 group rows (bundles).
    national = [p for p in raw["procedures"] if not p["code"].startswith("LOCAL.")]
    assert len(national) == 76
    assert Counter(p["code"] for p in raw["procedures"]).most_common(1)[0][1] == 1
    assert "2.001009" not in {p["code"] for p in raw["procedures"]}  # repealed by NĐ 280/2025 (note 7)
