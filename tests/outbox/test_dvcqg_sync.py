"""DVCQG synchronisation against the local stand-in (docs/dvcqg-sync.md): every dossier's
creation and each change delivered exactly once, in order, across the stand-in failing for a while,
answering slowly, losing its answers, and a restart of localgov's worker mid-batch."""

from __future__ import annotations

import json
import urllib.request
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from tests.dossiers.conftest import BA_DINH, applicant, vn

from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.outbox import rules, selectors, worker
from localgov.outbox.dvcqg_format import record_problems
from localgov.outbox.models import DossierSync, Message


def _dossiers(file_online, s, n=4):
    out = []
    for i in range(n):
        d = file_online("1.004873", at=vn(2025, 8, 4, 9, i), applicant=applicant(email="a@example.vn")).dossier
        d = services.accept(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, i))
        d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 30))
        if i % 2:
            d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Xong",
                                now=vn(2025, 8, 5, 9, i))
        out.append(d)
    return out


def _sync_keys():
    return set(Message.objects.filter(consumer=rules.CONSUMER_DVCQG).values_list("key", flat=True))


class Crash(Exception):
    pass


def test_every_change_is_delivered_exactly_once_across_failures_and_a_restart(
        file_online, staff, standin, settings):
    settings.LOCALGOV_OUTBOX_MAX_ATTEMPTS = 50
    settings.LOCALGOV_OUTBOX_LEASE_SECONDS = 30
    settings.LOCALGOV_DVCQG_TIMEOUT = 0.5
    dossiers = _dossiers(file_online, staff(BA_DINH))
    expected = _sync_keys()
    assert len(expected) == sum(d.event_count for d in dossiers)
    clock = {"now": timezone.now()}

    def run(**kw):
        return worker.run_once(now=clock["now"], consumers=(rules.CONSUMER_DVCQG,), batch=5, **kw)

    # 1. the national portal is down: nothing is lost, every try is counted, nothing is marked sent
    standin.down = True
    for _ in range(3):
        run()
        clock["now"] += timedelta(hours=2)
    assert not standin.accepted
    assert Message.objects.filter(consumer=rules.CONSUMER_DVCQG, status=rules.SENT).count() == 0
    assert set(DossierSync.objects.values_list("status", flat=True)) == {rules.SYNC_PENDING}
    # 2. it comes back but answers slowly (beyond our timeout) and loses some answers after storing
    standin.down = False
    standin.delay = 1.0
    run()
    standin.delay = 0.0
    standin.lose_answer_next(2)
    clock["now"] += timedelta(hours=2)
    run()
    # 3. localgov's worker dies between a send and its mark; a new one starts after the lease
    calls = {"n": 0}

    def die(message):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash

    clock["now"] += timedelta(hours=2)
    with pytest.raises(Crash):
        run(after_send=die)
    # the restarted worker keeps nothing from the dead one: all it knows is in the outbox rows
    for _ in range(40):
        clock["now"] += timedelta(hours=2)
        if not run().claimed and not Message.objects.filter(consumer=rules.CONSUMER_DVCQG).exclude(
                status=rules.SENT).exists():
            break
    # every change arrived exactly once (the resends were recognised by their key) …
    assert set(standin.accepted) == expected
    assert len(standin.posts) > len(expected)  # there were resends on the wire
    # … in order per dossier, and the national side holds each dossier's current state
    order: dict[str, list[int]] = {}
    for post in standin.posts:
        if post.key in standin.accepted and standin.accepted[post.key] is post:
            order.setdefault(post.body["MaHoSo"], []).append(post.body["SoThuTuSuKien"])
    latest = standin.latest()
    for d in Dossier.objects.filter(pk__in=[d.pk for d in dossiers]):
        assert order[d.code] == list(range(1, d.event_count + 1))
        assert latest[d.code]["TrangThaiHoSo"] == d.state
        sync = DossierSync.objects.get(dossier=d)
        assert (sync.status, sync.synced_seq, sync.synced_state) == (rules.SYNC_SYNCED, d.event_count, d.state)
        assert selectors.sync_status(d) == rules.SYNC_SYNCED


def test_the_national_record_follows_the_contract(file_online, staff, standin):
    d = _dossiers(file_online, staff(BA_DINH), n=1)[0]
    worker.run_once()
    worker.run_once()
    worker.run_once()
    record = standin.latest()[d.code]
    assert record_problems(record) == {}
    assert record["MaHoSo"] == d.code and record["MaTTHC"] == "1.004873"
    assert record["KenhThucHien"] == 2 and record["TrangThaiHoSo"] == 4 and record["TrangThaiTruoc"] == 2
    assert record["MaXa"] == BA_DINH and record["MaTinh"] == "01"
    text = json.dumps(record, ensure_ascii=False)
    assert "001090012345" not in text and "0912345678" not in text and "Nguyễn" not in text  # no personal data
    with urllib.request.urlopen(f"{standin.url}/hoso/{d.code}") as answer:  # noqa: S310 - the local stand-in
        assert json.loads(answer.read())["SoThuTuSuKien"] == d.event_count


def test_a_refused_record_gives_up_after_the_cap_and_shows_in_the_stuck_list(file_online, staff, standin, settings):
    settings.LOCALGOV_OUTBOX_MAX_ATTEMPTS = 2
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    standin.fail_next(5, status=422)
    now = timezone.now()
    worker.run_once(now=now)
    worker.run_once(now=now + timedelta(hours=1))
    m = Message.objects.get(dossier=d, consumer=rules.CONSUMER_DVCQG)
    assert (m.status, m.attempts) == (rules.FAILED, 2) and "HTTP 422" in m.last_error
    assert DossierSync.objects.get(dossier=d).status == rules.SYNC_FAILED
    assert selectors.sync_status(d) == rules.SYNC_FAILED
    assert m in selectors.stuck(now=now)


def test_the_cli_works_lists_stuck_and_retries(file_online, staff, standin, settings, capsys):
    settings.LOCALGOV_OUTBOX_MAX_ATTEMPTS = 1
    standin.down = True
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    call_command("outbox", "work", "--once")
    call_command("outbox", "stuck", "--json")
    rows = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert [r["dossier"] for r in rows] == [d.code] and rows[0]["status"] == "failed"
    standin.down = False
    call_command("outbox", "retry", "--all")
    call_command("outbox", "work", "--once")
    assert DossierSync.objects.get(dossier=d).status == rules.SYNC_SYNCED
    with pytest.raises(CommandError):
        call_command("outbox", "stuck", "--province", "x1")
