"""The inlined hot paths of the calendar (`_local_fast`, and the finite-float check, `_local` and
`_instant_t` inlined into `add_working_seconds`, `add_working_hours`, `clock_start`,
`working_seconds_between`) give exactly what the composition of the general methods gives —
same instant, same exception — for instants in Vietnam and in other zones, and for every kind of
amount (floats, ints, bools, NaN, infinities, negatives). Pure (no database)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.workcalendar.core import VN_TZ, Calendar, default_calendar

CAL = default_calendar()
BASE = datetime(2024, 1, 1, tzinfo=VN_TZ)
ZONES = st.sampled_from([VN_TZ, UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5))])
MOMENTS = st.builds(lambda s, us, tz: (BASE + timedelta(seconds=s, microseconds=us)).astimezone(tz),
                    st.integers(-3 * 86400, 3 * 365 * 86400), st.sampled_from([0, 0, 1, 500_000]), ZONES)
AMOUNTS = st.one_of(st.floats(min_value=-10.0, max_value=200 * 3600.0), st.integers(-5, 200 * 3600),
                    st.sampled_from([0.0, -0.0, math.nan, math.inf, -math.inf, True, False, 0, "1"]))


def _outcome(call: Any) -> Any:
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return type(exc), str(exc)


def _seconds_reference(cal: Calendar, start: datetime, seconds: Any) -> datetime:
    cal._check_amount(seconds, "giây làm việc")
    t0 = cal._instant_t(*cal._local(start))
    e = cal._t_to_epoch(t0 + seconds, True) if seconds else cal._t_to_epoch(t0, False)
    return datetime.fromtimestamp(e, VN_TZ)


def _receipt_reference(cal: Calendar, start: datetime, seconds: Any) -> datetime:
    cal._check_amount(seconds, "giây làm việc")
    t0 = cal._clock_start_t(*cal._local(start))
    e = cal._t_to_epoch(t0 + seconds, True) if seconds else cal._t_to_epoch(t0, False)
    return datetime.fromtimestamp(e, VN_TZ)


def _hours_reference(cal: Calendar, start: datetime, hours: Any) -> datetime:
    cal._check_amount(hours, "giờ làm việc")
    return _receipt_reference(cal, start, hours * 3600)


@settings(max_examples=400, deadline=None)
@given(start=MOMENTS, amount=AMOUNTS)
def test_adding_time_as_the_general_methods(start: datetime, amount: Any) -> None:
    assert _outcome(lambda: CAL.add_working_seconds(start, amount)) == \
        _outcome(lambda: _seconds_reference(CAL, start, amount))
    assert _outcome(lambda: CAL.add_working_seconds_from_receipt(start, amount)) == \
        _outcome(lambda: _receipt_reference(CAL, start, amount))
    small = amount / 3600 if isinstance(amount, float) else amount
    assert _outcome(lambda: CAL.add_working_hours(start, small)) == \
        _outcome(lambda: _hours_reference(CAL, start, small))


@settings(max_examples=300, deadline=None)
@given(a=MOMENTS, b=MOMENTS)
def test_local_fast_clock_start_and_measuring(a: datetime, b: datetime) -> None:
    assert _outcome(lambda: CAL._local_fast(a)) == _outcome(lambda: CAL._local(a))
    assert CAL.clock_start(a) == datetime.fromtimestamp(CAL._t_to_epoch(CAL._clock_start_t(*CAL._local(a)), False),
                                                        VN_TZ)
    ta, tb = CAL._instant_t(*CAL._local(a)), CAL._instant_t(*CAL._local(b))
    assert CAL.working_seconds_between(a, b) == tb - ta
    # an open pause reads the end's instant: still paused at `b`. The pause is subtracted in epoch
    # seconds and the span measured in calendar seconds, so "all paused" is 0 to within float
    # rounding (e.g. 4.5e-08 s for 2024-01-01 00:00 → 2024-03-11 13:00:00.000001, the same
    # before the fast paths)
    assert CAL.working_seconds_between(a, b, [(a, None)]) == pytest.approx(0.0 if b >= a else tb - ta, abs=1e-6)


def test_out_of_range_and_naive_instants_still_refused() -> None:
    far = datetime(2100, 1, 1, 9, tzinfo=VN_TZ)
    naive = datetime(2025, 7, 1, 9)
    for call in (lambda: CAL.add_working_seconds(far, 60.0), lambda: CAL.clock_start(far),
                 lambda: CAL.add_working_seconds(naive, 60.0), lambda: CAL.working_seconds_between(naive, far)):
        assert isinstance(_outcome(call), tuple)
    assert _outcome(lambda: CAL.add_working_seconds(far, 60.0)) == _outcome(lambda: _seconds_reference(CAL, far, 60.0))
    assert _outcome(lambda: CAL.add_working_seconds(naive, 1.0)) == \
        _outcome(lambda: _seconds_reference(CAL, naive, 1.0))
