"""The dashboards' default period is the latest with data (issue 22): a simulated quarter that
has ended plus one dossier filed today must not turn the default into today's near-empty
quarter, and the page says which period it shows."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from django.utils import timezone
from tests.dossiers.conftest import applicant, docs_for, loaded_units, world  # noqa: F401

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.oversight.models import Fact
from localgov.oversight.selectors import default_period, make_period
from localgov.simulate import runner


@pytest.fixture
def quarter_and_today(db, world):  # noqa: F811
    logging.getLogger("localgov.dossiers").setLevel(logging.WARNING)
    runner.run(date_from=date(2025, 9, 22), date_to=date(2025, 9, 30), provinces=["11"], scale=0.001, seed=7,
               path="bulk", reset_first=True)
    now = timezone.now()
    submit(SubmitInput(procedure_code="1.004873", channel=Channel.ONLINE, applicant=applicant(),
                       competent_commune_code="00004", documents=docs_for("1.004873"),
                       return_method=ReturnMethod.ONLINE), actor=SYSTEM, now=now)
    return now


def test_default_period_is_the_latest_finished_quarter_with_data(quarter_and_today):
    today = timezone.localdate()
    assert Fact.objects.filter(day=today).exists()  # the dossier of today is counted
    assert Fact.objects.filter(day__lte=date(2025, 9, 30)).exists()
    p = default_period()
    assert (p.start, p.end, p.kind) == (date(2025, 7, 1), date(2025, 9, 30), "quarter")
    assert make_period("quarter", today) != p


def test_dashboard_shows_and_names_the_default_period(client, quarter_and_today):
    user = create_user(username="giamsat-tw", password=None)
    grant_role(user=user, role=Role.NATIONAL_OVERSEER)
    client.force_login(user)
    page = client.get("/giam-sat/").content.decode()
    assert "Kỳ số liệu: 01/07/2025 – 30/09/2025" in page
    assert "quý gần nhất đã kết thúc có số liệu" in page
    # asked for explicitly, today's quarter is still there (and not called the default)
    current = make_period("quarter", timezone.localdate())
    page = client.get(f"/giam-sat/?period=quarter&date={timezone.localdate().isoformat()}").content.decode()
    assert f"Kỳ số liệu: {current.label}" in page and "quý gần nhất đã kết thúc" not in page


def test_default_period_without_data_is_the_current_quarter(db):
    assert default_period() == make_period("quarter", timezone.localdate())
