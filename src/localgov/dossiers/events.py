"""The tamper-evident event chain (docs/adr/0002-event-chain-and-optimistic-locking.md).

Each event's hash covers its content and the previous event's hash; the first event of a
dossier chains to a fixed genesis value. `verify_chain()` recomputes one chain and names its
first broken link; `dossiers/audit.py` runs it over the database (`localgov audit verify`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from json.encoder import encode_basestring  # the C one when available (what the encoder uses)
from typing import Any

GENESIS = "0" * 64


#: One encoder for every hash (json.dumps with these options would build a new one per call).
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


_c_make_encoder: Any
try:
    from _json import make_encoder as _c_make_encoder  # what JSONEncoder.iterencode uses in one shot
except ImportError:  # pragma: no cover - CPython has it
    _c_make_encoder = None
#: `_CANONICAL`'s settings in the order the C encoder takes them after the markers (json.encoder.iterencode)
_C_ENCODER_ARGS = (_CANONICAL.default, encode_basestring, None, _CANONICAL.key_separator,
                   _CANONICAL.item_separator, _CANONICAL.sort_keys, _CANONICAL.skipkeys, _CANONICAL.allow_nan)


def canonical(value: Any) -> str:
    if value.__class__ is dict and _c_make_encoder is not None:
        # What `_CANONICAL.encode(value)` does for a dict — `iterencode(value, _one_shot=True)`
        # with the C encoder and a fresh circular-reference marker dict, joined — without its
        # Python-level frames (every event hashes one; tests/simulate/test_simulate_event_hash.py).
        return "".join(_c_make_encoder({}, *_C_ENCODER_ARGS)(value, 0))
    return _CANONICAL.encode(value)


#: A string as the canonical encoder writes it: `canonical(text)` for a str (what the encoder
#: calls for one), without the encoder's Python-level entry.
json_text: Callable[[str], str] = encode_basestring


def utc_stamp(at: datetime) -> str:
    """`at` in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ — the form every stored hash was computed
    with, the text of `strftime("%Y-%m-%dT%H:%M:%S.%fZ")`; `isoformat` with the microseconds
    always written gives the same text, zero-padded year included, and costs less."""
    # "+00:00" (what isoformat writes for UTC) cut off: no naive copy of the datetime to make
    return at.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _number(value: Any) -> str:
    """An optional integer as the canonical encoder writes it (anything else: the encoder)."""
    if value is None:
        return "null"
    if value.__class__ is int or (isinstance(value, int) and not isinstance(value, bool)):
        return int.__repr__(value)
    return canonical(value)


def _text(value: Any) -> str:
    """A string as the canonical encoder writes it (anything else: the encoder)."""
    return encode_basestring(value) if isinstance(value, str) else canonical(value)


def json_value(value: Any) -> str:
    """`value` as the canonical encoder writes it inside a container: an exact str, None or an
    exact int written here, anything else by `canonical` (the same text at the top level)."""
    cls = value.__class__
    if cls is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if cls is int:
        return int.__repr__(value)
    return canonical(value)


def event_hasher(*, actor_id: int | None, actor_label: str) -> Callable[
        [str, int, str, int | None, int, datetime, str, str, str], str]:
    """The event hash for one actor, as a function of the other fields, positional:
    `(dossier_json, seq, action, from_state, to_state, at, reason, data_json, prev_hash)` where
    `dossier_json` is the code already in canonical form (`json_text(code)`: once per dossier for a
    writer that hashes all its events) and `data_json` the data's (`canonical(data)`). The one
    writing of the hashed text: SHA-256 of the canonical JSON of the body — keys sorted, no spaces,
    strings escaped by the encoder's own `encode_basestring` — written field by field, which is
    exactly `canonical(body)` without building and sorting a dict per event
    (tests/simulate/test_simulate_event_hash.py). The actor's pieces of text are written once."""
    actor = f'"actor":{_text(actor_label)},"actor_id":{_number(actor_id)},"at":"'
    actions: dict[str, str] = {}  # action → its JSON text (a handful of names)
    sha256 = hashlib.sha256

    def hash_event(dossier_json: str, seq: int, action: str, from_state: int | None, to_state: int, at: datetime,
                   reason: str, data_json: str, prev_hash: str) -> str:
        action_json = actions.get(action)
        if action_json is None:
            action_json = actions[action] = _text(action)
        # an exact int formats as `_number` writes it (int.__repr__), an exact str as `_text` does
        # (encode_basestring); anything else goes through them. `utc_stamp(at)` inline: the UTC
        # isoformat with "+00:00" cut and "Z" written after it
        text = (f'{{"action":{action_json},{actor}{at.astimezone(UTC).isoformat(timespec="microseconds")[:-6]}Z",'
                f'"data":{data_json},"dossier":{dossier_json},'
                f'"from":{from_state if from_state.__class__ is int else _number(from_state)},'
                f'"prev":{encode_basestring(prev_hash) if prev_hash.__class__ is str else _text(prev_hash)},'
                f'"reason":{encode_basestring(reason) if reason.__class__ is str else _text(reason)},'
                f'"seq":{seq if seq.__class__ is int else _number(seq)},'
                f'"to":{to_state if to_state.__class__ is int else _number(to_state)}}}')
        return sha256(text.encode()).hexdigest()

    return hash_event


