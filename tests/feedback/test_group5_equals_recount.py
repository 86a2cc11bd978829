"""Indicators 5.1–5.3 from the database aggregates (feedback/selectors.group5) equal a recount
over the complaint records with the pure rules (lifecycle.on_time, lifecycle.not_satisfied,
lifecycle.group5) at nation, province and commune; 5.4's "dossiers with complaints" counts
each dossier once."""

from __future__ import annotations

import random

import pytest
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, vn

from localgov.access.policy import ANONYMOUS, SYSTEM
from localgov.access.roles import Role
from localgov.feedback import lifecycle, selectors, services
from localgov.feedback.models import Complaint
from localgov.feedback.services import ComplaintInput
from localgov.workcalendar.adapter import get_calendar

NOW = vn(2025, 9, 30, 17, 0)


@pytest.fixture
def complaints(file_online, db):
    rng = random.Random(7)
    made = []
    for i in range(24):
        commune = (BA_DINH, HOAN_KIEM, SAI_GON)[i % 3]
        dossier = file_online(commune=commune).dossier
        at = vn(2025, 8, 1 + i % 20, 9, 0)
        kind = ("dossier", "conduct", "regulation")[rng.randrange(3)]
        extra = ({"dossier_code": dossier.code} if kind == "dossier" else
                 {"centre_id": dossier.competent_agency.centre_id or _centre(commune)} if kind == "conduct" else
                 {"procedure_code": "1.001193", "commune_code": commune})
        c, secret = services.file_complaint(ANONYMOUS, ComplaintInput(
            kind=kind, title=f"Phản ánh {i}", content="Nội dung phản ánh đủ dài.", name="Người dân", **extra), at=at)
        fate = rng.randrange(6)
        if fate >= 1:
            days = rng.choice([3, 14, 15, 16, 25])
            answered = get_calendar().add_working_days(at, days)
            c = services.act(SYSTEM, c.code, "answer", text="Câu trả lời.", at=answered)
            if fate >= 2:
                c = services.act(SYSTEM, c.code, "publish", at=get_calendar().add_working_days(c.answered_at,
                                                                                                rng.choice([1, 3])))
            if fate == 3:
                services.act(ANONYMOUS, c.code, "unsatisfied", secret=secret, at=c.answered_at)
            elif fate == 4:
                services.act(ANONYMOUS, c.code, "reopen", secret=secret, at=c.answered_at)
            elif fate == 5:
                services.act(ANONYMOUS, c.code, "satisfied", secret=secret, at=c.answered_at)
        made.append(c.code)
    return made


def _centre(commune):
    from tests.dossiers.conftest import centre_of

    return centre_of(commune)


def recount(rows):
    cal, limits = get_calendar(), services.limits()
    out = []
    for c in rows:
        late = c.late or not lifecycle.on_time(cal, services.timeline_of(c), limits, now=NOW)
        out.append((c.kind, not late, lifecycle.not_satisfied(rated_unsatisfied=c.rating == "unsatisfied",
                                                              reopened=c.reopened, late=late)))
    return lifecycle.group5(out)


@pytest.mark.parametrize("place", [selectors.Place(), selectors.Place(province_code="01"),
                                   selectors.Place(province_code="79"), selectors.Place(commune_code=BA_DINH),
                                   selectors.Place(commune_code=SAI_GON)])
def test_group5_equals_a_recount(complaints, place):
    rows = list(Complaint.objects.all())
    if place.commune_code:
        rows = [c for c in rows if c.commune_code == place.commune_code]
    elif place.province_code:
        rows = [c for c in rows if c.province_code == place.province_code]
    expected = recount(rows)
    got = selectors.group5(SYSTEM, place, now=NOW)
    assert got == expected
    assert expected.total > 0
    # The drill-down lists are the complaints behind the numbers.
    assert selectors.group5_list(SYSTEM, place, "late", now=NOW).count() == got.total - got.on_time
    assert selectors.group5_list(SYSTEM, place, "not_satisfied", now=NOW).count() == got.total - got.satisfied


def test_nation_has_late_and_unsatisfied(complaints):
    g = selectors.group5(SYSTEM, selectors.Place(), now=NOW)
    assert g.total == 24 and 0 < g.on_time < 24 and 0 < g.satisfied < 24
    assert sum(g.by_kind.values()) == 24


def test_a_province_overseer_sees_only_the_province(complaints, people):
    overseer = people(Role.PROVINCE_OVERSEER, province="79")
    assert selectors.group5(overseer, selectors.Place(), now=NOW) == selectors.group5(
        SYSTEM, selectors.Place(province_code="79"), now=NOW)


def test_dossiers_with_complaints_count_each_dossier_once(complaints, db):
    with_c, total = selectors.dossiers_with_complaints(SYSTEM, selectors.Place())
    expected = Complaint.objects.filter(dossier__isnull=False).values("dossier").distinct().count()
    assert (with_c, total) == (expected, 24) and with_c > 0


def test_the_766_scorer_inputs_equal_the_indicators(complaints):
    """oversight/scores.py takes 5.2 and 5.3 from `group5_inputs`: per province and for the nation
    they equal `group5` there, and the 766 measures are their ratios."""
    from datetime import date

    from localgov.oversight.scores import measures_from

    inputs = selectors.group5_inputs(selectors.Place(), "province", date(2025, 1, 1), date(2025, 12, 31), now=NOW)
    for key, place in ((None, selectors.Place()), ("01", selectors.Place(province_code="01")),
                       ("79", selectors.Place(province_code="79"))):
        g = selectors.group5(SYSTEM, place, now=NOW)
        got = inputs[key]
        assert (got["complaints"], got["complaints_on_time"], got["complaints_satisfied"]) == (
            g.total, g.on_time, g.satisfied)
        m = measures_from({**got, "received": 8}, (set(), set(), 1))
        assert m["complaints_on_time"] == pytest.approx(g.on_time / g.total)
        assert m["complaints_satisfied"] == pytest.approx(g.satisfied / g.total)
    assert inputs[None]["dossiers_with_complaints"] == selectors.dossiers_with_complaints(SYSTEM, selectors.Place())[0]
