"""The bulk path writes exactly what the service path writes: same dossiers (codes, states,
clocks, outcomes), same events (actions, states, instants, hashes), same documents, counters and
oversight facts (incremental through the hooks vs rebuilt from the events)."""

from __future__ import annotations

from localgov.dossiers.events import verify_chains
from localgov.simulate import snapshot


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
    assert {"submit", "accept", "assign", "decide", "return_result"} <= actions
