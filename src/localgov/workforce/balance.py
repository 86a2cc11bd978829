"""Surplus and shortage per commune and field (nơi thừa, nơi thiếu): pure, no Django import.

A *pool* is the officials of one commune working in one field. Its balance compares the staff
with the norm (norms.py) and the workload per official (weighted dossier steps per working day,
workload.py). The thresholds are configuration (`classification` in data/norms.json, tag [I]).

Order of the tests (first that holds wins):
1. shortage   — staff < norm × shortage_below (or no one where the norm asks for someone);
2. overloaded — workload per official > overload_per_official_day (an under-staffed pool with a
   high load stays "shortage": it is both, and the shortage is the actionable part);
3. surplus    — staff > norm × surplus_above and at least one whole official above the norm;
4. balanced.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from localgov.core import numfmt


class Status(StrEnum):
    SURPLUS = "surplus"
    BALANCED = "balanced"
    SHORTAGE = "shortage"
    OVERLOADED = "overloaded"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.SURPLUS: "Thừa",
    Status.BALANCED: "Cân đối",
    Status.SHORTAGE: "Thiếu",
    Status.OVERLOADED: "Quá tải",
}


@dataclass(frozen=True)
class Thresholds:
    shortage_below: float = 0.9
    surplus_above: float = 1.2
    overload_per_official_day: float = 12.0
    keep_load: float = 12.0
    #: A commune as a whole: its total against its total norm (provinces report it exactly).
    commune_shortage_below: float = 1.0
    commune_surplus_above: float = 1.0

    @classmethod
    def from_config(cls, raw: Mapping[str, Any]) -> Thresholds:
        c = raw["classification"]
        return cls(
            shortage_below=float(c["shortage_below"]["value"]),
            surplus_above=float(c["surplus_above"]["value"]),
            overload_per_official_day=float(c["overload_per_official_day"]["value"]),
            keep_load=float(c["min_transferable_keep_load"]["value"]),
            commune_shortage_below=float(c["commune_shortage_below"]["value"]),
            commune_surplus_above=float(c["commune_surplus_above"]["value"]),
        )


@dataclass(frozen=True)
class PoolInput:
    commune_code: str
    field: str
    staff: int
    norm: int
    #: Weighted dossier steps done by the pool over the period, and the period's working days.
    weighted_steps: float = 0.0
    working_days: int = 0


@dataclass(frozen=True)
class PoolBalance:
    commune_code: str
    field: str
    staff: int
    norm: int
    #: Weighted steps per official per working day; None without a measured period.
    load: float | None
    status: Status
    #: Officials that may leave without creating a shortage or an overload (surplus pools).
    transferable: int
    #: Officials to add to reach the norm, or to bring the load under the threshold.
    needed: int

    @property
    def gap(self) -> int:
        return self.staff - self.norm


def daily_load(pool: PoolInput) -> float | None:
    """The pool's weighted steps per working day (not per official), None if unmeasured."""
    if pool.working_days <= 0:
        return None
    return pool.weighted_steps / pool.working_days


def load_per_official(pool: PoolInput) -> float | None:
    daily = daily_load(pool)
    if daily is None:
        return None
    if pool.staff == 0:
        return math.inf if daily > 0 else 0.0
    return daily / pool.staff


def classify(staff: int, norm: int, load: float | None, th: Thresholds) -> Status:
    if norm > 0 and staff < norm * th.shortage_below:
        return Status.SHORTAGE
    if load is not None and load > th.overload_per_official_day:
        return Status.OVERLOADED
    if staff > norm * th.surplus_above and staff - norm >= 1:
        return Status.SURPLUS
    return Status.BALANCED


def balance(pool: PoolInput, th: Thresholds) -> PoolBalance:
    load = load_per_official(pool)
    status = classify(pool.staff, pool.norm, load, th)
    daily = daily_load(pool) or 0.0
    transferable = needed = 0
    if status is Status.SURPLUS:
        keep = max(pool.norm, math.ceil(daily / th.keep_load) if th.keep_load > 0 else 0)
        transferable = max(0, pool.staff - keep)
    elif status is Status.SHORTAGE:
        by_load = math.ceil(daily / th.overload_per_official_day) if th.overload_per_official_day > 0 else 0
        needed = max(pool.norm, by_load) - pool.staff
    elif status is Status.OVERLOADED:
        needed = max(1, math.ceil(daily / th.overload_per_official_day) - pool.staff)
    return PoolBalance(
        commune_code=pool.commune_code, field=pool.field, staff=pool.staff, norm=pool.norm, load=load,
        status=status, transferable=transferable, needed=needed,
    )


@dataclass(frozen=True)
class FieldSummary:
    field: str
    communes: Counter[Status]
    staff: int
    norm: int
    needed: int
    transferable: int


def summarise_by_field(rows: Iterable[PoolBalance]) -> dict[str, FieldSummary]:
    """Per field: how many communes are in each status, and the staff/norm totals."""
    acc: dict[str, dict[str, Any]] = {}
    for r in rows:
        a = acc.setdefault(r.field, {"c": Counter(), "staff": 0, "norm": 0, "needed": 0, "transferable": 0})
        a["c"][r.status] += 1
        a["staff"] += r.staff
        a["norm"] += r.norm
        a["needed"] += r.needed
        a["transferable"] += r.transferable
    return {
        f: FieldSummary(field=f, communes=a["c"], staff=a["staff"], norm=a["norm"], needed=a["needed"],
                        transferable=a["transferable"])
        for f, a in acc.items()
    }


def commune_status(rows: Iterable[PoolBalance], th: Thresholds) -> Status:
    """A commune overall: its total staff against its total norm (commune thresholds: by
    default exactly, as provinces report "at quota / over / under"), with the worst load."""
    rows = list(rows)
    staff = sum(r.staff for r in rows)
    norm = sum(r.norm for r in rows)
    loads = [r.load for r in rows if r.load is not None and r.staff > 0]
    whole = Thresholds(shortage_below=th.commune_shortage_below, surplus_above=th.commune_surplus_above,
                       overload_per_official_day=th.overload_per_official_day)
    return classify(staff, norm, max(loads) if loads else None, whole)


def headline(summary: FieldSummary, field_name: str, unit_word: str = "xã") -> str | None:
    """"12 xã thiếu công chức Địa chính – đất đai" (None when no commune is short or overloaded)."""
    short = summary.communes.get(Status.SHORTAGE, 0)
    over = summary.communes.get(Status.OVERLOADED, 0)
    parts = []
    if short:
        parts.append(f"{numfmt.num(short)} {unit_word} thiếu công chức {field_name}")
    if over:
        parts.append(f"{numfmt.num(over)} {unit_word} quá tải {field_name}")
    return "; ".join(parts) or None
