"""How interconnected bundles flow (`oversight.bundle_flow`): the counts per bundle kind equal a
recount over the dossiers themselves, for the nation, a province (only its own bundles) and a
commune; the dashboard shows them to an overseer of the area, and a province overseer gets no
other province's page."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import pytest
from tests.oversight.test_oversight_dashboard_views import _client
from tests.simulate.conftest import simulate  # noqa: F401

from localgov.access.roles import Role
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State
from localgov.oversight.bundle_flow import ENDED, RUNNING, bundle_flow, past_due_before
from localgov.oversight.facts_rules import RUNNING_STATES
from localgov.oversight.selectors import Area, Period
from localgov.simulate.params import load_params

PERIOD = Period(date(2025, 7, 1), date(2025, 7, 18))
#: as the dashboard judges overdue: the day after the period (it is long past), at 00:00
NOW = datetime.fromisoformat("2025-07-19T00:00:00+07:00")
Q = "from=2025-07-01&to=2025-07-18&period=custom"


@pytest.fixture
def bundles(simulate) -> None:  # noqa: F811
    """Births and deaths filed online as their bundles in two provinces, members often asking for
    a supplement, the period ending while some bundles are still in hand."""
    params = load_params()
    heavy = dataclasses.replace(
        params, field_share={"civil_status": 1.0}, online_floor=0.9,
        procedure_weight={**params.procedure_weight, "1.001193": 60.0, "1.000656": 60.0},
        bundles={"1.001193": (("2.002621", 0.9),), "1.000656": (("2.002622.BHXH", 0.5), ("2.002622.BTXH", 0.5))},
        behaviour={**params.behaviour, "appraisal_supplement": 0.4})
    simulate(provinces=["11", "12"], scale=0.004, date_to=PERIOD.end, params=heavy)


def _recount(parents: list[Dossier]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(lambda: Counter())
    waiting: dict[str, Counter] = defaultdict(Counter)
    for p in parents:
        row = out[p.bundle.code]
        children = list(p.children.all())
        row["filed"] += 1
        row["decided"] += bool(p.outcome)
        row["within"] += p.outcome in ("early", "on_time")
        still_open = p.state not in ENDED
        row["open"] += still_open
        # as overdue dossiers are judged: the clock runs (not waiting for papers, not stopped)
        due = p.extended_due_at or p.due_at
        row["open_past_due"] += (p.state in RUNNING_STATES and p.paused_since is None and due is not None
                                 and due < NOW)
        row["waiting_supplement"] += p.state == State.SUPPLEMENT_REQUESTED
        row["member_supplement"] += any(c.supplement_requests for c in children)
        if still_open:
            # the member step: its order and its procedure's name, "(bước N)" when the procedure is
            # more than one step of the bundle
            steps = Counter(m.procedure_id for m in p.bundle.members.all())
            for c in children:
                if c.state in RUNNING:
                    name = c.procedure.name
                    label = name if steps[c.procedure_id] == 1 else f"{name} (bước {c.bundle_order})"
                    waiting[p.bundle.code][(c.bundle_order, label)] += 1
    return {code: {**row, "waiting_at": dict(waiting[code])} for code, row in out.items()}


def _flow(area: Area) -> dict[str, dict[str, Any]]:
    return {b.code: {"filed": b.filed, "decided": b.decided, "within": b.within, "open": b.open,
                     "open_past_due": b.open_past_due, "waiting_supplement": b.waiting_supplement,
                     "member_supplement": b.member_supplement, "waiting_at": b.waiting_at}
            for b in bundle_flow(area, PERIOD)}


def _parents(**where: Any) -> list[Dossier]:
    return list(Dossier.objects.filter(bundle__isnull=False, parent__isnull=True, **where)
                .select_related("bundle").prefetch_related("children__procedure", "bundle__members"))


def test_the_counts_equal_a_recount_of_the_dossiers(bundles) -> None:  # noqa: ARG001
    nation = _flow(Area("nation"))
    assert nation == _recount(_parents())
    assert set(nation) == {"2.002621", "2.002622.BHXH", "2.002622.BTXH"}
    totals = Counter()
    for row in nation.values():
        totals.update({k: v for k, v in row.items() if k != "waiting_at"})
    # the data has what the measure is for: decided bundles, open ones, members that asked for papers
    assert totals["decided"] and totals["open"] and totals["member_supplement"], totals
    assert any(row["waiting_at"] for row in nation.values())


def test_a_province_and_a_commune_see_only_their_own_bundles(bundles) -> None:  # noqa: ARG001
    province = _flow(Area("province", "11"))
    assert province == _recount(_parents(province_code="11"))
    other = _flow(Area("province", "12"))
    assert sum(r["filed"] for r in province.values()) + sum(r["filed"] for r in other.values()) == \
        sum(r["filed"] for r in _flow(Area("nation")).values())
    commune = Counter(Dossier.objects.filter(bundle__isnull=False, parent__isnull=True, province_code="11")
                      .values_list("competent_commune_code", flat=True)).most_common(1)[0][0]
    assert _flow(Area("commune", "11", commune)) == _recount(_parents(competent_commune_code=commune))


def test_past_due_is_judged_as_the_dashboard_judges_overdue() -> None:
    assert past_due_before(PERIOD) == NOW


def test_a_period_without_bundles_has_no_rows(bundles) -> None:  # noqa: ARG001
    assert bundle_flow(Area("nation"), Period(date(2025, 8, 1), date(2025, 8, 31))) == []


def test_the_dashboard_shows_them_to_the_area_s_overseer_only(client, bundles) -> None:  # noqa: ARG001
    c = _client(client, Role.PROVINCE_OVERSEER, province="11")
    page = c.get(f"/giam-sat/tinh/11/?{Q}").content.decode()
    assert "Hồ sơ liên thông" in page and "2.002621" in page and "Đúng tổng thời hạn" in page
    assert c.get(f"/giam-sat/tinh/12/?{Q}").status_code == 403
