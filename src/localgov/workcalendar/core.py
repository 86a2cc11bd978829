"""Working-day calendar and deadline arithmetic — pure Python, imports no Django.

Counting rules (each with its legal source; docs/workcalendar.md has the long form):

* **Working days** are Monday–Friday (the 40-hour working week of state bodies, Decision
  188/1999/QĐ-TTg; Saturday and Sunday are the weekly rest days), minus
  the public holidays of Labour Code 45/2019/QH14 art. 112 (from the `holidays` package,
  including the art. 111(3) make-up day when a holiday falls on the weekly rest day), minus the
  year's official day-off swaps, plus the make-up working Saturdays ("ngày làm bù") — the
  overrides table (`data/overrides.csv` or the `CalendarOverride` model), which wins.
* **Office hours** default to 08:00–12:00 and 13:00–17:00 (Django setting
  `LOCALGOV_OFFICE_HOURS`); one working day is their total length (8 h — the "mỗi ngày 08 giờ
  làm việc" convention, e.g. Nghệ An Decision 3857/QĐ-UBND).
* **Clock start** (`Calendar.clock_start`): the processing period runs from the receipt of a
  complete, valid dossier (Decree 118/2025/NĐ-CP art. 17(3)). A dossier received after the
  cut-off (15:00, setting `LOCALGOV_RECEIPT_CUTOFF`) is handled "vào đầu giờ ngày làm việc
  tiếp theo" (art. 18(2)): its clock starts at the opening of the next working day; so does one
  received after closing time or on a non-working day (Decree 118 is silent on those; the
  art. 18(2) rule is applied by analogy). Received before opening on a working day → that
  day's opening. Received during the lunch break before the cut-off → the afternoon opening
  of the same day (the dossier is received "trong ngày làm việc", art. 18(2)).
* **A deadline of N working days** is N × (working seconds per day) of office time added to
  the clock start: received Fri 29 Aug 2025 10:00, 3 working days → due Fri 5 Sep 2025 10:00
  (Sat–Tue 30 Aug–2 Sep are off). Working hours (e.g. the 8 working hours of art. 17(2)(c))
  are counted the same way. A due time that ends exactly at a closing time is reported as that
  closing time (17:00), not as the next opening: the earliest instant at which the required
  office time has elapsed.
* **Measuring** (`working_seconds_between`) counts office time between two instants, minus
  paused intervals (e.g. the applicant's supplement time, which the Decision 766 on-time
  measurement excludes); overlapping pauses are merged, never subtracted twice. Measuring
  applies no cut-off rule: pass `clock_start(received_at)` as the first instant.

All datetimes are timezone-aware; results are in Asia/Ho_Chi_Minh (`zoneinfo`). Naive
datetimes are rejected with `NaiveDatetimeError`.

Implementation: one index per calendar, built once — a per-day bytearray of working flags,
the prefix sums of working days (rank of each date among working days) and the sorted array
of working-day ordinals. Internally every instant is an epoch second and every position a
"working-time coordinate" T = (working days before) × W + (office seconds into the day), so
each operation is O(1): array lookups and arithmetic plus a scan of the day's few office
segments (two by default) — no day-by-day loop. Vietnam has had a fixed UTC+07:00 offset
since 1975; the constructor checks that the offset is constant over the index range.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from localgov.workcalendar.sources import (
    SHIPPED_OVERRIDES,
    Override,
    holidays_package_version,
    load_overrides_file,
    package_holidays,
)

TZ_NAME = "Asia/Ho_Chi_Minh"
VN_TZ = ZoneInfo(TZ_NAME)
DEFAULT_OFFICE_HOURS = "08:00-12:00,13:00-17:00"
DEFAULT_CUTOFF = "15:00"
DEFAULT_FIRST_YEAR = 2020
DEFAULT_LAST_YEAR = 2035
DAY_SECONDS = 86400
_INF = math.inf
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
REASON_WORKING = "Ngày làm việc"
REASON_PACKAGE_WORKDAY = "Ngày làm bù (hoán đổi ngày làm việc)"

Pause = tuple[datetime, datetime | None]


class CalendarError(ValueError):
    """Base class of calendar errors; `str(exc)` is a Vietnamese message for people."""


class NaiveDatetimeError(CalendarError):
    """A datetime without timezone was given."""


class OutOfRangeError(CalendarError):
    """A date outside the calendar's precomputed index."""


