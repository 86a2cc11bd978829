"""The dashboard page's data (`oversight.page.page_data`, a handful of statements) equals what
the one-widget selectors give on the same facts — totals, the child / field / procedure tables,
the trend and the Decision 766 scores — for the nation, a province and a commune, with and
without a procedure filter. Facts are written through the live upserts (rollups included) from
random deltas over three provinces."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localgov.oversight import page, scores, selectors
from localgov.oversight.facts import upsert_due, upsert_facts
from localgov.oversight.facts_rules import COUNTERS
from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup
from localgov.oversight.selectors import Area, Period
from localgov.oversight.views import TABLE_CODES

START = date(2025, 7, 1)
COUNTER_NAMES = list(COUNTERS)


@pytest.fixture
def units(db, world):
    from localgov.catalog.models import Procedure
    from localgov.units.models import Commune

    communes = []
    for province in ("01", "79", "48"):
        communes += list(Commune.objects.filter(province_id=province).order_by("code").values_list(
            "province_id", "code")[:2])
    procedures = list(Procedure.objects.order_by("id").values_list("id", flat=True)[:12])
    return communes, procedures


items = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 11), st.integers(0, 120), st.sampled_from([1, 2]),
              st.dictionaries(st.sampled_from(COUNTER_NAMES), st.integers(1, 9), min_size=1, max_size=6)),
    min_size=1, max_size=40,
)
dues = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 11), st.integers(-40, 40), st.integers(1, 4)),
                max_size=15)


def _same(a: dict, b: dict, keys=None) -> None:
    keys = keys or set(a) | set(b)
    for k in keys:
        assert float(a.get(k, 0) or 0) == pytest.approx(float(b.get(k, 0) or 0)), k


def _check(area: Area, period: Period, procs) -> None:
    data = page.page_data(area, period, procedures=procs)
    _same(data.totals, selectors.totals(area, period, procedures=procs))
    for by in filter(None, [area.child_level(), "field", "procedure"]):
        expected = {r["key"]: r for r in selectors.table(area, period, by, TABLE_CODES, procedures=procs)}
        got = {r["key"]: r for r in data.table(by, TABLE_CODES)}
        assert got.keys() == expected.keys(), by
        for key, row in expected.items():
            assert got[key]["name"] == row["name"]
            _same(got[key]["values"], row["values"])
    trend = selectors.breakdown(area, period, data.trend_by, procedures=procs)
    assert list(data.trend) == list(trend)
    for key, t in trend.items():
        _same(data.trend[key], t, keys=["received", "online.received", "on_time_766", "late_766"])
    if procs is None:
        expected = scores.unit_scores(area, period)
        assert data.scores["area"] == expected["area"]
        assert data.scores["units"] == expected["units"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=items, dues=dues, length=st.sampled_from([0, 6, 40, 91]))
def test_oversight_page_data_equals_the_selectors(units, items, dues, length):
    communes, procedures = units
    Fact.objects.all().delete()
    FactRollup.objects.all().delete()
    DueFact.objects.all().delete()
    DueRollup.objects.all().delete()
    for c, p, d, ch, delta in items:
        province, commune = communes[c % len(communes)] if c < 6 else (communes[0][0], "")
        upsert_facts([((province, commune, procedures[p], START + timedelta(days=d), ch), delta)])
    upsert_due((*(communes[c % len(communes)] if c < 6 else (communes[0][0], "")), procedures[p], 2,
                date(2025, 10, 1) + timedelta(days=o), n) for c, p, o, n in dues)
    period = Period(START + timedelta(days=10), START + timedelta(days=10 + length))
    province, commune = communes[0]
    for area in (Area("nation"), Area("province", province), Area("commune", province, commune)):
        _check(area, period, None)
        _check(area, period, procedures[:3])


def test_oversight_nation_scope_is_the_sum_of_the_provinces(units):
    communes, procedures = units
    for i, (province, commune) in enumerate(communes):
        upsert_facts([((province, commune, procedures[i % 3], START, 2), {"received": i + 1, "closed": 1})])
    from django.db.models import Sum

    for procedure in procedures[:3]:
        r = FactRollup.objects.filter(scope="r", grain="d", procedure_id=procedure).aggregate(
            n=Sum("received"), c=Sum("closed"))
        n = FactRollup.objects.get(scope="n", grain="d", procedure_id=procedure, province_code="")
        assert (n.received, n.closed) == (r["n"], r["c"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=items)
def test_oversight_score_extras_equal_distinct_counts_over_base_facts(units, items):
    """The 766 distinct-procedure measures, folded from per-(province, procedure) sums, equal
    COUNT(DISTINCT …) over the base fact rows of the period."""
    from django.db.models import Count, Q, Sum

    communes, procedures = units
    Fact.objects.all().delete()
    FactRollup.objects.all().delete()
    for c, p, d, ch, delta in items:
        province, commune = communes[c % len(communes)]
        upsert_facts([((province, commune, procedures[p], START + timedelta(days=d), ch), delta)])
    period = Period(START, START + timedelta(days=60))
    # The catalogue marks no procedure full-process yet: a chosen split exercises every measure.
    online, full, fee = set(procedures[:8]), set(procedures[2:6]), frozenset(procedures[1:5])
    catalog = scores.Catalogue(online, full, len(procedures), fee_bearing=fee)
    extras = scores.score_extras(Area("nation"), period, "province", catalog)
    base = Fact.objects.filter(day__gte=period.start, day__lte=period.end)

    def reference(qs):
        return qs.aggregate(
            procs_used_online=Count("procedure_id", distinct=True,
                                    filter=Q(channel=2, received__gt=0, procedure_id__in=online)),
            procs_charged=Count("procedure_id", distinct=True, filter=Q(payment_requested__gt=0)),
            procs_paid_online=Count("procedure_id", distinct=True, filter=Q(paid_online__gt=0)),
            received_full_eligible=Sum("received", filter=Q(procedure_id__in=full), default=0),
            procs_paid_online_fee=Count("procedure_id", distinct=True,
                                        filter=Q(paid_online__gt=0, procedure_id__in=fee)),
        )

    for province in {p for p, _c in communes}:
        expected = reference(base.filter(province_code=province))
        if not base.filter(province_code=province).exists():
            assert province not in extras
            continue
        _same(extras[province], expected)
    if base.exists():
        _same(extras[None], reference(base))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 11), st.sampled_from([1, 2]),
                                st.integers(-400, 60), st.integers(1, 3), st.integers(0, 3)), min_size=1, max_size=30),
       as_of=st.integers(-420, 80))
def test_oversight_overdue_from_the_rollup_equals_the_histogram(units, moves, as_of):
    """Moves in and out of due-day buckets (a dossier arriving, then leaving or moving on): the
    province × procedure due-month rollup gives the same overdue counts as the commune-level
    histogram, for the nation, a province, by province and by procedure, at any as-of day."""
    from django.db.models import Sum

    from localgov.oversight.facts import rebuild_due_rollups
    from localgov.oversight.selectors import overdue_rows

    communes, procedures = units
    DueFact.objects.all().delete()
    DueRollup.objects.all().delete()
    day0 = date(2025, 10, 1)
    for c, p, ch, off, n, leave in moves:
        province, commune = communes[c % len(communes)] if c < 6 else (communes[0][0], "")
        key = (province, commune, procedures[p], ch)
        upsert_due([(*key, day0 + timedelta(days=off), n)])
        if leave:  # part of them leave (decided) or move to a later day (extension)
            moved = [(*key, day0 + timedelta(days=off), -min(n, leave))]
            if leave == 3:
                moved.append((*key, day0 + timedelta(days=off + 30), min(n, leave)))
            upsert_due(moved)
    x = day0 + timedelta(days=as_of)
    base = DueFact.objects.filter(due_day__lt=x)
    province = communes[0][0]
    for area in (Area("nation"), Area("province", province)):
        scoped = base.filter(province_code=area.province) if area.province else base
        expected_total = scoped.aggregate(n=Sum("open_count"))["n"] or 0
        assert overdue_rows(area, x, []) == [(expected_total,)]
        for group, field in (("province", "province_code"), ("procedure", "procedure_id")):
            expected = {r[field]: r["n"] for r in scoped.values(field).annotate(n=Sum("open_count")).order_by()}
            got = dict(overdue_rows(area, x, [group]))
            assert {k: v for k, v in got.items() if v} == {k: v for k, v in expected.items() if v}
    live = {r for r in DueRollup.objects.values_list("grain", "bucket", "province_code", "procedure_id", "open_count")
            if r[-1]}
    rebuild_due_rollups()
    assert set(DueRollup.objects.values_list("grain", "bucket", "province_code", "procedure_id", "open_count")) == live
