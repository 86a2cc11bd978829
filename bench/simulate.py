"""Benchmark: simulated dossiers loaded per second (with their events and the oversight facts),
on SQLite and on PostgreSQL, at scale 0.01 and 0.1, and the peak memory.

    .venv/bin/python bench/simulate.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
        [--cases sqlite:0.01:2025-07-01:2025-09-30,pg:0.1:2025-07-01:2025-07-14:2] [--million]
        [--budget 900] [--write]

A case is `database:scale:first day:last day[:workers[:defer]]`; workers > 1 (PostgreSQL) writes
groups of provinces in that many processes (`runner.run(workers=…)`); `defer` (PostgreSQL) loads
with the plain secondary indexes deferred and builds them at the end (`runner.run(defer_indexes=
True)`, `localgov simulate --defer-indexes`), their build timed apart and included in the total.
`--million` adds the national case twice, the same load with the indexes kept and deferred:
PostgreSQL, scale 1, 1–10 July 2025 (8 working days, ≈ 1.2 million dossiers), 2 workers, with a
budget of 3,600 s each.

Each case runs in a fresh child process on a fresh database (a temporary SQLite file, or a
PostgreSQL database `bench_sim_<pid>` created and dropped by this script): migrate, load the
reference data (units, catalogue, calendar — not timed), then `runner.run(path="bulk")` over the
period, timed in two parts: writing the dossiers/events/documents with their base facts, then
the rollups and the due-day histogram. Peak memory is the largest maximum resident set size of
the child and of its worker processes (resource.getrusage), which includes Django and the
reference data. CPU seconds of the client (the child and its workers) and, on PostgreSQL when
the server runs on this machine, of the server (every server process, read from /proc: the
writers' backends, autovacuum, the WAL writer, ...) are reported beside wall seconds, with the
load average before and after each case. Event chains are verified (`verify_chains`) up to 200,000 dossiers.
Ratios: PostgreSQL vs SQLite at the same scale; 0.1 vs 0.01 per-dossier cost (flat = linear).
With --write, the table replaces the one of the "## Simulation" section of bench/RESULTS.md
(the notes after "Notes (simulation):" are kept).
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds a calendar.py: keep it from shadowing the standard library's `calendar`.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CASES = ("sqlite:0.01:2025-07-01:2025-09-30,pg:0.01:2025-07-01:2025-09-30,"
                 "sqlite:0.1:2025-07-01:2025-07-07,pg:0.1:2025-07-01:2025-07-07,pg:0.1:2025-07-01:2025-07-07:2")
MILLION = ("pg:1.0:2025-07-01:2025-07-10:2", "pg:1.0:2025-07-01:2025-07-10:2:defer")
VERIFY_UP_TO = 200_000


def _ticks(pid: int) -> tuple[float, float, int]:
    """(own CPU, reaped children's CPU, parent pid) of a process, in seconds, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    hz = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / hz, (int(fields[13]) + int(fields[14])) / hz, int(fields[1])


def postmaster_of(backend_pid: int) -> int | None:
    """The PostgreSQL server process of this backend, or None when it is not on this machine."""
    try:
        return _ticks(backend_pid)[2]
    except (OSError, IndexError, ValueError):
        return None


def server_cpu(postmaster: int) -> float | None:
    """CPU seconds used so far by a PostgreSQL server — every live server process plus the ones
    that have exited (the postmaster's reaped children: the writers' backends, autovacuum) — or
    None if it cannot be read. A difference of two readings is the server's CPU over that window."""
    try:
        total = _ticks(postmaster)[1]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    own, _, parent = _ticks(int(entry.name))
                except (OSError, IndexError, ValueError):
                    continue  # gone meanwhile
                if parent == postmaster:
                    total += own
        return total
    except (OSError, IndexError, ValueError):
        return None


def child(db_url: str, scale: float, date_from: str, date_to: str, workers: int, defer: bool) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("localgov").setLevel(logging.WARNING)
    from datetime import date

    from django.core.management import call_command
    from django.db import connection

    from localgov.dossiers.audit import verify_chains
    from localgov.simulate import runner

    call_command("migrate", verbosity=0)
    call_command("load", "all", verbosity=0)
    postmaster = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            postmaster = postmaster_of(cur.fetchone()[0])
    server0 = server_cpu(postmaster) if postmaster else None
    load0 = os.getloadavg()[0]
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0, t0 = time.process_time(), time.perf_counter()
    result = runner.run(date_from=date.fromisoformat(date_from), date_to=date.fromisoformat(date_to), scale=scale,
                        seed=7, path="bulk", workers=workers, defer_indexes=defer)
    wall = time.perf_counter() - t0
    time.sleep(0.5)  # let the postmaster reap the workers' backends (their CPU then counts)
    server1 = server_cpu(postmaster) if postmaster else None
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (time.process_time() - cpu0 + kids.ru_utime - kids0.ru_utime + kids.ru_stime - kids0.ru_stime)
    load1 = os.getloadavg()[0]
    broken = sum(1 for _ in verify_chains()) if result.dossiers <= VERIFY_UP_TO else None
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, kids.ru_maxrss) / 1024
    print(json.dumps({
        "dossiers": result.dossiers, "events": result.events, "write_s": result.write_seconds,
        "facts_s": result.facts_seconds, "index_s": result.index_seconds, "defer": defer, "total_s": wall,
        "cpu_s": cpu, "facts": result.facts,
        "server_cpu_s": None if server0 is None or server1 is None else server1 - server0,
        "peak_rss_mb": peak, "broken_chains": broken, "workers": workers, "load": f"{load0:.1f}→{load1:.1f}",
    }))


