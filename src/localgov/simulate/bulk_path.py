"""The bulk path: apply the same plans in memory with the same pure rules — each step through
`transitions.apply` (the state machine, the clocks, the event's data: what `services.transition`
applies), bundles through `bundle_rules.Bundle` (`bulk_bundles.py`), the event chain through
`events.chain` with the one hasher — and the submission's own numbering, fingerprint and field
normalisation; then write dossiers, events and documents in batches: `executemany` on SQLite,
`COPY` on PostgreSQL, with ids allocated by the writer (blocks reserved from the identity
sequences on PostgreSQL, so several writers can load in parallel; SQLite has one writer).

The oversight facts are computed here too, from the events in memory, with the one rule for
them (`facts_rules.deltas`, fed by `oversight.facts.dossier_input` exactly as
`oversight.facts.rebuild` feeds it: the dossier as written), summed per fact key and added with
`oversight.facts.add_base_facts`; the runner then rebuilds the rollups and the due-day histogram
set-based (`oversight.facts.refresh_after_bulk`). `tests/simulate/test_simulate_bulk_facts.py`
proves these facts equal `oversight.facts.rebuild()` on the same data.

`tests/simulate/test_simulate_equivalence.py` proves the two paths write the same dossiers,
events (hashes included), documents, counters and facts.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from operator import attrgetter
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from psycopg.adapt import Dumper
from psycopg.pq import Format

from localgov.catalog.models import Procedure
from localgov.dossiers import clock, transitions
from localgov.dossiers.events import canonical, json_text, json_value
from localgov.dossiers.models import Dossier, DossierCounter, DossierDocument, DossierEvent
from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.dossiers.services import calendar_of
from localgov.dossiers.submission import SECRET_ALPHABET, SECRET_LENGTH, fingerprint_fast, secret_hasher
from localgov.dossiers.validation import normalise_phone
from localgov.dossiers.workflow import Action
from localgov.outbox import enqueue as outbox_enqueue
from localgov.outbox.models import Message as OutboxMessage
from localgov.oversight import facts as oversight_facts
from localgov.simulate import bulk_bundles, bulk_keys
from localgov.simulate.bulk_rows import DOSSIER_ATTS, DOSSIER_FIELDS, NEW, SimDossier, append_event, as_stored
from localgov.simulate.planner import DossierPlan
from localgov.simulate.service_path import submit_input

#: `Action(value)` as a dict lookup: the enum's `__call__` was a top cost per step
_ACTIONS: dict[str, Action] = {a.value: a for a in Action}
_SUBMIT = Action.SUBMIT.value
EVENT_COLUMNS = tuple(f.column for f in DossierEvent._meta.concrete_fields)
DOCUMENT_COLUMNS = tuple(f.column for f in DossierDocument._meta.concrete_fields)


_ALPHABET_SIZE = float(len(SECRET_ALPHABET))  # `choices` draws with the size as a float


def _phone(phone: str) -> str:
    """`normalise_phone(phone)`, skipped for what it leaves unchanged: digits only (nothing to strip)
    starting with 0 (no +84 / 84 prefix to rewrite) — every simulated number."""
    if phone.isdigit() and phone[0] == "0":
        return phone
    return normalise_phone(phone) if phone else ""


#: The column values of a dossier row, in `DOSSIER_ATTS` order (one C-level call per dossier).
_ROW = attrgetter(*DOSSIER_ATTS)


class _BulkEnv(transitions.Env):
    """What a transition reads besides the dossier, in the bulk writer: the run's calendars, the
    bundles' totals from their plans; every step is the SYSTEM actor's (an approver)."""

    def __init__(self, writer: BulkWriter) -> None:
        self.calendar = writer.calendar_of  # type: ignore[method-assign]
        self.bundle_totals = writer.bundle_deadlines

    def bundle_deadline(self, d: Any) -> clock.Deadline:
        return self.bundle_totals[d.bundle_id]


def submit_data_json(channel: Any, agency: Any, centre: Any) -> str:
    """`canonical({"channel": channel, "agency": agency, "received_centre_id": centre})` (the submit
    event's data), written field by field: keys sorted, each value as the encoder writes it
    (`events.json_value`). Same text (tests/simulate/test_simulate_submit_data_json.py)."""
    return (f'{{"agency":{json_value(agency)},"channel":{json_value(channel)},'
            f'"received_centre_id":{json_value(centre)}}}')


class BulkWriter:
    def __init__(self, *, agencies: dict[tuple[str, str, str], tuple[int, str]], centre_commune: dict[int, str | None],
                 run_id: int, seed: int, facts: bool = True, stream: str = "") -> None:
        self.agencies = agencies
        #: fact key → summed deltas of the events built since the last write (None: facts off)
        self.facts: dict[oversight_facts.Key, dict[str, float]] | None = {} if facts else None
        self.tz = timezone.get_current_timezone()  # the dossier code's day (routing.next_code)
        self.centre_commune = centre_commune
        self.run_id = run_id
        # receipt secrets: random by design (only their hash is stored); one stream per writer
        self.secrets = random.Random(f"{seed}:secrets{stream}")
        self.hash_secret = secret_hasher()  # `hash_secret`, its keyed state built once
        self.side: Any = None  # PostgreSQL: a second connection that reserves blocks of ids
        #: PostgreSQL: may this connection check foreign keys per batch (`bulk_keys`)? None: not asked yet
        self.batch_keys: bool | None = None if SET_BASED_KEYS else False
        #: due key → open dossiers written since the last `write` (the due-day histogram; facts on only)
        self.due: dict[oversight_facts.DueKey, int] = {}
        self.procedures = {p.code: p for p in Procedure.objects.all()}
        #: bundle id → its total period (the plans' `BundleSpec.deadline`), for `transitions.deadline_of`
        self.bundle_deadlines: dict[int, clock.Deadline] = {}
        self.counters: dict[tuple[str, str], int] = {}
        #: members of the bundles built since the last write, whose parent_id the write fills in
        self.bundle_children: list[SimDossier] = []
        self.dirty: set[tuple[str, str]] = set()  # counters this writer moved (the only ones it saves)
        self.loaded_days: set[str] = set()
        #: calendar version → calendar (`services.calendar_of`), fixed for the run as in the planner
        self.calendars: dict[str, Any] = {}
        #: local day → its "YYMMDD" (the dossier code's day)
        self.day_codes: dict[date, str] = {}
        self.env = _BulkEnv(self)
        #: the outbox rows of the events built since the last write, with their dossier (its id is
        #: known at the write); None: the outbox is off (`outbox.enqueue.enabled`)
        self.outbox: list[tuple[SimDossier, Any]] | None = [] if outbox_enqueue.enabled() else None

    # --- numbering (routing.next_code, in memory) -----------------------------------------
    def calendar_of(self, d: SimDossier) -> Any:
        """`services.calendar_of(d)`, looked up once per calendar version: the calendar cannot
        change during a run (the planner holds one for the whole run too)."""
        cal = self.calendars.get(d.calendar_version)
        if cal is None:
            cal = self.calendars[d.calendar_version] = calendar_of(d)
        return cal

    def next_code(self, prefix: str, at: datetime) -> str:
        local = at.astimezone(self.tz).date()  # timezone.localtime(at), without the lookup of the zone
        day = self.day_codes.get(local)
        if day is None:
            day = self.day_codes[local] = local.strftime("%y%m%d")
        if day not in self.loaded_days:
            self.loaded_days.add(day)
            for p, v in DossierCounter.objects.filter(day=day).values_list("prefix", "value"):
                self.counters[(p, day)] = v
        value = self.counters.get((prefix, day), 0) + 1
        self.counters[(prefix, day)] = value
        self.dirty.add((prefix, day))
        return f"{prefix}-{day}-{value:04d}"

    def _secret(self) -> str:
        """`"".join(self.secrets.choices(SECRET_ALPHABET, k=SECRET_LENGTH))` with `choices`'s own
        draw inlined (`population[floor(random() * n)]`): the same characters from the same stream
        (`int` truncates as `floor` rounds for the product, which is in [0, n))."""
        draw = self.secrets.random
        return "".join([SECRET_ALPHABET[int(draw() * _ALPHABET_SIZE)] for _ in range(SECRET_LENGTH)])

    def _hash_secret(self, secret: str) -> str:
        """`submission.hash_secret(secret)` (no settings lookup and key set-up per dossier)."""
        return self.hash_secret(secret)

    # --- submission (submission.submit, in memory) --------------------------------------------
    def submit(self, plan: DossierPlan, events: list[list[Any]], docs: list[list[Any]]) -> SimDossier:
        data = submit_input(plan, self.run_id)
        procedure = self.procedures[plan.procedure.code]  # a bundle's: its first member's (submission.submit)
        province = plan.commune.province_code
        bundle = plan.bundle
        kind = procedure.competent_agency_kind if bundle is None else bundle.members[0].agency_kind
        agency_pk, agency_eid = self.agencies[(kind, province, plan.commune.code if kind in COMMUNE_AGENCY_KINDS
                                               else "")]
        centre = plan.received_centre_id
        at = plan.submit_at
        applicant = data.applicant
        channel = plan.channel  # int(data.channel): the plan's code, of which data.channel is the enum
        d = SimDossier(
            code=self.next_code(agency_eid, at), province_code=province, procedure=procedure,
            procedure_id=procedure.pk, bundle_id=bundle.pk if bundle else None, state=NEW, channel=channel,
            received_centre_id=centre,
            received_province_code=province if centre else "",
            received_commune_code=self.centre_commune.get(centre) if centre else None,
            competent_agency_id=agency_pk, competent_commune_code=plan.commune.code,
            return_method=data.return_method.value,
            return_centre_id=(data.return_centre_id or centre) if plan.return_method == "centre" else None,
            return_address=data.return_address.strip(), applicant_user_id=None,
            applicant_name=" ".join(applicant.name.split()), applicant_id_number=applicant.id_number.strip(),
            applicant_phone=_phone(applicant.phone),
            applicant_email=applicant.email.strip(), applicant_address=applicant.address.strip(),
            secret_hash=self._hash_secret(self._secret()), form_data=data.form_data, submitted_at=at,
            idempotency_key=None, request_fingerprint=fingerprint_fast(data),
        )
        # the data's canonical JSON written field by field (`submit_data_json`)
        append_event(d, events, json_text(d.code), _SUBMIT, None, NEW, at, "",
                      {"channel": channel, "agency": agency_eid, "received_centre_id": centre},
                      submit_data_json(channel, agency_eid, centre))
        for code in data.presented_documents:
            # column order of DossierDocument: id, dossier_id, province, doc_code, name, file, original_name,
            # content_type, size, sha256, is_supplement, presented_on_paper, uploaded_at
            docs.append([None, d, province, code, code, "", "", "", 0, "", False, True, None])
        as_stored(d)
        return d

    def build(self, plan: DossierPlan, events: list[list[Any]], docs: list[list[Any]]) -> SimDossier | list[SimDossier]:
        """The dossier of `plan` with its events, documents and facts; a bundle's parent and
        members (`bulk_bundles.build`)."""
        if plan.bundle is not None:
            return bulk_bundles.build(self, plan, events, docs)
        first = len(events)
        d = self.submit(plan, events, docs)
        code_json = json_text(d.code)
        env, apply = self.env, transitions.apply
        for step in plan.steps:
            name = step.action
            before, after, reason, data = apply(d, _ACTIONS[name], step.at, step.args, env)
            append_event(d, events, code_json, name, before, after, step.at, reason, data,
                          canonical(data) if data else "{}")
            as_stored(d)
        if self.facts is not None:
            self.add_facts(d, events, first)
        return d

    def add_facts(self, d: SimDossier, events: list[list[Any]], first: int) -> None:
        """The fact deltas of the dossier's events, read as `oversight.facts.rebuild` reads them:
        against the dossier as written (the `full` input serves every action: the fields it adds
        are read only by `submit` and `decide`)."""
        # the calendar `facts._calendar(d.calendar_version)` returns (`services.calendar_of(d)`: the same
        # lookup), from the run's cache when there (None: looked up there)
        d_in = oversight_facts.dossier_input(d, calendar=self.calendar_of(d))
        acc = self.facts
        assert acc is not None
        event_fact = oversight_facts.event_fact
        for ev in events[first:]:
            fact = event_fact(d, d_in, ev[4], ev[5], ev[6], ev[11], ev[9])
            if fact is None:
                continue
            key, delta = fact
            row = acc.get(key)
            if row is None:
                acc[key] = dict(delta)
            else:
                for c, v in delta.items():
                    row[c] = row.get(c, 0) + v

    # --- writing ----------------------------------------------------------------------------
    def write(self, plans: Iterable[DossierPlan], batch: int = 5000) -> tuple[int, int]:
        """Build and insert (the caller holds the transaction); returns (dossiers, events)."""
        dossiers: list[SimDossier] = []
        events: list[list[Any]] = []
        docs: list[list[Any]] = []
        n_d = n_e = 0
        outbox = self.outbox
        for plan in plans:
            first = len(events)
            built = self.build(plan, events, docs)
            if outbox is not None:  # the same rule as the event hook's (outbox/enqueue.py)
                now = timezone.now()
                outbox.extend((ev[1], m) for ev in events[first:] for m in outbox_enqueue.rows_for_event_row(
                    ev[1], ev, now))
            if type(built) is list:
                dossiers.extend(built)
            else:
                dossiers.append(built)
            if len(dossiers) >= batch:
                n_d, n_e = n_d + len(dossiers), n_e + len(events)
                self._flush(dossiers, events, docs)
                dossiers, events, docs = [], [], []
        n_d, n_e = n_d + len(dossiers), n_e + len(events)
        self._flush(dossiers, events, docs)
        self._save_counters()
        if self.facts:
            oversight_facts.add_base_facts(self.facts.items())
            self.facts = {}
        if self.due:
            oversight_facts.add_due(self.due.items())
            self.due = {}
        return n_d, n_e

    def _count_due(self, dossiers: list[SimDossier]) -> None:
        """Each dossier as written (its whole planned life is built) in its due-day bucket, as
        the live hook's moves would have left it (`oversight.facts.due_key`)."""
        due = self.due
        for d in dossiers:
            key = oversight_facts.due_key(d)
            if key is not None:
                due[key] = due.get(key, 0) + 1

    def _flush(self, dossiers: list[SimDossier], events: list[list[Any]], docs: list[list[Any]]) -> None:
        if not dossiers:
            return
        if self.facts is not None:
            self._count_due(dossiers)
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cur:
            pg = connection.vendor == "postgresql"
            tables = [m._meta.db_table for m in (Dossier, DossierEvent, DossierDocument)]
            first = []
            for table, n in zip(tables, (len(dossiers), len(events), len(docs)), strict=True):
                if pg:
                    first.append(self._reserve_ids(table, n))
                    continue
                # SQLite has one writer. A bare MAX(id) uses SQLite's min/max optimisation
                # (COALESCE would scan the table).
                cur.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - our table names
                first.append((cur.fetchone()[0] or 0) + 1)
            for i, d in enumerate(dossiers):
                d.id = first[0] + i
                d.created_at = now
                d.updated_at = d.updated_at or now
            for child in self.bundle_children:  # written in the same batch as its parent (`write`)
                child.parent_id = child.bundle_parent.id
            self.bundle_children = []
            for i, ev in enumerate(events):
                ev[0], ev[1] = first[1] + i, ev[1].id
                data_json = ev.pop()
                if pg:  # jsonb: the canonical text is the same value as the dict's JSON
                    ev[11] = data_json
            for i, doc in enumerate(docs):
                doc[0], doc[1], doc[-1] = first[2] + i, doc[1].id, now
            rows = [list(_ROW(d)) for d in dossiers]
            columns = [tuple(f.column for f in DOSSIER_FIELDS), EVENT_COLUMNS, DOCUMENT_COLUMNS]
            relaxed = pg and self._relax_keys(cur, tables)
            for table, cols, data in zip(tables, columns, (rows, events, docs), strict=True):
                _insert(cur, table, cols, data, pg=pg)
            if self.outbox:
                for d, message in self.outbox:
                    message.dossier_id = d.id
                OutboxMessage.objects.bulk_create([m for _, m in self.outbox], batch_size=2000)
                self.outbox = []
            if relaxed:
                bulk_keys.restore(cur)
                counts = (len(dossiers), len(events), len(docs))
                bulk_keys.check(cur, KEYS, {t: (f, f + n - 1) for t, f, n in zip(tables, first, counts, strict=True)
                                            if n})

    def _relax_keys(self, cur: Any, tables: list[str]) -> bool:
        """Row-by-row foreign-key triggers off for this batch's COPYs (`bulk_keys.relax`); the
        first batch finds out whether this connection may, the next ones reuse the answer."""
        if self.batch_keys is False:
            return False
        if self.batch_keys is None:
            self.batch_keys = bulk_keys.relax(cur, tables)
            return self.batch_keys
        bulk_keys.off(cur)
        return True

    def _reserve_ids(self, table: str, n: int) -> int:
        """PostgreSQL: reserve `n` consecutive ids of `table`'s identity sequence and return the
        first. The sequence's step is set to `n` for one `nextval` and back to 1; ALTER SEQUENCE
        locks out every other `nextval` until its transaction ends, so concurrent writers — other
        simulation workers, live requests — never get an id of the block. It runs on a second
        connection, in a short transaction of its own, so that no lock is held while the block's
        rows are written — unless this connection's transaction already holds a lock on the
        sequence (it inserted rows the ordinary way, e.g. the service path in the same
        transaction): the second connection would wait for it forever, so the reservation is
        then made in this transaction."""
        if n == 0:
            return 1
        with connection.cursor() as cur:
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cur.fetchone()[0]
            cur.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND "
                        "relation = %s::regclass)", [seq])
            if cur.fetchone()[0]:
                return _reserve(cur.cursor, seq, n)
        if self.side is None:
            self.side = connection.get_new_connection(connection.get_connection_params())
            self.side.autocommit = True
        with self.side.transaction():
            return _reserve(self.side.cursor(), seq, n)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None

    def _save_counters(self) -> None:
        keys = sorted(self.dirty)
        self.dirty = set()
        if keys and connection.vendor == "postgresql":
            # what the bulk_create below does, in one statement over three arrays (no model instances)
            with connection.cursor() as cur:
                cur.execute(f"INSERT INTO {DossierCounter._meta.db_table} (prefix, day, value) "  # noqa: S608
                            "SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::integer[]) "
                            "ON CONFLICT (prefix, day) DO UPDATE SET value = excluded.value",
                            [[p for p, _ in keys], [day for _, day in keys], [self.counters[k] for k in keys]])
        elif keys:
            rows = [DossierCounter(prefix=p, day=day, value=self.counters[(p, day)]) for p, day in keys]
            DossierCounter.objects.bulk_create(rows, batch_size=2000, update_conflicts=True,
                                               unique_fields=["prefix", "day"], update_fields=["value"])
        # Days already written are final (the plan is day by day): keep memory flat.
        today = max(self.loaded_days) if self.loaded_days else None
        self.counters = {k: v for k, v in self.counters.items() if k[1] == today}
        self.loaded_days = {today} if today else set()




