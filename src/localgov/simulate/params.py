"""Simulation parameters (data/assumptions.toml) as typed values. Pure: no Django import.

Every number comes from the data file, where its source or the word ASSUMPTION sits next to it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
ASSUMPTIONS_FILE = DATA_DIR / "assumptions.toml"


@dataclass(frozen=True)
class Desk:
    name: str
    base: float
    extra_share: float
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Params:
    per_capita: float
    type_weight: dict[str, float]
    size_sigma: float
    field_share: dict[str, float]
    procedure_weight: dict[str, float]
    online_base: float
    density_slope: float
    reference_density: float
    online_ramp: float
    online_floor: float
    online_ceiling: float
    other_centre_share: float
    post_share: float
    productive_hours: float
    positions_base: int
    positions_threshold: int
    people_per_extra_position: int
    positions_cap: dict[str, int]
    desks: tuple[Desk, ...]
    shortage_desks: tuple[str, ...]
    shortage_p0: float
    shortage_p_max: float
    shortage_factor: float
    min_desk_officers: float
    #: procedure code → ((bundle code, share of its online filings), …) ([bundles])
    bundles: dict[str, tuple[tuple[str, float], ...]]
    #: [payments]: field → share of its dossiers with a financial obligation, and its amount (VND)
    payment_share: dict[str, float]
    payment_amount_vnd: dict[str, int]
    #: share paid online when filed online, when filed on paper or by post
    paid_online_share: tuple[float, float]
    payment_max_days: int  # where the clock stops while paying
    payment_max_days_fee: int  # elsewhere
    provincial_headroom: float
    work_hours: dict[str, float]
    behaviour: dict[str, Any]

    def desk_of_field(self, field: str) -> str | None:
        for desk in self.desks:
            if field in desk.fields:
                return desk.name
        return None


def load_params(path: Path = ASSUMPTIONS_FILE) -> Params:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    demand, channel, staffing = raw["demand"], raw["channel"], raw["staffing"]
    shares = {k: float(v) for k, v in demand["field_share"].items()}
    if abs(sum(shares.values()) - 1.0) > 1e-6:
        raise ValueError(f"field shares must sum to 1, got {sum(shares.values())}")
    min_officers = float(staffing["workforce"]["min_officers"])
    if not 0 < min_officers <= 10:  # zero would leave a desk without capacity, hence without a queue
        raise ValueError(f"staffing.workforce.min_officers must be in (0, 10], got {min_officers}")
    bundles = {code: tuple((str(b["bundle"]), float(b["share"])) for b in choices)
               for code, choices in raw.get("bundles", {}).items()}
    for code, choices in bundles.items():
        if any(not 0 <= share <= 1 for _, share in choices) or sum(share for _, share in choices) > 1:
            raise ValueError(f"bundles.{code}: shares in [0, 1] summing to at most 1")
    pay = raw.get("payments", {})
    payment_share = {k: float(v) for k, v in pay.get("share", {}).items()}
    payment_amount = {k: int(v) for k, v in pay.get("amount_vnd", {}).items()}
    paid_online = (float(pay.get("paid_online_when_filed_online", 0.0)),
                   float(pay.get("paid_online_when_filed_on_paper", 0.0)))
    if (any(not 0 <= x <= 1 for x in (*payment_share.values(), *paid_online))
            or set(payment_share) - set(payment_amount) or any(v < 0 for v in payment_amount.values())
            or min(int(pay.get("max_days_to_pay", 0)), int(pay.get("max_days_to_pay_fee", 0))) < 0):
        raise ValueError("payments: shares in [0, 1], an amount ≥ 0 for every field with a share, "
                         "max_days_to_pay ≥ 0")
    return Params(
        per_capita=float(demand["dossiers_per_capita_per_working_day"]),
        type_weight={k: float(v) for k, v in demand["type_weight"].items()},
        size_sigma=float(demand["size_spread"]["sigma"]),
        field_share=shares,
        procedure_weight={k: float(v) for k, v in demand.get("procedure_weight", {}).items()},
        online_base=float(channel["base"]),
        density_slope=float(channel["density_slope"]),
        reference_density=float(channel["reference_density"]),
        online_ramp=float(channel["ramp"]),
        online_floor=float(channel["floor"]),
        online_ceiling=float(channel["ceiling"]),
        other_centre_share=float(channel["other_centre_share"]),
        post_share=float(channel["post_share"]),
        productive_hours=float(staffing["productive_hours_per_officer_day"]),
        positions_base=int(staffing["positions_base"]),
        positions_threshold=int(staffing["positions_threshold_population"]),
        people_per_extra_position=int(staffing["people_per_extra_position"]),
        positions_cap={k: int(v) for k, v in staffing["positions_cap"].items()},
        desks=tuple(
            Desk(name, float(d["base"]), float(d["extra_share"]), tuple(d["fields"]))
            for name, d in staffing["desk"].items()
        ),
        shortage_desks=tuple(staffing["shortage"]["desks"]),
        shortage_p0=float(staffing["shortage"]["p0"]),
        shortage_p_max=float(staffing["shortage"]["p_max"]),
        shortage_factor=float(staffing["shortage"]["factor"]),
        min_desk_officers=min_officers,
        bundles=bundles,
        payment_share=payment_share,
        payment_amount_vnd=payment_amount,
        paid_online_share=paid_online,
        payment_max_days=int(pay.get("max_days_to_pay", 0)),
        payment_max_days_fee=int(pay.get("max_days_to_pay_fee", 0)),
        provincial_headroom=float(staffing["provincial"]["headroom"]),
        work_hours={k: float(v) for k, v in raw["work_hours"].items()},
        behaviour=dict(raw["behaviour"]),
    )


def notification_rates(path: Path = ASSUMPTIONS_FILE) -> dict[str, Any]:
    """[notifications]: the simulated delivery outcomes of the outbox (outbox.services.settle_simulated)."""
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get("notifications", {})
    for key in ("email_failed", "sms_failed", "dvcqg_failed"):
        if not 0 <= float(raw.get(key, 0)) < 1:
            raise ValueError(f"notifications.{key} must be in [0, 1), got {raw.get(key)}")
    return dict(raw)
