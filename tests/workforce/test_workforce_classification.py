"""Classification of a commune × field pool (balance.py, pure)."""

from __future__ import annotations

import math

import pytest

from localgov.workforce.balance import (
    PoolInput,
    Status,
    Thresholds,
    balance,
    classify,
    commune_status,
    headline,
    summarise_by_field,
)
from localgov.workforce.norms import load_config

TH = Thresholds(shortage_below=0.9, surplus_above=1.2, overload_per_official_day=12.0, keep_load=12.0)


@pytest.mark.parametrize(
    ("staff", "norm", "load", "expected"),
    [
        (0, 1, None, Status.SHORTAGE),  # nobody where the norm asks for one
        (1, 2, None, Status.SHORTAGE),  # 1 < 1.8
        (5, 6, None, Status.SHORTAGE),  # 5 < 5.4
        (6, 6, None, Status.BALANCED),
        (7, 6, None, Status.BALANCED),  # 7 ≤ 7.2: within the band
        (8, 6, None, Status.SURPLUS),  # 8 > 7.2
        (3, 2, None, Status.SURPLUS),  # 3 > 2.4 and one whole official above
        (1, 0, None, Status.SURPLUS),  # a post the norm does not have
        (0, 0, None, Status.BALANCED),
        (6, 6, 12.0, Status.BALANCED),  # at the threshold is not over it
        (6, 6, 12.5, Status.OVERLOADED),
        (8, 6, 13.0, Status.OVERLOADED),  # more staff than the norm, yet overloaded
        (1, 2, 30.0, Status.SHORTAGE),  # short AND overloaded: shortage is what to act on
    ],
)
def test_classify(staff: int, norm: int, load: float | None, expected: Status) -> None:
    assert classify(staff, norm, load, TH) is expected


def test_thresholds_come_from_the_data_file() -> None:
    th = Thresholds.from_config(load_config().raw)
    assert (th.shortage_below, th.surplus_above) == (0.9, 1.2)
    assert classify(1, 2, None, th) is Status.SHORTAGE


def test_stricter_thresholds_change_the_answer() -> None:
    strict = Thresholds(shortage_below=1.0, surplus_above=1.0, overload_per_official_day=5.0)
    assert classify(5, 6, None, TH) is Status.SHORTAGE
    assert classify(7, 6, None, TH) is Status.BALANCED
    assert classify(7, 6, None, strict) is Status.SURPLUS
    assert classify(6, 6, 6.0, strict) is Status.OVERLOADED


def test_transferable_keeps_the_norm_and_the_load_under_threshold() -> None:
    idle = balance(PoolInput("00001", "land", staff=10, norm=4), TH)
    assert idle.status is Status.SURPLUS and idle.transferable == 6 and idle.needed == 0
    # 96 weighted steps a day need ceil(96/12) = 8 officials, so only 2 may go.
    busy = balance(PoolInput("00001", "land", staff=10, norm=4, weighted_steps=96 * 20, working_days=20), TH)
    assert busy.status is Status.SURPLUS and busy.load == pytest.approx(9.6) and busy.transferable == 2


def test_needed_for_shortage_and_overload() -> None:
    short = balance(PoolInput("00001", "it", staff=0, norm=2), TH)
    assert short.status is Status.SHORTAGE and short.needed == 2 and short.load is None
    over = balance(PoolInput("00001", "one_stop", staff=6, norm=6, weighted_steps=100 * 10, working_days=10), TH)
    assert over.status is Status.OVERLOADED and over.needed == math.ceil(100 / 12) - 6 == 3
    nobody = balance(PoolInput("00001", "land", staff=0, norm=0, weighted_steps=10, working_days=1), TH)
    assert nobody.load == math.inf and nobody.status is Status.OVERLOADED and nobody.needed == 1


def test_summary_and_headline() -> None:
    rows = [
        balance(PoolInput("00001", "land", staff=0, norm=2), TH),
        balance(PoolInput("00002", "land", staff=1, norm=2), TH),
        balance(PoolInput("00003", "land", staff=5, norm=2), TH),
        balance(PoolInput("00003", "it", staff=1, norm=1), TH),
    ]
    s = summarise_by_field(rows)
    assert s["land"].communes[Status.SHORTAGE] == 2 and s["land"].communes[Status.SURPLUS] == 1
    assert (s["land"].staff, s["land"].norm, s["land"].needed, s["land"].transferable) == (6, 6, 3, 3)
    assert headline(s["land"], "Địa chính – đất đai") == "2 xã thiếu công chức Địa chính – đất đai"
    assert headline(s["it"], "CNTT") is None
    assert commune_status([r for r in rows if r.commune_code == "00003"], TH) is Status.SURPLUS
    # a commune as a whole is compared exactly: one over its total norm is "over"
    whole = [balance(PoolInput("00009", "land", staff=3, norm=2), TH),
             balance(PoolInput("00009", "it", staff=1, norm=1), TH)]
    assert commune_status(whole, TH) is Status.SURPLUS
    assert commune_status(whole[1:], TH) is Status.BALANCED
    assert commune_status([balance(PoolInput("00009", "it", staff=6, norm=7), TH)], TH) is Status.SHORTAGE
