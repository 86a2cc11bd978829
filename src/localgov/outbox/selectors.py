"""Reads: a dossier's notifications (the tracking page), its DVCQG sync status (also for the
reconciliation report), and the stuck list for administrators. Recipients are masked here
(`access/personal_data.py`): no page or CLI shows an address in full."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from localgov.access.personal_data import mask_email, mask_phone
from localgov.outbox import rules
from localgov.outbox.models import DossierSync, Message


def masked_recipient(message: Message) -> str:
    if message.channel == rules.EMAIL:
        return mask_email(message.recipient)
    if message.channel == rules.SMS:
        return mask_phone(message.recipient)
    return "DVCQG"


@dataclass(frozen=True)
class NotificationLine:
    at: datetime
    topic: str
    topic_label: str
    channel_label: str
    recipient: str  # masked
    status: str
    status_label: str
    sent_at: datetime | None
    attempts: int


def notifications_of(dossier: Any) -> list[NotificationLine]:
    """Every notification to the applicant of `dossier` (its bundle's included), oldest first."""
    qs = Message.objects.filter(dossier_id=dossier.pk, consumer=rules.CONSUMER_NOTIFY).order_by("event_seq", "id")
    return [NotificationLine(at=m.created_at, topic=m.topic, topic_label=rules.TOPIC_LABELS.get(m.topic, m.topic),
                             channel_label=rules.CHANNEL_LABELS[m.channel], recipient=masked_recipient(m),
                             status=m.status, status_label=rules.STATUS_LABELS[m.status], sent_at=m.sent_at,
                             attempts=m.attempts) for m in qs]


def sync_status(dossier: Any) -> str:
    """"pending" (no row yet: nothing acknowledged), "synced" or "failed"."""
    row = DossierSync.objects.filter(dossier_id=dossier.pk).values_list("status", flat=True).first()
    return row or rules.SYNC_PENDING


def sync_rows(province_code: str | None = None) -> QuerySet[DossierSync]:
    qs = DossierSync.objects.all()
    return qs.filter(province_code=province_code) if province_code else qs


def stuck(*, now: datetime | None = None, older_than: timedelta = timedelta(minutes=15),
          province_code: str | None = None, limit: int = 500) -> list[Message]:
    """Messages that gave up (failed), or still not sent `older_than` after their event, or claimed
    by a worker whose lease ran out: what an administrator must look at."""
    now = now or timezone.now()
    qs = Message.objects.filter(
        Q(status=rules.FAILED)
        | Q(status__in=(rules.QUEUED, rules.SENDING), created_at__lt=now - older_than, attempts__gt=0)
        | Q(status=rules.SENDING, next_attempt_at__lt=now))
    if province_code:
        qs = qs.filter(province_code=province_code)
    return list(qs.select_related("dossier").order_by("status", "created_at", "id")[:limit])


def counts() -> dict[str, dict[str, int]]:
    """Messages by consumer and status (the stuck page's header)."""
    out: dict[str, dict[str, int]] = {c: dict.fromkeys(rules.STATUSES, 0) for c in rules.CONSUMERS}
    for consumer, status, n in _grouped():
        out[consumer][status] = n
    return out


def _grouped() -> list[tuple[str, str, int]]:
    return [(r["consumer"], r["status"], r["n"]) for r in
            Message.objects.values("consumer", "status").annotate(n=Count("id")).order_by()]
