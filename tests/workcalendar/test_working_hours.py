"""Deadlines in working hours (e.g. 8 working hours to accept an online dossier, Decree 118
art. 17(2)(c)) skip the lunch break, evenings and days off."""

import pytest

from localgov.workcalendar.core import CalendarError


def test_eight_hours_is_one_working_day(cal, vn):
    start = vn(2025, 8, 28, 10)
    assert cal.add_working_hours(start, 8) == cal.add_working_days(start, 1) == vn(2025, 8, 29, 10)


def test_skips_lunch(cal, vn):
    assert cal.add_working_hours(vn(2025, 8, 28, 11), 2) == vn(2025, 8, 28, 14)


def test_ends_at_closing_not_next_opening(cal, vn):
    assert cal.add_working_hours(vn(2025, 8, 28, 13), 4) == vn(2025, 8, 28, 17)
    assert cal.add_working_hours(vn(2025, 8, 28, 8), 4) == vn(2025, 8, 28, 12)


def test_fractional_hours(cal, vn):
    assert cal.add_working_hours(vn(2025, 8, 28, 14, 30), 3.5) == vn(2025, 8, 29, 9)
    # Received after the 15:00 cut-off: counted from the next opening.
    assert cal.add_working_hours(vn(2025, 8, 28, 16), 1.5) == vn(2025, 8, 29, 9, 30)


def test_zero_is_the_clock_start(cal, vn):
    assert cal.add_working_hours(vn(2025, 8, 28, 17, 30), 0) == vn(2025, 8, 29, 8)
    assert cal.add_working_days(vn(2025, 8, 28, 12, 30), 0) == vn(2025, 8, 28, 13)


def test_negative_amounts_rejected(cal, vn):
    with pytest.raises(CalendarError, match="không được âm"):
        cal.add_working_days(vn(2025, 8, 28, 10), -1)
    with pytest.raises(CalendarError, match="không được âm"):
        cal.add_working_hours(vn(2025, 8, 28, 10), -0.5)


def test_instant_based_addition_ignores_cutoff(cal, vn):
    # From a due time (16:00) one more working day → next working day 16:00.
    assert cal.add_working_seconds(vn(2025, 8, 28, 16), cal.seconds_per_day) == vn(2025, 8, 29, 16)


def test_non_integer_days_rejected(cal, vn):
    with pytest.raises(CalendarError, match="số nguyên"):
        cal.add_working_days(vn(2025, 8, 28, 10), 1.5)
    assert cal.add_working_days(vn(2025, 8, 28, 10), 2.0) == cal.add_working_days(vn(2025, 8, 28, 10), 2)
    with pytest.raises(CalendarError):
        cal.add_working_hours(vn(2025, 8, 28, 10), float("nan"))
