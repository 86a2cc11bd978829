"""Identity check for refactors of the write side: a small simulation on a fresh SQLite file, then
md5 digests of what it wrote — the dossiers (every column but id, created_at, updated_at; and
secret_hash on the service path, whose receipt secrets are random by design), the
events (by dossier code and seq: every column but ids, hashes included), the documents, the
counters and the facts (base, rollups, due days). The same seed and period give the same digests
before and after a change that must not change behaviour.

    .venv/bin/python tools/sim_md5.py [--path bulk|service] [--scale 0.01] [--from 2025-07-01]
        [--to 2025-08-31] [--seed 7] [--db FILE: digest an existing SQLite file only]

Prints one JSON object (row counts and digests). Runs in about a minute at the defaults.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _digest(rows: list[tuple[object, ...]]) -> str:
    md5 = hashlib.md5()  # noqa: S324 - an identity digest, not security
    for row in rows:
        md5.update(repr(row).encode())
        md5.update(b"\n")
    return md5.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", choices=["bulk", "service"], default="bulk")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--from", dest="date_from", default="2025-07-01")
    parser.add_argument("--to", dest="date_to", default="2025-08-31")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="digest this SQLite file as it is (no simulation)")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="sim_md5_")
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db or tmp + '/sim.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import logging

    import django

    django.setup()
    logging.getLogger("localgov").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection

    from localgov.dossiers.audit import verify_chains
    from localgov.simulate import runner

    out: dict[str, object] = {"path": args.path, "scale": args.scale, "period": f"{args.date_from}..{args.date_to}",
                              "seed": args.seed, "db": os.environ["DATABASE_URL"]}
    if not args.db:
        call_command("migrate", verbosity=0)
        call_command("load", "all", stdout=open(os.devnull, "w"), verbosity=0)  # noqa: SIM115
        result = runner.run(date_from=date.fromisoformat(args.date_from), date_to=date.fromisoformat(args.date_to),
                            scale=args.scale, seed=args.seed, path=args.path)
        out.update({"n_dossiers": result.dossiers, "n_events": result.events})
    out["broken_chains"] = sum(1 for _ in verify_chains())
    skip_dossier = {"id", "created_at", "updated_at"} | ({"secret_hash"} if args.path == "service" else set())
    with connection.cursor() as cur:
        def columns(table: str, skip: set[str]) -> list[str]:
            cur.execute(f"SELECT * FROM {table} LIMIT 0")  # noqa: S608 - our table names
            return [c[0] for c in cur.description if c[0] not in skip]

        queries = {
            # the service path's receipt secrets come from `secrets` (random by design): their hashes differ
            "dossiers": (f"SELECT {', '.join(columns('dossiers_dossier', skip_dossier))}, "
                         "(SELECT p.code FROM dossiers_dossier p WHERE p.id = dossiers_dossier.parent_id) "
                         "FROM dossiers_dossier ORDER BY code"),
            "events": ("SELECT d.code, " + ", ".join(f"e.{c}" for c in columns("dossiers_dossierevent",
                                                                                {"id", "dossier_id"}))
                       + " FROM dossiers_dossierevent e JOIN dossiers_dossier d ON d.id = e.dossier_id "
                         "ORDER BY d.code, e.seq"),
            "event_hashes": ("SELECT d.code, e.seq, e.hash FROM dossiers_dossierevent e JOIN dossiers_dossier d "
                             "ON d.id = e.dossier_id ORDER BY d.code, e.seq"),
            "documents": ("SELECT d.code, " + ", ".join(f"x.{c}" for c in columns(
                "dossiers_dossierdocument", {"id", "dossier_id", "uploaded_at"}))
                          + " FROM dossiers_dossierdocument x JOIN dossiers_dossier d ON d.id = x.dossier_id "
                            "ORDER BY d.code, x.doc_code, x.id"),
            "counters": "SELECT prefix, day, value FROM dossiers_dossiercounter ORDER BY prefix, day",
        }
        from localgov.oversight.models import DueFact, DueRollup, Fact, FactRollup

        for model in (Fact, FactRollup, DueFact, DueRollup):
            table = model._meta.db_table
            cols = columns(table, {"id"})
            queries[table] = f"SELECT {', '.join(cols)} FROM {table} ORDER BY {', '.join(cols)}"  # noqa: S608
        for name, sql in queries.items():
            cur.execute(sql)
            rows = cur.fetchall()
            out[name] = f"{len(rows)} rows md5 {_digest(rows)}"
        cur.execute("SELECT COUNT(*) FROM dossiers_dossier WHERE bundle_id IS NOT NULL")
        out["bundle_rows"] = cur.fetchone()[0]
    print(json.dumps(out, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
