"""The event hash is the audit chain's contract: a faster implementation must give the very
hashes the stored chains were computed with. Reference: the original formula, spelled out."""

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from localgov.dossiers.events import canonical, event_hash, utc_stamp


def reference_hash(**kw) -> str:
    body = {"dossier": kw["dossier_code"], "seq": kw["seq"], "action": kw["action"], "from": kw["from_state"],
            "to": kw["to_state"], "actor_id": kw["actor_id"], "actor": kw["actor_label"],
            "at": kw["at"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "reason": kw["reason"],
            "data": kw["data"], "prev": kw["prev_hash"]}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.sampled_from([UTC, timezone(timedelta(hours=7)), timezone(timedelta(hours=-5))]))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                        max_size=3), max_leaves=8)


@given(at=moments, data=st.dictionaries(st.text(max_size=8), json_values, max_size=4),
       reason=st.text(max_size=20), seq=st.integers(1, 500), actor=st.none() | st.integers(1, 10**6))
def test_event_hash_equals_the_original_formula(at, data, reason, seq, actor):
    kw = {"dossier_code": "H01.01-250701-0001", "seq": seq, "action": "accept", "from_state": 1, "to_state": 2,
          "actor_id": actor, "actor_label": "Nguyễn Văn A", "at": at, "reason": reason, "data": data,
          "prev_hash": "0" * 64}
    assert event_hash(**kw) == reference_hash(**kw)


def test_event_hash_known_value():
    at = datetime(2025, 7, 1, 8, 30, tzinfo=timezone(timedelta(hours=7)))
    assert utc_stamp(at) == "2025-07-01T01:30:00.000000Z"
    assert canonical({"b": 1, "a": "ă"}) == '{"a":"ă","b":1}'
