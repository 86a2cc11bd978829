"""Property-based checks of the indexed core (hypothesis), including agreement with the naive
day-by-day reference implementation."""

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.workcalendar.core import VN_TZ, default_calendar
from localgov.workcalendar.reference import NaiveCalendar
from localgov.workcalendar.sources import load_overrides_file

CAL = default_calendar()
NAIVE = NaiveCalendar(load_overrides_file())
BASE = datetime(2024, 1, 1, tzinfo=VN_TZ)

moments = st.integers(0, 10 * 365 * 86400).map(lambda s: BASE + timedelta(seconds=s))
days = st.integers(0, 80)
seconds = st.integers(0, 200 * 3600)


@given(moments, days)
def test_add_then_measure_gives_back_the_amount(received, n):
    due = CAL.add_working_days(received, n)
    assert CAL.working_seconds_between(CAL.clock_start(received), due) == n * CAL.seconds_per_day


@given(moments, seconds)
def test_add_seconds_then_measure(start, s):
    assert CAL.working_seconds_between(start, CAL.add_working_seconds(start, s)) == s


@given(moments, days)
def test_due_on_a_working_day_within_office_hours(received, n):
    due = CAL.add_working_days(received, n)
    assert CAL.is_working_day(due.date())
    assert CAL.in_office_hours(due)
    assert due.utcoffset() == timedelta(hours=7)
    start = CAL.clock_start(received)
    assert CAL.in_office_hours(start) and start >= received


@given(moments, days, days)
def test_more_time_never_earlier(received, a, b):
    lo, hi = sorted((a, b))
    assert CAL.add_working_days(received, lo) <= CAL.add_working_days(received, hi)


@given(moments, moments, days)
def test_later_receipt_never_earlier(r1, r2, n):
    r1, r2 = sorted((r1, r2))
    assert CAL.add_working_days(r1, n) <= CAL.add_working_days(r2, n)


@settings(deadline=None)
@given(moments, moments, st.lists(st.tuples(moments, moments), max_size=4))
def test_pauses_never_increase_measured_time(a, b, raw_pauses):
    a, b = sorted((a, b))
    pauses = [tuple(sorted(p)) for p in raw_pauses]
    full = CAL.working_seconds_between(a, b)
    with_pauses = CAL.working_seconds_between(a, b, pauses)
    assert 0 <= with_pauses <= full
    assert CAL.working_seconds_between(a, b, pauses + pauses) == with_pauses  # overlaps merged


@settings(max_examples=300, deadline=None)
@given(moments, days)
def test_agrees_with_naive_reference(received, n):
    assert CAL.add_working_days(received, n) == NAIVE.add_working_days(received, n)
    assert CAL.clock_start(received) == NAIVE.clock_start(received)


@given(moments)
def test_clock_start_is_idempotent(received):
    start = CAL.clock_start(received)
    assert CAL.clock_start(start) == start
