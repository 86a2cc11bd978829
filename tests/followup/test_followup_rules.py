"""The pure rules: the Government Office's four classes at their boundaries (due today, due on a
day off, done after), the response deadline in working days with the real calendar, the legal
moves of documents and problems, the premises' re-use priority — and their properties."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.followup import reference
from localgov.followup import rules as r
from localgov.workcalendar.core import default_calendar

CAL = default_calendar()
days = st.dates(min_value=date(2025, 1, 2), max_value=date(2026, 11, 30))


def test_due_today_is_in_progress_and_overdue_the_next_day():
    due = date(2025, 10, 15)  # a Wednesday, the payout deadline
    assert r.classify(due, None, due) is r.TaskClass.IN_PROGRESS
    assert r.classify(due, None, due + timedelta(days=1)) is r.TaskClass.OVERDUE


def test_done_on_the_day_is_on_time_done_after_is_late():
    due = date(2025, 10, 15)
    assert r.classify(due, due, date(2025, 12, 1)) is r.TaskClass.DONE_ON_TIME
    assert r.classify(due, due + timedelta(days=1), due + timedelta(days=1)) is r.TaskClass.DONE_LATE


def test_a_deadline_on_a_day_off_rolls_to_the_next_working_day():
    # 2 Sep 2025 is National Day: the holiday runs 30 Aug (Sat) – 2 Sep (Tue), work resumes 3 Sep.
    due = date(2025, 8, 30)
    assert not CAL.is_working_day(due)
    effective = r.effective_deadline(due, CAL, roll_off_day=True)
    assert effective == date(2025, 9, 3)
    assert r.classify(effective, date(2025, 9, 3), date(2025, 9, 10)) is r.TaskClass.DONE_ON_TIME
    assert r.classify(effective, None, date(2025, 9, 2)) is r.TaskClass.IN_PROGRESS
    assert r.classify(effective, None, date(2025, 9, 4)) is r.TaskClass.OVERDUE
    # without the roll (configuration off), the same day is late
    assert r.classify(r.effective_deadline(due, CAL, roll_off_day=False), date(2025, 9, 3),
                      date(2025, 9, 10)) is r.TaskClass.DONE_LATE
    # a working day is its own effective deadline
    assert r.effective_deadline(date(2025, 10, 15), CAL, roll_off_day=True) == date(2025, 10, 15)


def test_response_due_counts_working_days_from_the_next_day():
    # raised Friday 29 Aug 2025: the next working day is Wed 3 Sep (National Day holiday);
    # 10 working days: 3,4,5,8,9,10,11,12,15,16 Sep.
    assert r.response_due(date(2025, 8, 29), 10, CAL) == date(2025, 9, 16)
    # raised on a Sunday: counting starts Monday
    assert r.response_due(date(2025, 9, 7), 1, CAL) == date(2025, 9, 8)


@given(days, st.integers(min_value=1, max_value=30))
@settings(max_examples=200, deadline=None)
def test_response_due_is_a_working_day_exactly_n_working_days_later(raised, n):
    due = r.response_due(raised, n, CAL)
    assert CAL.is_working_day(due)
    assert CAL.working_days_in(raised + timedelta(days=1), due) == n


@given(st.one_of(st.none(), days), st.one_of(st.none(), days), days)
@settings(max_examples=300, deadline=None)
def test_classes_are_exclusive_and_consistent(deadline, done, today):
    cls = r.classify(deadline, done, today)
    assert (done is not None) == (cls in (r.TaskClass.DONE_ON_TIME, r.TaskClass.DONE_LATE))
    if done is not None:
        # a finished task's class never depends on the day it is looked at
        assert r.classify(deadline, done, today + timedelta(days=400)) is cls
    else:
        # overdue is monotone in time: once overdue, overdue later too
        if cls is r.TaskClass.OVERDUE:
            assert r.classify(deadline, None, today + timedelta(days=1)) is r.TaskClass.OVERDUE
        assert r.is_overdue(deadline, done, today) == (cls is r.TaskClass.OVERDUE)


@given(days)
@settings(max_examples=200, deadline=None)
def test_the_effective_deadline_is_the_first_working_day_on_or_after(d):
    e = r.effective_deadline(d, CAL, roll_off_day=True)
    assert e >= d and CAL.is_working_day(e)
    assert CAL.working_days_in(d, e - timedelta(days=1)) == 0


def test_document_moves():
    assert r.doc_move_error("not_started", "drafting") is None
    assert r.doc_move_error("issued", "drafting") is not None
    assert r.doc_move_error("issued", "replaced") is None
    assert r.doc_move_error("replaced", "issued") is not None
    assert r.doc_move_error("drafting", "nonsense") is not None


def test_problem_moves():
    assert r.problem_move("raised", "answer") is r.ProblemStatus.ANSWERED
    assert r.problem_move("answered", "reopen") is r.ProblemStatus.REOPENED
    assert not isinstance(r.problem_move("raised", "close"), r.ProblemStatus)
    assert not isinstance(r.problem_move("closed", "answer"), r.ProblemStatus)


def test_premise_plan_follows_the_priority():
    priority = tuple(r.rule_value(reference.rules(), "premise_priority"))  # type: ignore[arg-type]
    assert priority[0] == "health" and priority[-1] == "economic"
    assert r.premise_plan_error("planned", "", "", priority, False) is not None
    assert r.premise_plan_error("approved", "education", "", priority, False) is not None
    assert r.premise_plan_error("approved", "education", "12/QĐ-UBND", priority, False) is None
    assert r.premise_plan_error("planned", "economic", "", priority, False) is not None
    assert r.premise_plan_error("planned", "economic", "", priority, True) is None
    assert r.counts_as_community("done", "culture_sport")
    assert not r.counts_as_community("done", "economic")
    assert not r.counts_as_community("approved", "health")


def test_reference_data_comes_from_the_files():
    codes = {m.code for m in reference.ministries()}
    assert len(reference.ministries()) == 17 and {"BTC", "BNV", "VPCP"} <= codes
    assert {"finance_accounting", "land", "education"} <= set(reference.fields())
