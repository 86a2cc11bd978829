"""Which deliveries a dossier event causes, their idempotency keys, and the retry schedule. Pure:
no Django import. The event hook (`outbox/enqueue.py`) and the simulator's bulk path
(`simulate/bulk_path.py`) both call `deliveries_for`, so the rule lives here only.

Applicant notifications (Decree 118/2025, docs/domain/decree-118-2025.md):

* receipt with the code and the appointment date — Art. 17(1)(c), 17(2)(c), 17(3) (Mẫu 01);
* supplement request, what is missing and until when — Art. 17(1)(c), Art. 19(5) (Mẫu 02);
* refusal with its reason — Art. 17(1)(c), Art. 19(3) (Mẫu 03);
* apology with the new date — Art. 19(6), Art. 12(5) (Mẫu 04: "tells the applicant (e-mail, SMS, phone)");
* the result ready, where and how to get it — Art. 22(3), 22(5);
* a stop or a withdrawal — Art. 21(1)-(2); Circular 03/2025 Art. 7 (Mẫu 05).

The creation and every change of state (and the apology's new date) also go to DVCQG (consumer
"dvcqg", channel "http", `syncs`):
Decree 118 Art. 21(3) (the information system keeps every status record) and the national portal's
synchronisation (docs/dvcqg-sync.md).
"""

from __future__ import annotations

from collections.abc import Iterable

CONSUMER_NOTIFY = "notify"
CONSUMER_DVCQG = "dvcqg"
CONSUMERS = (CONSUMER_NOTIFY, CONSUMER_DVCQG)

EMAIL = "email"
SMS = "sms"
HTTP = "http"
#: The applicant's channels, in the order they are offered.
APPLICANT_CHANNELS = (EMAIL, SMS)
CHANNELS = (EMAIL, SMS, HTTP)
CHANNEL_LABELS = {EMAIL: "Thư điện tử", SMS: "Tin nhắn SMS", HTTP: "DVCQG"}

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
STATUSES = (QUEUED, SENDING, SENT, FAILED)
STATUS_LABELS = {QUEUED: "Đang chờ gửi", SENDING: "Đang gửi", SENT: "Đã gửi", FAILED: "Gửi không thành công"}

SYNC_PENDING = "pending"
SYNC_SYNCED = "synced"
SYNC_FAILED = "failed"
SYNC_STATUSES = (SYNC_PENDING, SYNC_SYNCED, SYNC_FAILED)
SYNC_LABELS = {SYNC_PENDING: "Chờ đồng bộ", SYNC_SYNCED: "Đã đồng bộ", SYNC_FAILED: "Đồng bộ lỗi"}

#: Dossier action → the applicant notification's topic (the articles above).
TOPIC_OF_ACTION: dict[str, str] = {
    "accept": "receipt",
    "request_supplement": "supplement",
    "refuse": "refusal",
    "extend": "apology",
    "decide": "result",
    "stop": "stopped",
    "request_withdrawal": "withdrawal",
}
TOPIC_LABELS = {
    "receipt": "Tiếp nhận hồ sơ, hẹn trả kết quả",
    "supplement": "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Từ chối giải quyết hồ sơ",
    "apology": "Xin lỗi và hẹn lại ngày trả kết quả",
    "result": "Đã có kết quả giải quyết",
    "stopped": "Dừng giải quyết hồ sơ",
    "withdrawal": "Đã nhận yêu cầu rút hồ sơ",
    "digest": "Hồ sơ đến hạn, quá hạn",
    "sync": "Đồng bộ DVCQG",
}

#: Attempts before a delivery is marked failed (configurable: LOCALGOV_OUTBOX_MAX_ATTEMPTS).
MAX_ATTEMPTS = 6
#: First retry after BACKOFF_BASE seconds, doubling, never more than BACKOFF_CAP.
BACKOFF_BASE = 30.0
BACKOFF_CAP = 3600.0


def parse_channels(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The applicant's choice as a tuple in canonical order; unknown names raise ValueError."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    names = {str(i).strip().lower() for i in items if str(i).strip()}
    unknown = names - set(APPLICANT_CHANNELS)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return tuple(c for c in APPLICANT_CHANNELS if c in names)


def channels_text(channels: Iterable[str]) -> str:
    return ",".join(parse_channels(list(channels)))


def default_channels(*, email: str, phone: str) -> tuple[str, ...]:
    """When the applicant did not choose (the API before this field, the simulator): every
    channel they gave a contact for."""
    return tuple(c for c, v in ((EMAIL, email), (SMS, phone)) if v)


#: Actions the national portal is told of although the state stays: the new date of Mẫu 04.
SYNC_WITHOUT_STATE_CHANGE = frozenset({"extend"})


def syncs(action: str, from_state: int | None, to_state: int | None) -> bool:
    """Does DVCQG get this event? Its creation and every change of state (the national `TrangThai`),
    and the apology's new date; an internal step (assign to the same state, advance, rate) is not
    the national portal's business."""
    return from_state is None or from_state != to_state or action in SYNC_WITHOUT_STATE_CHANGE


def deliveries_for(action: str, *, channels: Iterable[str], is_bundle_member: bool,
                   from_state: int | None = None, to_state: int | None = None) -> list[tuple[str, str, str]]:
    """(consumer, channel, topic) for one event: a DVCQG record if `syncs`, and one applicant
    notification per chosen channel if the action notifies. A bundle member's applicant hears
    through the bundle's own dossier, never twice; the national portal gets every dossier."""
    out = [(CONSUMER_DVCQG, HTTP, "sync")] if syncs(action, from_state, to_state) else []
    topic = TOPIC_OF_ACTION.get(action)
    if topic and not is_bundle_member:
        chosen = parse_channels(list(channels))
        out.extend((CONSUMER_NOTIFY, ch, topic) for ch in chosen)
    return out


def idempotency_key(dossier_code: str, seq: int, consumer: str, channel: str) -> str:
    """One per event × consumer × channel: `{dossier code}#{event seq}/{consumer}/{channel}`."""
    return f"{dossier_code}#{seq}/{consumer}/{channel}"


def digest_key(user_id: int, day: str) -> str:
    return f"digest/{user_id}/{day}/{CONSUMER_NOTIFY}/{EMAIL}"


def backoff_seconds(attempts: int, *, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP) -> float:
    """Delay before the next try after `attempts` failed tries (1 → base, 2 → 2·base, …, ≤ cap)."""
    if attempts < 1:
        return 0.0
    return float(min(cap, base * 2 ** min(attempts - 1, 30)))


def after_failure(attempts: int, max_attempts: int = MAX_ATTEMPTS) -> str:
    """The status after the `attempts`-th failed try: queued again, or failed for good."""
    return FAILED if attempts >= max_attempts else QUEUED
