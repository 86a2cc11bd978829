"""The bulk path writes exactly what the service path writes: same dossiers (codes, states,
clocks, outcomes), same events (actions, states, instants, hashes), same documents, counters and
oversight facts (incremental through the hooks vs rebuilt from the events)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date

from localgov.dossiers.events import verify_chains
from localgov.dossiers.workflow import State
from localgov.simulate import snapshot
from localgov.simulate.params import load_params


def test_bulk_equals_service(simulate) -> None:
    service = simulate(path="service")
    assert service.dossiers > 20, "the small period should produce a few dozen dossiers"
    assert not list(verify_chains())
    through_services = snapshot.take()

    bulk = simulate(path="bulk")
    assert (bulk.dossiers, bulk.events) == (service.dossiers, service.events)
    assert not list(verify_chains()), "bulk-written events must chain exactly like service-written ones"
    written_in_bulk = snapshot.take()

    assert snapshot.differences(through_services, written_in_bulk) == []
    assert through_services == written_in_bulk
    actions = {e["action"] for e in written_in_bulk["events"].values()}
    assert {"submit", "accept", "assign", "decide", "return_result", "derive"} <= actions
    members = [d for d in written_in_bulk["dossiers"].values() if d["parent__code"]]
    assert members, "an interconnected bundle (Decree 63/2024) among the dossiers"


def test_bulk_equals_service_on_every_branch(simulate) -> None:
    """The same with the lifecycle's rare branches made common: supplements at reception and at
    appraisal (with second requests under an approver's override), dossiers never completed,
    refusals, withdrawals, slips past the due time with apologies and new dates, ratings."""
    params = load_params()
    stress = dataclasses.replace(params, behaviour={
        **params.behaviour, "online_reception_supplement": 0.3, "reception_supplement_never_back": 0.3,
        "refuse_at_reception": 0.05, "appraisal_supplement": 0.5, "second_supplement": 0.5,
        "appraisal_supplement_never_back": 0.2, "refuse_after_appraisal": 0.1, "withdrawal": 0.1,
        "inherent_slip": 0.4, "apology_when_late": 1.0, "rating": 0.8},
        # many births and deaths, most of those filed online as their bundles (both kinds of death bundle)
        procedure_weight={**params.procedure_weight, "1.001193": 60.0, "1.000656": 40.0},
        bundles={"1.001193": (("2.002621", 0.9),), "1.000656": (("2.002622.BHXH", 0.5), ("2.002622.BTXH", 0.5))})
    small = {"provinces": ["11"], "scale": 0.005, "date_to": date(2025, 7, 25), "params": stress}
    simulate(path="service", **small)
    through_services = snapshot.take()
    simulate(path="bulk", **small)
    written_in_bulk = snapshot.take()
    assert snapshot.differences(through_services, written_in_bulk) == []
    actions = Counter(e["action"] for e in written_in_bulk["events"].values())
    for action in ("request_supplement", "supplement_received", "stop", "refuse", "request_withdrawal", "extend",
                   "rate"):
        assert actions[action], (action, actions)
    assert any(e["data"].get("repeat") for e in written_in_bulk["events"].values())
    # bundles: every kind simulated, members started group by group, parents derived to the end
    parents = {d["parent__code"] for d in written_in_bulk["dossiers"].values() if d["parent__code"]}
    kinds = Counter(written_in_bulk["dossiers"][c]["bundle_id"] for c in parents)
    assert len(kinds) == 3, kinds
    derived = Counter(e["to_state"] for e in written_in_bulk["events"].values() if e["action"] == "derive")
    assert derived[State.PROCESSING] and derived[State.DONE] and derived[State.RETURNED], derived
    assert any(e["data"].get("started") for e in written_in_bulk["events"].values() if e["action"] == "derive") \
        or any(e["data"].get("by") == "liên thông" and e["data"].get("group") == 2
               for e in written_in_bulk["events"].values())
