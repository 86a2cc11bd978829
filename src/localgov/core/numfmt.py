"""One way to write numbers, percentages, money and dates in Vietnamese — for the pages, the
PDFs, the XLSX sheets' text cells and the command line alike (issue 22).

    num(1234567)          -> "1.234.567"       thousands with ".", decimals with ","
    num(2.5, 2)           -> "2,50"
    pct(0.957)            -> "95,7 %"          a ratio 0..1, one decimal, a space before "%"
    pct_of(95.7)          -> "95,7 %"          a value already in per cent
    vnd(1234567)          -> "1.234.567 đ"     whole đồng
    day(date(2026,12,8))  -> "08/12/2026"

The Vietnamese convention (TCVN 6909 / the State Bank's documents): "." groups thousands, ","
marks decimals; "đ" after the amount. A missing value is "—". Pure: no Django (the template
filters in `core/templatetags/vn.py` call these).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

DASH = "—"
NBSP = "\u00a0"  # keeps "95,7 %" and "1.234 đ" on one line


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return ".".join(reversed(out))


def num(value: float | int | Decimal | str | None, decimals: int = 0) -> str:
    """1234567 -> "1.234.567"; (2.345, 2) -> "2,35" (half up); None or "" -> "—"."""
    if value is None or value == "":
        return DASH
    try:
        d = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not d.is_finite():
        return DASH
    q = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    d = d.quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):.{max(decimals, 0)}f}"
    whole, _, frac = text.partition(".")
    return sign + _group(whole) + ("," + frac if frac else "")


def pct_of(value: float | Decimal | None, decimals: int = 1) -> str:
    """A value already in per cent: 95.66 -> "95,7 %"."""
    if value is None:
        return DASH
    return num(value, decimals) + NBSP + "%"


def pct(ratio: float | Decimal | None, decimals: int = 1) -> str:
    """A ratio 0..1: 0.957 -> "95,7 %"."""
    if ratio is None:
        return DASH
    return pct_of(Decimal(str(ratio)) * 100, decimals)


def vnd(amount: float | int | Decimal | None) -> str:
    """Whole đồng: 1234567 -> "1.234.567 đ"."""
    if amount is None:
        return DASH
    return num(amount, 0) + NBSP + "đ"


def day(value: date | datetime | None) -> str:
    """dd/mm/yyyy: 08/12/2026."""
    if value is None:
        return DASH
    return value.strftime("%d/%m/%Y")


def day_time(value: datetime | None) -> str:
    """hh:mm dd/mm/yyyy, as the "data as of" lines write it."""
    if value is None:
        return DASH
    return value.strftime("%H:%M %d/%m/%Y")
