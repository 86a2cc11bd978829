"""The outbox rows of one dossier event, written in the event's own transaction: a
`dossiers/hooks.py` listener (`on_dossier_event`, registered in `apps.py`), so every event —
submission, transition, a bundle's member — passes here once, and a rolled-back event leaves no
row. The simulator's bulk path builds the same rows with `rows_for` (no second copy of the rule,
which is `rules.deliveries_for`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from localgov.core.errors import ValidationFailed
from localgov.core.prepared import execute as prepared_execute
from localgov.core.prepared import prepared_cursor
from localgov.dossiers.workflow import SUPPLEMENT_CLOSE_DAYS
from localgov.outbox import rules
from localgov.outbox.messages_vi import CURRENT
from localgov.outbox.models import Message, NotificationChoice


def enabled() -> bool:
    """LOCALGOV_OUTBOX (default on): off only to measure what the outbox costs (bench/)."""
    return bool(getattr(settings, "LOCALGOV_OUTBOX", True))


def _iso(value: Any) -> str | None:
    """An instant in UTC (the same text whatever zone the caller's datetime carries)."""
    return value.astimezone(UTC).isoformat() if value is not None else None


def payload_of(dossier: Any, action: str, at: datetime, reason: str, data: dict[str, Any], *,
               to_state: int) -> dict[str, Any]:
    """What the templates and the national portal need from this event, captured now. Read from
    the event where it differs from the dossier as finally written (the bulk path builds a
    dossier's whole life before its rows): the state it moved to, the Mẫu 01 appointment for the
    receipt, the Mẫu 04 date for the apology."""
    out: dict[str, Any] = {"code": dossier.code, "procedure_id": dossier.procedure_id, "action": action,
                           "at": _iso(at), "state": int(to_state), "channel": int(dossier.channel)}
    if action == "accept":
        due = dossier.first_due_at or dossier.due_at
    elif action == "extend":
        due = dossier.extended_due_at
    else:
        due = dossier.extended_due_at or dossier.due_at
    if due is not None:
        out["due"] = _iso(due)
    if action == "request_supplement":
        out["missing"] = list(data.get("missing") or dossier.supplement_missing or [])
        # Decree 118 Art. 19(5): closed after 15 days without the supplement.
        out["until"] = _iso(at + timedelta(days=SUPPLEMENT_CLOSE_DAYS))
    if reason:
        out["reason"] = reason
    if action == "decide":
        out["return_method"] = dossier.return_method
        out["return_centre_id"] = dossier.return_centre_id
    return out


def recipient_of(dossier: Any, channel: str) -> str:
    if channel == rules.EMAIL:
        return str(dossier.applicant_email or "")
    if channel == rules.SMS:
        return str(dossier.applicant_phone or "")
    return ""


def rows_for(dossier: Any, *, seq: int, action: str, from_state: int | None, to_state: int, at: datetime,
             reason: str, data: dict[str, Any], channels: tuple[str, ...] | list[str], now: datetime) -> list[Message]:
    """The unsaved outbox rows of one event (`rules.deliveries_for`), for the hook and the bulk path."""
    out: list[Message] = []
    payload: dict[str, Any] | None = None
    for consumer, channel, topic in rules.deliveries_for(action, channels=channels, from_state=from_state,
                                                         to_state=to_state,
                                                         is_bundle_member=dossier.parent_id is not None):
        if payload is None:
            payload = payload_of(dossier, action, at, reason, data, to_state=to_state)
            payload["from_state"] = from_state
            payload["seq"] = seq
        recipient = recipient_of(dossier, channel)
        if consumer == rules.CONSUMER_NOTIFY and not recipient:
            continue  # chose a channel without giving its contact: nothing to send to
        out.append(Message(
            key=rules.idempotency_key(dossier.code, seq, consumer, channel), consumer=consumer, channel=channel,
            topic=topic, template_version=_template_version(topic) if consumer == rules.CONSUMER_NOTIFY else "",
            dossier_id=getattr(dossier, "id", None), province_code=dossier.province_code, event_seq=seq,
            recipient=recipient,
            payload=payload, status=rules.QUEUED, next_attempt_at=now, created_at=at,
        ))
    return out


def _template_version(topic: str) -> str:
    return CURRENT[topic]


def chosen_channels(dossier: Any, value: Any) -> tuple[str, ...]:
    """The choice made when filing, checked: known channels, each with its contact given."""
    try:
        channels = rules.parse_channels(value if isinstance(value, (str, list, tuple)) else None)
    except ValueError as exc:
        raise ValidationFailed("Kênh nhận thông báo không hợp lệ.",
                               fields={"notify_channels": [f"Không hỗ trợ: {exc}. Chọn email hoặc sms."]}) from None
    problems = []
    if rules.EMAIL in channels and not dossier.applicant_email:
        problems.append("Nhập thư điện tử để nhận thông báo qua thư điện tử.")
    if rules.SMS in channels and not dossier.applicant_phone:
        problems.append("Nhập số điện thoại để nhận thông báo qua tin nhắn SMS.")
    if problems:
        raise ValidationFailed(problems[0], fields={"notify_channels": problems})
    return channels


#: (dossier id, code) → its channels: the choice never changes after the submission, so a process
#: remembers the ones it committed (bounded) instead of reading them again at each notifying event.
_CHOICES: dict[tuple[int, str], str] = {}
_CHOICES_MAX = 100_000


def _remember(key: tuple[int, str], channels: str) -> None:
    if len(_CHOICES) >= _CHOICES_MAX:
        _CHOICES.clear()
    _CHOICES[key] = channels


def channels_of(dossier: Any, event_data: dict[str, Any]) -> tuple[str, ...]:
    """The applicant's choice: from the submission's event, else its stored row, else every channel
    they gave a contact for (`rules.default_channels`)."""
    if "notify" in event_data:
        return chosen_channels(dossier, event_data["notify"])
    stored = _CHOICES.get((dossier.pk, dossier.code))
    if stored is None:
        stored = NotificationChoice.objects.filter(dossier_id=dossier.pk).values_list("channels", flat=True).first()
    if stored is not None:
        return rules.parse_channels(stored)
    return rules.default_channels(email=dossier.applicant_email, phone=dossier.applicant_phone)


def on_dossier_event(dossier: Any, event: Any, before: dict[str, Any]) -> None:
    """`hooks.register` listener: the event's outbox rows, in its transaction."""
    if not enabled():
        return
    data = event.data or {}
    action = str(event.action)
    channels: tuple[str, ...] = ()
    if action == "submit":
        channels = channels_of(dossier, data)
        text = rules.channels_text(channels)
        NotificationChoice.objects.create(dossier_id=dossier.pk, channels=text)
        key = (dossier.pk, dossier.code)
        transaction.on_commit(lambda: _remember(key, text))
    elif action in rules.TOPIC_OF_ACTION and dossier.parent_id is None:
        channels = channels_of(dossier, {})
    rows = rows_for(dossier, seq=event.seq, action=action, from_state=event.from_state, to_state=event.to_state,
                    at=event.at,
                    reason=event.reason or "", data=data, channels=channels, now=timezone.now())
    if rows:
        insert(rows)


_COLUMNS = ("key", "consumer", "channel", "topic", "template_version", "dossier_id", "province_code", "event_seq",
            "recipient", "payload", "status", "attempts", "next_attempt_at", "last_error", "created_at")


@cache
def _insert_sql(n: int, postgres: bool) -> str:
    """One fixed INSERT of `n` rows (1 to 3 in an event: the record and the chosen channels), so
    PostgreSQL prepares it once per connection, like the transition's own statements."""
    one = "(" + ", ".join("CAST(%s AS jsonb)" if postgres and c == "payload" else "%s" for c in _COLUMNS) + ")"
    return (f"INSERT INTO {Message._meta.db_table} ({', '.join(_COLUMNS)}) VALUES "  # noqa: S608 - our names
            + ", ".join([one] * n))


def insert(rows: list[Message]) -> None:
    """The event's rows in one prepared statement (`access.prepared`): the ORM's bulk_create cost
    as much CPU as half a transition (bench/RESULTS.md, "Outbox")."""
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = []
    for m in rows:
        params.extend((m.key, m.consumer, m.channel, m.topic, m.template_version, m.dossier_id, m.province_code,
                       m.event_seq, m.recipient, json.dumps(m.payload, ensure_ascii=False), m.status, m.attempts,
                       adapt(m.next_attempt_at), "", adapt(m.created_at)))
    with prepared_cursor(connection) as cursor:
        prepared_execute(cursor, _insert_sql(len(rows), connection.vendor == "postgresql"), params)


def rows_for_event_row(d: Any, ev: list[Any], now: datetime) -> list[Message]:
    """The simulator's bulk path (`simulate/bulk_path.py`): the outbox rows of one event row
    (DossierEvent's column order: id, dossier, province, seq, action, from, to, actor, label, at,
    reason, data, …) of a dossier built in memory. The applicant's channels are every contact
    given (`rules.default_channels`), as `channels_of` decides for a dossier without a choice."""
    action = str(ev[4])
    channels: tuple[str, ...] = ()
    if action in rules.TOPIC_OF_ACTION and d.parent_id is None:
        channels = rules.default_channels(email=d.applicant_email, phone=d.applicant_phone)
    return rows_for(d, seq=ev[3], action=action, from_state=ev[5], to_state=ev[6], at=ev[9], reason=ev[10] or "",
                    data=ev[11] or {}, channels=channels, now=now)
