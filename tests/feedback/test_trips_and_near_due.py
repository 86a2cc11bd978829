"""Trips to the desk per dossier and the "more than one trip" share by unit and procedure,
with the dossiers behind it; the near-due queue "sắp quá hạn" (no apology yet, the last lawful
moment for one within a working day: dossiers.clock.apology_due_range) at its boundaries; late
dossiers without an apology."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, vn

from localgov.access.policy import SYSTEM
from localgov.core.errors import PermissionDenied, ValidationFailed
from localgov.dossiers.clock import apology_open
from localgov.dossiers.models import Dossier
from localgov.feedback import selectors, services
from localgov.office.queues import near_due_range, queue_queryset
from localgov.workcalendar.adapter import get_calendar

S = timedelta(seconds=1)


def test_trips_and_the_multi_trip_share(file_online, counter_at, db):
    a = file_online(commune=BA_DINH).dossier
    b = file_online(commune=BA_DINH).dossier
    c = file_online(commune=HOAN_KIEM).dossier
    officer = counter_at(BA_DINH)
    services.record_trip(officer, a, "ask", at=vn(2025, 8, 5, 9))
    services.record_trip(officer, a, "supplement", at=vn(2025, 8, 6, 9))
    services.record_trip(officer, b, "collect", at=vn(2025, 8, 7, 9))
    services.record_trip(SYSTEM, c, "ask", at=vn(2025, 8, 7, 9))
    with pytest.raises(ValidationFailed):
        services.record_trip(officer, a, "visit")
    with pytest.raises(PermissionDenied):
        services.record_trip(counter_at(SAI_GON), a, "ask")
    assert [t.purpose for t in selectors.trips_of(a)] == ["ask", "supplement"]
    rows = {r.key: r for r in selectors.trip_table(SYSTEM, selectors.Place(province_code="01"), "unit")}
    assert (rows[BA_DINH].dossiers, rows[BA_DINH].trips, rows[BA_DINH].multi) == (2, 3, 1)
    assert rows[BA_DINH].multi_share == 0.5 and rows[HOAN_KIEM].multi == 0
    by_proc = selectors.trip_table(SYSTEM, selectors.Place(), "procedure")
    assert sum(r.multi for r in by_proc) == 1 and sum(r.dossiers for r in by_proc) == 3
    assert [d.code for d in selectors.multi_trip_dossiers(SYSTEM, selectors.Place())] == [a.code]
    assert services.counter_filing_is_trip(1) and not services.counter_filing_is_trip(2)
    assert services.collection_is_trip("centre") and not services.collection_is_trip("online")


def _set_due(d: Dossier, due, extensions=0):
    Dossier.objects.filter(pk=d.pk).update(due_at=due, extension_count=extensions, state=4)


def test_near_due_queue_boundaries(file_online, db):
    cal = get_calendar()
    now = vn(2025, 8, 6, 10, 0)  # Wednesday
    first, last = near_due_range(now)
    assert first == vn(2025, 8, 7, 10, 0) and last == vn(2025, 8, 8, 10, 0)
    assert apology_open(cal, now=now, due=first) and not apology_open(cal, now=now, due=first - S)
    cases = {"just_too_late": (first - S, 0, False), "first": (first, 0, True), "last": (last, 0, True),
             "after": (last + S, 0, False), "apologised": (first, 1, False)}
    made = {}
    for name, (due, ext, _) in cases.items():
        made[name] = file_online(commune=BA_DINH).dossier
        _set_due(made[name], due, ext)
    listed = set(queue_queryset(SYSTEM, "near_due", now=now).values_list("pk", flat=True))
    for name, (_, _, inside) in cases.items():
        assert (made[name].pk in listed) is inside, name


def test_late_without_apology(file_online, db):
    now = vn(2025, 9, 1, 10, 0)
    late = file_online(commune=BA_DINH).dossier
    apologised = file_online(commune=BA_DINH).dossier
    not_due = file_online(commune=BA_DINH).dossier
    _set_due(late, now - timedelta(days=2))
    _set_due(apologised, now - timedelta(days=2), extensions=1)
    _set_due(not_due, now + timedelta(days=2))
    got = set(selectors.late_without_apology(SYSTEM, selectors.Place(), now=now).values_list("code", flat=True))
    assert got == {late.code}
