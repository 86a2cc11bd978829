"""The facts the bulk path computes in memory (the events' deltas by `facts_rules.deltas`,
summed per key, added with `add_base_facts`; the open dossiers' due-day counts added with
`add_due`; then the rollups rebuilt set-based) are exactly what `oversight.facts.rebuild`
computes from the written events."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from tests.simulate import snapshot

from localgov.dossiers.models import Dossier
from localgov.oversight.facts import rebuild
from localgov.oversight.facts_rules import RUNNING_STATES
from localgov.simulate.params import load_params


def _stress():  # the lifecycle's rare branches made common (as in the equivalence test)
    params = load_params()
    return dataclasses.replace(params, behaviour={
        **params.behaviour, "online_reception_supplement": 0.3, "reception_supplement_never_back": 0.3,
        "refuse_at_reception": 0.05, "appraisal_supplement": 0.5, "second_supplement": 0.5,
        "appraisal_supplement_never_back": 0.2, "refuse_after_appraisal": 0.1, "withdrawal": 0.1,
        "inherent_slip": 0.4, "apology_when_late": 1.0, "rating": 0.8})


@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), stress=st.booleans(), weeks=st.integers(1, 4))
@example(seed=6636, stress=True, weeks=1)  # every dossier still open at the end waits for a supplement
def test_bulk_facts_equal_rebuild(simulate, seed: int, stress: bool, weeks: int) -> None:
    first, last = date(2025, 7, 1), date(2025, 7, 7 * weeks)
    over = {"params": _stress()} if stress else {}
    result = simulate(path="bulk", seed=seed, provinces=["11"], scale=0.005, date_from=first, date_to=last, **over)
    assert result.facts == "computed in bulk"
    in_bulk = snapshot.facts()
    assert in_bulk["Fact"] and in_bulk["FactRollup"], "the run must produce facts"
    # the due-day histogram holds the dossiers whose clock runs at the end (added with add_due); a
    # small stressed week may end with every open dossier waiting for a supplement (clock stopped)
    running = Dossier.objects.filter(state__in=RUNNING_STATES, paused_since__isnull=True,
                                     due_at__isnull=False).exists()
    assert bool(in_bulk["DueFact"]) == bool(in_bulk["DueRollup"]) == running
    rebuild(date_from=first, date_to=last)
    assert snapshot.facts() == in_bulk
    rebuild()  # unbounded: the same
    assert snapshot.facts() == in_bulk
