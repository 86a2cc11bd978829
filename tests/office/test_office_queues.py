"""Queues: mine, my unit, new, due within 1 working day, overdue, waiting, by procedure —
with counts (capped), sorting and paging, in a bounded number of queries whatever the
number of dossiers (bench/ui_queues.py measures 100,000)."""

import re
import time
from datetime import timedelta

import pytest
from bench.ui_queues import bulk_dossiers
from django.utils import timezone
from tests.office.conftest import BA_DINH, SAI_GON

from localgov.access.roles import Role
from localgov.dossiers.models import Dossier
from localgov.dossiers.selectors import OPEN_STATES
from localgov.dossiers.workflow import State
from localgov.office import queues

pytestmark = pytest.mark.django_db


def codes(html: str) -> list[str]:
    return re.findall(r'<td data-label="Mã hồ sơ"><a href="/can-bo/ho-so/([^/]+)/">', html)


def count_badge(html: str, kind: str) -> str:
    match = re.search(rf'id="count-{kind}">([^<]+)<', html)
    assert match, kind
    return match.group(1)


def test_queue_counts_sorting_and_paging(officer):
    client, user = officer(Role.SPECIALIST, commune=BA_DINH)
    bulk_dossiers(3000, BA_DINH, assignee_id=user.pk)
    bulk_dossiers(200, SAI_GON, seed=9)  # another unit: never shown
    now = timezone.now()
    mine = Dossier.objects.filter(competent_commune_code=BA_DINH, assignee=user, state__in=OPEN_STATES).count()
    open_ = Dossier.objects.filter(competent_commune_code=BA_DINH, state__in=OPEN_STATES).count()
    overdue = Dossier.objects.filter(competent_commune_code=BA_DINH, due_at__lt=now, paused_since__isnull=True,
                                     state__in=[s for s in OPEN_STATES if s != State.SUPPLEMENT_REQUESTED]).count()
    html = client.get("/can-bo/hang-doi/").content.decode()
    assert count_badge(html, "unit") == str(open_)
    assert count_badge(html, "mine") == str(mine)
    assert count_badge(html, "overdue") == str(overdue)
    assert count_badge(html, "new") == str(Dossier.objects.filter(competent_commune_code=BA_DINH, state=1).count())
    page1 = codes(html)
    assert len(page1) == queues.PAGE_SIZE
    dues = list(Dossier.objects.filter(code__in=page1).order_by("due_at", "id").values_list("code", flat=True))
    assert page1 == dues  # sorted by due date
    page2 = codes(client.get("/can-bo/hang-doi/?hang=unit&trang=2").content.decode())
    assert len(page2) == queues.PAGE_SIZE and not set(page1) & set(page2)
    newest = codes(client.get("/can-bo/hang-doi/?hang=unit&sap_xep=-submitted").content.decode())
    expected = list(Dossier.objects.filter(competent_commune_code=BA_DINH, state__in=OPEN_STATES)
                    .order_by("-submitted_at", "-id").values_list("code", flat=True)[: queues.PAGE_SIZE])
    assert newest == expected
    assert all(c.startswith(Dossier.objects.filter(competent_commune_code=BA_DINH).first().code[:12])
               for c in page1)


def test_due_soon_waiting_and_by_procedure(officer):
    client, _ = officer(Role.SPECIALIST, commune=BA_DINH)
    bulk_dossiers(400, BA_DINH)
    now = timezone.now()
    soon = Dossier.objects.filter(competent_commune_code=BA_DINH, state=int(State.PROCESSING)).first()
    Dossier.objects.filter(pk=soon.pk).update(due_at=now + timedelta(hours=2))
    due = codes(client.get("/can-bo/hang-doi/?hang=due").content.decode())
    assert soon.code in due
    waiting = codes(client.get("/can-bo/hang-doi/?hang=waiting").content.decode())
    assert waiting and set(Dossier.objects.filter(code__in=waiting).values_list("state", flat=True)) <= {5, 6}
    html = client.get("/can-bo/hang-doi/?hang=procedure").content.decode()
    first = re.search(r'href="\?hang=procedure&amp;thu_tuc=([^"]+)"', html).group(1)
    listed = codes(client.get(f"/can-bo/hang-doi/?hang=procedure&thu_tuc={first}").content.decode())
    assert listed and set(Dossier.objects.filter(code__in=listed).values_list("procedure__code", flat=True)) == {first}


def test_counts_are_capped(officer, monkeypatch):
    monkeypatch.setattr(queues, "COUNT_CAP", 100)
    client, _ = officer(Role.SPECIALIST, commune=BA_DINH)
    bulk_dossiers(400, BA_DINH)
    html = client.get("/can-bo/hang-doi/").content.decode()
    assert count_badge(html, "unit") == "100+"
    assert "Hơn 100 hồ sơ." in html


def test_a_queue_page_costs_a_bounded_number_of_queries(officer, django_assert_max_num_queries):
    client, _ = officer(Role.SPECIALIST, commune=BA_DINH)
    bulk_dossiers(2000, BA_DINH)
    client.get("/can-bo/hang-doi/")  # counts cached
    started = time.perf_counter()
    with django_assert_max_num_queries(8):
        response = client.get("/can-bo/hang-doi/?hang=unit&trang=40")
    assert response.status_code == 200 and len(codes(response.content.decode())) == queues.PAGE_SIZE
    assert time.perf_counter() - started < 2.0
