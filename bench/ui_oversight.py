"""The oversight pages' response time, old code against new, alternated in one run (issue 22:
the summary, map and heat cells must not make the page more than 20 % slower).

    .venv/bin/python bench/ui_oversight.py --data var/pages [--old REF] [--rounds 6] [--reps 5]

`--data`: a LOCALGOV_VAR with the demo's data (`LOCALGOV_VAR=var/pages localgov demo --no-serve`).
`--old`: the git commit to compare with (default: main); its `src/` is exported with
`git archive` into a temporary folder (no worktree, nothing changed in the repository).

Each round runs one process per code version (in alternating order), each importing its own
`src/`, signing the national overseer in with Django's test client (the full request: access
policy, views, templates) and timing GET of the national, a province (Hà Nội) and a commune
(Ba Đình) page `--reps` times after one warm-up. Figures: p50/p95 per page over all rounds,
and the ratio new/old. The module sections' five-minute cache is cleared before each request
(LocMem per process), so every request pays the whole page.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tarfile  # noqa: E402
import tempfile  # noqa: E402

ROOT = _HERE.parent
PAGES = {"nation": "/giam-sat/", "province": "/giam-sat/tinh/01/", "commune": "/giam-sat/xa/00004/"}
CHILD = r"""
import json, os, sys, time
import django
django.setup()
from django.core.cache import cache
from django.test import Client
from django.contrib.auth import get_user_model
pages, reps = json.loads(sys.argv[1]), int(sys.argv[2])
c = Client()
c.force_login(get_user_model().objects.get(username="giamsat.quocgia"))
out = {}
for name, path in pages.items():
    cache.clear(); assert c.get(path).status_code == 200  # warm-up
    times = []
    for _ in range(reps):
        cache.clear()
        t = time.perf_counter(); r = c.get(path); times.append(time.perf_counter() - t)
        assert r.status_code == 200
    out[name] = times
print(json.dumps(out))
"""


def export(ref: str, into: Path) -> Path:
    data = subprocess.run(["git", "archive", ref, "src"], cwd=ROOT, check=True, capture_output=True).stdout
    tar = into / "src.tar"
    tar.write_bytes(data)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into / "src"


def run(src: Path, data: str, reps: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(src), "LOCALGOV_VAR": data, "DJANGO_SETTINGS_MODULE": "localgov.settings",
           "LOG_LEVEL": "WARNING", "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(PAGES), str(reps)], env=env, check=True,
                         capture_output=True, text=True, cwd=src.parent).stdout
    return json.loads(out.strip().splitlines()[-1])


def q(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--old", default="main")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    data = str(Path(a.data).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        versions = {"old": export(a.old, Path(tmp)), "new": ROOT / "src"}
        times: dict[str, dict[str, list[float]]] = {v: {p: [] for p in PAGES} for v in versions}
        for i in range(a.rounds):
            order = ["old", "new"] if i % 2 == 0 else ["new", "old"]
            for v in order:
                for page, ts in run(versions[v], data, a.reps).items():
                    times[v][page].extend(ts)
            print(f"round {i + 1}/{a.rounds} done", file=sys.stderr)
    print(f"oversight pages, old={a.old} vs new (working tree), {a.rounds} alternated rounds × {a.reps} requests")
    print(f"{'page':<10} {'old p50':>9} {'old p95':>9} {'new p50':>9} {'new p95':>9} {'p95 new/old':>12}")
    for page in PAGES:
        o, n = times["old"][page], times["new"][page]
        print(f"{page:<10} {statistics.median(o) * 1000:8.0f}ms {q(o, .95) * 1000:8.0f}ms "
              f"{statistics.median(n) * 1000:8.0f}ms {q(n, .95) * 1000:8.0f}ms {q(n, .95) / q(o, .95):12.2f}")


if __name__ == "__main__":
    main()
