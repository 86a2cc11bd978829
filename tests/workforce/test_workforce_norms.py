"""Norms from the data file: the 09/CV-BCĐ framework, the 40 ceiling, adjustments, quotas, sources."""

from __future__ import annotations

import json
from typing import Any

import pytest

from localgov.workforce.norms import (
    DATA_FILE,
    CommuneFacts,
    commune_total,
    compute_norms,
    largest_remainder,
    load_config,
    split_by_field,
)


def walk(node: Any, path: str = "") -> list[tuple[str, dict]]:
    out = []
    if isinstance(node, dict):
        if "value" in node:
            out.append((path, node))
        for k, v in node.items():
            out.extend(walk(v, f"{path}.{k}"))
    return out


def test_every_value_carries_source_and_tag() -> None:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    values = walk(raw)
    assert len(values) > 40
    for path, node in values:
        assert node.get("source"), path
        assert node.get("tag") in {"C", "S", "I", "?"}, path
    assert raw["ceiling"] == {"value": 40, "source": raw["ceiling"]["source"], "tag": "C"}


def test_framework_is_32_and_splits_by_field() -> None:
    cfg = load_config()
    for kind in ("xã", "phường", "đặc khu"):
        assert sum(v.value for v in cfg.base[kind].values()) == cfg.base_total[kind].value == 32
    assert cfg.base["phường"]["construction"].value > cfg.base["xã"]["construction"].value


def test_population_and_area_adjustments_and_ceiling() -> None:
    cfg = load_config()
    small = CommuneFacts("1", "99", "xã", population=15000, area_km2=50)
    assert commune_total(small, cfg) == 32
    # 16,000 + 3 × 2,000 people → +3 (Hải Dương rule); 250 km² → +1 (100 km² steps above 100)
    mid = CommuneFacts("2", "99", "xã", population=22000, area_km2=250)
    assert commune_total(mid, cfg) == 36
    big = CommuneFacts("3", "99", "phường", population=200000, area_km2=10)
    assert commune_total(big, cfg) == 40  # ceiling, 03/CV-BCĐ
    split = split_by_field(36, "xã", cfg)
    assert sum(split.values()) == 36 and split["one_stop"] > 6 and split["leadership"] == 5


def test_province_quota_scales_its_communes() -> None:
    cfg = load_config()
    facts = [CommuneFacts(f"{i:05d}", "42", "xã", population=10000 + 500 * i, area_km2=80) for i in range(69)]
    facts.append(CommuneFacts("99999", "01", "xã", population=10000, area_km2=80))
    norms = compute_norms(facts, cfg)
    assert sum(sum(norms[f.code].values()) for f in facts if f.province_code == "42") == 2554  # Hà Tĩnh quota
    assert sum(norms["99999"].values()) == 32
    assert max(sum(v.values()) for v in norms.values()) <= 40


@pytest.mark.parametrize(("weights", "total", "expected"), [
    ({"a": 1, "b": 1, "c": 1}, 4, {"a": 2, "b": 1, "c": 1}),
    ({"a": 3, "b": 1}, 2, {"a": 2, "b": 0}),
    ({"a": 0, "b": 0}, 3, {"a": 0, "b": 0}),
])
def test_largest_remainder(weights: dict, total: int, expected: dict) -> None:
    assert largest_remainder(weights, total) == expected


def test_norms_for_real_communes(units) -> None:
    from localgov.workforce import selectors

    norms = selectors.norms()
    assert len(norms) == 3321
    totals = [sum(v.values()) for v in norms.values()]
    assert min(totals) >= 32 - 5 and max(totals) <= 40
    ha_tinh = [c.code for c in selectors.units_index().facts if c.province_code == "42"]
    assert len(ha_tinh) == 69 and sum(sum(norms[c].values()) for c in ha_tinh) == 2554
