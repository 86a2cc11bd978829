"""Effective-dated policy parameters (data/parameters.json, data/retirement-age.json) — pure, no Django.

Every rule the policy brief does not confirm ([S], [I], [?], [verify]) lives here as data with its
tag, source and effective date, never as a constant in code; `Parameter.uncertain` tells the
calculation to report it as a warning.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
TAGS = {"C", "S", "I", "?", "verify"}


@dataclass(frozen=True)
class Parameter:
    key: str
    effective_from: date
    value: Any
    tag: str
    source: str
    note: str

    @property
    def uncertain(self) -> bool:
        return self.tag != "C"

    def warning(self) -> str:
        """The line shown in a calculation's warnings when this parameter was used."""
        return (
            f"[{self.tag}] {self.note} (tham số {self.key}, hiệu lực từ {self.effective_from:%d/%m/%Y}; "
            f"nguồn: {self.source})"
        )


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@lru_cache(maxsize=1)
def parameters() -> tuple[Parameter, ...]:
    raw = _load(str(DATA_DIR / "parameters.json"))
    out = []
    for item in raw["parameters"]:
        tag = item["tag"]
        if tag not in TAGS:
            raise ValueError(f"parameters.json: tag không hợp lệ {tag!r} ở {item['key']}")
        out.append(
            Parameter(
                key=item["key"],
                effective_from=date.fromisoformat(item["effective_from"]),
                value=item["value"],
                tag=tag,
                source=item["source"],
                note=item["note"],
            )
        )
    return tuple(sorted(out, key=lambda p: (p.key, p.effective_from)))


def lookup(key: str, on: date) -> Parameter:
    """The version of `key` in force on `on` (the latest effective_from ≤ on); the earliest
    version if `on` precedes them all (so a calculation never fails for lack of a version)."""
    versions = [p for p in parameters() if p.key == key]
    if not versions:
        raise KeyError(key)
    current = versions[0]
    for p in versions:
        if p.effective_from <= on:
            current = p
    return current


@lru_cache(maxsize=1)
def retirement_table() -> dict[str, Any]:
    return _load(str(DATA_DIR / "retirement-age.json"))
