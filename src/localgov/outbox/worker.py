"""The outbox worker: claims due messages, sends them, keeps their status. At least once: a
message is claimed (status "sending", attempts + 1, a lease) in one transaction, sent, then marked
"sent" in another; a worker that dies between the send and the mark leaves it "sending", and when the
lease ends another run sends it again with the same idempotency key, which the receiving side drops
(docs/notifications.md "Delivery guarantees"). Failures are retried with exponential backoff
(`rules.backoff_seconds`) up to LOCALGOV_OUTBOX_MAX_ATTEMPTS, then marked failed with the reason.

DVCQG messages of one dossier go in event order: a message waits while an earlier one of its dossier
is unsent, so the national portal never sees a state go backwards.

Run by `localgov outbox work` (a loop, or `--once`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from localgov.outbox import rules
from localgov.outbox.dvcqg_format import national_record
from localgov.outbox.messages_vi import WHERE, render
from localgov.outbox.models import Message
from localgov.outbox.senders import EmailSender, SendError, SmsGateway, push_dvcqg, sms_gateway
from localgov.outbox.services import refresh_sync
from localgov.units.models import ServiceCentre


@dataclass
class RunResult:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _settings_float(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def claim(*, now: datetime, batch: int, consumers: tuple[str, ...] | None = None) -> list[Message]:
    """Take up to `batch` due messages: status "sending", one more attempt, leased until now + lease."""
    lease = timedelta(seconds=_settings_float("LOCALGOV_OUTBOX_LEASE_SECONDS", 120))
    earlier_unsent = Message.objects.filter(
        consumer=rules.CONSUMER_DVCQG, dossier_id=OuterRef("dossier_id"), event_seq__lt=OuterRef("event_seq"),
    ).exclude(status=rules.SENT)
    due = (Message.objects.filter(status__in=(rules.QUEUED, rules.SENDING), next_attempt_at__lte=now)
           .filter(Q(consumer=rules.CONSUMER_NOTIFY) | ~Exists(earlier_unsent)))
    if consumers:
        due = due.filter(consumer__in=consumers)
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        ids = list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:batch])
        if not ids:
            return []
        Message.objects.filter(id__in=ids).update(status=rules.SENDING, attempts=F("attempts") + 1,
                                                  next_attempt_at=now + lease)
    return list(Message.objects.filter(id__in=ids).select_related(
        "dossier", "dossier__procedure", "dossier__competent_agency").order_by("id"))


def _local(value: str | None, *, sms: bool = False) -> str:
    if not value:
        return "—"
    pattern = "%H:%M %d/%m/%Y" if sms else "%H:%M ngày %d/%m/%Y"
    return timezone.localtime(datetime.fromisoformat(value)).strftime(pattern)


def context_of(message: Message) -> dict[str, str]:
    """The template's values, from the payload captured at the event."""
    p = message.payload or {}
    if message.topic == "digest":
        return {k: str(v) for k, v in p.items()}
    procedure = message.dossier.procedure.name if message.dossier_id else ""
    where = WHERE.get(str(p.get("return_method", "")), "—")
    if "{centre}" in where:
        centre = ServiceCentre.objects.filter(pk=p.get("return_centre_id")).values_list("name", flat=True).first()
        where = where.format(centre=centre or "Bộ phận Một cửa")
    missing = [str(m) for m in p.get("missing") or []]
    joined = "; ".join(missing) if message.channel == rules.SMS else "\n".join(f"- {m}" for m in missing)
    sms = message.channel == rules.SMS
    return {"code": str(p.get("code", "")), "procedure": procedure, "due": _local(p.get("due"), sms=sms),
            "until": _local(p.get("until"), sms=sms), "reason": str(p.get("reason") or "—"), "missing": joined or "—",
            "where": where}


