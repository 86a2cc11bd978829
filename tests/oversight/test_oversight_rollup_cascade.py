"""The rollups rebuilt in cascade (`facts._rebuild_rollups`: day rows of `c` and `r` from the base
facts, `p` and `n` from those, weeks, months and quarters from each scope's day rows) equal the
direct sums of the base facts into every rollup row a fact key feeds (`facts._rollup_rows`, the
definition the live hook uses) — for every bucket touching the rebuilt days; buckets that do not
touch them are left as they were."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localgov.oversight import facts
from localgov.oversight.buckets import GRAINS, bucket_end, bucket_start
from localgov.oversight.facts_rules import COUNTERS
from localgov.oversight.models import Fact, FactRollup

FIRST = date(2025, 6, 20)  # facts across a quarter's start, a month's end and weeks that straddle them
COUNTER_NAMES = list(COUNTERS)

fact_rows = st.lists(
    st.tuples(st.sampled_from(["01", "79"]), st.sampled_from(["", "00004", "26734"]), st.sampled_from([1, 2, 3]),
              st.integers(0, 80), st.sampled_from([1, 2, 3]), st.integers(0, 9), st.floats(0, 1e6)),
    min_size=1, max_size=40, unique_by=lambda r: r[:5],
)


def _expected(rows: list[Fact]) -> dict[tuple[Any, ...], list[float]]:
    out: dict[tuple[Any, ...], list[float]] = defaultdict(lambda: [0.0] * len(COUNTER_NAMES))
    for f in rows:
        key = (f.province_code, f.commune_code, f.procedure_id, f.day, f.channel)
        for rollup in facts._rollup_rows(key):
            acc = out[rollup]
            for i, c in enumerate(COUNTER_NAMES):
                acc[i] += getattr(f, c)
    return out


def _stored() -> dict[tuple[Any, ...], list[float]]:
    return {(r.grain, r.scope, r.bucket, r.province_code, r.commune_code, r.procedure_id, r.channel):
            [float(getattr(r, c)) for c in COUNTER_NAMES] for r in FactRollup.objects.all()}


def _close(a: list[float], b: list[float]) -> bool:
    return all(abs(x - y) <= 1e-6 * max(1.0, abs(x), abs(y)) for x, y in zip(a, b, strict=True))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=fact_rows, start=st.integers(0, 80), length=st.integers(0, 30))
def test_cascade_equals_the_direct_sums(db, rows, start, length) -> None:
    Fact.objects.all().delete()
    FactRollup.objects.all().delete()
    made = [Fact(province_code=p, commune_code=c, procedure_id=proc, day=FIRST + timedelta(days=d), channel=ch,
                 received=n, done=n // 2, processing_seconds=secs, processing_count=1 if secs else 0)
            for p, c, proc, d, ch, n, secs in rows]
    Fact.objects.bulk_create(made)
    date_from = FIRST + timedelta(days=start)
    date_to = date_from + timedelta(days=length)
    # stale rows everywhere: inside the rebuilt buckets they must go, outside they must stay
    stale = {("q", "p", date(2025, 1, 1), "01", "", 0, 1), ("d", "c", date(2024, 12, 31), "79", "26734", 0, 2)}
    for grain, scope, bucket, prov, comm, proc, ch in stale | {("m", "n", bucket_start("m", date_from), "", "", 1, 1)}:
        FactRollup.objects.create(grain=grain, scope=scope, bucket=bucket, province_code=prov, commune_code=comm,
                                  procedure_id=proc, channel=ch, received=999)

    facts._rebuild_rollups(date_from, date_to)

    stored = _stored()
    expected = _expected(made)
    rebuilt = {g: (bucket_start(g, date_from), bucket_end(g, date_to)) for g in GRAINS}
    for key, values in expected.items():
        lo, hi = rebuilt[key[0]]
        if lo <= key[2] <= hi:
            assert key in stored, key
            assert _close(stored[key], values), (key, stored[key], values)
    for key, values in stored.items():
        lo, hi = rebuilt[key[0]]
        if key in stale:
            assert values[0] == 999  # outside every rebuilt bucket: untouched
        elif key[0] != "d" or lo <= key[2] <= hi:
            assert key in expected, key  # nothing else inside the rebuilt buckets