def _sqlite_datetime(value: datetime | None) -> str | None:
    # as Django's SQLite backend stores an aware datetime: naive UTC, str()
    return None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(value, ensure_ascii=False) does
_SIMULATION_FORM = {"simulation": True}
_SIMULATION_FORM_JSON = _ENCODE(_SIMULATION_FORM)


def _json(value: Any) -> str:
    if not value:
        return "[]" if isinstance(value, list) else _ENCODE(value)
    if value == _SIMULATION_FORM:
        return _SIMULATION_FORM_JSON
    return _ENCODE(value)


def _converters(table: str, pg: bool) -> list[tuple[int, Callable[[Any], Any]]]:
    """(column index, converter) for the columns that need one: JSON (except the events' data on
    PostgreSQL, already canonical JSON text — `_flush`), datetimes on SQLite."""
    model = {m._meta.db_table: m for m in (Dossier, DossierEvent, DossierDocument)}[table]
    out: list[tuple[int, Callable[[Any], Any]]] = []
    for i, f in enumerate(model._meta.concrete_fields):
        kind = f.get_internal_type()
        if kind == "JSONField" and pg and model is DossierEvent and f.attname == "data":
            continue
        if kind == "JSONField":
            out.append((i, _json))
        elif kind == "DateTimeField" and not pg:
            out.append((i, _sqlite_datetime))
    return out


