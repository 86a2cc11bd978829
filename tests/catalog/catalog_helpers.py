"""Small helpers shared by the catalogue tests."""

from __future__ import annotations

from typing import Any


def by_code(records: list[dict[str, Any]], code: str) -> dict[str, Any]:
    return next(r for r in records if r["code"] == code)