class UnknownCalendarVersion(CalendarError):
    """No calendar with this version id is loaded."""


class DayInfo(NamedTuple):
    date: date
    working: bool
    reason: str


def parse_time_of_day(text: str | time) -> time:
    """'15:00' or '15:00:30' → time; a `time` passes through (without tzinfo)."""
    if isinstance(text, time):
        return text.replace(tzinfo=None)
    try:
        parts = [int(p) for p in text.strip().split(":")]
        if len(parts) not in (2, 3):
            raise ValueError(text)
        return time(parts[0], parts[1], parts[2] if len(parts) == 3 else 0)
    except (ValueError, TypeError) as exc:
        raise CalendarError(f"Giờ không hợp lệ: {text!r} (cần dạng HH:MM)") from exc


def _seconds(t: time) -> float:
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1_000_000


def _fmt(t: time) -> str:
    return t.strftime("%H:%M:%S") if t.second or t.microsecond else t.strftime("%H:%M")


def parse_office_hours(text: str | Sequence[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    """'08:00-12:00,13:00-17:00' → ((08:00, 12:00), (13:00, 17:00)). Segments must be
    non-empty, ordered and must not overlap."""
    if isinstance(text, str):
        pairs: list[tuple[time, time]] = []
        for chunk in text.split(","):
            if "-" not in chunk:
                raise CalendarError(f"Giờ làm việc không hợp lệ: {chunk!r} (cần dạng 08:00-12:00)")
            a, b = chunk.split("-", 1)
            pairs.append((parse_time_of_day(a), parse_time_of_day(b)))
    else:
        pairs = [(parse_time_of_day(a), parse_time_of_day(b)) for a, b in text]
    if not pairs:
        raise CalendarError("Chưa khai báo giờ làm việc")
    previous_end = -1.0
    for opens, closes in pairs:
        if _seconds(closes) <= _seconds(opens) or _seconds(opens) < previous_end:
            raise CalendarError(f"Giờ làm việc không hợp lệ: {_fmt(opens)}-{_fmt(closes)}")
        previous_end = _seconds(closes)
    return tuple(pairs)


def _holiday_reason(name: str) -> str:
    return name if name.startswith(("Nghỉ", "Ngày nghỉ")) else f"Nghỉ lễ {name}"


class Calendar:
    """An immutable working-day calendar with a precomputed index (see the module docstring
    for the counting rules). Build it once and share it; it is safe across threads."""

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        *,
        office_hours: str | Sequence[tuple[time, time]] = DEFAULT_OFFICE_HOURS,
        cutoff: str | time = DEFAULT_CUTOFF,
        first_year: int = DEFAULT_FIRST_YEAR,
        last_year: int = DEFAULT_LAST_YEAR,
    ) -> None:
        self.overrides: tuple[Override, ...] = tuple(sorted(overrides, key=lambda o: o.day))
        if len({o.day for o in self.overrides}) != len(self.overrides):
            raise CalendarError("Bảng ngày nghỉ/làm bù có ngày bị lặp")
        self.office_hours = parse_office_hours(office_hours)
        self.cutoff = parse_time_of_day(cutoff)
        self.override_years: frozenset[int] = frozenset(o.day.year for o in self.overrides)
        if self.override_years:
            first_year = min(first_year, min(self.override_years))
            last_year = max(last_year, max(self.override_years))
        if last_year < first_year:
            raise CalendarError("Khoảng năm của lịch không hợp lệ")
        self.first_day = date(first_year, 1, 1)
        self.last_day = date(last_year, 12, 31)
        self.holidays_version = holidays_package_version()
        self._build_hours()
        self._build_index(first_year, last_year)
        self.version = self._compute_version()

    # --- construction -------------------------------------------------------------------
    def _build_hours(self) -> None:
        segments: list[tuple[float, float, float]] = []  # (start, end, office seconds before)
        cumulative = 0.0
        for a, b in self.office_hours:
            sa, sb = _seconds(a), _seconds(b)
            segments.append((sa, sb, cumulative))
            cumulative += sb - sa
        self._segments = tuple(segments)
        self.seconds_per_day: float = cumulative
        self._open = segments[0][0]
        self._close = segments[-1][1]
        self._cutoff_s = _seconds(self.cutoff)
        # (office seconds at the segment's end, wall second = office second + shift)
        self._seg_lookup = tuple((c + (b - a), a - c) for a, b, c in segments)

    def _build_index(self, first_year: int, last_year: int) -> None:
        base = self.first_day.toordinal()
        n = self.last_day.toordinal() - base + 1
        offsets = {VN_TZ.utcoffset(datetime.fromordinal(base + i)) for i in range(0, n, 1)} | {
            VN_TZ.utcoffset(datetime.combine(self.last_day, time(23, 59)))
        }
        if len(offsets) != 1 or None in offsets:
            raise CalendarError("Múi giờ Asia/Ho_Chi_Minh không cố định trong khoảng năm đã chọn")
        offset = offsets.pop()
        assert offset is not None
        self._offset = offset.total_seconds()
        # Weekly rest days: Saturday and Sunday (Decision 188/1999/QĐ-TTg, 40-hour week).
        working = bytearray((base + i) % 7 not in (6, 0) for i in range(n))  # ordinal%7: 0=Sun
        reasons: dict[int, str] = {}
        # Statutory holidays and known swaps (Labour Code arts. 111(3), 112) via `holidays`.
        days_off, workdays = package_holidays(first_year, last_year)
        for d in workdays:
            working[d.toordinal() - base] = 1
            reasons[d.toordinal()] = REASON_PACKAGE_WORKDAY
        for d, name in days_off.items():
            working[d.toordinal() - base] = 0
            reasons[d.toordinal()] = _holiday_reason(name)
        # Official arrangements of the year (Labour Code art. 112(3); PM decisions): win.
        for o in self.overrides:
            working[o.day.toordinal() - base] = 1 if o.working else 0
            reasons[o.day.toordinal()] = o.reason
        rank = array("l", [0]) * (n + 1)
        ords = array("l")
        count = 0
        for i in range(n):
            rank[i] = count
            if working[i]:
                ords.append(base + i)
                count += 1
        rank[n] = count
        self._base = base
        self._base_epoch_day = base - _EPOCH_ORDINAL
        self._n = n
        self._working = bytes(working)
        self._rank = rank
        self._work_ords = ords
        self._work_epoch = array("d", ((o - _EPOCH_ORDINAL) * DAY_SECONDS - self._offset for o in ords))
        self._n_work = count
        self._reasons = reasons

    def _compute_version(self) -> str:
        payload = {
            "overrides": [o.as_row() for o in self.overrides],
            "office_hours": ",".join(f"{_fmt(a)}-{_fmt(b)}" for a, b in self.office_hours),
            "cutoff": _fmt(self.cutoff),
            "holidays": self.holidays_version,
        }
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]

    def __repr__(self) -> str:
        return (
            f"<Calendar {self.version} {self.first_day.year}-{self.last_day.year} "
            f"{len(self.overrides)} overrides>"
        )

    # --- conversions (epoch seconds ↔ working-time coordinate T) ----------------------------
    def _range_error(self, what: object) -> OutOfRangeError:
        return OutOfRangeError(
            f"{what} nằm ngoài phạm vi lịch làm việc "
            f"({self.first_day.isoformat()} – {self.last_day.isoformat()})"
        )

    def _epoch(self, moment: datetime) -> float:
        tz = moment.tzinfo
        if tz is None or (tz is not VN_TZ and tz.utcoffset(moment) is None):
            raise NaiveDatetimeError(
                f"Thời điểm {moment.isoformat()} thiếu múi giờ; hãy dùng giờ Việt Nam ({TZ_NAME})"
            )
        return moment.timestamp()

    def _day_index(self, d: date) -> int:
        if isinstance(d, datetime):
            d = datetime.fromtimestamp(self._epoch(d), VN_TZ).date()
        i = d.toordinal() - self._base
        if i < 0 or i >= self._n:
            raise self._range_error(f"Ngày {d.isoformat()}")
        return i

    def _office_offset(self, s: float) -> float:
        """Office seconds elapsed on a working day at local second-of-day `s`."""
        for a, b, c in self._segments:
            if s < a:
                return c
            if s < b:
                return c + s - a
        return self.seconds_per_day

    def _local(self, moment: datetime) -> tuple[int, float]:
        """(day index, local second of day) of an aware datetime. Fast path for datetimes
        already in Asia/Ho_Chi_Minh: read the wall clock, no epoch conversion."""
        if moment.tzinfo is VN_TZ:
            i = moment.toordinal() - self._base
            s: float = moment.hour * 3600 + moment.minute * 60 + moment.second
            if moment.microsecond:
                s += moment.microsecond / 1_000_000
        else:
            local = self._epoch(moment) + self._offset
            day = int(local // DAY_SECONDS)
            i = day - self._base_epoch_day
            s = local - day * DAY_SECONDS
        if i < 0 or i >= self._n:
            raise self._range_error(moment.isoformat())
        return i, s

    def _local_fast(self, moment: datetime) -> tuple[int, float]:
        """`_local`, with its Asia/Ho_Chi_Minh branch inlined (the one taken by the deadline
        arithmetic of the services and the simulation): one call less on the hot paths."""
        if moment.tzinfo is VN_TZ:
            i = moment.toordinal() - self._base
            if i < 0 or i >= self._n:
                raise self._range_error(moment.isoformat())
            s: float = moment.hour * 3600 + moment.minute * 60 + moment.second
            if moment.microsecond:
                s += moment.microsecond / 1_000_000
            return i, s
        return self._local(moment)

    def _local_of_epoch(self, e: float) -> tuple[int, float]:
        local = e + self._offset
        day = int(local // DAY_SECONDS)
        i = day - self._base_epoch_day
        if i < 0 or i >= self._n:
            raise self._range_error(datetime.fromtimestamp(e, VN_TZ).isoformat())
        return i, local - day * DAY_SECONDS

    def _instant_t(self, i: int, s: float) -> float:
        """Working-time coordinate of local (day index, second of day) — no receipt rules."""
        if self._working[i]:
            return self._rank[i] * self.seconds_per_day + self._office_offset(s)
        return self._rank[i] * self.seconds_per_day

    def _clock_start_t(self, i: int, s: float) -> float:
        """Working-time coordinate of the clock start for a receipt at (day index, second)."""
        k = self._rank[i]
        if not self._working[i]:
            return k * self.seconds_per_day  # Art. 18(2) by analogy: next working day's opening
        if s > self._cutoff_s or s >= self._close:
            return (k + 1) * self.seconds_per_day  # Art. 18(2): after 15:00 → next working day
        if s <= self._open:
            return k * self.seconds_per_day  # before opening → that day's opening
        return k * self.seconds_per_day + self._office_offset(s)

    def _t_to_epoch(self, t: float, closing: bool) -> float:
        """Wall-clock epoch of working-time coordinate `t`. At a boundary between two office
        segments, `closing=True` picks the earlier instant (17:00, 12:00) and False the later
        one (08:00 next day, 13:00)."""
        w_day = self.seconds_per_day
        k = int(t // w_day)
        w = t - k * w_day
        if closing:
            if w == 0 and k > 0:
                k -= 1
                w = w_day
            if k < 0 or k >= self._n_work:
                raise self._range_error("Thời hạn")
            day_epoch = self._work_epoch[k]
            for end, shift in self._seg_lookup:
                if w <= end:
                    return day_epoch + w + shift
        else:
            if k < 0 or k >= self._n_work:
                raise self._range_error("Thời hạn")
            day_epoch = self._work_epoch[k]
            for end, shift in self._seg_lookup:
                if w < end:
                    return day_epoch + w + shift
        return self._work_epoch[k] + self._close  # pragma: no cover - unreachable

    @staticmethod
    def _check_amount(value: float, what: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise CalendarError(f"Số {what} không hợp lệ: {value!r}")
        if value < 0:
            raise CalendarError(f"Số {what} không được âm: {value!r}")

    def _check_days(self, days: float) -> int:
        self._check_amount(days, "ngày làm việc")
        if days != int(days):
            raise CalendarError(f"Số ngày làm việc phải là số nguyên: {days!r} (dùng số giờ làm việc)")
        return int(days)

    # --- days ---------------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        """True if `d` is a working day (an aware datetime is taken at its Vietnam date)."""
        return bool(self._working[self._day_index(d)])

    def day_info(self, d: date) -> DayInfo:
        """(date, working, Vietnamese reason): 'Thứ Bảy', 'Chủ nhật', 'Nghỉ lễ Quốc khánh',
        'Ngày làm bù cho ngày 02/05/2025', 'Ngày làm việc', ..."""
        i = self._day_index(d)
        day = date.fromordinal(self._base + i)
        working = bool(self._working[i])
        reason = self._reasons.get(day.toordinal())
        if reason is None:
            reason = REASON_WORKING if working else _WEEKDAY_NAMES[day.weekday()]
        return DayInfo(day, working, reason)

    def next_working_day(self, d: date, *, include: bool = False) -> date:
        """The first working day after `d` (or `d` itself when `include` and it works)."""
        k = self._rank[self._day_index(d) + (0 if include else 1)]
        if k >= self._n_work:
            raise self._range_error(f"Ngày làm việc sau {d.isoformat()}")
        return date.fromordinal(self._work_ords[k])

    def working_days_in(self, first: date, last: date) -> int:
        """Number of working days in the closed date range [first, last]."""
        i, j = self._day_index(first), self._day_index(last)
        return max(0, self._rank[j + 1] - self._rank[i])

    # --- instants -----------------------------------------------------------------------
    def clock_start(self, received_at: datetime) -> datetime:
        """When the processing clock starts for a complete, valid dossier received at
        `received_at` (Decree 118 art. 17(3), art. 18(2) — see the module docstring)."""
        t = self._clock_start_t(*self._local_fast(received_at))
        return datetime.fromtimestamp(self._t_to_epoch(t, False), VN_TZ)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Due time of a deadline of `days` working days for a dossier received at `start`:
        clock_start(start) + days × seconds_per_day of office time. 0 days → the clock start.

        This is the hot path of deadline computation, so `_local`, `_clock_start_t` and
        `_t_to_epoch` are inlined here (same rules, see those methods)."""
        if type(days) is not int or days < 0:
            days = self._check_days(days)
        if start.tzinfo is VN_TZ:
            i = start.toordinal() - self._base
            s: float = start.hour * 3600 + start.minute * 60 + start.second
            if start.microsecond:
                s += start.microsecond / 1_000_000
            if i < 0 or i >= self._n:
                raise self._range_error(start.isoformat())
        else:
            i, s = self._local(start)
        w_day = self.seconds_per_day
        k = self._rank[i]
        if not self._working[i]:
            w = 0.0  # non-working day → next working day's opening (Art. 18(2) by analogy)
        elif s > self._cutoff_s or s >= self._close:
            k += 1  # after the cut-off or closing → next working day's opening (Art. 18(2))
            w = 0.0
        elif s <= self._open:
            w = 0.0  # before opening → that day's opening
        else:
            w = w_day
            for seg_start, seg_end, before in self._segments:  # inlined _office_offset
                if s < seg_start:
                    w = before
                    break
                if s < seg_end:
                    w = before + s - seg_start
                    break
        if days == 0:
            return datetime.fromtimestamp(self._t_to_epoch(k * w_day + w, False), VN_TZ)
        k += days
        if w == 0.0:  # due at the closing time of the previous working day, not the next opening
            k -= 1
            w = w_day
        if k >= self._n_work:
            raise self._range_error("Thời hạn")
        for end, shift in self._seg_lookup:
            if w <= end:
                return datetime.fromtimestamp(self._work_epoch[k] + w + shift, VN_TZ)
        raise AssertionError("unreachable")  # pragma: no cover

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """Due time of a deadline of `hours` working hours for a dossier received at `start`
        (e.g. the 8 working hours of Decree 118 art. 17(2)(c)); same clock-start rules."""
        if type(hours) is not float or not 0.0 <= hours < _INF:  # a finite float ≥ 0 passes `_check_amount`
            self._check_amount(hours, "giờ làm việc")
        return self.add_working_seconds_from_receipt(start, hours * 3600)

    def add_working_seconds_from_receipt(self, start: datetime, seconds: float) -> datetime:
        """Receipt-based: apply the clock-start rules to `start`, then add office seconds."""
        if type(seconds) is not float or not 0.0 <= seconds < _INF:
            self._check_amount(seconds, "giây làm việc")
        t0 = self._clock_start_t(*self._local_fast(start))
        e = self._t_to_epoch(t0 + seconds, True) if seconds else self._t_to_epoch(t0, False)
        return datetime.fromtimestamp(e, VN_TZ)

    def add_working_seconds(self, start: datetime, seconds: float) -> datetime:
        """Instant-based, no cut-off rule: the instant at which `seconds` of office time have
        elapsed after `start` (e.g. to resume a clock, or to count from a due time).

        A hot path of the simulation's planning (several calls per dossier): the finite-float
        check of `_check_amount`, `_local` and `_instant_t` are inlined (same rules)."""
        if type(seconds) is not float or not 0.0 <= seconds < _INF:
            self._check_amount(seconds, "giây làm việc")
        i, s = self._local_fast(start)
        t0 = self._rank[i] * self.seconds_per_day
        if self._working[i]:
            t0 += self._office_offset(s)
        e = self._t_to_epoch(t0 + seconds, True) if seconds else self._t_to_epoch(t0, False)
        return datetime.fromtimestamp(e, VN_TZ)

    def due_epoch(self, received_epoch: float, days: int) -> float:
        """Fast path for bulk work: `add_working_days` on epoch seconds, no datetime objects."""
        if type(days) is not int or days < 0:
            days = self._check_days(days)
        local = received_epoch + self._offset
        day = int(local // DAY_SECONDS)
        i = day - self._base_epoch_day
        if i < 0 or i >= self._n:
            raise self._range_error(datetime.fromtimestamp(received_epoch, VN_TZ).isoformat())
        s = local - day * DAY_SECONDS
        k = self._rank[i]
        if not self._working[i]:
            w = 0.0
        elif s > self._cutoff_s or s >= self._close:
            k += 1
            w = 0.0
        elif s <= self._open:
            w = 0.0
        else:
            w = self._office_offset(s)
        if days == 0:
            return self._t_to_epoch(k * self.seconds_per_day + w, False)
        k += days
        if w == 0.0:
            k -= 1
            w = self.seconds_per_day
        if k >= self._n_work:
            raise self._range_error("Thời hạn")
        for end, shift in self._seg_lookup:
            if w <= end:
                return self._work_epoch[k] + w + shift
        raise AssertionError("unreachable")  # pragma: no cover

    # --- measuring ----------------------------------------------------------------------
    def working_seconds_between(self, start: datetime, end: datetime, paused: Iterable[Pause] = ()) -> float:
        """Office seconds between instants `start` and `end` (negative if end < start), minus
        the parts of `paused` intervals (p0, p1) inside them; p1=None means "still paused at
        `end`". Overlapping pauses are merged, so no time is subtracted twice. No cut-off rule
        is applied: use clock_start(received_at) as `start` to measure a dossier."""
        ta = self._instant_t(*self._local_fast(start))
        tb = self._instant_t(*self._local_fast(end))
        end_epoch: float | None = None  # read only for a pause still open (end already checked above)
        sign = 1.0
        if tb < ta:
            ta, tb, sign = tb, ta, -1.0
        spans: list[tuple[float, float]] = []
        for p0, p1 in paused:
            e0 = self._epoch(p0)
            if p1 is not None:
                e1 = self._epoch(p1)
            else:
                if end_epoch is None:
                    end_epoch = self._epoch(end)
                e1 = max(e0, end_epoch)
            if e1 < e0:
                raise CalendarError(
                    f"Khoảng tạm dừng không hợp lệ: {p0.isoformat()} sau {p1.isoformat() if p1 else ''}"
                )
            t0 = self._instant_t(*self._local_of_epoch(e0))
            lo, hi = max(t0, ta), min(self._instant_t(*self._local_of_epoch(e1)), tb)
            if hi > lo:
                spans.append((lo, hi))
        spans.sort()
        paused_total = 0.0
        cur_lo = cur_hi = None
        for lo, hi in spans:
            if cur_hi is None or lo > cur_hi:
                if cur_hi is not None and cur_lo is not None:
                    paused_total += cur_hi - cur_lo
                cur_lo, cur_hi = lo, hi
            elif hi > cur_hi:
                cur_hi = hi
        if cur_hi is not None and cur_lo is not None:
            paused_total += cur_hi - cur_lo
        return sign * (tb - ta - paused_total)

    def working_days_between(self, start: datetime, end: datetime, paused: Iterable[Pause] = ()) -> float:
        """`working_seconds_between` expressed in working days (seconds / seconds_per_day)."""
        return self.working_seconds_between(start, end, paused) / self.seconds_per_day

    def in_office_hours(self, moment: datetime) -> bool:
        """True if `moment` is on a working day within an office segment (ends included)."""
        local = datetime.fromtimestamp(self._epoch(moment), VN_TZ)
        if not self.is_working_day(local.date()):
            return False
        s = _seconds(local.time())
        return any(a <= s <= b for a, b, _ in self._segments)


# --- module-level API (the shape used by the dossier engine) -----------------------------
def clock_start(received_at: datetime, cal: Calendar) -> datetime:
    return cal.clock_start(received_at)


def add_working_days(start: datetime, days: int, cal: Calendar) -> datetime:
    """Due time for a deadline of `days` working days counted from a complete dossier
    (Decree 118/2025 art. 17(3); receipts after cal.cutoff count from the next working day)."""
    return cal.add_working_days(start, days)


def add_working_hours(start: datetime, hours: float, cal: Calendar) -> datetime:
    return cal.add_working_hours(start, hours)


def working_seconds_between(
    start: datetime, end: datetime, cal: Calendar, paused: Iterable[Pause] = ()
) -> float:
    return cal.working_seconds_between(start, end, paused)


def working_days_between(
    start: datetime, end: datetime, cal: Calendar, paused: Iterable[Pause] = ()
) -> float:
    return cal.working_days_between(start, end, paused)


# --- versions ------------------------------------------------------------------------------
class CalendarRegistry:
    """Loaded calendars by version id, so a dossier can recompute with the version it stored.
    Keeps the most recently registered `capacity` versions (never evicts the newest)."""

    def __init__(self, capacity: int = 32) -> None:
        self._capacity = capacity
        self._items: OrderedDict[str, Calendar] = OrderedDict()
        self._lock = threading.Lock()

    def register(self, cal: Calendar) -> Calendar:
        """Add `cal`; if its version is already loaded, return the loaded instance."""
        with self._lock:
            existing = self._items.get(cal.version)
            if existing is not None:
                self._items.move_to_end(cal.version)
                return existing
            self._items[cal.version] = cal
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)
            return cal

    def get(self, version: str) -> Calendar:
        with self._lock:
            cal = self._items.get(version)
        if cal is None:
            raise UnknownCalendarVersion(f"Phiên bản lịch {version!r} không còn được nạp")
        return cal

    def __contains__(self, version: object) -> bool:
        return version in self._items

    def versions(self) -> list[str]:
        with self._lock:
            return list(self._items)


registry = CalendarRegistry()


@lru_cache(maxsize=1)
def default_calendar() -> Calendar:
    """The calendar from the shipped data file with the default office hours and cut-off
    (no Django needed); registered in `registry`."""
    return registry.register(Calendar(load_overrides_file(SHIPPED_OVERRIDES)))
