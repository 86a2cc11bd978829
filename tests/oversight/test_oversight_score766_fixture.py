"""Decision 766 arithmetic against a hand-computed fixture (docs/domain/decision-766.md §2):
score = min(max, ratio × max ÷ T) with a target, ratio × max without; not-measured indicators
leave the maximum; bands on the normalised score."""

import pytest

from localgov.oversight.score766 import band_for, indicator_score, load_config, rank, score_unit

MEASURES = {
    "on_time_766": 0.9,  # 2.1: 0.9 × 20 = 18
    "avg_processing_days": 2.5,  # 2.2: tracking only
    "e_result": 0.5,  # 4.1: 0.5 × 6 = 3
    "procedures_online": 0.6,  # 3.1: 0.6 × 2 ÷ 0.8 = 1.5
    "services_used": 0.5,  # 3.2: 0.5 × 4 ÷ 1 = 2
    "online_share": 0.6,  # 3.3: min(6, 0.6 × 6 ÷ 0.5 = 7.2) = 6
    "procedures_paid_online": 0.4,  # 3.5b: 0.4 × 2 ÷ 0.8 = 1
    "paid_online_share": 0.3,  # 3.6: 0.3 × 6 ÷ 1 = 1.8
    "satisfaction": 0.81,  # 5.4: 0.81 × 6 ÷ 0.9 = 5.4
}


def test_oversight_766_hand_computed():
    config = load_config()
    s = score_unit("01", MEASURES, config)
    groups = {g.code: g for g in s.groups}
    assert groups["TDGQ"].score == pytest.approx(18)
    assert groups["MDSH"].score == pytest.approx(3) and groups["MDSH"].measured_max == 6
    assert groups["CCDVTT"].score == pytest.approx(1.5 + 2 + 6 + 1 + 1.8)
    assert groups["CCDVTT"].measured_max == 2 + 4 + 6 + 2 + 6  # 3.5 not measured
    assert groups["MDHL"].score == pytest.approx(5.4) and groups["MDHL"].measured_max == 6
    assert groups["CKMB"].score == 0 and groups["CKMB"].measured_max == 0  # nothing measurable
    assert s.total == pytest.approx(38.7)
    assert s.measured_max == 52 and s.maximum == 100
    assert s.normalised == pytest.approx(38.7 / 52 * 100)  # 74.42
    assert s.band == "Khá"
    portal = {code: (score, measured) for code, _n, _m, score, measured in s.portal_view(config)}
    assert portal["CLGQ"] == pytest.approx((9.5, 12)) and portal["TTTT"] == pytest.approx((2.8, 8))
    assert sum(m for _c, _n, m, _s, _mm in s.portal_view(config)) == 100


def test_oversight_766_config_sums_and_tags():
    config = load_config()
    assert sum(g["max"] for g in config["groups"]) == 100
    for g in config["groups"]:
        assert sum(i["max"] for i in g["indicators"]) == g["max"], g["code"]
        for i in g["indicators"]:
            assert i["source"] and isinstance(i["uncertain"], bool)
    assert {b["name"] for b in config["bands"] if b["uncertain"]} == {"Tốt", "Khá", "Trung bình"}
    m0 = load_config(profile="m0")
    online = next(g for g in m0["groups"] if g["code"] == "CCDVTT")
    assert sum(i["max"] for i in online["indicators"]) == 22


def test_oversight_766_rules_and_ranks():
    assert indicator_score(0.4, 6, 0.5) == pytest.approx(4.8)
    assert indicator_score(1.2, 6, None) == 6  # ratio clamped
    assert indicator_score(None, 6, None) is None
    bands = load_config()["bands"]
    assert band_for(90, bands) == "Xuất sắc" and band_for(49.9, bands) == "Yếu"
    config = load_config()
    a = score_unit("A", {"on_time_766": 1.0}, config)
    b = score_unit("B", {"on_time_766": 1.0}, config)
    c = score_unit("C", {"on_time_766": 0.5}, config)
    d = score_unit("D", {}, config)
    assert [(r, s.unit) for r, s in rank([c, d, b, a])] == [(1, "A"), (1, "B"), (3, "C"), (4, "D")]
