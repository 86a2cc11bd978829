"""Oversight fixtures: the dossier engine's fixtures (real units, catalogue, users, dossiers
made through services) plus a scripted workload and fact snapshots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from tests.dossiers.conftest import (  # noqa: F401
    BA_DINH,
    HOAN_KIEM,
    applicant,
    centre_of,
    docs_for,
    file_online,
    loaded_units,
    people,
    staff,
    vn,
    world,
)

from localgov.access.policy import SYSTEM
from localgov.core.errors import Conflict, IllegalTransition, ValidationFailed
from localgov.dossiers import services
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Action, Channel, ReturnMethod, State, allowed_actions
from localgov.oversight.facts_rules import COUNTERS
from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup

PROCEDURES = ["1.004873", "1.001193", "1.004222", "2.001035", "1.013225"]


def _args(action: Action, d: Any, flag: bool, rating: int) -> dict[str, Any]:
    return {
        Action.REFUSE: {"reason": "Hồ sơ không đủ điều kiện"},
        Action.REQUEST_SUPPLEMENT: {"missing": ["Bản sao giấy khai sinh"], "override_reason": "Cần bổ sung thêm"},
        Action.REQUEST_PAYMENT: {"amount_vnd": 50000},
        Action.PAYMENT_RECEIVED: {"online": flag},
        Action.EXTEND: {"new_due": (d.due_at or d.submitted_at) + timedelta(days=3), "reason": "Cần xác minh thêm"},
        Action.STOP: {"reason": "Theo đề nghị của người nộp"},
        # the Decision 766 group-4 record varies with the plan (tests/oversight/test_oversight_766_recount.py)
        Action.DECIDE: {"result_summary": "Đã giải quyết", "electronic": flag, "signed": flag and rating != 3,
                        "digitised": rating % 2 == 0, "reused": rating >= 4, "identity_verified": rating != 1},
        Action.RATE: {"rating": rating},
    }.get(action, {})


def run_dossier(plan: dict[str, Any]) -> Any:
    """Submit one dossier and apply a sequence of allowed actions (as the system actor),
    skipping the ones the engine refuses (as a real office would be refused)."""
    at = vn(2025, 7, 1, 8, 0) + timedelta(hours=plan["start_hours"])
    commune = plan["commune"]
    channel = Channel(plan["channel"])
    data = SubmitInput(
        procedure_code=plan["procedure"], channel=channel, applicant=applicant(), competent_commune_code=commune,
        documents=docs_for(plan["procedure"]), return_method=ReturnMethod.ONLINE,
        received_centre_id=centre_of(plan.get("received_in", commune)) if channel is Channel.IN_PERSON else None,
    )
    d = submit(data, actor=SYSTEM, now=at).dossier
    for choice, gap, flag, rating in plan["steps"]:
        at += timedelta(hours=gap)
        options = [a for a in allowed_actions(State(d.state))]
        if not options:
            break
        action = options[choice % len(options)]
        try:
            d = services.ACTIONS[action](dossier_id=d.pk, version=d.version, actor=SYSTEM, now=at,
                                         **_args(action, d, flag, rating))
        except (IllegalTransition, ValidationFailed, Conflict):
            d.refresh_from_db()
    return d


def snapshot() -> dict[str, set[tuple[Any, ...]]]:
    """Every non-zero fact row (without ids), floats rounded: comparable sets."""

    def rows(model: Any, key: list[str], values: list[str]) -> set[tuple[Any, ...]]:
        out = set()
        for r in model.objects.values(*key, *values):
            vals = tuple(round(float(r[v]), 3) for v in values)
            if any(vals):
                out.add((*(str(r[k]) for k in key), *vals))
        return out

    counters = list(COUNTERS)
    return {
        "fact": rows(Fact, ["province_code", "commune_code", "procedure_id", "day", "channel"], counters),
        "rollup": rows(FactRollup, ["grain", "scope", "bucket", "province_code", "commune_code", "procedure_id",
                                    "channel"], counters),
        "due": rows(DueFact, ["province_code", "commune_code", "procedure_id", "channel", "due_day"], ["open_count"]),
        "due_rollup": rows(DueRollup, ["grain", "bucket", "province_code", "procedure_id"], ["open_count"]),
    }


@pytest.fixture
def workload(db, world) -> Callable[[list[dict[str, Any]]], list[Any]]:  # noqa: F811
    return lambda plans: [run_dossier(p) for p in plans]