def _reserve(cur: Any, seq: str, n: int) -> int:
    """`n` consecutive values of sequence `seq` (see `BulkWriter._reserve_ids`); the first."""
    cur.execute(f"ALTER SEQUENCE {seq} INCREMENT BY {int(n)}")
    cur.execute(f"SELECT is_called FROM {seq}")  # noqa: S608 - a sequence name from the catalogue
    if not cur.fetchone()[0]:
        cur.execute("SELECT nextval(%s)", [seq])  # the first nextval returns the start value
    cur.execute("SELECT nextval(%s)", [seq])
    last = cur.fetchone()[0]
    cur.execute(f"ALTER SEQUENCE {seq} INCREMENT BY 1")
    return last - n + 1


#: PostgreSQL: foreign keys checked once per batch and key instead of by a trigger per row, where
#: the role may (`bulk_keys`; bench/copy_floor.py). False: row triggers.
SET_BASED_KEYS = True
KEYS = bulk_keys.foreign_keys((Dossier, DossierEvent, DossierDocument))

#: PostgreSQL's built-in oid of jsonb (pg_type.dat)
JSONB_OID = 3802

_COPY_TYPES: dict[tuple[str, tuple[str, ...]], list[str]] = {}
#: COPY in PostgreSQL's binary format: the server reads timestamps, integers and floats as they
#: are instead of parsing their text, and psycopg's C dumpers write them without formatting text
#: (bench/RESULTS.md, "Simulation").
COPY_BINARY = True