def national_payload(message: Message) -> dict[str, Any]:
    p = message.payload or {}
    d = message.dossier
    return national_record(
        code=d.code, procedure_code=d.procedure.code, agency_id=d.competent_agency.electronic_id,
        province_code=d.province_code, commune_code=d.competent_commune_code, channel=int(p.get("channel", d.channel)),
        state=int(p["state"]), from_state=p.get("from_state"), action=str(p.get("action", "")),
        seq=int(message.event_seq or 0), at=str(p.get("at")), due=p.get("due"))


def deliver(message: Message, *, email: EmailSender, sms: SmsGateway) -> None:
    """Send one message on its channel; SendError when it did not go."""
    if message.consumer == rules.CONSUMER_DVCQG:
        push_dvcqg(national_payload(message), key=message.key)
        return
    subject, body = render(message.topic, message.template_version, message.channel, context_of(message))
    if message.channel == rules.EMAIL:
        email.send(key=message.key, to=message.recipient, subject=subject, body=body)
    elif message.channel == rules.SMS:
        sms.send(key=message.key, to=message.recipient, text=body)
    else:
        raise SendError(f"Kênh không hỗ trợ: {message.channel}")


def run_once(*, batch: int = 200, now: datetime | None = None, consumers: tuple[str, ...] | None = None,
             after_send: Callable[[Message], None] | None = None, sms: SmsGateway | None = None) -> RunResult:
    """One batch. `after_send` runs between a send and its mark (tests use it to crash there)."""
    now = now or timezone.now()
    result = RunResult()
    messages = claim(now=now, batch=batch, consumers=consumers)
    result.claimed = len(messages)
    max_attempts = int(getattr(settings, "LOCALGOV_OUTBOX_MAX_ATTEMPTS", rules.MAX_ATTEMPTS))
    base = _settings_float("LOCALGOV_OUTBOX_BACKOFF_SECONDS", rules.BACKOFF_BASE)
    email = EmailSender()
    gateway = sms or sms_gateway()
    blocked: set[int] = set()  # dossiers whose DVCQG message failed in this batch: later ones wait
    synced: set[int] = set()
    try:
        for message in messages:
            is_sync = message.consumer == rules.CONSUMER_DVCQG
            if is_sync and message.dossier_id in blocked:
                Message.objects.filter(pk=message.pk).update(status=rules.QUEUED, attempts=F("attempts") - 1,
                                                              next_attempt_at=now)
                continue
            try:
                deliver(message, email=email, sms=gateway)
            except SendError as exc:
                status = rules.after_failure(message.attempts, max_attempts)
                delay = timedelta(seconds=rules.backoff_seconds(message.attempts, base=base))
                Message.objects.filter(pk=message.pk).update(status=status, last_error=str(exc)[:1000],
                                                              next_attempt_at=now + delay)
                result.failed += status == rules.FAILED
                result.retried += status == rules.QUEUED
                result.errors.append(f"{message.key}: {exc}")
                if is_sync:
                    blocked.add(message.dossier_id)
                    synced.add(message.dossier_id)
                continue
            if after_send is not None:
                after_send(message)
            Message.objects.filter(pk=message.pk).update(status=rules.SENT, sent_at=timezone.now(), last_error="")
            result.sent += 1
            if is_sync:
                synced.add(message.dossier_id)
    finally:
        email.close()
        if synced:
            refresh_sync(sorted(synced), at=timezone.now())
    return result


def work(*, once: bool = False, batch: int = 200, idle_seconds: float = 2.0,
         log: Callable[[str], None] | None = None, stop: Callable[[], bool] | None = None) -> RunResult:
    """The loop: batches until nothing is due, then sleep `idle_seconds` (or return with `once`)."""
    total = RunResult()
    while True:
        result = run_once(batch=batch)
        for name in ("claimed", "sent", "retried", "failed"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        if log and result.claimed:
            log(f"claimed {result.claimed} sent {result.sent} retried {result.retried} failed {result.failed}")
        if stop is not None and stop():
            return total
        if not result.claimed:
            if once:
                return total
            time.sleep(idle_seconds)
