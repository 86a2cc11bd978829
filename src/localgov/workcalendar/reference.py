"""A deliberately naive, day-by-day reference implementation of `Calendar.add_working_days`.

It shares no code with the index in `core.py` — only the sources (the `holidays` package and
the overrides) and the same rules — so tests can check the fast core against it and the
benchmark (bench/calendar.py) can measure the speed-up. Do not use it in the product.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from localgov.workcalendar.core import (
    DEFAULT_CUTOFF,
    DEFAULT_FIRST_YEAR,
    DEFAULT_LAST_YEAR,
    DEFAULT_OFFICE_HOURS,
    VN_TZ,
    parse_office_hours,
    parse_time_of_day,
)
from localgov.workcalendar.sources import Override, package_holidays


class NaiveCalendar:
    def __init__(
        self,
        overrides: Iterable[Override] = (),
        *,
        office_hours: str = DEFAULT_OFFICE_HOURS,
        cutoff: str = DEFAULT_CUTOFF,
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
    ) -> None:
        self.overrides = {o.day: o.working for o in overrides}
        self.days_off, self.workdays = package_holidays(first_year, last_year)
        self.segments = parse_office_hours(office_hours)
        self.cutoff = parse_time_of_day(cutoff)
        self.day_length = sum(
            (datetime.combine(date.min, b) - datetime.combine(date.min, a) for a, b in self.segments),
            timedelta(),
        )

    def is_working_day(self, d: date) -> bool:
        if d in self.overrides:
            return self.overrides[d]
        if d in self.days_off:
            return False
        if d in self.workdays:
            return True
        return d.weekday() < 5

    def _next_working_day(self, d: date) -> date:
        d += timedelta(days=1)
        while not self.is_working_day(d):
            d += timedelta(days=1)
        return d

    def clock_start(self, received_at: datetime) -> datetime:
        local = received_at.astimezone(VN_TZ)
        d, t = local.date(), local.time().replace(tzinfo=None)
        if not self.is_working_day(d) or t > self.cutoff or t >= self.segments[-1][1]:
            return datetime.combine(self._next_working_day(d), self.segments[0][0], VN_TZ)
        for a, b in self.segments:
            if t < a:
                return datetime.combine(d, a, VN_TZ)
            if t < b:
                return local
        raise AssertionError("unreachable")  # pragma: no cover

    def add_working_days(self, start: datetime, days: int) -> datetime:
        current = self.clock_start(start)
        remaining = self.day_length * days
        if not remaining:
            return current
        d, pos = current.date(), current.time().replace(tzinfo=None)
        while True:
            for a, b in self.segments:
                begin = max(pos, a)
                if begin >= b:
                    continue
                available = datetime.combine(d, b) - datetime.combine(d, begin)
                if remaining <= available:
                    return datetime.combine(d, begin, VN_TZ) + remaining
                remaining -= available
            d, pos = self._next_working_day(d), time.min
