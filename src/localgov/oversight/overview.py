"""The screen-high summary at the top of an oversight page (issue 22, "overview first"): bands
for heat cells and map tiles, headline figures against their target and the previous period,
what went worse, the units most behind, and the province tile map's layout. Pure: no Django.

Bands (docs/oversight.md "Trang tổng quan"): an indicator with a target (`Indicator.target`,
each naming its source in indicators.py) is "đạt" when it meets it, "gần đạt" within
NEAR_MARGIN of it (ten percentage points for a rate where higher is better, five where lower
is better), "chưa đạt" otherwise; one without a target has no band. Every band is written as
a word and a symbol beside its colour, so a page printed in grey or read by a colour-blind
reader says the same.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from localgov.oversight.indicators import INDICATORS, Indicator

#: How far from the target "gần đạt" reaches (rates, as a ratio 0..1).
NEAR_MARGIN = {True: 0.10, False: 0.05}
BANDS = {"ok": ("Đạt", "✓"), "near": ("Gần đạt", "◐"), "bad": ("Chưa đạt", "✗"), "none": ("Không có mục tiêu", "")}
#: The headline figures of the summary, in order (a subset of indicators.HEADLINE).
SUMMARY = ["received", "on_time_766", "online_share", "overdue_open", "avg_processing_days", "satisfaction"]
#: Indicators a map may be coloured by (each has a target, so a band), with a short label.
MAP_CODES = {"on_time_766": "Đúng hạn", "online_share": "Trực tuyến", "full_online_share": "Toàn trình",
             "satisfaction": "Hài lòng", "repeat_supplement_rate": "Bổ sung >1 lần"}
#: Counts whose rise or fall is neither better nor worse.
NEUTRAL = {"received", "processed", "processed_online", "centres_operating"}
#: A change smaller than this (ratio points, or 1 % of a count) is "unchanged".
STEADY = 0.005

TILES_FILE = Path(__file__).parent / "data" / "province_tiles.csv"


def band(ind: Indicator, value: float | None) -> str:
    if value is None or ind.target is None:
        return "none"
    if ind.meets_target(value):
        return "ok"
    if ind.unit == "%":
        gap = (ind.target - value) if ind.higher_is_better else (value - ind.target)
        if gap <= NEAR_MARGIN[ind.higher_is_better]:
            return "near"
    return "bad"


def band_of(code: str, value: float | None) -> dict[str, str]:
    key = band(INDICATORS[code], value)
    label, symbol = BANDS[key]
    return {"band": key, "band_label": label, "symbol": symbol}


@dataclass(frozen=True)
class Change:
    direction: str  # "up" | "down" | "same" | "new"
    worse: bool
    text: str  # "▲ 2,1 điểm %" / "▼ 1.204 hồ sơ" / "không đổi"


def change(code: str, now: float | None, before: float | None, fmt: Any) -> Change | None:
    """Now against the previous period; `fmt(code, delta)` writes the difference."""
    if now is None:
        return None
    if before is None:
        return Change("new", False, "kỳ trước chưa có số liệu")
    ind = INDICATORS[code]
    delta = now - before
    scale = 1.0 if ind.unit == "%" else max(abs(before), 1.0)
    if abs(delta) / scale < STEADY:
        return Change("same", False, "không đổi so với kỳ trước")
    up = delta > 0
    worse = up != ind.higher_is_better and ind.code not in NEUTRAL
    arrow = "▲ tăng" if up else "▼ giảm"
    return Change("up" if up else "down", worse, f"{arrow} {fmt(code, abs(delta))} so với kỳ trước")


def headline(totals: Mapping[str, float], previous: Mapping[str, float], fmt: Any,
             codes: list[str] | None = None) -> list[dict[str, Any]]:
    out = []
    for code in codes or SUMMARY:
        ind = INDICATORS[code]
        value = ind.value(totals)
        # an empty previous period has no figures (not zeros)
        before = ind.value(previous) if previous.get("received") and code != "overdue_open" else None
        out.append({"code": code, "name": ind.name, "unit": ind.unit, "value": value, "text": fmt(code, value),
                    "target": None if ind.target is None else fmt(code, ind.target),
                    "target_word": "tối thiểu" if ind.higher_is_better else "tối đa",
                    "change": change(code, value, before, fmt) if code != "overdue_open" else None,
                    **band_of(code, value)})
    return out


def worsened(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in figures if f["change"] is not None and f["change"].worse]


def most_behind(rows: list[dict[str, Any]], code: str = "on_time_766", n: int = 5,
                min_measured: float = 1) -> list[dict[str, Any]]:
    """The n units furthest from the target of `code` (worst value first; units without a
    value are left out)."""
    ind = INDICATORS[code]
    scored = [r for r in rows if r["values"].get(code) is not None
              and r["totals"].get("closed", 0) >= min_measured]
    scored.sort(key=lambda r: (r["values"][code], -r["totals"].get("closed", 0)), reverse=not ind.higher_is_better)
    return scored[:n]


@dataclass(frozen=True)
class Tile:
    code: str
    short: str
    row: int
    col: int


@functools.cache
def tiles(path: Path = TILES_FILE) -> tuple[Tile, ...]:
    """The 34 provinces' tiles in their rough geographic arrangement (data/province_tiles.csv;
    why a tile map and not a choropleth: docs/oversight.md "Bản đồ ô")."""
    with path.open(encoding="utf-8") as f:
        return tuple(Tile(r["code"], r["short"], int(r["row"]), int(r["col"])) for r in csv.DictReader(f))
