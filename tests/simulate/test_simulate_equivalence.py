"""The bulk path writes exactly what the service path writes: same dossiers (codes, states,
clocks, outcomes), same events (actions, states, instants, hashes), same documents, counters and
oversight facts (incremental through the hooks vs rebuilt from the events)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from typing import Any

from tests.simulate import snapshot

from localgov.dossiers.audit import verify_chains
from localgov.dossiers.workflow import State
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
        # financial obligations on common fields too, and on every land dossier (whose clock stops)
        payment_share={**params.payment_share, "land": 1.0, "certification": 0.3, "civil_status": 0.3},
        payment_amount_vnd={**params.payment_amount_vnd, "certification": 2000, "civil_status": 8000})
    small = {"provinces": ["11"], "scale": 0.005, "date_to": date(2025, 7, 25), "params": stress}
    simulate(path="service", **small)
    through_services = snapshot.take()
    simulate(path="bulk", **small)
    written_in_bulk = snapshot.take()
    assert snapshot.differences(through_services, written_in_bulk) == []
    actions = Counter(e["action"] for e in written_in_bulk["events"].values())
    for action in ("request_supplement", "supplement_received", "stop", "refuse", "request_withdrawal", "extend",
                   "rate", "request_payment", "payment_received"):
        assert actions[action], (action, actions)
    assert any(e["data"].get("repeat") for e in written_in_bulk["events"].values())
    events = written_in_bulk["events"].values()
    assert any(e["data"].get("clock_stopped") for e in events if e["action"] == "request_payment")
    assert any("due_at" in e["data"] for e in events if e["action"] == "payment_received")  # the clock resumed
    paid = [e["data"]["online"] for e in events if e["action"] == "payment_received"]
    assert any(paid) and not all(paid)


def test_bulk_equals_service_with_bundles(simulate) -> None:
    """Interconnected bundles made common (civil status only, mostly births and deaths, mostly
    online, most of those filed as their bundles): every simulated kind, the members started
    group by group, the parents derived to the end — the same rows both ways."""
    written_in_bulk = _both_ways(simulate, date(2025, 7, 11), rating=0.8)
    parents = {d["parent__code"] for d in written_in_bulk["dossiers"].values() if d["parent__code"]}
    kinds = Counter(written_in_bulk["dossiers"][c]["bundle_id"] for c in parents)
    assert len(kinds) == 3, kinds
    events = written_in_bulk["events"].values()
    derived = Counter(e["to_state"] for e in events if e["action"] == "derive")
    assert derived[State.PROCESSING] and derived[State.DONE] and derived[State.RETURNED], derived
    # the second group accepted by the interconnection software when the first is decided
    assert any(e["data"].get("by") == "liên thông" and e["data"].get("group") == 2 for e in events)


def test_bulk_equals_service_with_supplements_inside_bundles(simulate) -> None:
    """Bundles whose members often ask for a supplement at appraisal: the member waits, then its
    period restarts (Art. 19(5)) and the bundle's deadline moves by the group's largest restart
    (`bundles.shift_parent_due`, a `derive` event on the parent even when its state stays) — the
    same rows both ways."""
    written_in_bulk = _both_ways(simulate, date(2025, 7, 18), appraisal_supplement=0.5)
    assert not list(verify_chains())
    events = list(written_in_bulk["events"].values())
    members = {c for c, d in written_in_bulk["dossiers"].items() if d["parent__code"]}
    asked = [e for (code, _), e in written_in_bulk["events"].items()
             if e["action"] == "request_supplement" and code in members]
    assert asked, "members asked for supplements"
    derived = Counter(e["to_state"] for e in events if e["action"] == "derive")
    assert derived[State.SUPPLEMENT_REQUESTED], derived  # the bundle waits with its member
    shifted = [e for e in events if e["action"] == "derive" and "due_shifted" in e["data"]]
    assert shifted and all(e["data"]["due_shifted"]["seconds"] > 0 for e in shifted)


def test_bulk_equals_service_with_members_ending_undecided(simulate) -> None:
    """Bundle members whose papers never come back (stopped after 15 days) or that are refused
    after appraisal: the later groups cannot start and the bundle refuses them (a parent-level
    refusal cascaded to the members that may still be refused, `bundles.cascade`); bundles the
    applicant withdraws (the request and the stop on the parent, cascaded); what was decided is
    returned, a bundle with nothing decided ends refused or stopped — the same rows both ways."""
    written_in_bulk = _both_ways(simulate, date(2025, 7, 31), appraisal_supplement=0.5,
                                 appraisal_supplement_never_back=0.5, refuse_after_appraisal=0.3, withdrawal=0.3)
    assert not list(verify_chains())
    dossiers = written_in_bulk["dossiers"]
    members = {c for c, d in dossiers.items() if d["parent__code"]}
    events = [(code, e) for (code, _), e in written_in_bulk["events"].items()]
    member_actions = Counter((e["action"], e["from_state"]) for code, e in events if code in members)
    assert member_actions[("stop", State.SUPPLEMENT_REQUESTED)], member_actions  # papers never came back
    assert member_actions[("refuse", State.PROCESSING)], member_actions  # refused after appraisal
    assert member_actions[("refuse", State.NEW)], member_actions  # a later group refused on the bundle
    assert member_actions[("request_withdrawal", State.PROCESSING)], member_actions  # withdrawn on the bundle
    assert member_actions[("stop", State.WITHDRAWAL_REQUESTED)], member_actions  # … and stopped
    derived = Counter(e["to_state"] for _code, e in events if e["action"] == "derive")
    assert derived[State.STOPPED] or derived[State.REFUSED], derived  # nothing decided
    assert derived[State.WITHDRAWAL_REQUESTED], derived
    parents = {c: d for c, d in dossiers.items() if d["bundle_id"] and not d["parent__code"]}
    ended = Counter(d["state"] for d in parents.values())
    assert ended[State.RETURNED] and (ended[State.STOPPED] or ended[State.REFUSED]), ended


def test_bulk_equals_service_with_the_land_transfer_s_tax_step(simulate) -> None:
    """Land transfers filed as the bundle with the tax step (LT.DD.CHUYEN-NHUONG): while the tax
    member runs the bundle's clock is paused (a `derive` event says when it stopped), and when it
    is decided the clock resumes with the total moved by the paused working time (Decree 151/2025)
    and the land registry's second step starts — the same rows both ways."""
    params = load_params()
    land = {"field_share": {"land": 1.0}, "procedure_weight": {**params.procedure_weight, "1.013831": 60.0},
            "bundles": {"1.013831": (("LT.DD.CHUYEN-NHUONG", 0.9),)}}
    written_in_bulk = _both_ways(simulate, date(2025, 7, 25), over=land, appraisal_supplement=0.2)
    assert not list(verify_chains())
    events = [e for e in written_in_bulk["events"].values() if e["action"] == "derive"]
    stopped = [e for e in events if "clock_stopped" in e["data"]]
    resumed = [e for e in events if "clock_resumed" in e["data"]]
    assert stopped and resumed, (len(stopped), len(resumed))
    assert all(e["data"]["clock_resumed"]["paused_seconds"] > 0 for e in resumed)
    parents = [d for d in written_in_bulk["dossiers"].values() if d["bundle_id"] and not d["parent__code"]]
    assert any(d["paused_seconds"] > 0 for d in parents)
    assert any(d["state"] == State.RETURNED for d in parents)


