"""Where the workforce app holds a commune's officials, the simulated desks follow them: officers =
the documented default × (officials in post ÷ staffing norm) in the desk's fields, as of the first
simulated day (data/assumptions.toml [staffing.workforce]); elsewhere the default stays. With the
demo staff (`localgov workforce demo`, as `make demo` loads it first) the figures still emerge in
the public ranges and lateness still follows the load per officer."""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest

from localgov.simulate import runner
from localgov.simulate.models import SimulationRun
from localgov.simulate.params import load_params
from localgov.simulate.planner import Planner, ProvinceSpec
from localgov.simulate.world import World, load_world, staff_ratios
from localgov.workcalendar.adapter import get_calendar
from localgov.workforce import selectors
from localgov.workforce.demo import clear_all, load_demo_staff
from localgov.workforce.models import OfficialRecord

FIRST_DAY = date(2025, 7, 1)


def planner_for(world: World, **over: object) -> Planner:
    params = load_params()
    kwargs = {"params": params, "provinces": world.provinces, "procedures": world.procedures,
              "cal": get_calendar(), "seed": 7, "scale": 0.001, "date_from": FIRST_DAY,
              "date_to": date(2025, 7, 7), "birth_prefixes": world.birth_prefixes, **over}
    return Planner(**kwargs)  # type: ignore[arg-type]


def test_staff_ratios_compare_the_desk_fields_in_post_with_their_norm() -> None:
    params = load_params()
    staff = {("c1", "civil_status"): 3.0, ("c1", "certification"): 1.0, ("c1", "land"): 0.0,
             ("c2", "land"): 1.0}
    norm = {("c1", "civil_status"): 1.5, ("c1", "certification"): 0.5, ("c1", "land"): 2.0,
            ("c1", "construction"): 1.0, ("c2", "land"): 2.0}
    ratios = {c: dict(r) for c, r in staff_ratios(params, staff, norm, {"c1", "c2"}).items()}
    assert ratios["c1"]["justice"] == pytest.approx(2.0)  # (3 + 1) / (1.5 + 0.5)
    assert ratios["c1"]["land"] == 0.0  # nobody in post
    assert ratios["c1"]["construction"] == 0.0  # a norm, nobody in post
    assert "police" not in ratios["c1"]  # commune police: outside the framework, no norm
    assert ratios["c2"] == {"land": 0.5}


def test_desks_follow_the_ratio_with_a_floor_and_keep_the_default_without_data(world, db) -> None:  # noqa: ARG001
    base = load_world(load_params(), ["11"])
    assert base.staffed_communes == 0
    prov = base.provinces[0]
    # a remote commune: the default model may run its land desk short at random
    first = prov.communes[0]
    staffed = dataclasses.replace(first, staff_ratio=(("justice", 2.0), ("land", 0.0)))
    other = World(provinces=[ProvinceSpec(prov.code, prov.population, prov.area_km2,
                                          (staffed, *prov.communes[1:]))],
                  procedures=base.procedures, agencies=base.agencies, birth_prefixes=base.birth_prefixes)
    p = load_params()
    default, data = planner_for(base), planner_for(other)
    code = first.code
    assert data.desks[(code, "justice")].officers == pytest.approx(2 * default.desks[(code, "justice")].officers)
    assert data.desks[(code, "land")].officers == p.min_desk_officers  # nobody in post: covered part-time
    assert data.desks[(code, "land")].capacity_hours == pytest.approx(p.min_desk_officers * p.productive_hours)
    for desk in ("police", "construction", "economy", "social"):  # no ratio given: the default, as before
        assert data.desks[(code, desk)].officers == default.desks[(code, desk)].officers
    # demand does not depend on staffing; the load per officer does
    assert data.desks[(code, "land")].demand_hours == default.desks[(code, "land")].demand_hours
    assert data.load(code) != default.load(code)


@pytest.fixture
def dien_bien_staff(world, db) -> None:  # noqa: ARG001
    load_demo_staff(7, provinces=["11"])


