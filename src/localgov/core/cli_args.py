"""Argument types shared by the management commands: one Vietnamese error for bad input, given by
argparse as "argument --from: …" on the command line (exit status 2, no traceback) and as a
CommandError through `call_command`."""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date


def iso_date(value: str) -> date:
    """`--from 2025-07-01`: a calendar date."""
    try:
        return date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ArgumentTypeError(f"Ngày không hợp lệ (YYYY-MM-DD): {value}") from None


def _number(value: str, kind: type[int] | type[float]) -> float | None:
    """`kind(value)`, or None when the text is not such a number."""
    try:
        return kind(value)
    except (TypeError, ValueError):
        return None


def positive_float(value: str) -> float:
    """`--scale 0.01`: a finite number above zero."""
    number = _number(value, float)
    if number is None or not 0 < number < float("inf"):
        raise ArgumentTypeError(f"Phải là một số lớn hơn 0 (ví dụ 0.01), không phải «{value}».")
    return number


def positive_int(value: str) -> int:
    """`--workers 2`: a whole number from 1."""
    number = _number(value, int)
    if number is None or number < 1:
        raise ArgumentTypeError(f"Phải là một số nguyên từ 1 trở lên, không phải «{value}».")
    return int(number)


def port_number(value: str) -> int:
    """`--port 8000`: a TCP port, 1–65535."""
    number = _number(value, int)
    if number is None:
        raise ArgumentTypeError(f"Phải là số nguyên 1–65535, không phải «{value}».")
    if not 1 <= number <= 65535:
        raise ArgumentTypeError(f"Phải trong khoảng 1–65535, không phải {number}.")
    return int(number)
