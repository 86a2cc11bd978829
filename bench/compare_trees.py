"""Before/after on one machine: two checkouts (each with its own `.venv`), run in turns.

    .venv/bin/python bench/compare_trees.py --old ../main --new . [--rounds 3]
        [--scale 0.005] [--from 2025-07-01] [--to 2025-07-31] [--dossiers 100]
        [--skip-simulate] [--skip-transitions]

Each round runs, for the old tree and then the new one (the order flips every round):

* the simulator, bulk path, on a fresh SQLite file: `bench/simulate.py --child` of that tree
  (seed 7; migrate and load first, not timed) — µs of CPU and of wall clock per dossier;
* `bench/transitions.py --concurrency 10` of that tree on PostgreSQL: the service layer
  in-process (submissions, then 7 transitions per dossier) and HTTP against the production
  server — CPU ms per request in-process (the service path, from /proc: little moved by what
  else the machine runs) and throughput.

Prints each run, then the medians per tree and the ratio new/old (≤ 1.05 is "within 5 %").
The machine may be shared: CPU time per unit of work is the figure to compare; wall-clock
figures are shown for the record.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def _env(var: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV"}}
    return env | {"LOCALGOV_VAR": var}


def simulate(tree: Path, scale: float, first: str, last: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cmp-sim-") as tmp:
        url = f"sqlite:///{tmp}/sim.sqlite3"
        out = subprocess.run([str(tree / ".venv/bin/python"), str(tree / "bench/simulate.py"), "--child", url,
                              str(scale), first, last, "1", "keep"], capture_output=True, text=True, cwd=tree,
                             env=_env(tmp), check=True)
    row = json.loads(out.stdout.strip().splitlines()[-1])
    n = row["dossiers"] or 1
    return {"sim_cpu_us": row["cpu_s"] * 1e6 / n, "sim_wall_us": row["total_s"] * 1e6 / n,
            "dossiers": row["dossiers"], "events": row["events"]}


def transitions(tree: Path, dossiers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="cmp-tr-") as tmp:
        path = Path(tmp) / "out.json"
        subprocess.run([str(tree / ".venv/bin/python"), str(tree / "bench/transitions.py"), "--dossiers",
                        str(dossiers), "--concurrency", "10", "--max-seconds", "60", "--json", str(path)],
                       capture_output=True, text=True, cwd=tree, env=_env(tmp), check=True)
        rows = json.loads(path.read_text())["rows"]
    out: dict[str, float] = {}
    for row in rows:
        key = {"service: submissions (1 client)": "svc_submit", "service: transitions (1 client)": "svc_tr"}.get(
            row["phase"])
        if key:
            out[f"{key}_cpu_ms"] = row["cpu_ms_per_request"]["server"]
            out[f"{key}_per_s"] = row["per_second"]
        elif "transitions" in row["phase"]:
            out["http_tr_per_s"] = row["per_second"]
            out["http_tr_server_cpu_ms"] = row["cpu_ms_per_request"]["server"]
        elif "submissions" in row["phase"]:
            out["http_submit_per_s"] = row["per_second"]
            out["http_submit_server_cpu_ms"] = row["cpu_ms_per_request"]["server"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", type=Path, required=True)
    parser.add_argument("--new", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.005)
    parser.add_argument("--from", dest="first", default="2025-07-01")
    parser.add_argument("--to", dest="last", default="2025-07-31")
    parser.add_argument("--dossiers", type=int, default=100)
    parser.add_argument("--skip-simulate", action="store_true")
    parser.add_argument("--skip-transitions", action="store_true")
    args = parser.parse_args()
    trees = {"old": args.old.resolve(), "new": args.new.resolve()}
    runs: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for i in range(args.rounds):
        for name in (("old", "new") if i % 2 == 0 else ("new", "old")):
            row: dict[str, float] = {}
            if not args.skip_simulate:
                row |= simulate(trees[name], args.scale, args.first, args.last)
            if not args.skip_transitions:
                row |= transitions(trees[name], args.dossiers)
            runs[name].append(row)
            print(f"round {i + 1} {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in row.items()), flush=True)
    print(f"medians of {args.rounds} rounds (ratio new/old):")
    for key in runs["old"][0]:
        old = statistics.median(r[key] for r in runs["old"])
        new = statistics.median(r[key] for r in runs["new"])
        print(f"  {key:<28} old {old:>10.2f}  new {new:>10.2f}  ratio {new / old if old else 0:.3f}")


if __name__ == "__main__":
    sys.exit(main())
