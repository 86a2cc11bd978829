"""Each corrected and each new Decision 766/QĐ-TTg indicator (annex; docs/domain/decision-766.md §2),
recomputed straight from the dossier rows for the nation, a province and a commune, equals what the
scores (`scores.unit_scores`, over the facts) and the dashboard indicators give."""

from datetime import date, timedelta

import pytest
from tests.oversight.conftest import BA_DINH, HOAN_KIEM

from localgov.catalog.models import Procedure
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.oversight import scores
from localgov.oversight.indicators import INDICATORS, format_value
from localgov.oversight.selectors import Area, Period, totals

FROM, TO = date(2025, 7, 1), date(2025, 12, 31)
CASES = [
    ("1.004873", BA_DINH, 2, 2), ("1.004873", HOAN_KIEM, 1, 30), ("1.001193", BA_DINH, 2, 700),
    ("1.004222", HOAN_KIEM, 2, 1500), ("2.001035", BA_DINH, 1, 2100), ("1.013225", HOAN_KIEM, 2, 40),
    ("1.004873", BA_DINH, 2, 1000), ("1.004222", BA_DINH, 1, 1900), ("2.001035", HOAN_KIEM, 1, 300),
    ("1.013225", BA_DINH, 1, 500), ("1.001193", HOAN_KIEM, 1, 900), ("1.004873", HOAN_KIEM, 2, 1200),
]
PLANS = [
    {"procedure": p, "commune": c, "channel": ch, "start_hours": h,
     # in-person filings alternate between the competent commune and the other one (receipt
     # regardless of boundaries, Decree 118/2025 Art. 14(2))
     **({"received_in": HOAN_KIEM if c == BA_DINH else BA_DINH} if ch == 1 and i % 2 else {}),
     "steps": [(i * 5 + k, 3 + 4 * k + i, (i + k) % 3 != 0, 1 + (i * 3 + k) % 5) for k in range(8)]}
    for i, (p, c, ch, h) in enumerate(CASES)
]
AREAS = [Area("nation"), Area("province", "01"), Area("commune", "01", BA_DINH)]


def _in(area, d):
    return area.level == "nation" or (d.province_code == area.province and (
        area.level == "province" or d.competent_commune_code == area.commune))


def _ratio(a, b):
    return min(1.0, a / b) if b else None


def _direct(area):
    """The measures from the dossier rows (bundle parents excluded, as in the facts)."""
    rows = [d for d in Dossier.objects.select_related("procedure") if not (d.bundle_id and d.parent_id is None)
            and _in(area, d)]
    closed = [d for d in rows if d.decided_at or d.state in (3, 8)]
    open_ = [d for d in rows if d not in closed]
    overdue = [d for d in open_ if d.state in (2, 4, 6) and d.paused_since is None and (d.extended_due_at or d.due_at)]
    late = sum(d.outcome_766 == "late" for d in closed)
    on_time = sum(d.outcome_766 == "on_time" for d in closed)
    done = [d for d in rows if d.decided_at]
    paper = [d for d in done if d.procedure.result_type in ("paper", "both")]
    ratings = list(DossierEvent.objects.filter(action="rate", dossier__in=rows).values_list("data", flat=True))
    disliked = sum(1 for r in ratings if r["rating"] <= 2)
    active = list(Procedure.objects.filter(active=True))
    online = {p.pk for p in active if p.online_level != "none"}
    if area.level == "commune":
        own = {p.pk for p in active if p.level == "commune"}
        services = {p.pk for p in active if p.level in ("commune", "province")} & online
    else:
        own, services = {p.pk for p in active}, online
    used = {d.procedure_id for d in rows if d.channel == 2} & services
    fee = {p.pk for p in active if p.fee_bearing == "yes"}
    receivable = {p.pk for p in active if p.level in ("commune", "province")} if area.level == "commune" else own
    paid = {d.procedure_id for d in rows if d.paid_online} & fee
    outside = [d for d in rows if d.received_commune_code and d.received_commune_code != d.competent_commune_code]
    outside_closed = [d for d in outside if d in closed and d.outcome_766]
    complete = [p for p in active if all(getattr(p, f) for f in scores.COMPONENT_FIELDS)]
    return {
        "1.3": len(complete) / len(active),
        "2.1": 1 - (late + len(overdue)) / (len(closed) + len(open_)),
        "3.1": _ratio(len(own & online), len(own)),
        "3.2": _ratio(len(used), len(services)),
        "3.5b": _ratio(len(paid), len(fee & receivable)),
        # 3.3: online dossiers, an e-result where a paper result is required
        "3.3": _ratio(sum(d.channel == 2 for d in rows)
                      - sum(d.channel == 2 and not d.result_electronic for d in paper), len(rows)),
        "4.1": _ratio(sum(d.result_electronic for d in paper), len(paper)),
        "4.2": _ratio(sum(d.inputs_digitised and d.result_electronic for d in done), len(done)),
        "4.3": _ratio(sum(d.data_reused for d in done), len(done)),
        "4.4": _ratio(sum(d.data_reused or (d.result_electronic and d.result_signed) for d in done), len(done)),
        "4.5b": _ratio(sum(d.identity_verified for d in done), len(done)),
        "5.4": max(0.0, 1 - late / (late + on_time) - (disliked / len(ratings) if ratings else 0)),
        "received_outside": len(outside),
        "outside_share": len(outside) / len(rows),
        "outside_on_time": _ratio(sum(d.outcome_766 == "on_time" for d in outside_closed), len(outside_closed)),
    }