#: `event_hasher` per actor, kept (the service path's actors are few; the bulk path's one).
hasher_for = lru_cache(maxsize=1024)(lambda actor_id, actor_label: event_hasher(actor_id=actor_id,
                                                                                 actor_label=actor_label))


def event_hash_json(
    *, dossier_code: str, seq: int, action: str, from_state: int | None, to_state: int, actor_id: int | None,
    actor_label: str, at: datetime, reason: str, data_json: str, prev_hash: str,
) -> str:
    """`event_hash` with the event data already in canonical form (`canonical(data)`)."""
    return hasher_for(actor_id, actor_label)(_text(dossier_code), seq, action, from_state, to_state, at, reason,
                                             data_json, prev_hash)


def chain(d: Any, hash_event: Callable[[str, int, str, int | None, int, datetime, str, str, str], str],
          dossier_json: str, action: str, from_state: int | None, to_state: int, at: datetime, reason: str,
          data_json: str) -> tuple[int, str, str]:
    """The next link of `d`'s chain: its seq (one more than the events so far), the previous hash
    (the genesis value for the first event) and the event's hash (`hash_event`, an
    `event_hasher`); advances the dossier's chain head. Returns (seq, prev_hash, hash)."""
    seq = d.event_count + 1
    prev = d.last_event_hash or GENESIS
    digest = hash_event(dossier_json, seq, action, from_state, to_state, at, reason, data_json, prev)
    d.event_count = seq
    d.last_event_hash = digest
    return seq, prev, digest


def event_hash(
    *, dossier_code: str, seq: int, action: str, from_state: int | None, to_state: int, actor_id: int | None,
    actor_label: str, at: datetime, reason: str, data: dict[str, Any], prev_hash: str,
) -> str:
    """SHA-256 of the canonical JSON of the event's content and the previous event's hash."""
    return event_hash_json(dossier_code=dossier_code, seq=seq, action=action, from_state=from_state,
                           to_state=to_state, actor_id=actor_id, actor_label=actor_label, at=at, reason=reason,
                           data_json=canonical(data), prev_hash=prev_hash)


def event_hash_reference(
    *, dossier_code: str, seq: int, action: str, from_state: int | None, to_state: int, actor_id: int | None,
    actor_label: str, at: datetime, reason: str, data: dict[str, Any], prev_hash: str,
) -> str:
    """The definition: SHA-256 of `canonical` of the whole body as a dict (kept for the tests
    that prove `event_hash` equal to it)."""
    body = {
        "dossier": dossier_code,
        "seq": seq,
        "action": action,
        "from": from_state,
        "to": to_state,
        "actor_id": actor_id,
        "actor": actor_label,
        "at": utc_stamp(at),
        "reason": reason,
        "data": data,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(body).encode()).hexdigest()


@dataclass(frozen=True)
class BrokenLink:
    dossier_code: str
    seq: int
    event_id: int
    problem: str

    def __str__(self) -> str:
        return f"{self.dossier_code} sự kiện #{self.seq} (id {self.event_id}): {self.problem}"


def verify_chain(dossier_code: str, events: list[dict[str, Any]], last_hash: str, count: int) -> BrokenLink | None:
    """Check one dossier's events (dicts ordered by seq). None if intact."""
    prev = GENESIS
    for expected_seq, ev in enumerate(events, start=1):
        if ev["seq"] != expected_seq:
            return BrokenLink(dossier_code, expected_seq, ev["id"], "thiếu sự kiện hoặc sai thứ tự")
        if ev["prev_hash"] != prev:
            return BrokenLink(dossier_code, ev["seq"], ev["id"], "không khớp mã băm của sự kiện trước")
        recomputed = event_hash(
            dossier_code=dossier_code, seq=ev["seq"], action=ev["action"], from_state=ev["from_state"],
            to_state=ev["to_state"], actor_id=ev["actor_id"], actor_label=ev["actor_label"], at=ev["at"],
            reason=ev["reason"], data=ev["data"], prev_hash=ev["prev_hash"],
        )
        if recomputed != ev["hash"]:
            return BrokenLink(dossier_code, ev["seq"], ev["id"], "nội dung sự kiện đã bị sửa")
        prev = ev["hash"]
    if len(events) != count:
        return BrokenLink(dossier_code, len(events) + 1, 0, f"hồ sơ ghi {count} sự kiện nhưng chỉ còn {len(events)}")
    if events and last_hash != prev:
        return BrokenLink(dossier_code, len(events), events[-1]["id"], "sự kiện cuối không khớp với hồ sơ")
    return None
