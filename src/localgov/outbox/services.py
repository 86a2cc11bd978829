"""Writes outside the event's transaction: each dossier's DVCQG sync status after the worker's
sends, an administrator's retry of stuck messages, and the officers' daily digest."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
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


def settle_simulated(*, date_from: date, date_to: date, rates: dict, now: datetime | None = None) -> dict[str, int]:
    """The simulated quarter's deliveries, as if the worker had run through it: each queued message
    of a simulated event is sent when its event happened, or failed after every try with the
    reason the assumptions give (`simulate/data/assumptions.toml` [notifications]); the latest
    `queued_hours` stay queued for the real worker. Which messages fail is a fixed draw on the id,
    so a run is reproducible. Then every touched dossier's DVCQG sync status."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, datetime.min.time(), tzinfo=tz)
    end = min(datetime.combine(date_to + timedelta(days=1), datetime.min.time(), tzinfo=tz),
              now) - timedelta(hours=float(rates.get("queued_hours", 2)))
    qs = Message.objects.filter(status=rules.QUEUED, created_at__gte=start, created_at__lt=end,
                                dossier__isnull=False)
    max_attempts = int(rules.MAX_ATTEMPTS)
    out = {"failed": 0}
    shares = {(c, ch): float(rates.get(f"{name}_failed", 0)) for c, ch, name in _SIMULATED}
    reasons = {(c, ch): str(rates.get(f"{name}_reason", "mô phỏng")) for c, ch, name in _SIMULATED}
    failing: dict[tuple[str, str], list[int]] = {k: [] for k in shares}
    for pk, key, consumer, channel in qs.values_list("id", "key", "consumer", "channel").iterator(chunk_size=20000):
        share = shares.get((consumer, channel), 0.0)
        # a draw fixed by the key (the same message fails in every run of the same seed, either path)
        if share and zlib.crc32(key.encode()) % 100000 < share * 100000:
            failing[(consumer, channel)].append(pk)
    with transaction.atomic():
        for k, ids in failing.items():
            for i in range(0, len(ids), 2000):
                out["failed"] += Message.objects.filter(pk__in=ids[i:i + 2000]).update(
                    status=rules.FAILED, attempts=max_attempts, next_attempt_at=now, last_error=reasons[k])
        out["sent"] = qs.update(status=rules.SENT, attempts=1, sent_at=F("created_at"))
    touched = (Message.objects.filter(consumer=rules.CONSUMER_DVCQG, created_at__gte=start, dossier__isnull=False)
               .values_list("dossier_id", flat=True).distinct())
    refresh_sync_bulk(touched, at=now)
    return out


_SIMULATED = ((rules.CONSUMER_NOTIFY, rules.EMAIL, "email"), (rules.CONSUMER_NOTIFY, rules.SMS, "sms"),
              (rules.CONSUMER_DVCQG, rules.HTTP, "dvcqg"))


def refresh_sync_bulk(dossier_ids: Iterable[int] | QuerySet, *, at: datetime) -> int:
    """`refresh_sync` for many dossiers in a few statements (the simulation)."""
    rows = (Message.objects.filter(consumer=rules.CONSUMER_DVCQG, dossier_id__in=dossier_ids)
            .values("dossier_id", "province_code")
            .annotate(last=Max("event_seq", filter=Q(status=rules.SENT)),
                      failed=Count("id", filter=Q(status=rules.FAILED)),
                      unsent=Count("id", filter=~Q(status=rules.SENT)),
                      error=Max("last_error", filter=Q(status=rules.FAILED)))
            .order_by())
    objs = []
    for r in rows.iterator(chunk_size=5000):
        status = rules.SYNC_FAILED if r["failed"] else rules.SYNC_PENDING if r["unsent"] else rules.SYNC_SYNCED
        objs.append(DossierSync(dossier_id=r["dossier_id"], province_code=r["province_code"], status=status,
                                synced_seq=r["last"] or 0, synced_state=None, synced_at=at if r["last"] else None,
                                last_error=r["error"] or ""))
    DossierSync.objects.bulk_create(objs, batch_size=2000, update_conflicts=True, unique_fields=["dossier"],
                                    update_fields=["status", "synced_seq", "synced_at", "last_error"])
    # the national state of the last acknowledged event
    _fill_synced_states([o.dossier_id for o in objs if o.synced_seq])
    return len(objs)


def _fill_synced_states(dossier_ids: list[int]) -> None:
    for i in range(0, len(dossier_ids), 2000):
        chunk = dossier_ids[i:i + 2000]
        sub = Message.objects.filter(consumer=rules.CONSUMER_DVCQG, dossier_id=OuterRef("dossier_id"),
                                     event_seq=OuterRef("synced_seq")).values("payload__state")[:1]
        DossierSync.objects.filter(dossier_id__in=chunk).update(synced_state=Cast(Subquery(sub), IntegerField()))