def _both_ways(simulate: Any, last_day: date, over: dict[str, Any] | None = None,
               **behaviour: float) -> dict[str, Any]:
    """Interconnected bundles made common (civil status only, mostly births and deaths, mostly
    online, most of those filed as their bundles; or what `over` sets) with `behaviour`
    overridden, simulated in one province through the services and in bulk: the same rows both
    ways. Returns the bulk's."""
    params = load_params()
    bundles = dataclasses.replace(
        params, **{"field_share": {"civil_status": 1.0}, "online_floor": 0.9,
                   "procedure_weight": {**params.procedure_weight, "1.001193": 60.0, "1.000656": 60.0},
                   "bundles": {"1.001193": (("2.002621", 0.9),),
                               "1.000656": (("2.002622.BHXH", 0.5), ("2.002622.BTXH", 0.5))},
                   **(over or {})},
        behaviour={**params.behaviour, **behaviour})
    small = {"provinces": ["11"], "scale": 0.005, "date_to": last_day, "params": bundles}
    simulate(path="service", **small)
    through_services = snapshot.take()
    simulate(path="bulk", **small)
    written_in_bulk = snapshot.take()
    assert snapshot.differences(through_services, written_in_bulk) == []
    assert through_services == written_in_bulk
    return written_in_bulk
