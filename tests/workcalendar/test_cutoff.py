"""Clock start (Decree 118 art. 17(3), art. 18(2)): after 15:00, outside office hours or on a
non-working day → opening of the next working day; before opening → that day's opening."""

from datetime import UTC, datetime

import pytest

from localgov.workcalendar.core import Calendar, NaiveDatetimeError


def test_before_cutoff_counts_from_receipt(cal, vn):
    assert cal.clock_start(vn(2025, 8, 28, 14, 59)) == vn(2025, 8, 28, 14, 59)
    assert cal.clock_start(vn(2025, 8, 28, 15, 0)) == vn(2025, 8, 28, 15, 0)


def test_after_cutoff_counts_from_next_working_day(cal, vn):
    assert cal.clock_start(vn(2025, 8, 28, 15, 0, 1)) == vn(2025, 8, 29, 8)
    # Friday after 15:00 before the National Day break → Wednesday 3 Sep 08:00.
    assert cal.clock_start(vn(2025, 8, 29, 15, 30)) == vn(2025, 9, 3, 8)


def test_after_closing_and_at_night(cal, vn):
    assert cal.clock_start(vn(2025, 8, 27, 18)) == vn(2025, 8, 28, 8)
    assert cal.clock_start(vn(2025, 8, 27, 23, 59)) == vn(2025, 8, 28, 8)


def test_before_opening(cal, vn):
    assert cal.clock_start(vn(2025, 8, 28, 6, 30)) == vn(2025, 8, 28, 8)


def test_lunch_break_before_cutoff_starts_in_the_afternoon(cal, vn):
    assert cal.clock_start(vn(2025, 8, 28, 12, 30)) == vn(2025, 8, 28, 13)


def test_non_working_day(cal, vn):
    assert cal.clock_start(vn(2025, 8, 30, 10)) == vn(2025, 9, 3, 8)  # Saturday in the break
    assert cal.clock_start(vn(2026, 1, 9, 16)) == vn(2026, 1, 10, 8)  # → make-up Saturday


def test_due_after_cutoff(cal, vn):
    # Received Thu 28 Aug 2025 16:00 → starts Fri 29 Aug 08:00; 1 working day → Fri 17:00.
    assert cal.add_working_days(vn(2025, 8, 28, 16), 1) == vn(2025, 8, 29, 17)
    assert cal.add_working_days(vn(2025, 8, 28, 16), 2) == vn(2025, 9, 3, 17)


def test_configurable_cutoff_and_hours(vn):
    c = Calendar((), office_hours="07:30-11:30,13:30-17:30", cutoff="16:00")
    assert c.seconds_per_day == 8 * 3600
    assert c.clock_start(vn(2025, 8, 28, 15, 30)) == vn(2025, 8, 28, 15, 30)
    assert c.clock_start(vn(2025, 8, 28, 16, 1)) == vn(2025, 8, 29, 7, 30)
    assert c.add_working_hours(vn(2025, 8, 28, 7, 0), 4) == vn(2025, 8, 28, 11, 30)


def test_other_timezones_are_converted(cal, vn):
    received = datetime(2025, 8, 28, 9, 30, tzinfo=UTC)  # 16:30 in Vietnam → after cut-off
    assert cal.clock_start(received) == vn(2025, 8, 29, 8)


def test_naive_datetimes_are_rejected(cal):
    with pytest.raises(NaiveDatetimeError, match="múi giờ"):
        cal.clock_start(datetime(2025, 8, 28, 10))
    with pytest.raises(NaiveDatetimeError):
        cal.add_working_days(datetime(2025, 8, 28, 10), 1)
    with pytest.raises(NaiveDatetimeError):
        cal.working_seconds_between(datetime(2025, 8, 28, 10), datetime(2025, 8, 29, 10))
