"""The summary of an oversight page (oversight/overview.py): bands written as words, changes
against the previous period, the units most behind, the 34 provinces' tile map."""

from __future__ import annotations

from localgov.core import svgcharts
from localgov.oversight import overview
from localgov.oversight.indicators import INDICATORS, format_value


def test_bands_have_words_and_symbols():
    assert overview.band_of("online_share", 0.6) == {"band": "ok", "band_label": "Đạt", "symbol": "✓"}
    assert overview.band_of("online_share", 0.45)["band"] == "near"
    assert overview.band_of("online_share", 0.2)["band"] == "bad"
    assert overview.band_of("received", 100)["band"] == "none"
    assert overview.band_of("on_time_766", None)["band"] == "none"


def test_change_against_the_previous_period():
    # 2.1 = 1 − (late by the 766 method + open past due) ÷ (closed + open): 0.90 now, 0.95 before
    now = {"received": 100, "online.received": 40, "closed": 100, "open": 0, "on_time_766": 90, "late_766": 10}
    before = {"received": 80, "online.received": 40, "closed": 100, "open": 0, "on_time_766": 95, "late_766": 5}
    figures = overview.headline(now, before, format_value)
    by = {f["code"]: f for f in figures}
    assert by["on_time_766"]["change"].worse and "giảm" in by["on_time_766"]["change"].text
    assert by["online_share"]["change"].direction == "down" and by["online_share"]["change"].worse
    assert not by["received"]["change"].worse  # more dossiers is neither better nor worse
    # 5.4 falls with the 766 late count too (10 % late against 5 %)
    assert {f["code"] for f in overview.worsened(figures)} == {"on_time_766", "online_share", "satisfaction"}
    empty = overview.headline(now, {}, format_value)
    assert all(f["change"] is None or f["change"].direction == "new" for f in empty)


def test_most_behind_is_worst_first():
    rows = [{"key": k, "values": {"on_time_766": v}, "totals": {"closed": 10}} for k, v in
            [("a", 0.99), ("b", 0.5), ("c", None), ("d", 0.8), ("e", 0.7), ("f", 0.95), ("g", 0.9)]]
    assert [r["key"] for r in overview.most_behind(rows)] == ["b", "e", "d", "g", "f"]


def test_the_tile_map_has_each_of_the_34_provinces_once():
    from vietnam_provinces import Province

    tiles = overview.tiles()
    codes = {f"{p.code:02d}" for p in Province.iter_all()}
    assert len(tiles) == 34 and {t.code for t in tiles} == codes
    assert len({(t.row, t.col) for t in tiles}) == 34  # no two on one square
    north = {t.short: t.row for t in tiles}
    assert north["Lai Châu"] < north["Hà Nội"] < north["Huế"] < north["TP HCM"] < north["Cà Mau"]
    assert set(overview.MAP_CODES) <= {c for c, i in INDICATORS.items() if i.target is not None}


def test_charts_write_their_values():
    svg = svgcharts.staff_vs_norm([("Địa chính", 7241, 8606)], title="t")
    assert "7.241 / 8.606 (thiếu 1.365)" in svg and "<title" in svg
    svg = svgcharts.progress_bars([("Hà Nội", 0.957, "1 chưa chi")], title="t", marker_label="hạn 15/10/2025")
    assert "95,7\u00a0% · 1 chưa chi" in svg
    assert svgcharts.stacked_shares([], [], title="t") == ""
