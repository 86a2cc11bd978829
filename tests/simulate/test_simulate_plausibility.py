"""The figures a Government meeting reads EMERGE from the simulated quarter (nothing typed in):
the Decision 766 on-time rate, the online share, the busiest and quietest provinces — within the
ranges of the public 2025 figures (docs/domain/one-stop-rules.md §4: 91 % on time, 74.7 % online by 19 Aug,
HCMC highest, Điện Biên among the lowest) — and late dossiers concentrate where the demand per
officer is highest.

One quarter is simulated once for the module (bulk path) over six contrasting provinces — the two
largest cities, a big lowland province, a middle one, two remote mountain provinces (~600 communes,
~27 % of the population) — at a small sample (the queues are modelled at full scale whatever the
sample, so the rates do not depend on it), and removed after.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest

from localgov.simulate import runner
from localgov.simulate.params import load_params
from localgov.simulate.planner import Planner
from localgov.simulate.world import load_world
from localgov.units.models import Province
from localgov.workcalendar.adapter import get_calendar

PROVINCES = ["01", "79", "38", "42", "11", "12"]
QUARTER = {"date_from": date(2025, 7, 1), "date_to": date(2025, 9, 30), "scale": 0.003, "seed": 7,
           "provinces": PROVINCES}


@pytest.fixture(scope="module")
def quarter(world, django_db_blocker) -> Iterator[runner.RunResult]:  # noqa: ARG001 - world loads the catalogue
    logging.getLogger("localgov.dossiers").setLevel(logging.WARNING)
    with django_db_blocker.unblock():
        result = runner.run(path="bulk", reset_first=True, facts=False, **QUARTER)
        yield result
        runner.reset()


@pytest.fixture
def rows(quarter, db) -> list[dict]:  # noqa: ARG001
    return list(runner.simulated().exclude(bundle__isnull=False, parent__isnull=True).values(  # as the facts count
        "province_code", "competent_commune_code", "channel", "outcome", "outcome_766", "procedure__level"))


def test_on_time_rate_766_is_plausible(rows) -> None:
    ended = [r for r in rows if r["outcome_766"]]
    on_time = sum(r["outcome_766"] == "on_time" for r in ended) / len(ended)
    assert 0.80 <= on_time <= 0.97, on_time


def test_online_share_is_plausible(rows) -> None:
    online = sum(r["channel"] == 2 for r in rows) / len(rows)
    assert 0.50 <= online <= 0.85, online


def test_volume_follows_population(quarter, rows) -> None:
    # ~9.4 M dossiers nationally over the quarter at scale 1 (docs/domain/one-stop-rules.md §4.1) for 112.1 M people
    people = sum(Province.objects.filter(code__in=PROVINCES).values_list("population", flat=True))
    expected = 9.4e6 * people / 112.1e6 * QUARTER["scale"]
    assert 0.75 * expected <= quarter.dossiers <= 1.25 * expected, (quarter.dossiers, expected)
    by_province = Counter(r["province_code"] for r in rows)
    ranking = [code for code, _ in by_province.most_common()]
    assert ranking[0] == "79"  # HCMC highest
    assert set(ranking[-2:]) == {"11", "12"}  # the remote mountain provinces lowest


def test_late_dossiers_concentrate_where_load_per_officer_is_highest(rows) -> None:
    params = load_params()
    world = load_world(params, PROVINCES)
    planner = Planner(params=params, provinces=world.provinces, procedures=world.procedures, cal=get_calendar(),
                      seed=QUARTER["seed"], scale=QUARTER["scale"], date_from=QUARTER["date_from"],
                      date_to=QUARTER["date_to"], birth_prefixes=world.birth_prefixes)
    ended: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for r in rows:
        if r["outcome"] and r["procedure__level"] == "commune":
            ended[r["competent_commune_code"]] += 1
            late[r["competent_commune_code"]] += r["outcome"] == "late"
    communes = [c for c, n in ended.items() if n >= 4]
    assert len(communes) > 250
    load = np.array([planner.load(c) for c in communes])
    late_share = np.array([late[c] / ended[c] for c in communes])
    correlation = float(np.corrcoef(load, late_share)[0, 1])
    assert correlation > 0.3, correlation
    top = late_share[load >= np.quantile(load, 0.9)].mean()
    bottom = late_share[load <= np.quantile(load, 0.5)].mean()
    assert top > 2 * bottom, (top, bottom)


def test_bundles_at_the_assumed_rates(quarter, db) -> None:  # noqa: ARG001
    """Online births and deaths are filed as their Decree 63/2024 bundles at the shares of
    [bundles]; every bundle has its members, and a decided bundle's parent is derived DONE/RETURNED."""
    params = load_params()
    online = runner.simulated().filter(channel=2, parent__isnull=True)
    for code, choices in params.bundles.items():
        alone = online.filter(procedure__code=code, bundle__isnull=True).count()
        bundled = online.filter(procedure__code=code, bundle__isnull=False).count()
        share = bundled / (alone + bundled)
        expected = sum(s for _, s in choices)
        assert abs(share - expected) < 0.12, (code, share, expected)
    parents = runner.simulated().filter(bundle__isnull=False, parent__isnull=True)
    assert parents.count() > 50
    for parent in parents.prefetch_related("children")[:200]:
        members = sorted(parent.children.all(), key=lambda c: c.bundle_order)
        assert [m.bundle_order for m in members] == [1, 2, 3]
        if all(m.state in (9, 10) for m in members):  # all decided: the parent is too, with an outcome
            assert parent.state in (9, 10) and parent.outcome_766


def test_financial_obligations_and_online_payment(quarter, db) -> None:  # noqa: ARG001
    """[payments]: requests in the fee-bearing fields only, a land dossier's clock stopped while it
    pays (Decree 151/2025), and the Decision 766 online-payment share (3.6) emerging from the
    channels — most online filers pay online, few paper filers do."""
    params = load_params()
    asked = runner.simulated().filter(payment_requested_at__isnull=False)
    fields = set(asked.values_list("procedure__field_id", flat=True).distinct())
    assert fields and fields <= set(params.payment_share)
    paid = asked.exclude(state=6)  # no longer waiting for the payment
    online = paid.filter(channel=2)
    assert 0.75 <= online.filter(paid_online=True).count() / online.count() <= 0.95
    paper = paid.exclude(channel=2)
    assert 0.10 <= paper.filter(paid_online=True).count() / paper.count() <= 0.40
    stopping = [d for d in paid.filter(decided_at__isnull=False).select_related("procedure")
                if "financial_obligation" in (d.procedure.clock_stops or [])]
    # paused for the working time it took to pay (none when requested at the close of office and
    # paid before the next opening)
    assert stopping and sum(d.paused_seconds > 0 for d in stopping) > 0.5 * len(stopping)
