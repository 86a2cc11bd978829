"""What the fault drill (bench/fault_drill.py) checks once the load has stopped and everything
has been restarted — in a process with Django set up on the drill's database.

`check(acks, prefix)` takes the clients' log of acknowledged answers (each 2xx: a submission with
its Idempotency-Key, code and version; a transition with the code, the version it produced and
the action) and the prefix of every Idempotency-Key the drill used, and returns a `Findings`:

* every acknowledged submission is present, under its key, with the acknowledged code, once
  (the applicant's address carries the key too, so a duplicate written under another key or
  none would be counted);
* every acknowledged transition is the event of that dossier at that version, with that action;
* nothing is half written, acknowledged or not: each drill dossier's events are seq 1..n with
  n = its version = its event count, their actions the drill's path in order (a transition
  applied twice would break the order), the dossier's state the last event's target and its
  last hash the last event's hash; its documents are all there, each file on disk with the
  recorded SHA-256;
* the code counters: per agency and day, how many numbers were handed out and not used (a
  gap is no loss — see docs/reliability.md);
* `facts_snapshot()` — every non-zero row of the four fact tables — is what the drill compares
  before and after `localgov facts rebuild`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":  # bench/calendar.py would shadow the standard library's `calendar`
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import hashlib  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Iterable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

#: The drill's path for every dossier: submit, then the 7 transitions of bench/transitions.py.
PATH = ("submit", "accept", "assign", "advance", "advance", "advance", "decide", "return_result")


@dataclass
class Findings:
    dossiers: int = 0
    events: int = 0
    documents: int = 0
    acked_submissions: int = 0
    acked_transitions: int = 0
    #: committed although the client never saw the 2xx (found by its retry: a replay or a 409)
    unacked_dossiers: int = 0
    unacked_events: int = 0
    counter_numbers: int = 0
    counter_gaps: int = 0
    #: files under MEDIA_ROOT/dossiers that no document row names (written, then rolled back)
    orphan_files: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        if len(self.problems) < 200:
            self.problems.append(problem)
        elif len(self.problems) == 200:
            self.problems.append("… (more problems not listed)")


def check(acks: Iterable[dict[str, Any]], prefix: str, *, check_files: bool = True) -> Findings:
    from localgov.dossiers.models import Dossier, DossierDocument, DossierEvent

    found = Findings()
    submits: dict[str, dict[str, Any]] = {}
    transitions: list[dict[str, Any]] = []
    for row in acks:
        if row["kind"] == "submit":
            earlier = submits.get(row["key"])
            if earlier and earlier["code"] != row["code"]:
                found.add(f"key {row['key']}: acknowledged as {earlier['code']} and as {row['code']}")
            submits[row["key"]] = row
        elif row["kind"] == "transition":
            transitions.append(row)
    found.acked_submissions = len(submits)
    found.acked_transitions = len(transitions)

    rows = list(Dossier.objects.filter(idempotency_key__startswith=prefix).values(
        "id", "code", "idempotency_key", "version", "event_count", "state", "last_event_hash", "applicant_address"))
    found.dossiers = len(rows)
    by_key = {r["idempotency_key"]: r for r in rows}
    by_code = {r["code"]: r for r in rows}
    by_id = {r["id"]: r for r in rows}

    # Acknowledged submissions: there, under the acknowledged code, exactly once.
    for key, ack in submits.items():
        row = by_key.get(key)
        if row is None:
            found.add(f"LOST submission {key} (acknowledged as {ack['code']})")
        elif row["code"] != ack["code"]:
            found.add(f"submission {key}: acknowledged as {ack['code']}, stored as {row['code']}")
    addresses: dict[str, int] = defaultdict(int)
    for r in Dossier.objects.filter(applicant_address__startswith=f"drill {prefix}").values_list(
            "applicant_address", flat=True):
        addresses[r] += 1
    for address, n in addresses.items():
        if n > 1:
            found.add(f"DUPLICATE: {n} dossiers for «{address}»")
    for r in rows:
        if r["applicant_address"] != f"drill {r['idempotency_key']}":
            found.add(f"{r['code']}: address {r['applicant_address']!r} does not carry its key")
    found.unacked_dossiers = sum(1 for key in by_key if key not in submits)

    # Each drill dossier whole: its chain of events complete and in the drill's order.
    events: dict[int, list[tuple[int, str, int, str]]] = defaultdict(list)
    for dossier_id, seq, action, to_state, digest in (
            DossierEvent.objects.filter(dossier_id__in=list(by_id)).order_by("dossier_id", "seq")
            .values_list("dossier_id", "seq", "action", "to_state", "hash").iterator(chunk_size=5000)):
        events[dossier_id].append((seq, action, to_state, digest))
    for r in rows:
        chain = events.get(r["id"], [])
        found.events += len(chain)
        n = len(chain)
        if [e[0] for e in chain] != list(range(1, n + 1)):
            found.add(f"HALF-WRITTEN {r['code']}: event seqs {[e[0] for e in chain]}")
            continue
        if not (n == r["version"] == r["event_count"]):
            found.add(f"HALF-WRITTEN {r['code']}: {n} events, version {r['version']}, event_count {r['event_count']}")
        if tuple(e[1] for e in chain) != PATH[:n]:
            found.add(f"{r['code']}: actions {[e[1] for e in chain]} are not the drill's path (applied twice?)")
        if n and (chain[-1][2] != r["state"] or chain[-1][3] != r["last_event_hash"]):
            found.add(f"HALF-WRITTEN {r['code']}: state/last hash differ from its last event")

    # Acknowledged transitions: the event at that version, with that action.
    acked_events: set[tuple[str, int]] = set()
    for t in transitions:
        row = by_code.get(t["code"])
        chain = events.get(row["id"], []) if row else []
        version = int(t["version"])
        acked_events.add((t["code"], version))
        if not row:
            found.add(f"LOST transition {t['action']} of {t['code']} (no such drill dossier)")
        elif version > len(chain) or chain[version - 1][1] != t["action"]:
            found.add(f"LOST transition {t['action']} → v{version} of {t['code']} ({len(chain)} events stored)")
    found.unacked_events = sum(
        1 for r in rows for seq in range(2, len(events.get(r["id"], [])) + 1) if (r["code"], seq) not in acked_events)

    # Documents: the rows of each dossier, each file whole on disk.
    docs = DossierDocument.objects.filter(dossier_id__in=list(by_id)).values_list("dossier_id", "file", "sha256")
    per_dossier: dict[int, int] = defaultdict(int)
    for dossier_id, name, digest in docs.iterator(chunk_size=5000):
        found.documents += 1
        per_dossier[dossier_id] += 1
        if check_files and name:
            problem = _file_problem(name, digest)
            if problem:
                found.add(f"{by_id[dossier_id]['code']}: document {name} {problem}")
    counts = set(per_dossier.values())
    if len(per_dossier) != len(rows) or len(counts) > 1:
        found.add(f"documents per dossier differ: {sorted(counts)} over {len(per_dossier)} of {len(rows)} dossiers")

    found.counter_numbers, found.counter_gaps = counter_gaps({r["code"] for r in rows})
    found.orphan_files = orphan_files()
    return found


def orphan_files() -> int:
    """Document files on disk that no row names: a submission writes its files before its
    transaction commits, so one interrupted after that leaves its files behind (no row, no
    dossier: garbage, not a half-written dossier)."""
    from django.conf import settings

    from localgov.dossiers.models import DossierDocument

    root = Path(settings.MEDIA_ROOT)
    on_disk = {str(p.relative_to(root)) for p in (root / "dossiers").rglob("*") if p.is_file()} \
        if (root / "dossiers").is_dir() else set()
    named = set(DossierDocument.objects.exclude(file="").values_list("file", flat=True))
    return len(on_disk - named)


def _file_problem(name: str, digest: str) -> str | None:
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(name, "rb") as f:
            actual = hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return "missing on disk"
    return None if actual == digest else "differs from its SHA-256"


def counter_gaps(codes: set[str]) -> tuple[int, int]:
    """(numbers handed out, numbers not used) by the code counters of the agencies and days of
    `codes` — every dossier of those counters counted, not only these."""
    from localgov.dossiers.models import Dossier, DossierCounter

    keys = {tuple(c.rsplit("-", 2)[:2]) for c in codes}
    issued = gaps = 0
    for prefix, day in keys:
        value = DossierCounter.objects.filter(prefix=prefix, day=day).values_list("value", flat=True).first() or 0
        used = Dossier.objects.filter(code__startswith=f"{prefix}-{day}-").count()
        issued += value
        gaps += value - used
    return issued, gaps


def facts_snapshot() -> dict[str, set[tuple[Any, ...]]]:
    """Every non-zero row of the fact tables (without ids; floats rounded): comparable sets."""
    from localgov.oversight.facts_rules import COUNTERS
    from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup

    def rows(model: Any, key: list[str], values: list[str]) -> set[tuple[Any, ...]]:
        out = set()
        for r in model.objects.values(*key, *values).iterator(chunk_size=5000):
            vals = tuple(round(float(r[v]), 3) for v in values)
            if any(vals):
                out.add((*(str(r[k]) for k in key), *vals))
        return out

    counters = list(COUNTERS)
    return {
        "fact": rows(Fact, ["province_code", "commune_code", "procedure_id", "day", "channel"], counters),
        "rollup": rows(FactRollup, ["grain", "scope", "bucket", "province_code", "commune_code", "procedure_id",
                                    "channel"], counters),
        "due": rows(DueFact, ["province_code", "commune_code", "procedure_id", "channel", "due_day"], ["open_count"]),
        "due_rollup": rows(DueRollup, ["grain", "bucket", "province_code", "procedure_id"], ["open_count"]),
    }


def facts_difference(before: dict[str, set[tuple[Any, ...]]], after: dict[str, set[tuple[Any, ...]]]
                     ) -> list[str]:
    """Rows only live / only rebuilt, per table (empty: identical)."""
    out = []
    for table in before:
        live_only, rebuilt_only = before[table] - after[table], after[table] - before[table]
        if live_only or rebuilt_only:
            out.append(f"{table}: {len(live_only)} rows only live (e.g. {sorted(live_only)[:2]}), "
                       f"{len(rebuilt_only)} only rebuilt (e.g. {sorted(rebuilt_only)[:2]})")
    return out


def main(argv: list[str]) -> None:
    """For the drill's check of a restored copy, in a process of its own on DATABASE_URL:
    `facts-digest` (SHA-256 of `facts_snapshot()`), `keys PREFIX` (the drill's Idempotency-Keys)."""
    import json
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import django

    django.setup()
    if argv[0] == "facts-digest":
        snap = facts_snapshot()
        print(hashlib.sha256(repr({k: sorted(v) for k, v in snap.items()}).encode()).hexdigest())
    elif argv[0] == "keys":
        from localgov.dossiers.models import Dossier

        print(json.dumps(list(Dossier.objects.filter(idempotency_key__startswith=argv[1])
                              .values_list("idempotency_key", flat=True))))


if __name__ == "__main__":
    main(sys.argv[1:])