class _JsonTextBinary(Dumper):
    """jsonb in COPY's binary format from text that already is JSON (`_json`, `canonical`): the
    format's version byte and the text. Registered by oid only, on the COPY's cursor."""

    format = Format.BINARY
    oid = JSONB_OID

    def dump(self, obj: Any) -> bytes:
        return b"\x01" + obj.encode()


def _copy_types(cur: Any, table: str, columns: tuple[str, ...]) -> list[str]:
    """The PostgreSQL type of each column, for `Copy.set_types`: psycopg then dumps every value
    with the column's dumper instead of looking one up per value (half the client CPU of a
    dossier row). JSON columns carry the text `_json` made: sent as text in COPY's text format,
    as jsonb through `_JsonTextBinary` in the binary format."""
    key = (table, columns)
    if key not in _COPY_TYPES:
        cur.execute("SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                    "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped", [table])
        types = dict(cur.fetchall())
        _COPY_TYPES[key] = [("text" if not COPY_BINARY else types[c]) if types[c] in ("json", "jsonb") else types[c]
                            for c in columns]
    return _COPY_TYPES[key]


def _insert(cur: Any, table: str, columns: tuple[str, ...], rows: list[list[Any]], *, pg: bool) -> None:
    if not rows:
        return
    for i, convert in _converters(table, pg):
        for row in rows:
            row[i] = convert(row[i])
    cols = ", ".join(f'"{c}"' for c in columns)
    if pg:
        types = _copy_types(cur, table, columns)  # before the COPY: no other query while it runs
        options = ""
        if COPY_BINARY:
            if "json" in types:
                raise ValueError(f"{table}: a json (not jsonb) column needs COPY's text format")
            cur.cursor.adapters.register_dumper(None, _JsonTextBinary)  # this cursor only
            options = " (FORMAT BINARY)"
        with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN{options}") as copy:  # noqa: S608 - our names
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608 - our table names