@pytest.fixture
def loaded(workload):
    return workload(PLANS)


@pytest.mark.parametrize("area", AREAS, ids=lambda a: a.level)
def test_oversight_766_indicators_recounted_from_dossiers(loaded, area):
    period = Period(FROM, TO)
    expected = _direct(area)
    result = scores.unit_scores(area, period)
    got = {i.code: i.ratio for g in result["area"].groups for i in g.indicators}
    assert expected["3.5b"] is not None
    for code in ("1.3", "2.1", "3.1", "3.2", "3.3", "3.5b", "4.1", "4.2", "4.3", "4.4", "4.5b", "5.4"):
        assert got[code] == pytest.approx(expected[code]), code
    t = totals(area, period)
    for code in ("received_outside", "outside_share", "outside_on_time"):
        assert INDICATORS[code].value(t) == pytest.approx(expected[code]), code
    assert INDICATORS["on_time_766"].value(t) == pytest.approx(expected["2.1"])
    assert expected["received_outside"] > 0 or area.level == "commune"
    # the score says which indicators it leaves out, and why; and which maxima profile it uses
    unmeasured = {i.code: i.note for g in result["area"].groups for i in g.indicators
                  if not i.measured and i.max and not i.tracking}
    assert set(unmeasured) >= {"1.1", "1.2", "1.4", "4.c", "4.5a", "3.5"}
    assert all(unmeasured.values())
    # 5.4 counts the dossiers with complaints (feedback app): no note that they are missing
    assert "chưa tích hợp" not in (next(i.note for g in result["area"].groups for i in g.indicators
                                        if i.code == "5.4") or "")
    assert result["area"].profile == "s42"
    if area.level != "commune":  # a child's score equals its own area's score
        child = next(s for _r, s, _n in result["units"] if s.unit in ("01", BA_DINH))
        own = scores.unit_scores(Area("province", "01") if area.level == "nation"
                                 else Area("commune", "01", BA_DINH), period)["area"]
        assert child.total == pytest.approx(own.total)


def test_oversight_766_sync_rate_is_an_input(loaded):
    """1.4 (dossiers synchronised to DVCQG) is an input of the scoring: unmeasured, with its reason,
    until the synchronisation provides a rate; then it scores and 3.3 is multiplied by it."""
    area, period = Area("nation"), Period(FROM, TO)
    cat = scores.catalog()
    own = totals(area, period)
    base = scores.measures_from(own, cat)
    synced = scores.measures_from(own, cat, inputs={"sync_rate": 0.5})
    assert base["sync_rate"] is None and synced["sync_rate"] == 0.5
    assert synced["online_share"] == pytest.approx(base["online_share"] * 0.5)


def test_oversight_full_online_share_unknown_is_not_zero(loaded):
    """The catalogue does not know whether these procedures may be served full-process: the share
    reads "chưa đủ dữ liệu", never 0 %."""
    t = totals(Area("nation"), Period(FROM, TO))
    assert t["received_online_full_unknown"] > 0
    assert INDICATORS["full_online_share"].value(t) is None
    assert format_value("full_online_share", None) == "chưa đủ dữ liệu"
    known = {**t, "received_online_full_unknown": 0}
    assert INDICATORS["full_online_share"].value(known) == 0.0


def test_oversight_stopped_dossiers_have_no_legal_outcome(loaded):
    stopped = Dossier.objects.filter(state=8)
    assert stopped.exists()
    assert not stopped.exclude(outcome="").exists()
    t = totals(Area("nation"), Period(FROM, TO + timedelta(days=1)))
    decided = Dossier.objects.filter(decided_at__isnull=False).count()
    refused = Dossier.objects.filter(state=3).exclude(outcome="").count()
    assert t["early"] + t["on_time"] + t["late"] == decided + refused
