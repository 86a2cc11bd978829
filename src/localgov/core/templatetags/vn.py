"""The template filters for numbers, per cents, money and dates (core/numfmt.py), built into
every template (settings TEMPLATES "builtins"): pages, PDF templates and the briefing.

    {{ n|num }} 1.234.567 · {{ x|num:2 }} 2,50 · {{ r|pct }} 95,7 % (ratio) · {{ p|pct_of }} 95,7 %
    {{ a|vnd }} 1.234.567 đ · {{ d|day }} 08/12/2026
"""

from __future__ import annotations

from typing import Any

from django import template

from localgov.core import numfmt

register = template.Library()


@register.filter
def num(value: Any, decimals: int = 0) -> str:
    return numfmt.num(value, int(decimals))


@register.filter
def pct(value: Any, decimals: int = 1) -> str:
    return numfmt.pct(value, int(decimals))


@register.filter
def pct_of(value: Any, decimals: int = 1) -> str:
    return numfmt.pct_of(value, int(decimals))


@register.filter
def vnd(value: Any) -> str:
    return numfmt.vnd(value)


@register.filter
def day(value: Any) -> str:
    return numfmt.day(value) if value else numfmt.DASH
