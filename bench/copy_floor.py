"""Benchmark: the PostgreSQL server's floor for loading simulated dossiers — the server CPU of
replaying the exact rows a simulation wrote (dossiers, events, documents) with COPY, and nothing
else: no planning, no Python, no facts. It bounds what any bulk path can reach on this machine:
the aim of 1 million dossiers in 60 s on 2 cores leaves 120 CPU-seconds per million for client
and server together.

    .venv/bin/python bench/copy_floor.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
        [--scale 0.1] [--from 2025-07-01] [--to 2025-07-02]

Steps: a database migrated and loaded with the reference data; a copy of it (template) kept
empty; the simulation (bulk path, one writer) over the period on the first; its three tables
read back with `COPY … TO STDOUT (FORMAT BINARY)` in id order; then into the empty copy, once
with the foreign keys' row triggers (as a plain COPY runs) and once without them
(`session_replication_role = replica`, as `simulate/bulk_keys.py` loads, before its per-batch
checks), each table timed by wall clock and by the backend's CPU (/proc; the server must run on
this machine). Both databases are dropped at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a calendar.py: keep it from shadowing the standard library's `calendar`.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("dossiers_dossier", "dossiers_dossierevent", "dossiers_dossierdocument")


def backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def simulate(url: str, scale: float, date_from: str, date_to: str) -> None:
    code = ("import django, logging; django.setup(); logging.getLogger('localgov').setLevel(logging.WARNING)\n"
            "from datetime import date\nfrom localgov.simulate import runner\n"
            f"r = runner.run(date_from=date.fromisoformat('{date_from}'), date_to=date.fromisoformat('{date_to}'), "
            f"scale={scale}, seed=7, path='bulk')\nprint(r.dossiers, r.events)")
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "localgov.settings"}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    print(f"simulated: {out.stdout.strip()} (dossiers, events)", flush=True)


def prepare(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    for args in (["migrate", "-v0"], ["load", "all", "-v0"]):
        subprocess.run([str(ROOT / ".venv" / "bin" / "localgov"), *args], env=env, cwd=ROOT, check=True,
                       capture_output=True)


def main() -> None:
    import psycopg

    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--from", dest="date_from", default="2025-07-01")
    parser.add_argument("--to", dest="date_to", default="2025-07-02")
    args = parser.parse_args()
    source, empty = f"bench_floor_src_{os.getpid()}", f"bench_floor_dst_{os.getpid()}"
    url = lambda name: re.sub(r"/[^/]*$", f"/{name}", args.pg)  # noqa: E731
    admin = psycopg.connect(args.pg, autocommit=True)
    try:
        admin.execute(f"CREATE DATABASE {source}")
        prepare(url(source))
        admin.execute(f"CREATE DATABASE {empty} TEMPLATE {source}")
        simulate(url(source), args.scale, args.date_from, args.date_to)
        data: dict[str, bytes] = {}
        with psycopg.connect(url(source)) as conn:
            for table in TABLES:
                chunks = []
                with conn.cursor().copy(f"COPY (SELECT * FROM {table} ORDER BY id) TO STDOUT (FORMAT BINARY)") as cp:
                    for chunk in cp:
                        chunks.append(bytes(chunk))
                data[table] = b"".join(chunks)
            dossiers = conn.execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0]
        print(f"rows read back: {sum(len(v) for v in data.values()) / 1e6:.0f} MB in COPY's binary format", flush=True)
        results = {}
        for mode in ("row triggers", "no row triggers"):
            with psycopg.connect(url(empty)) as conn:
                pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
                if mode == "no row triggers":
                    conn.execute("SET session_replication_role = replica")
                per = {}
                for table in TABLES:
                    cpu0, t0 = backend_cpu(pid), time.perf_counter()
                    with conn.cursor().copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as cp:
                        view = memoryview(data[table])
                        for i in range(0, len(view), 1 << 20):
                            cp.write(view[i:i + (1 << 20)])
                    conn.commit()  # the deferred foreign-key checks run here
                    per[table] = (time.perf_counter() - t0, backend_cpu(pid) - cpu0)
                results[mode] = per
                for table in reversed(TABLES):  # empty again for the next mode
                    conn.execute(f"TRUNCATE {table} CASCADE")
                conn.commit()
        print(f"{dossiers} dossiers; server CPU in µs per dossier (wall s):")
        for mode, per in results.items():
            cells = ", ".join(f"{t.split('_')[-1]} {cpu / dossiers * 1e6:.0f} ({wall:.1f} s)"
                              for t, (wall, cpu) in per.items())
            total = sum(cpu for _, cpu in per.values())
            print(f"  {mode:16}: {cells}; total {total / dossiers * 1e6:.0f} µs per dossier "
                  f"= {total / dossiers * 1e6:.0f} CPU-s per million")
    finally:
        for name in (source, empty):
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


if __name__ == "__main__":
    main()
