"""Demo staff: deterministic, ~41 per commune, uneven in the reported way; capacities for the
simulation."""

from __future__ import annotations

from collections import defaultdict

import pytest

from localgov.workforce import selectors
from localgov.workforce.demo import build_rows, commune_kinds, load_demo_staff, plan_counts
from localgov.workforce.models import Official, OfficialRecord
from localgov.workforce.norms import load_config


def test_counts_deterministic_and_calibrated(units) -> None:
    facts = list(selectors.units_index().facts)
    norms = selectors.norms()
    a = plan_counts(7, facts, norms, 41.0)
    assert a == plan_counts(7, facts, norms, 41.0)
    assert a != plan_counts(8, facts, norms, 41.0)
    total = sum(sum(r.values()) for r in a.values())
    assert abs(total / len(facts) - 41.0) < 0.2  # MOHA, 5 Oct 2025: ~41 per commune
    ha_tinh = sum(sum(a[f.code].values()) for f in facts if f.province_code == "42")
    assert abs(ha_tinh - 2697) < 25  # Hà Tĩnh: 2,697 in post in 69 communes (Lao Động)
    kinds = commune_kinds(facts)
    by_kind: dict[str, list[float]] = defaultdict(list)
    short_fields = ("land", "construction", "it", "accounting")
    short_share: dict[str, list[float]] = defaultdict(list)
    for f in facts:
        staff, norm = sum(a[f.code].values()), sum(norms[f.code].values())
        by_kind[kinds[f.code]].append(staff / norm)
        need = sum(norms[f.code][x] for x in short_fields)
        short_share[kinds[f.code]].append(sum(a[f.code][x] for x in short_fields) / need)
    mean = {k: sum(v) / len(v) for k, v in by_kind.items()}
    assert mean["urban"] > 1.4 and mean["urban"] > mean["normal"] > mean["remote"] * 0.9
    short = {k: sum(v) / len(v) for k, v in short_share.items()}
    assert short["remote"] < 0.5 < short["urban"]  # remote communes lack land/construction/IT/accounting


def test_rows_are_deterministic_and_valid(units) -> None:
    facts = [f for f in selectors.units_index().facts if f.province_code == "42"]
    counts = plan_counts(7, facts, selectors.norms(), 41.0)
    rows = build_rows(7, counts, facts)
    assert rows == build_rows(7, counts, facts)
    cfg = load_config()
    assert all(r.field in cfg.field_slugs and r.field in r.competences for r in rows)
    assert all(1 <= level <= 4 for r in rows for level in r.skills)
    assert len({r.code for r in rows}) == len(rows)
    below = sum(1 for r in rows if r.skills[2] == 1) / len(rows)
    assert 0.02 < below < 0.09  # ~5% below the professional standard (MOHA)


def test_load_and_capacity_for_the_simulation(demo_ha_tinh) -> None:
    assert demo_ha_tinh.communes == 69 and demo_ha_tinh.officials == Official.objects.count()
    assert OfficialRecord.objects.filter(valid_to__isnull=True).count() == demo_ha_tinh.officials
    again = load_demo_staff(7, provinces=["42"])  # replaces, same result
    assert again.officials == demo_ha_tinh.officials == Official.objects.count()
    cap = selectors.capacity_by_commune_field()
    communes = {c for c, _ in cap}
    assert len(communes) == 69
    counts = selectors.staff_counts()
    some = next(iter(sorted(communes)))
    # civil_status officials are split between the civil_status and certification procedures
    assert cap[(some, "civil_status")] + cap[(some, "certification")] == \
        pytest.approx(counts.get((some, "civil_status"), 0))
    assert (some, "residence") not in cap  # commune police, outside the framework
    assert cap[(some, "land")] == counts.get((some, "land"), 0)

