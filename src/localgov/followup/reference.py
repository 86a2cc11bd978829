"""The follow-up's reference data, from the files in data/ (pure: no Django): the ministries and
ministry-level agencies (Resolution 176/2025/QH15), the fields, and the configuration of the rules
(data/rules.json, each value with its source and tag)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Ministry:
    code: str
    name: str
    kind: str  # ministry | ministry_level

    @property
    def electronic_id(self) -> str:
        """The id of its row in units.Agency (kind "ministry")."""
        return f"BN.{self.code}"


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@lru_cache(maxsize=1)
def ministries() -> tuple[Ministry, ...]:
    return tuple(Ministry(r["code"], r["name"], r["kind"]) for r in _csv("ministries.csv"))


@lru_cache(maxsize=1)
def fields() -> dict[str, str]:
    """code → Vietnamese name."""
    return {r["code"]: r["name"] for r in _csv("fields.csv")}


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    with (DATA_DIR / "rules.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return {k: v for k, v in data.items() if not k.startswith("_")}
