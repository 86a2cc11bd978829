"""The index covers 2020–2035 (and any override year); outside it, a clear error."""

from datetime import date

import pytest

from localgov.workcalendar.core import Calendar, OutOfRangeError


def test_covers_2020_to_2035(cal, vn):
    assert cal.first_day <= date(2020, 1, 1)
    assert cal.last_day >= date(2035, 12, 31)
    assert cal.is_working_day(date(2020, 1, 2))
    assert cal.add_working_days(vn(2035, 12, 3, 9), 5) == vn(2035, 12, 10, 9)


def test_outside_the_index(cal, vn):
    with pytest.raises(OutOfRangeError, match="nằm ngoài phạm vi"):
        cal.is_working_day(date(2019, 12, 31))
    with pytest.raises(OutOfRangeError):
        cal.day_info(date(2036, 1, 1))
    with pytest.raises(OutOfRangeError):
        cal.add_working_days(vn(2035, 12, 28, 9), 10)
    with pytest.raises(OutOfRangeError):
        cal.clock_start(vn(2040, 1, 1, 9))


def test_custom_range(vn):
    c = Calendar((), first_year=2024, last_year=2024)
    assert c.is_working_day(date(2024, 5, 4))  # make-up Saturday known to the holidays package
    with pytest.raises(OutOfRangeError):
        c.is_working_day(date(2025, 1, 2))
