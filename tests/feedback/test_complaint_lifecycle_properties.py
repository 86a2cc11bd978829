"""The complaint lifecycle core (feedback/lifecycle.py), pure: every reachable status is
reached only through TRANSITIONS; a step's deadline never precedes its start; the answer's
deadline moves on exactly by the office time spent waiting for the person; the limits of
indicator 5.2 at their boundaries (one second either side), on the official calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.core.errors import IllegalTransition, ValidationFailed
from localgov.feedback.lifecycle import (
    TRANSITIONS,
    Action,
    Limits,
    Status,
    Timeline,
    deadlines,
    group5,
    late_steps,
    not_satisfied,
    on_time,
    step,
)
from localgov.workcalendar.core import default_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CAL = default_calendar()
LIMITS = Limits(refuse=2, ask_info=5, answer=15, publish=2)
START = datetime(2025, 8, 4, 9, 0, tzinfo=VN)  # a Monday
S = timedelta(seconds=1)


def test_the_shipped_limits_are_those_of_decision_766():
    from localgov.feedback.services import limits

    assert limits() == LIMITS


def test_bad_limits_are_refused_in_vietnamese():
    with pytest.raises(ValidationFailed, match="nguyên dương"):
        Limits.from_mapping({"refuse_working_days": 0, "ask_info_working_days": 5, "answer_working_days": 15,
                             "publish_working_days": 2})
    with pytest.raises(ValidationFailed, match="Thiếu"):
        Limits.from_mapping({})


def test_deadlines_are_working_days_of_the_calendar():
    d = deadlines(CAL, Timeline(started_at=START), LIMITS, now=START)
    # Monday 09:00 + 2 working days = Wednesday 09:00; + 5 = next Monday 09:00.
    assert d.refuse == datetime(2025, 8, 6, 9, 0, tzinfo=VN)
    assert d.ask_info == datetime(2025, 8, 11, 9, 0, tzinfo=VN)
    # 15 working days across the 2 September holiday (1–2 Sep 2025 are days off).
    assert d.answer == datetime(2025, 8, 25, 9, 0, tzinfo=VN)
    late_sep = deadlines(CAL, Timeline(started_at=datetime(2025, 8, 25, 9, 0, tzinfo=VN)), LIMITS, now=START)
    assert late_sep.answer == datetime(2025, 9, 17, 9, 0, tzinfo=VN)


@pytest.mark.parametrize("action,limit_attr", [(Action.REFUSE, "refuse"), (Action.ASK_INFO, "ask_info"),
                                               (Action.ANSWER, "answer")])
def test_5_2_boundaries_from_receipt(action, limit_attr):
    due = getattr(deadlines(CAL, Timeline(started_at=START), LIMITS, now=START), limit_attr)
    for at, late in ((due - S, False), (due, False), (due + S, True)):
        _, t = step(Status.RECEIVED, action, Timeline(started_at=START), at=at)
        assert (action.value in late_steps(CAL, t, LIMITS, now=at)) is late, (action, at)


def test_5_2_publication_boundary_counts_from_the_answer():
    answered = datetime(2025, 8, 8, 16, 30, tzinfo=VN)  # a Friday
    _, t = step(Status.RECEIVED, Action.ANSWER, Timeline(started_at=START), at=answered)
    due = deadlines(CAL, t, LIMITS, now=answered).publish
    assert due == datetime(2025, 8, 12, 16, 30, tzinfo=VN)  # two working days, over the weekend
    for at, late in ((due, False), (due + S, True)):
        _, published = step(Status.ANSWERED, Action.PUBLISH, t, at=at)
        assert on_time(CAL, published, LIMITS, now=at) is not late
    # Not yet published: on time until the due time passes.
    assert on_time(CAL, t, LIMITS, now=due)
    assert not on_time(CAL, t, LIMITS, now=due + S)


def test_an_open_complaint_is_late_once_the_answer_is_due_but_not_while_waiting():
    due = deadlines(CAL, Timeline(started_at=START), LIMITS, now=START).answer
    t = Timeline(started_at=START)
    assert on_time(CAL, t, LIMITS, now=due)
    assert not on_time(CAL, t, LIMITS, now=due + S)
    _, waiting = step(Status.RECEIVED, Action.ASK_INFO, t, at=START + timedelta(hours=1))
    assert on_time(CAL, waiting, LIMITS, now=due + timedelta(days=30))


instants = st.integers(min_value=0, max_value=40 * 24 * 3600).map(lambda s: START + timedelta(seconds=s))


@settings(max_examples=60, deadline=None)
@given(asked=instants, waited=st.integers(min_value=0, max_value=20 * 24 * 3600))
def test_the_answer_deadline_moves_on_by_the_office_time_waited(asked, waited):
    back = asked + timedelta(seconds=waited)
    t = Timeline(started_at=START, asked_at=asked, info_received_at=back)
    plain = deadlines(CAL, Timeline(started_at=START), LIMITS, now=START).answer
    moved = deadlines(CAL, t, LIMITS, now=back).answer
    assert moved >= plain
    assert CAL.working_seconds_between(plain, moved) == pytest.approx(CAL.working_seconds_between(asked, back),
                                                                      abs=1.0)


@settings(max_examples=200, deadline=None)
@given(actions=st.lists(st.sampled_from(list(Action)), max_size=12), gaps=st.lists(
    st.integers(min_value=0, max_value=5 * 24 * 3600), min_size=12, max_size=12))
def test_only_listed_transitions_happen_and_deadlines_follow_their_start(actions, gaps):
    status, t, at = Status.RECEIVED, Timeline(started_at=START), START
    for action, gap in zip(actions, gaps, strict=False):
        at = at + timedelta(seconds=gap)
        try:
            new_status, new_t = step(status, action, t, at=at)
        except IllegalTransition:
            assert (status, action) not in TRANSITIONS or action in (Action.ASK_INFO, Action.PUBLISH)
            continue
        assert TRANSITIONS[(status, action)] is new_status
        status, t = new_status, new_t
        d = deadlines(CAL, t, LIMITS, now=at)
        assert d.refuse >= t.started_at and d.ask_info >= d.refuse and d.answer >= d.ask_info
        if d.publish is not None:
            assert t.answered_at is not None and d.publish >= t.answered_at
        if action is Action.REOPEN:
            assert t == Timeline(started_at=at)


def test_refused_complaints_take_no_answer_and_a_publication_happens_once():
    _, t = step(Status.RECEIVED, Action.REFUSE, Timeline(started_at=START), at=START)
    with pytest.raises(IllegalTransition):
        step(Status.REFUSED, Action.ANSWER, t, at=START)
    _, t = step(Status.ANSWERED, Action.PUBLISH, Timeline(started_at=START, answered_at=START), at=START)
    with pytest.raises(IllegalTransition, match="đã được công khai"):
        step(Status.ANSWERED, Action.PUBLISH, t, at=START)


def test_group5_counts_by_kind_on_time_and_satisfied():
    rows = [("dossier", True, False), ("dossier", False, True), ("conduct", True, True), ("regulation", True, False)]
    g = group5(rows)
    assert (g.total, g.on_time, g.satisfied) == (4, 3, 2)
    assert g.by_kind == {"regulation": 1, "conduct": 1, "dossier": 2}
    assert not_satisfied(rated_unsatisfied=False, reopened=1, late=False)
    assert not not_satisfied(rated_unsatisfied=False, reopened=0, late=False)