def run_case(kind: str, scale: float, date_from: str, date_to: str, workers: int, defer: bool, pg_url: str,
             budget: float) -> dict:
    tmp = None
    if kind == "sqlite":
        tmp = tempfile.mkdtemp(prefix="bench_sim_")
        url = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        import psycopg

        name = f"bench_sim_{os.getpid()}_{str(scale).replace('.', '')}_{workers}{'_d' if defer else ''}"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        url = re.sub(r"/[^/]*$", f"/{name}", pg_url)
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", url, str(scale), date_from, date_to, str(workers),
                               "defer" if defer else "keep"], capture_output=True, text=True, timeout=budget, cwd=ROOT)
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"error": f"over the {budget:.0f} s budget"}
    finally:
        if tmp:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        else:
            import psycopg

            with psycopg.connect(pg_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def machine() -> str:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Model name")), "")
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (f"{os.cpu_count()} CPUs ({model or platform.processor()}), Python {platform.python_version()}, "
            f"load average at start {load:.1f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]), sys.argv[7] == "defer")
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--million", action="store_true", help=f"add the national case {MILLION}")
    parser.add_argument("--budget", type=float, default=900, help="seconds per case (3,600 for --million)")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    header = machine()
    print(header)
    rows = []
    specs = [c for c in args.cases.split(",") if c] + (list(MILLION) if args.million else [])
    for spec in specs:
        kind, scale, first, last, *rest = spec.split(":")
        workers = int(rest[0]) if rest else 1
        defer = rest[1:] == ["defer"]
        if rest[1:] and not defer:
            parser.error(f"{spec}: the sixth part of a case can only be 'defer'")
        budget = max(args.budget, 3600) if spec in MILLION else args.budget
        res = run_case(kind, float(scale), first, last, workers, defer, args.pg, budget)
        rows.append((kind, float(scale), first, last, res))
        label = f"{kind:6} {scale:>5} {first}..{last} ×{workers}{' deferred indexes' if defer else ''}"
        if "error" in res:
            print(f"{label}: {res['error']}", flush=True)
            continue
        rate = res["dossiers"] / res["total_s"]
        print(f"{label}: {res['dossiers']} dossiers, {res['events']} events; "
              f"write {res['write_s']:.1f} s{_indexes(res)} + facts {res['facts_s']:.1f} s = {res['total_s']:.1f} s "
              f"(cpu {res['cpu_s']:.1f} s{_server(res)}) → {rate:.0f} dossiers/s; "
              f"peak RSS {res['peak_rss_mb']:.0f} MB; "
              f"broken chains {res['broken_chains']}; load {res['load']}", flush=True)
    ratios = []
    by = {(k, s): r for k, s, _, _, r in rows if "error" not in r and r.get("workers", 1) == 1 and not r["defer"]}
    for scale in sorted({s for _, s in by}):
        if ("pg", scale) in by and ("sqlite", scale) in by:
            pg, lite = by[("pg", scale)], by[("sqlite", scale)]
            ratios.append(f"scale {scale}: PostgreSQL/SQLite throughput = "
                          f"{(pg['dossiers'] / pg['total_s']) / (lite['dossiers'] / lite['total_s']):.2f}")
    for kind in ("sqlite", "pg"):
        if (kind, 0.01) in by and (kind, 0.1) in by:
            a, b = by[(kind, 0.01)], by[(kind, 0.1)]
            ratios.append(f"{kind}: seconds per dossier at 0.1 / at 0.01 = "
                          f"{(b['total_s'] / b['dossiers']) / (a['total_s'] / a['dossiers']):.2f}; peak RSS "
                          f"{b['peak_rss_mb']:.0f} / {a['peak_rss_mb']:.0f} MB")
    done = [(k, s, a, b, r) for k, s, a, b, r in rows if "error" not in r]
    for k, s, a, b, r in done:
        if r["defer"]:
            kept = [o for k2, s2, a2, b2, o in done if (k2, s2, a2, b2) == (k, s, a, b) and not o["defer"]
                    and o["workers"] == r["workers"]]
            if kept:
                kept_s = kept[0]["total_s"]
                ratios.append(f"{k} {s} {a}…{b} ×{r['workers']}: indexes deferred / kept, seconds = "
                              f"{r['total_s']:.1f} / {kept_s:.1f} = {r['total_s'] / kept_s:.2f}")
    best = max((r["dossiers"] / r["total_s"] for k, _, _, _, r in rows if k == "pg" and "error" not in r), default=0)
    if best:
        ratios.append(f"1 million dossiers on PostgreSQL at the best measured rate: {1e6 / best:.0f} s (aim ≤ 60 s)")
    for k, _, _, _, r in rows:
        if k == "pg" and "error" not in r and r["dossiers"] >= 1_000_000:
            ratios.append(f"measured: {r['dossiers']} dossiers on PostgreSQL with {r['workers']} workers in "
                          f"{r['total_s']:.0f} s (aim ≤ 60 s for 1 million)")
    for line in ratios:
        print(line)
    if args.write:
        write_results(header, rows, ratios)


def _indexes(r: dict) -> str:
    return f" + indexes {r['index_s']:.1f} s" if r.get("defer") else ""


def _cells(r: dict) -> str:
    """The server CPU and the CPU per dossier (client + server) cells; client only on SQLite."""
    server = r.get("server_cpu_s")
    per = (r["cpu_s"] + (server or 0.0)) / r["dossiers"] * 1e6
    return f"{'' if server is None else f'{server:.1f}'} | {per:.0f}"


def _server(res: dict) -> str:
    server = res.get("server_cpu_s")
    if server is None:
        return ""
    per = (res["cpu_s"] + server) / res["dossiers"] * 1e6
    return f", server cpu {server:.1f} s; {per:.0f} µs CPU per dossier in all"


def write_results(header: str, rows: list, ratios: list[str]) -> None:
    lines = ["## Simulation", "", f"`bench/simulate.py`, {time.strftime('%Y-%m-%d')}; machine: {header}.", "",
             "| database | scale | period | workers | dossiers | events | write s | facts s | total s | CPU s "
             "| server CPU s | µs CPU / dossier | dossiers/s | peak RSS MB | load avg |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for kind, scale, first, last, r in rows:
        if "error" in r:
            lines.append(f"| {kind} | {scale} | {first}…{last} | | {r['error']} | | | | | | | | | | |")
            continue
        workers = f"{r['workers']}{', indexes deferred' if r['defer'] else ''}"
        write = f"{r['write_s']:.1f}" + (f" + {r['index_s']:.1f} indexes" if r["defer"] else "")
        lines.append(f"| {kind} | {scale} | {first}…{last} | {workers} | {r['dossiers']} | {r['events']} | "
                     f"{write} | {r['facts_s']:.1f} | {r['total_s']:.1f} | {r['cpu_s']:.1f} | "
                     f"{_cells(r)} | "
                     f"{r['dossiers'] / r['total_s']:.0f} | {r['peak_rss_mb']:.0f} | {r['load']} |")
    lines += ["", *[f"- {line}" for line in ratios], ""]
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "\n".join(lines)
    match = re.search(r"## Simulation\n.*?(?=\n## |\Z)", text, flags=re.S)
    if match:
        old = match.group(0)
        notes = old[old.index("Notes (simulation):"):] if "Notes (simulation):" in old else ""
        text = text[:match.start()] + section + ("\n" + notes.rstrip("\n") + "\n" if notes else "") + \
            text[match.end():]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
