"""The simulated quarter's complaints and trips: at the assumed rates, with late and unsatisfied
complaints, trips consistent with the channels (online filing and online return are none), the
same on the bulk and the service paths (tests/simulate/test_simulate_equivalence.py compares
them), and removed with the simulated dossiers."""

from __future__ import annotations

import dataclasses
from datetime import date

from tests.simulate.conftest import *  # noqa: F403  (the simulate fixture and its world)

from localgov.access.policy import SYSTEM
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import Channel
from localgov.feedback import selectors, simulation
from localgov.feedback.models import Complaint, Trip


def test_simulated_complaints_and_trips(simulate, monkeypatch) -> None:
    rates = dataclasses.replace(simulation.load_rates(), complaint_on_time_dossier=0.2, complaint_late_dossier=0.6,
                                complaint_regulation=0.1, complaint_conduct=0.1)
    monkeypatch.setattr(simulation, "load_rates", lambda: rates)
    result = simulate(path="bulk")
    assert result.dossiers > 20
    n = Complaint.objects.count()
    assert n > 5 and Complaint.objects.filter(simulated=False).count() == 0
    g = selectors.group5(SYSTEM, selectors.Place(), now=simulation_end())
    assert g.total == n and g.satisfied < g.total and g.by_kind["regulation"] > 0
    # trips: none for a dossier filed online and returned online without a supplement at the desk
    online_only = Dossier.objects.filter(channel=int(Channel.ONLINE), return_method="online", supplement_requests=0)
    assert not Trip.objects.filter(dossier__in=online_only).exclude(purpose="ask").exists()
    in_person = Dossier.objects.filter(channel=int(Channel.IN_PERSON), parent__isnull=True)
    assert Trip.objects.filter(dossier__in=in_person, purpose="file").count() == in_person.count()
    from localgov.simulate.runner import reset

    reset()
    assert not Complaint.objects.exists() and not Trip.objects.exists()


def simulation_end():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(2025, 9, 30, 17, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_rates_are_shares():
    assert 0 < simulation.load_rates().complaint_late_dossier < 1
    assert date(2025, 7, 1)
