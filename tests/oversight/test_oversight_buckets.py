"""Rollup time buckets: the pure split of a period (every day read exactly once, whole buckets
only) and the SQL bucket expressions of the rebuild agreeing with the Python ones the live
upserts use, across weeks, months, quarters and years."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.oversight.conftest import snapshot

from localgov.oversight.buckets import GRAINS, bucket_end, bucket_start, split
from localgov.oversight.facts import _rebuild_rollups, upsert_facts

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


@given(a=days, b=days, grains=st.sampled_from(["d", "dw", "dm", "dmq", "dwmq", "dq"]))
def test_buckets_split_covers_every_day_once(a, b, grains):
    start, end = min(a, b), max(a, b)
    seen: list[date] = []
    for piece in split(start, end, grains):
        assert piece.grain in grains
        if piece.grain == "d":
            assert piece.lo <= piece.hi
            seen += [piece.lo + timedelta(days=i) for i in range((piece.hi - piece.lo).days + 1)]
        else:
            for b0 in piece.buckets:
                assert bucket_start(piece.grain, b0) == b0
                assert start <= b0 and bucket_end(piece.grain, b0) <= end
                seen += [b0 + timedelta(days=i) for i in range((bucket_end(piece.grain, b0) - b0).days + 1)]
    assert sorted(seen) == [start + timedelta(days=i) for i in range((end - start).days + 1)]


def test_buckets_a_quarter_is_one_piece():
    assert [(p.grain, p.buckets) for p in split(date(2025, 7, 1), date(2025, 9, 30), "dmq")] == [
        ("q", (date(2025, 7, 1),))]
    pieces = split(date(2025, 7, 1), date(2025, 9, 30), "dw")  # a weekly trend: Tue 1 Jul … Tue 30 Sep
    assert [p.grain for p in pieces] == ["w", "d", "d"]
    assert pieces[0].buckets[0] == date(2025, 7, 7) and len(pieces[0].buckets) == 12


@given(day=days, grain=st.sampled_from(GRAINS))
def test_buckets_start_and_end_hold_the_day(day, grain):
    start, end = bucket_start(grain, day), bucket_end(grain, day)
    assert start <= day <= end
    assert bucket_start(grain, end) == start
    assert bucket_start(grain, end + timedelta(days=1)) == end + timedelta(days=1)


@pytest.mark.django_db
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offsets=st.lists(st.integers(0, 800), min_size=1, max_size=25), cut=st.integers(0, 800))
def test_buckets_sql_rebuild_equals_python_upserts(offsets, cut):
    from localgov.oversight.models import Fact, FactRollup

    Fact.objects.all().delete()
    FactRollup.objects.all().delete()
    for i, off in enumerate(offsets):
        upsert_facts([(("01", "00004", 1 + i % 3, date(2025, 1, 1) + timedelta(days=off), 1 + i % 2),
                       {"received": 1 + i, "closed": i % 2})])
    live = snapshot()
    _rebuild_rollups(None, None)
    assert snapshot() == live
    start = date(2025, 1, 1) + timedelta(days=cut)
    _rebuild_rollups(start, start + timedelta(days=40))
    assert snapshot() == live
