"""The event hash written field by field (`events.event_hash` / `event_hash_json`, used by the
services and the simulation's bulk path) equals its definition, the SHA-256 of the canonical
JSON of the whole body (`events.event_hash_reference`), for any content: every stored chain
stays verifiable. Pure (no database)."""

from __future__ import annotations

import enum
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from localgov.dossiers.events import (
    _CANONICAL,
    GENESIS,
    canonical,
    event_hash,
    event_hash_json,
    event_hash_reference,
    event_hasher,
    json_text,
    utc_stamp,
)


class _State(enum.IntEnum):
    NEW = 1
    ACCEPTED = 2


class _Action(enum.StrEnum):
    ACCEPT = "accept"


def _old_stamp(at: datetime) -> str:
    """utc_stamp as it was written before (field by field; strftime too from year 1000 on —
    glibc's %Y does not pad smaller years)."""
    u = at.astimezone(UTC)
    return (f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}"
            f".{u.microsecond:06d}Z")


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)  # control chars, quotes, Vietnamese
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-3, minutes=-30))])
INSTANTS = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
DATA = st.dictionaries(TEXT, st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)), max_leaves=8), max_size=5)
STATES = st.one_of(st.none(), st.integers(-5, 20), st.sampled_from(list(_State)))


@settings(max_examples=400, deadline=None)
@given(code=TEXT, seq=st.integers(1, 10**6), action=st.one_of(TEXT, st.just(_Action.ACCEPT)), from_state=STATES,
       to_state=STATES, actor_id=st.one_of(st.none(), st.integers(0, 2**40)), label=TEXT, at=INSTANTS, reason=TEXT,
       data=DATA, prev=st.one_of(st.just(GENESIS), st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)))
def test_event_hash_equals_definition(code: str, seq: int, action: str, from_state: Any, to_state: Any,
                                      actor_id: int | None, label: str, at: datetime, reason: str,
                                      data: dict[str, Any], prev: str) -> None:
    kwargs = {"dossier_code": code, "seq": seq, "action": action, "from_state": from_state, "to_state": to_state,
              "actor_id": actor_id, "actor_label": label, "at": at, "reason": reason, "prev_hash": prev}
    expected = event_hash_reference(**kwargs, data=data)
    assert event_hash(**kwargs, data=data) == expected
    assert event_hash_json(**kwargs, data_json=canonical(data)) == expected


@settings(max_examples=300, deadline=None)
@given(at=INSTANTS)
def test_utc_stamp_unchanged(at: datetime) -> None:
    assert utc_stamp(at) == _old_stamp(at)
    if at.astimezone(UTC).year >= 1000:
        assert utc_stamp(at) == at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def test_event_hash_known_value() -> None:
    """A fixed event: the digest every stored chain of this shape carries."""
    at = datetime(2025, 7, 1, 9, 30, 5, 123, tzinfo=timezone(timedelta(hours=7)))
    kwargs = {"dossier_code": "H12.34-250701-0001", "seq": 2, "action": "accept", "from_state": 1, "to_state": 2,
              "actor_id": None, "actor_label": "Hệ thống", "at": at, "reason": "", "prev_hash": GENESIS,
              "data": {"due_at": at.isoformat(), "calendar_version": "v1", "n": 1.5, "ok": True}}
    assert event_hash(**kwargs) == event_hash_reference(**kwargs)
    assert utc_stamp(at) == "2025-07-01T02:30:05.000123Z"


@settings(max_examples=400, deadline=None)
@given(code=TEXT, seq=st.integers(1, 10**6), action=st.one_of(TEXT, st.just(_Action.ACCEPT)),
       from_state=STATES, to_state=STATES, actor_id=st.one_of(st.none(), st.integers(0, 2**40)), label=TEXT,
       at=INSTANTS, reason=TEXT, data=DATA,
       prev=st.one_of(st.just(GENESIS), st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)))
def test_event_hasher_equals_definition(code: str, seq: int, action: str, from_state: Any, to_state: Any,
                                        actor_id: int | None, label: str, at: datetime, reason: str,
                                        data: dict[str, Any], prev: str) -> None:
    """The bulk writer's hasher (one actor, the code's JSON once per dossier) writes the same text."""
    expected = event_hash_reference(dossier_code=code, seq=seq, action=action, from_state=from_state,
                                    to_state=to_state, actor_id=actor_id, actor_label=label, at=at, reason=reason,
                                    data=data, prev_hash=prev)
    hash_event = event_hasher(actor_id=actor_id, actor_label=label)
    assert json_text(code) == canonical(code)
    assert hash_event(json_text(code), seq, action, from_state, to_state, at, reason, canonical(data), prev) == expected
    assert hash_event(json_text(code), seq, str(action), from_state, to_state, at, reason, canonical(data),
                      prev) == expected  # the action's text cached once, for the enum or its value


def _outcome(value: Any, encode: Any) -> Any:
    try:
        return encode(value)
    except Exception as exc:  # noqa: BLE001 - the exception is the outcome compared
        return type(exc), str(exc)


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(DATA, SCALARS, st.lists(SCALARS, max_size=3),
                       st.dictionaries(st.one_of(st.integers(), st.booleans(), st.none(), TEXT), SCALARS,
                                       max_size=4)))
def test_canonical_is_the_encoder(value: Any) -> None:
    """`canonical`'s direct use of the C encoder for dicts gives the encoder's own text or error."""
    assert _outcome(value, canonical) == _outcome(value, _CANONICAL.encode)


def test_canonical_odd_values_as_the_encoder() -> None:
    circular: dict[str, Any] = {}
    circular["self"] = circular
    for value in ({"d": datetime(2025, 7, 1, tzinfo=UTC)}, {"s": {1, 2}}, {(1, 2): 3}, {1: 2, "x": 3},
                  {"nan": float("nan"), "inf": float("-inf")}, circular, {"state": _State.NEW}):
        assert _outcome(value, canonical) == _outcome(value, _CANONICAL.encode)
