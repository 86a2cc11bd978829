"""Measuring office time with paused intervals (e.g. the applicant's supplement time excluded by
the Decision 766 on-time measurement): overlaps are merged, never subtracted twice."""

import pytest

from localgov.workcalendar.core import CalendarError

HOUR = 3600


def test_without_pauses(cal, vn):
    assert cal.working_seconds_between(vn(2025, 8, 28, 10), vn(2025, 8, 28, 15)) == 4 * HOUR  # lunch
    assert cal.working_seconds_between(vn(2025, 8, 29, 16), vn(2025, 9, 3, 9)) == 2 * HOUR


def test_single_pause(cal, vn):
    a, b = vn(2025, 8, 25, 8), vn(2025, 8, 29, 17)  # Mon–Fri: 5 working days
    paused = [(vn(2025, 8, 26, 8), vn(2025, 8, 27, 17))]  # Tue–Wed
    assert cal.working_days_between(a, b) == 5
    assert cal.working_days_between(a, b, paused) == 3


def test_overlapping_pauses_not_double_subtracted(cal, vn):
    a, b = vn(2025, 8, 25, 8), vn(2025, 8, 29, 17)
    p1 = (vn(2025, 8, 26, 8), vn(2025, 8, 27, 12))
    p2 = (vn(2025, 8, 26, 13), vn(2025, 8, 27, 17))
    assert cal.working_days_between(a, b, [p1, p2]) == 3
    assert cal.working_days_between(a, b, [p1, p1, p1]) == cal.working_days_between(a, b, [p1])


def test_pauses_outside_the_range_are_clipped(cal, vn):
    a, b = vn(2025, 8, 26, 8), vn(2025, 8, 26, 17)
    paused = [(vn(2025, 8, 25, 8), vn(2025, 8, 26, 10)), (vn(2025, 8, 26, 16), vn(2025, 9, 10, 8))]
    assert cal.working_seconds_between(a, b, paused) == 5 * HOUR


def test_open_pause_runs_to_the_end(cal, vn):
    a, b = vn(2025, 8, 25, 8), vn(2025, 8, 29, 17)
    assert cal.working_days_between(a, b, [(vn(2025, 8, 28, 8), None)]) == 3


def test_pause_over_a_holiday_changes_nothing(cal, vn):
    a, b = vn(2025, 8, 29, 8), vn(2025, 9, 3, 17)
    assert cal.working_days_between(a, b, [(vn(2025, 8, 30, 0), vn(2025, 9, 2, 23))]) == 2


def test_reversed_interval_is_negative_and_bad_pause_rejected(cal, vn):
    assert cal.working_seconds_between(vn(2025, 8, 28, 15), vn(2025, 8, 28, 10)) == -4 * HOUR
    with pytest.raises(CalendarError):
        cal.working_seconds_between(vn(2025, 8, 25, 8), vn(2025, 8, 29, 17), [(vn(2025, 8, 27, 8), vn(2025, 8, 26, 8))])