def test_load_world_reads_the_officials_on_duty_that_day(dien_bien_staff) -> None:  # noqa: ARG001
    params = load_params()
    world = load_world(params, ["11"], staffing_day=FIRST_DAY)
    communes = world.provinces[0].communes
    assert world.staffed_communes == len(communes) == world.communes
    # recomputed here from the records and the norms, without the selectors' split helper
    on_duty = Counter(OfficialRecord.objects.filter(province_code="11", valid_from__lte=FIRST_DAY,
                                                    status__in=["active", "seconded"])
                      .exclude(valid_to__lte=FIRST_DAY).values_list("commune_code", "field"))
    norms = selectors.norms()
    for com in communes:
        ratios = dict(com.staff_ratio)
        assert ratios["land"] == pytest.approx(on_duty[(com.code, "land")] / norms[com.code]["land"])
        assert ratios["justice"] == pytest.approx(on_duty[(com.code, "civil_status")] / norms[com.code]["civil_status"])
        assert "police" not in ratios
    assert any(dict(c.staff_ratio)["land"] == 0 for c in communes)  # remote communes without a land officer
    # the day before the records start: no workforce data, every desk has the default
    assert load_world(params, ["11"], staffing_day=date(2025, 6, 30)).staffed_communes == 0
    assert load_world(params, ["11"]).staffed_communes == 0
    # the run records which staffing sized its desks: the same data, the same label; other data, another
    label = world.staffing_label(FIRST_DAY)
    assert label.startswith(f"workforce 2025-07-01 {len(communes)}/{len(communes)} ")
    assert load_world(params, ["11"], staffing_day=FIRST_DAY).staffing_label(FIRST_DAY) == label
    OfficialRecord.objects.filter(commune_code=communes[0].code, field="land").delete()
    assert load_world(params, ["11"], staffing_day=FIRST_DAY).staffing_label(FIRST_DAY) != label
    assert load_world(params, ["11"]).staffing_label(FIRST_DAY) == ""  # the documented defaults


def test_a_commune_without_land_officers_queues_its_land_dossiers(dien_bien_staff) -> None:  # noqa: ARG001
    world = load_world(load_params(), ["11"], staffing_day=FIRST_DAY)
    planner = planner_for(world)
    by_ratio = {c.code: dict(c.staff_ratio)["land"] for c in world.provinces[0].communes}
    none = [c for c, r in by_ratio.items() if r == 0]
    full = [c for c, r in by_ratio.items() if r >= 1]
    assert none and full
    per_officer = {c: planner.desks[(c, "land")].demand_hours / planner.desks[(c, "land")].capacity_hours
                   for c in by_ratio}
    assert min(per_officer[c] for c in none) > max(per_officer[c] for c in full) * 0.9
    assert np.mean([per_officer[c] for c in none]) > 3 * np.mean([per_officer[c] for c in full])


# --- the quarter with the demo staff -----------------------------------------------------------

PROVINCES = ["01", "79", "38", "42", "11", "12"]  # as test_simulate_plausibility.py
QUARTER = {"date_from": FIRST_DAY, "date_to": date(2025, 9, 30), "scale": 0.003, "seed": 7,
           "provinces": PROVINCES}


@pytest.fixture(scope="module")
def staffed_quarter(world, django_db_blocker) -> Iterator[runner.RunResult]:  # noqa: ARG001
    logging.getLogger("localgov.dossiers").setLevel(logging.WARNING)
    with django_db_blocker.unblock():
        load_demo_staff(7, provinces=PROVINCES)
        try:
            yield runner.run(path="bulk", reset_first=True, facts=False, **QUARTER)
        finally:
            runner.reset()
            clear_all()


def test_the_quarter_with_demo_staff_is_plausible(staffed_quarter, db) -> None:
    assert staffed_quarter.staffed_communes == staffed_quarter.communes > 600
    assert SimulationRun.objects.get(pk=staffed_quarter.run_id).staffing.startswith("workforce 2025-07-01 ")
    rows = list(runner.simulated().exclude(bundle__isnull=False, parent__isnull=True).values(  # as the facts count
        "competent_commune_code", "channel", "outcome", "outcome_766", "procedure__level"))
    ended = [r for r in rows if r["outcome_766"]]
    on_time = sum(r["outcome_766"] == "on_time" for r in ended) / len(ended)
    assert 0.80 <= on_time <= 0.97, on_time
    online = sum(r["channel"] == 2 for r in rows) / len(rows)
    assert 0.50 <= online <= 0.85, online
    # late dossiers still concentrate where the load per officer — now from the staff in post — is highest
    world = load_world(load_params(), PROVINCES, staffing_day=FIRST_DAY)
    planner = planner_for(world, scale=QUARTER["scale"], date_to=QUARTER["date_to"])
    done: Counter[str] = Counter()
    late: Counter[str] = Counter()
    for r in rows:
        if r["outcome"] and r["procedure__level"] == "commune":
            done[r["competent_commune_code"]] += 1
            late[r["competent_commune_code"]] += r["outcome"] == "late"
    communes = [c for c, n in done.items() if n >= 4]
    load = np.array([planner.load(c) for c in communes])
    late_share = np.array([late[c] / done[c] for c in communes])
    assert float(np.corrcoef(load, late_share)[0, 1]) > 0.3
    assert late_share[load >= np.quantile(load, 0.9)].mean() > 2 * late_share[load <= np.quantile(load, 0.5)].mean()
