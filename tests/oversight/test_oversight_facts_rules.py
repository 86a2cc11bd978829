"""The pure delta rules (facts_rules.py): what each event adds, and the due-day moves."""

from datetime import date

from localgov.oversight.facts_rules import DossierIn, EventIn, deltas, due_moves, due_position

ONLINE = DossierIn(channel=2, return_method="online", procedure_online_level="full")


def test_oversight_submit_counts_received_and_full_online():
    assert deltas(EventIn("submit", None, 1, {}), ONLINE) == {"received": 1, "received_full_online": 1}
    at_centre = DossierIn(channel=2, return_method="centre", procedure_online_level="full")
    assert deltas(EventIn("submit", None, 1, {}), at_centre) == {"received": 1}


def test_oversight_decide_closes_with_outcomes_and_time():
    d = DossierIn(channel=1, return_method="centre", procedure_online_level="partial", result_electronic=True,
                  supplement_requests_after_acceptance=2, repeat_supplement=True, processing_seconds=7200.0)
    out = deltas(EventIn("decide", 4, 9, {"outcome": "late", "outcome_766": "late"}), d)
    assert out == {"done": 1, "closed": 1, "closed_with_supplement": 1, "closed_repeat_supplement": 1, "late": 1,
                   "late_766": 1, "result_electronic": 1, "processing_seconds": 7200.0, "processing_count": 1}


def test_oversight_stop_after_withdrawal_and_rating():
    d = DossierIn(channel=2, return_method="online", procedure_online_level="partial")
    assert deltas(EventIn("stop", 7, 8, {}), d) == {"stopped": 1, "closed": 1, "withdrawn": 1}
    assert deltas(EventIn("rate", 8, 8, {"rating": 2}), d) == {"rating_sum": 2, "rating_count": 1,
                                                               "rating_dissatisfied": 1}
    assert deltas(EventIn("payment_received", 6, 4, {"online": False}), d) == {}


def test_oversight_bundle_parent_is_not_counted():
    parent = DossierIn(channel=2, return_method="online", procedure_online_level="full", is_bundle_parent=True)
    assert deltas(EventIn("submit", None, 1, {}), parent) == {}


def test_oversight_due_histogram_moves():
    d1, d2 = date(2025, 8, 7), date(2025, 8, 12)
    assert due_position(state=4, due_day=d1, paused=False) == d1
    assert due_position(state=5, due_day=d1, paused=False) is None  # waiting for the applicant
    assert due_position(state=6, due_day=d1, paused=True) is None  # clock stopped
    assert due_moves(d1, d2) == [(d1, -1), (d2, 1)]
    assert due_moves(None, d1) == [(d1, 1)] and due_moves(d1, None) == [(d1, -1)] and due_moves(d1, d1) == []
