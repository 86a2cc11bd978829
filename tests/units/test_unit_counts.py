"""34 provinces and 3,321 communes since 1 Jul 2025, from the NSO list (vietnam-provinces)."""

import csv
from collections import Counter
from pathlib import Path

from localgov.units.models import Commune, Province

DATA = Path(__file__).resolve().parents[2] / "src" / "localgov" / "units" / "data" / "provinces-2025.csv"


def test_34_provinces_and_3321_communes():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321


def test_division_types_are_the_three_commune_kinds():
    types = Counter(Commune.objects.values_list("division_type", flat=True))
    assert set(types) == {"xã", "phường", "đặc khu"}
    assert sum(types.values()) == 3321


def test_codes_are_zero_padded_nso_codes():
    hanoi = Province.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert Province.objects.get(code="79").name == "Thành phố Hồ Chí Minh"
    assert Commune.objects.get(code="00004").name == "Phường Ba Đình"
    assert Commune.objects.get(code="26740").province_id == "79"


def test_every_province_has_the_communes_of_its_nasc_resolution():
    """Per-province counts match the `communes` column of provinces-2025.csv (NASC resolutions)."""
    with open(DATA, encoding="utf-8") as fh:
        expected = {row["name"].split(" ", 1)[1] if row["name"].startswith("Tỉnh") else row["name"][10:]:
                    int(row["communes"]) for row in csv.DictReader(fh)}
    counts = Counter(Commune.objects.values_list("province__name", flat=True))
    for name, n in counts.items():
        short = name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
        assert expected[short] == n, name
    assert Province.objects.get(code="01").communes.count() == 126


def test_area_population_and_source_from_the_shared_csv():
    assert not Province.objects.filter(area_km2__isnull=True).exists()
    assert not Province.objects.filter(population__isnull=True).exists()
    hcm = Province.objects.get(code="79")
    assert hcm.population == 14002598
    assert str(hcm.area_km2) == "6772.59"
    assert "vietnam-provinces 2026.9.0" in hcm.source
    assert "Res. 202/2025/QH15" in hcm.source
