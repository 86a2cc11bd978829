"""One way to write numbers, per cents, money and dates (core/numfmt.py, issue 22)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from localgov.core import numfmt


def test_examples():
    assert numfmt.num(1234567) == "1.234.567"
    assert numfmt.num(816075000) == "816.075.000"
    assert numfmt.num(-1234.5, 1) == "-1.234,5"
    assert numfmt.num(2.345, 2) == "2,35"  # half up, not banker's
    assert numfmt.num(None) == numfmt.DASH
    assert numfmt.pct(0.957) == "95,7\u00a0%"
    assert numfmt.pct_of(99.955, 2) == "99,96\u00a0%"
    assert numfmt.vnd(1234567) == "1.234.567\u00a0đ"
    assert numfmt.day(date(2026, 12, 8)) == "08/12/2026"
    assert numfmt.num(float("nan")) == numfmt.DASH


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_integers_read_back(n):
    text = numfmt.num(n)
    assert int(text.replace(".", "")) == n
    groups = text.lstrip("-").split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3))
def test_decimals_read_back_rounded(d, places):
    text = numfmt.num(d, places)
    back = Decimal(text.replace(".", "").replace(",", "."))
    assert abs(back - d) <= Decimal(1).scaleb(-places) / 2
    assert ("," in text) == (places > 0)


def test_template_filters_are_built_in():
    out = Template("{{ n|num }} {{ r|pct }} {{ a|vnd }} {{ d|day }} {{ x|num:2 }}").render(
        Context({"n": 93278, "r": 0.5, "a": 4049427989, "d": date(2025, 10, 15), "x": 1.5}))
    assert out == "93.278 50,0\u00a0% 4.049.427.989\u00a0đ 15/10/2025 1,50"
