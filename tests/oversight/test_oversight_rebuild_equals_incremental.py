"""Oversight reads facts (docs/oversight.md): a rebuild from the events gives exactly the facts the
live hooks wrote — for a random workload driven through the real services."""

from datetime import date

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.oversight.conftest import BA_DINH, HOAN_KIEM, PROCEDURES, run_dossier, snapshot

from localgov.oversight.facts import rebuild

steps = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 60), st.booleans(), st.integers(1, 5)), min_size=0, max_size=9
)
plans = st.lists(
    st.fixed_dictionaries({
        "procedure": st.sampled_from(PROCEDURES),
        "commune": st.sampled_from([BA_DINH, HOAN_KIEM]),
        "channel": st.sampled_from([1, 2]),
        "start_hours": st.integers(0, 24 * 80),
        "steps": steps,
    }),
    min_size=1, max_size=5,
)


@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plans=plans, cut=st.integers(0, 80))
def test_oversight_rebuild_equals_incremental(db, world, plans, cut):
    for plan in plans:
        run_dossier(plan)
    live = snapshot()
    assert live["fact"], "the workload must produce facts"
    rebuild()
    assert snapshot() == live
    # A ranged rebuild (one day to the end of a month) leaves the same facts too.
    start = date.fromordinal(date(2025, 7, 1).toordinal() + cut)
    rebuild(date_from=start, date_to=date(2025, 9, 30))
    assert snapshot() == live
