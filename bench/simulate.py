"""Benchmark: simulated dossiers loaded per second (with their events and the oversight facts),
on SQLite and on PostgreSQL, at scale 0.01 and 0.1, and the peak memory.

    .venv/bin/python bench/simulate.py [--pg postgres://postgres@127.0.0.1:5432/postgres]
        [--cases sqlite:0.01:2025-07-01:2025-09-30,pg:0.1:2025-07-01:2025-07-14] [--budget 900] [--write]

Each case runs in a fresh child process on a fresh database (a temporary SQLite file, or a
PostgreSQL database `bench_sim_<pid>` created and dropped by this script): migrate, load the
reference data (units, catalogue, calendar — not timed), then `runner.run(path="bulk")` over the
period, timed in two parts: writing the dossiers/events/documents, then rebuilding the facts.
Peak memory is the child's maximum resident set size (resource.getrusage), which includes
Django and the reference data. CPU seconds are reported beside wall seconds because this
machine is shared. Scale 0.1 runs over a sub-period (stated in the table) to stay bounded.
Ratios: PostgreSQL vs SQLite at the same scale; 0.1 vs 0.01 per-dossier cost (flat = linear).
With --write, the table replaces the "## Simulation" section of bench/RESULTS.md.
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
                 "sqlite:0.1:2025-07-01:2025-07-14,pg:0.1:2025-07-01:2025-07-14")


def child(db_url: str, scale: float, date_from: str, date_to: str) -> None:
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("localgov").setLevel(logging.WARNING)
    from datetime import date

    from django.core.management import call_command

    from localgov.dossiers.events import verify_chains
    from localgov.simulate import runner

    call_command("migrate", verbosity=0)
    call_command("load", "all", verbosity=0)
    cpu0, t0 = time.process_time(), time.perf_counter()
    result = runner.run(date_from=date.fromisoformat(date_from), date_to=date.fromisoformat(date_to), scale=scale,
                        seed=7, path="bulk")
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - t0
    broken = sum(1 for _ in verify_chains())
    print(json.dumps({
        "dossiers": result.dossiers, "events": result.events, "write_s": result.write_seconds,
        "facts_s": result.facts_seconds, "total_s": wall, "cpu_s": cpu, "facts": result.facts,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "broken_chains": broken,
    }))


def run_case(kind: str, scale: float, date_from: str, date_to: str, pg_url: str, budget: float) -> dict:
    tmp = None
    if kind == "sqlite":
        tmp = tempfile.mkdtemp(prefix="bench_sim_")
        url = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        import psycopg

        name = f"bench_sim_{os.getpid()}_{str(scale).replace('.', '')}"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        url = re.sub(r"/[^/]*$", f"/{name}", pg_url)
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", url, str(scale), date_from, date_to],
                              capture_output=True, text=True, timeout=budget, cwd=ROOT)
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
        child(sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--cases", default=DEFAULT_CASES)
    parser.add_argument("--budget", type=float, default=900, help="seconds per case")
    parser.add_argument("--write", action="store_true", help="write the table into bench/RESULTS.md")
    args = parser.parse_args()
    header = machine()
    print(header)
    rows = []
    for spec in args.cases.split(","):
        kind, scale, first, last = spec.split(":")
        res = run_case(kind, float(scale), first, last, args.pg, args.budget)
        rows.append((kind, float(scale), first, last, res))
        if "error" in res:
            print(f"{kind:6} {scale:>5} {first}..{last}: {res['error']}")
            continue
        rate = res["dossiers"] / res["total_s"]
        print(f"{kind:6} {scale:>5} {first}..{last}: {res['dossiers']} dossiers, {res['events']} events; "
              f"write {res['write_s']:.1f} s + facts {res['facts_s']:.1f} s = {res['total_s']:.1f} s "
              f"(cpu {res['cpu_s']:.1f} s) → {rate:.0f} dossiers/s; peak RSS {res['peak_rss_mb']:.0f} MB; "
              f"broken chains {res['broken_chains']}")
    ratios = []
    by = {(k, s): r for k, s, _, _, r in rows if "error" not in r}
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
    best = max((r["dossiers"] / r["total_s"] for k, _, _, _, r in rows if k == "pg" and "error" not in r), default=0)
    if best:
        ratios.append(f"1 million dossiers on PostgreSQL at the best measured rate: {1e6 / best:.0f} s (aim ≤ 60 s)")
    for line in ratios:
        print(line)
    if args.write:
        write_results(header, rows, ratios)


def write_results(header: str, rows: list, ratios: list[str]) -> None:
    lines = ["## Simulation", "", f"`bench/simulate.py`, {time.strftime('%Y-%m-%d')}; machine: {header}.", "",
             "| database | scale | period | dossiers | events | write s | facts s | total s | CPU s | dossiers/s "
             "| peak RSS MB |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for kind, scale, first, last, r in rows:
        if "error" in r:
            lines.append(f"| {kind} | {scale} | {first}…{last} | {r['error']} | | | | | | | |")
            continue
        lines.append(f"| {kind} | {scale} | {first}…{last} | {r['dossiers']} | {r['events']} | {r['write_s']:.1f} | "
                     f"{r['facts_s']:.1f} | {r['total_s']:.1f} | {r['cpu_s']:.1f} | "
                     f"{r['dossiers'] / r['total_s']:.0f} | {r['peak_rss_mb']:.0f} |")
    lines += ["", *[f"- {line}" for line in ratios], ""]
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "\n".join(lines)
    if "## Simulation" in text:
        text = re.sub(r"## Simulation\n.*?(?=\n## |\Z)", section.rstrip("\n") + "\n", text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
