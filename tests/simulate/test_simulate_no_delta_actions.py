"""`facts_rules.NO_DELTA_ACTIONS` — the actions the bulk writer skips without asking `deltas` —
really add nothing, whatever the event data, states and dossier; and every other action of the
workflow can add something (the set is not too wide either). Pure (no database)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.dossiers.workflow import Action
from localgov.oversight.facts_rules import NO_DELTA_ACTIONS, DossierIn, EventIn, deltas

STATES = st.one_of(st.none(), st.integers(1, 10))
DATA = st.dictionaries(st.sampled_from(["online", "rating", "outcome", "outcome_766", "stage", "x"]),
                       st.one_of(st.none(), st.booleans(), st.integers(-2, 6),
                                 st.sampled_from(["early", "on_time", "late", "appraisal"])), max_size=4)
DOSSIERS = st.builds(DossierIn, channel=st.integers(1, 3), return_method=st.sampled_from(["centre", "post", "online"]),
                     procedure_online_level=st.sampled_from(["", "none", "partial", "full"]),
                     is_bundle_parent=st.booleans(), result_electronic=st.booleans(),
                     repeat_supplement=st.booleans(), supplement_requests_after_acceptance=st.integers(0, 3),
                     processing_seconds=st.one_of(st.none(), st.floats(0, 1e6)))


@settings(max_examples=300, deadline=None)
@given(action=st.sampled_from(sorted(NO_DELTA_ACTIONS)), from_state=STATES, to_state=STATES, data=DATA,
       dossier=DOSSIERS)
def test_no_delta_actions_add_nothing(action: str, from_state: Any, to_state: Any, data: dict[str, Any],
                                      dossier: DossierIn) -> None:
    assert deltas(EventIn(action, from_state, to_state, data), dossier) == {}


def test_the_other_actions_can_add_something() -> None:
    dossier = DossierIn(channel=2, return_method="online", procedure_online_level="full")
    data = {"online": True, "rating": 5}
    for action in Action:
        added = deltas(EventIn(action.value, 7, 8, data), dossier)
        assert (added == {}) == (action.value in NO_DELTA_ACTIONS), action
