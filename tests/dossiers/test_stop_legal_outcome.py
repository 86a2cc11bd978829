"""A stop (Mẫu 05: withdrawal, Decree 118/2025 Art. 21, or a supplement not brought back, Art. 19(5))
ends processing without a decision: its legal outcome is neither on time nor late
(`clock.legal_outcome`), while Decision 766/QĐ-TTg still measures it (`clock.classify_766`)."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from localgov.dossiers import clock
from localgov.oversight.facts_rules import DossierIn, EventIn, deltas
from localgov.workcalendar.core import Calendar
from localgov.workcalendar.sources import load_overrides_file

T0 = datetime(2025, 7, 1, 1, 0, tzinfo=UTC)
HOURS = st.integers(0, 24 * 60)
CAL = Calendar(load_overrides_file())


@given(end=st.sampled_from([clock.END_DONE, clock.END_REFUSED, clock.END_STOPPED]), done=HOURS, due=HOURS)
def test_legal_outcome_of_a_stop_is_none_else_classify(end, done, due):
    cal = CAL
    completed, due_at = T0 + timedelta(hours=done), T0 + timedelta(hours=due)
    got = clock.legal_outcome(cal, end=end, completed_at=completed, due=due_at)
    if end == clock.END_STOPPED:
        assert got is None
    else:
        assert got == clock.classify(cal, completed_at=completed, due=due_at)


@given(outcome=st.sampled_from(["early", "on_time", "late"]), outcome_766=st.sampled_from(["on_time", "late"]),
       action=st.sampled_from(["stop", "refuse", "decide"]))
def test_facts_count_no_legal_outcome_for_a_stop(outcome, outcome_766, action):
    """Even an event written before the rule (carrying a legal outcome) is recounted without it."""
    got = deltas(EventIn(action, 4, 8, {"outcome": outcome, "outcome_766": outcome_766}),
                 DossierIn(channel=1, return_method="centre", procedure_online_level="partial"))
    assert got.get(f"{outcome_766}_766") == 1
    assert (outcome in got) == (action != "stop")


def test_facts_group_4_counters_at_the_decision():
    base = {"channel": 2, "return_method": "online", "procedure_online_level": "partial"}
    ev = EventIn("decide", 4, 9, {"outcome": "on_time", "outcome_766": "on_time"})
    all_set = deltas(ev, DossierIn(**base, result_electronic=True, procedure_paper_result=True, result_signed=True,
                                   inputs_digitised=True, data_reused=True, identity_verified=True,
                                   received_outside=True))
    for c in ("done_paper_result", "e_result_paper", "done_digitised", "done_reused", "done_personal_store",
              "done_identity", "outside_on_time_766"):
        assert all_set[c] == 1, c
    none_set = deltas(ev, DossierIn(**base, inputs_digitised=True))
    for c in ("done_paper_result", "e_result_paper", "done_digitised", "done_reused", "done_personal_store",
              "done_identity", "outside_on_time_766"):
        assert c not in none_set, c
    submit = deltas(EventIn("submit", None, 1, {}), DossierIn(**base, procedure_full_known=False))
    assert submit == {"received": 1, "received_online_full_unknown": 1}
