"""Notifications to the applicant (Decree 118/2025 Arts. 17, 19, 21, 22): exactly one per event per
chosen channel, written in the event's transaction, sent by the worker to a real SMTP server and a
local HTTP SMS gateway, retried with backoff and marked failed with the SMTP server's reason."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from tests.dossiers.conftest import BA_DINH, applicant, vn

from localgov.access.policy import ANONYMOUS, with_dossier_secret
from localgov.core.errors import ValidationFailed
from localgov.dossiers import hooks, services
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.selectors import get_for_applicant
from localgov.dossiers.workflow import Action
from localgov.outbox import rules, selectors, worker
from localgov.outbox.models import Message, NotificationChoice

EMAIL = "an.nguyen@example.vn"
BIRTH = "2.002621"  # the birth registration bundle (tests/dossiers/test_dossier_birth_bundle.py)


def _walk(file_online, s, channels):
    """submit → accept (receipt) → supplement request → supplement received → assign → apology →
    decide (result): 4 notifying events after the submission."""
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=EMAIL),
                      notify_channels=channels)
    d = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    d = services.assign(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 4, 10, 5))
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=s["specialist"],
                                    missing=["Bản sao giấy khai sinh"], now=vn(2025, 8, 4, 11, 0))
    d = services.supplement_received(dossier_id=d.pk, version=d.version, actor=s["counter"], now=vn(2025, 8, 5, 9, 0))
    d = services.extend(dossier_id=d.pk, version=d.version, actor=s["approver"], new_due=vn(2025, 8, 14, 9, 0),
                        reason="Cần xác minh thêm tại nơi cư trú trước", now=vn(2025, 8, 7, 9, 0))
    d = services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="Đã cấp",
                        now=vn(2025, 8, 8, 9, 0))
    return d


@pytest.mark.parametrize("channels", [["email"], ["sms"], ["email", "sms"], []])
def test_each_event_produces_exactly_one_notification_per_chosen_channel(file_online, staff, channels):
    d = _walk(file_online, staff(BA_DINH), channels)
    notes = Message.objects.filter(dossier=d, consumer=rules.CONSUMER_NOTIFY)
    by_event = Counter((m.event_seq, m.channel) for m in notes)
    assert all(n == 1 for n in by_event.values())
    topics = sorted((m.topic, m.channel) for m in notes)
    expected = sorted((t, c) for t in ("receipt", "supplement", "apology", "result") for c in channels)
    assert topics == expected
    # one DVCQG record per creation and change of state (and the apology's new date): here every event
    assert Message.objects.filter(dossier=d, consumer=rules.CONSUMER_DVCQG).count() == d.event_count
    assert NotificationChoice.objects.get(dossier=d).channels == ",".join(channels)
    supplement = notes.filter(topic="supplement").first()
    if supplement:
        assert supplement.payload["missing"] == ["Bản sao giấy khai sinh"]
        assert supplement.payload["until"].startswith("2025-08-19")  # 15 days, Art. 19(5)


def test_refusal_withdrawal_and_stop_notify_with_their_reason(file_online, staff):
    s = staff(BA_DINH)
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=EMAIL), notify_channels=["email"])
    refused = services.refuse(dossier_id=sub.dossier.pk, version=1, actor=s["counter"],
                              reason="Hồ sơ không thuộc thẩm quyền", now=vn(2025, 8, 4, 9, 30))
    m = Message.objects.get(dossier=refused, consumer=rules.CONSUMER_NOTIFY)
    assert (m.topic, m.payload["reason"]) == ("refusal", "Hồ sơ không thuộc thẩm quyền")

    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=EMAIL), notify_channels=["email"])
    d = services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    citizen = with_dossier_secret(ANONYMOUS, get_for_applicant(d.code, sub.secret).pk)
    d = services.request_withdrawal(dossier_id=d.pk, version=d.version, actor=citizen, reason="Không còn nhu cầu",
                                    now=vn(2025, 8, 5, 9, 0))
    d = services.stop(dossier_id=d.pk, version=d.version, actor=s["counter"], reason="Theo đề nghị rút hồ sơ",
                      now=vn(2025, 8, 5, 10, 0))
    topics = list(Message.objects.filter(dossier=d, consumer=rules.CONSUMER_NOTIFY).order_by("event_seq")
                  .values_list("topic", flat=True))
    assert topics == ["receipt", "withdrawal", "stopped"]


def test_internal_steps_are_not_synced_but_changes_and_the_new_date_are():
    assert not rules.syncs("advance", 4, 4) and not rules.syncs("rate", 10, 10)
    assert rules.syncs("submit", None, 1) and rules.syncs("assign", 2, 4) and rules.syncs("extend", 4, 4)


def test_a_rolled_back_event_leaves_no_outbox_row(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=EMAIL),
                    notify_channels=["email"]).dossier
    before = Message.objects.count()

    def boom(dossier, event, snapshot):
        raise RuntimeError("a later listener fails")

    hooks.register(boom)
    try:
        with pytest.raises(RuntimeError):
            services.accept(dossier_id=d.pk, version=1, actor=s["counter"], now=vn(2025, 8, 4, 10, 0))
    finally:
        hooks._listeners.remove(boom)
    assert Message.objects.count() == before
    assert Dossier.objects.get(pk=d.pk).version == 1


def test_duplicates_are_suppressed_by_the_idempotency_key(file_online, staff):
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    m = Message.objects.get(dossier=d, consumer=rules.CONSUMER_DVCQG)
    assert m.key == f"{d.code}#1/dvcqg/http"
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(key=m.key, consumer=m.consumer, channel=m.channel, topic=m.topic, dossier=d,
                               next_attempt_at=now, created_at=now)


@pytest.mark.parametrize(("channels", "problem"), [(["fax"], "fax"), (["email"], "thư điện tử")])
def test_a_bad_channel_choice_is_refused_and_nothing_is_written(file_online, channels, problem):
    count = Dossier.objects.count()
    with pytest.raises(ValidationFailed) as info:
        file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=""), notify_channels=channels)
    assert "notify_channels" in info.value.fields
    assert problem in " ".join(info.value.fields["notify_channels"])
    assert Dossier.objects.count() == count


def test_a_bundle_member_does_not_notify_twice(file_online):
    sub = file_online(BIRTH, at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=EMAIL), notify_channels=["email"])
    children = sub.children
    assert children
    assert not Message.objects.filter(dossier__in=children, consumer=rules.CONSUMER_NOTIFY).exists()
    expected = sum(rules.syncs(e.action, e.from_state, e.to_state)
                   for e in DossierEvent.objects.filter(dossier__in=children))
    assert expected and Message.objects.filter(dossier__in=children, consumer=rules.CONSUMER_DVCQG).count() == expected


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(action=st.sampled_from([a.value for a in Action]),
       channels=st.sampled_from([[], ["email"], ["sms"], ["email", "sms"], ["sms", "email"]]), member=st.booleans())
def test_deliveries_rule_property(action, channels, member):
    out = rules.deliveries_for(action, channels=channels, is_bundle_member=member, from_state=None, to_state=1)
    assert out.count((rules.CONSUMER_DVCQG, rules.HTTP, "sync")) == 1  # a creation is always synced
    notes = [c for consumer, c, _ in out if consumer == rules.CONSUMER_NOTIFY]
    notifies = action in rules.TOPIC_OF_ACTION and not member
    assert sorted(notes) == (sorted(channels) if notifies else [])


@hypothesis_settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(attempts=st.integers(min_value=1, max_value=40))
def test_backoff_doubles_up_to_its_cap(attempts):
    delay = rules.backoff_seconds(attempts, base=30, cap=3600)
    assert 30 <= delay <= 3600
    if attempts > 1:
        assert delay == min(3600, 2 * rules.backoff_seconds(attempts - 1, base=30, cap=3600))


# --- the worker with a real SMTP server and the HTTP SMS contract --------------------------------

def _drain(now=None, **kw):
    total = Counter()
    for _ in range(50):
        r = worker.run_once(now=now, **kw)
        total.update(sent=r.sent, retried=r.retried, failed=r.failed)
        if not r.claimed:
            break
    return total


def test_worker_sends_each_notification_once_by_smtp_and_sms(file_online, staff, smtp, standin):
    d = _walk(file_online, staff(BA_DINH), ["email", "sms"])
    _drain()
    emails = Message.objects.filter(dossier=d, channel=rules.EMAIL)
    assert set(emails.values_list("status", flat=True)) == {rules.SENT}
    assert len(smtp.received) == emails.count() == 4
    assert len(set(smtp.ids())) == 4
    subjects = [str(m["Subject"]) for m in smtp.received]
    assert all(m["To"] == EMAIL for m in smtp.received)
    body = smtp.received[1].get_payload(decode=True).decode()
    assert "Bản sao giấy khai sinh" in body and "19/08/2025" in body, subjects
    assert len(standin.sms) == 4
    assert all(r.body["to"] == "0912345678" for r in standin.sms.values())
    # the tracking page's list: every notification, recipients masked
    lines = selectors.notifications_of(d)
    assert len(lines) == 8 and all(line.status == rules.SENT for line in lines)
    assert {line.recipient for line in lines} == {"an*******@example.vn", "091****678"}


def test_a_refusing_smtp_server_is_retried_with_backoff_then_failed_with_its_reason(
        file_online, staff, smtp, settings):
    settings.LOCALGOV_OUTBOX_MAX_ATTEMPTS = 3
    settings.LOCALGOV_OUTBOX_BACKOFF_SECONDS = 30
    smtp.refuse = "550 5.1.1 Mailbox does not exist"
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), applicant=applicant(email=EMAIL), notify_channels=["email"])
    services.accept(dossier_id=sub.dossier.pk, version=1, actor=staff(BA_DINH)["counter"], now=vn(2025, 8, 4, 10, 0))
    m = Message.objects.get(consumer=rules.CONSUMER_NOTIFY)
    now = timezone.now()
    delays = []
    for _ in range(3):
        r = worker.run_once(now=now, consumers=(rules.CONSUMER_NOTIFY,))
        assert r.claimed == 1 and r.sent == 0
        m.refresh_from_db()
        delays.append((m.next_attempt_at - now).total_seconds())
        assert worker.run_once(now=now, consumers=(rules.CONSUMER_NOTIFY,)).claimed == 0  # not before its time
        now = m.next_attempt_at
    assert delays[:2] == [30, 60]
    assert m.status == rules.FAILED and m.attempts == 3
    assert "550" in m.last_error and "Mailbox does not exist" in m.last_error
    assert smtp.refused == 3 and not smtp.received
    assert m in selectors.stuck()
    # an administrator puts it back once the mailbox works
    smtp.refuse = None
    from localgov.outbox.services import retry

    assert retry([m.pk]) == 1
    assert worker.run_once(consumers=(rules.CONSUMER_NOTIFY,)).sent == 1
    assert len(smtp.received) == 1


def test_sms_gateway_failing_for_a_while_is_retried(file_online, staff, standin, settings):
    settings.LOCALGOV_OUTBOX_BACKOFF_SECONDS = 1
    standin.fail_next(2, status=503)
    sub = file_online("1.004873", at=vn(2025, 8, 4, 9, 0), notify_channels=["sms"])
    services.accept(dossier_id=sub.dossier.pk, version=1, actor=staff(BA_DINH)["counter"], now=vn(2025, 8, 4, 10, 0))
    now = timezone.now()
    for i in range(3):
        worker.run_once(now=now + timedelta(seconds=10 * i), consumers=(rules.CONSUMER_NOTIFY,))
    m = Message.objects.get(consumer=rules.CONSUMER_NOTIFY)
    assert (m.status, m.attempts) == (rules.SENT, 3)
    assert len(standin.sms) == 1


class Crash(Exception):
    pass


def test_a_crash_between_send_and_mark_loses_nothing_and_the_receiver_drops_the_resend(
        file_online, staff, smtp, standin, settings):
    """The worker dies after the SMTP server and the SMS gateway took a message but before it was
    marked sent. Nothing is lost; the resend carries the same key (Message-ID, Idempotency-Key)."""
    settings.LOCALGOV_OUTBOX_LEASE_SECONDS = 60
    d = _walk(file_online, staff(BA_DINH), ["email", "sms"])
    total = Message.objects.filter(consumer=rules.CONSUMER_NOTIFY).count()
    calls = {"n": 0}

    def die_on_third(message):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Crash

    now = timezone.now()
    with pytest.raises(Crash):
        worker.run_once(now=now, consumers=(rules.CONSUMER_NOTIFY,), after_send=die_on_third)
    assert Message.objects.filter(status=rules.SENT).count() == 2
    # the whole batch stays claimed until its lease ends: the one sent before the crash and the rest
    leased = Message.objects.filter(consumer=rules.CONSUMER_NOTIFY, status=rules.SENDING)
    assert leased.count() == total - 2
    assert set(leased.values_list("next_attempt_at", flat=True)) == {now + timedelta(seconds=60)}
    # a restarted worker leaves them alone until the lease ends …
    assert worker.run_once(now=now + timedelta(seconds=1), consumers=(rules.CONSUMER_NOTIFY,)).claimed == 0
    # … and then sends them
    r = worker.run_once(now=now + timedelta(seconds=61), consumers=(rules.CONSUMER_NOTIFY,))
    assert r.sent == total - 2
    assert Message.objects.filter(consumer=rules.CONSUMER_NOTIFY, status=rules.SENT).count() == total
    # at least once on the wire; exactly once per key at the receiver
    emails = Message.objects.filter(dossier=d, channel=rules.EMAIL).count()
    sms = Message.objects.filter(dossier=d, channel=rules.SMS).count()
    assert len(set(smtp.ids())) == emails
    assert len(standin.sms) == sms
    wire = len(smtp.received) + len([p for p in standin.posts if p.key.endswith("/sms")])
    assert wire == total + 1  # the one resend, dropped by its key
    assert worker.run_once(now=now + timedelta(days=2), consumers=(rules.CONSUMER_NOTIFY,)).claimed == 0
