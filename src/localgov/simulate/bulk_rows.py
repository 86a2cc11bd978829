"""The bulk path's dossier in memory and its event rows: what `bulk_path.BulkWriter` builds and
`bulk_bundles` moves through the bundle rules, kept as the database would give it back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from localgov.access.policy import SYSTEM
from localgov.dossiers.events import chain, event_hasher
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State

DOSSIER_FIELDS = [f for f in Dossier._meta.concrete_fields]
DOSSIER_ATTS = tuple(f.attname for f in DOSSIER_FIELDS)
#: Datetime fields come back from the database in UTC; the in-memory dossier is kept the same
#: way after every step, so e.g. `d.due_at.isoformat()` in event data matches the service path.
DATETIME_FIELDS = tuple(f.attname for f in DOSSIER_FIELDS if f.get_internal_type() == "DateTimeField"
                        and f.attname not in ("created_at", "updated_at"))
_MUTABLE_DEFAULTS = ("form_data", "supplement_missing")
_DEFAULTS = {f.attname: f.get_default() for f in DOSSIER_FIELDS if f.attname not in _MUTABLE_DEFAULTS}
#: The event hash for the SYSTEM actor, with its constant pieces of text written once.
HASH_EVENT = event_hasher(actor_id=SYSTEM.user_id, actor_label=SYSTEM.label)
SYSTEM_ID, SYSTEM_LABEL = SYSTEM.user_id, SYSTEM.label
NEW = int(State.NEW)


class SimDossier:
    """A dossier in memory: the attributes of `Dossier` (attnames) and its procedure — what the
    shared rules (`transitions`, `services.calendar_of`) read — without the cost of a model instance.
    Its attributes live in a plain `__dict__`: a copy of the defaults (one C-level copy rather
    than growing the instance's dict key by key), then the values, set as the instance's dict."""

    def __init__(self, **values: Any) -> None:
        attrs = _DEFAULTS.copy()
        attrs["form_data"] = {}
        attrs["supplement_missing"] = []
        attrs.update(values)
        self.__dict__ = attrs


def as_stored(d: SimDossier) -> None:
    """The dossier's instants as reading it back from the database gives them (UTC)."""
    attrs = d.__dict__
    for name in DATETIME_FIELDS:
        value = attrs[name]
        if value is not None and value.tzinfo is not UTC:
            attrs[name] = value.astimezone(UTC)


def append_event(d: SimDossier, events: list[list[Any]], code_json: str, action: str, from_state: int | None,
                 to_state: int, at: datetime, reason: str, payload: dict[str, Any], data_json: str) -> None:
    """`services.append_event` for the SYSTEM actor, producing a row instead of a model: the next
    link of the chain (`events.chain`). `code_json` is the dossier code as JSON text
    (`json_text(d.code)`, once per dossier); `data_json` the payload's canonical JSON — hashed, and
    on PostgreSQL also the text COPY sends to the jsonb column."""
    seq, prev, digest = chain(d, HASH_EVENT, code_json, action, from_state, to_state, at, reason, data_json)
    # column order of DossierEvent: id, dossier_id, province, seq, action, from, to, actor_id, label, at,
    # reason, data, prev_hash, hash (the id and dossier id are filled when written), then the data's
    # canonical JSON (not a column: `_flush` puts it in place of the data on PostgreSQL, drops it on SQLite)
    events.append([None, d, d.province_code, seq, action, from_state, to_state, SYSTEM_ID, SYSTEM_LABEL, at,
                   reason, payload, prev, digest, data_json])
