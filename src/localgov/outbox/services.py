"""Writes outside the event's transaction: each dossier's DVCQG sync status after the worker's
sends, an administrator's retry of stuck messages, and the officers' daily digest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import CLOCK_STATES
from localgov.outbox import rules
from localgov.outbox.models import DossierSync, Message


def refresh_sync(dossier_ids: Iterable[int], *, at: datetime) -> None:
    """Recompute each dossier's `DossierSync` from its DVCQG messages: the last acknowledged event,
    and "failed" if one gave up, "pending" if one waits, else "synced"."""
    ids = list(dossier_ids)
    if not ids:
        return
    rows = (Message.objects.filter(consumer=rules.CONSUMER_DVCQG, dossier_id__in=ids)
            .values("dossier_id", "status", "event_seq", "payload", "last_error", "province_code"))
    by: dict[int, list[dict]] = {}
    for row in rows:
        by.setdefault(row["dossier_id"], []).append(row)
    with transaction.atomic():
        for dossier_id, msgs in by.items():
            sent = [m for m in msgs if m["status"] == rules.SENT]
            last = max(sent, key=lambda m: m["event_seq"] or 0) if sent else None
            failed = [m for m in msgs if m["status"] == rules.FAILED]
            unsent = [m for m in msgs if m["status"] != rules.SENT]
            status = rules.SYNC_FAILED if failed else rules.SYNC_PENDING if unsent else rules.SYNC_SYNCED
            error = (failed or unsent or [{"last_error": ""}])[0]["last_error"] if status != rules.SYNC_SYNCED else ""
            DossierSync.objects.update_or_create(dossier_id=dossier_id, defaults={
                "province_code": msgs[0]["province_code"], "status": status,
                "synced_seq": (last["event_seq"] or 0) if last else 0,
                "synced_state": (last["payload"] or {}).get("state") if last else None,
                "synced_at": at if last else None, "last_error": error or ""})


def retry(message_ids: Iterable[int] | None = None, *, now: datetime | None = None) -> int:
    """Put failed messages back in the queue (all of them, or the given ones), attempts reset."""
    now = now or timezone.now()
    qs = Message.objects.filter(status=rules.FAILED)
    if message_ids is not None:
        qs = qs.filter(pk__in=list(message_ids))
    dossiers = set(qs.filter(consumer=rules.CONSUMER_DVCQG).values_list("dossier_id", flat=True))
    count = qs.update(status=rules.QUEUED, attempts=0, next_attempt_at=now)
    if dossiers:
        refresh_sync(dossiers, at=now)
    return count


def enqueue_digests(day: date, *, now: datetime | None = None) -> int:
    """The officers' daily digest for `day`: to each assignee with an e-mail, the dossiers in
    progress due `day + 1` and those already overdue. One message per officer and day (its key),
    so running it twice adds nothing."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=1)
    today = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    open_states = [int(s) for s in CLOCK_STATES]
    base = Dossier.objects.filter(state__in=open_states, assignee__isnull=False)
    due = base.filter(Q(extended_due_at__gte=start, extended_due_at__lt=end)
                      | Q(extended_due_at__isnull=True, due_at__gte=start, due_at__lt=end))
    overdue = base.filter(Q(extended_due_at__lt=today) | Q(extended_due_at__isnull=True, due_at__lt=today))
    lists: dict[int, tuple[list[str], list[str]]] = {}
    for uid, code in due.values_list("assignee_id", "code"):
        lists.setdefault(uid, ([], []))[0].append(code)
    for uid, code in overdue.values_list("assignee_id", "code"):
        lists.setdefault(uid, ([], []))[1].append(code)
    users = get_user_model().objects.filter(pk__in=list(lists)).exclude(email="").values_list("pk", "email")
    rows = []
    for uid, address in users:
        tomorrow, late = lists[uid]
        rows.append(Message(
            key=rules.digest_key(uid, day.isoformat()), consumer=rules.CONSUMER_NOTIFY, channel=rules.EMAIL,
            topic="digest", template_version="v1", recipient=address, status=rules.QUEUED,
            payload={"day": day.strftime("%d/%m/%Y"), "due_tomorrow": len(tomorrow), "overdue": len(late),
                     "due_list": "\n".join(f"- {c}" for c in sorted(tomorrow)[:200]) or "(không có)",
                     "overdue_list": "\n".join(f"- {c}" for c in sorted(late)[:200]) or "(không có)"},
            next_attempt_at=now, created_at=now))
    before = Message.objects.filter(topic="digest", key__in=[r.key for r in rows]).count()
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows) - before


def last_synced_seq(dossier_id: int) -> int:
    return Message.objects.filter(consumer=rules.CONSUMER_DVCQG, dossier_id=dossier_id,
                                  status=rules.SENT).aggregate(m=Max("event_seq"))["m"] or 0
