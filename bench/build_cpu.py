"""Benchmark: the simulator's client CPU per dossier for building — `BulkWriter.build` (every step
through the transition core, bundles, event hashes, fact deltas) — without writing, so the figure
is the code that applies the rules, not the database. The plans are made first (not timed).

    .venv/bin/python bench/build_cpu.py [--scale 0.05] [--from 2025-07-01] [--to 2025-07-03]
        [--repeat 3] [--seed 7]

A fresh SQLite file (migrate, reference data), the world and the plans as `runner.run` makes
them, then `repeat` times: a new writer builds every plan in memory (process CPU time, GC as in
a run). Prints µs of CPU per dossier for each repetition and the best; run it in two worktrees
alternately to compare code (the figure depends on the machine and its load).
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's `calendar`: drop this directory.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--from", dest="date_from", default="2025-07-01")
    parser.add_argument("--to", dest="date_to", default="2025-07-03")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench_build_')}/build.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import logging

    import django

    django.setup()
    logging.getLogger("localgov").setLevel(logging.WARNING)
    from django.core.management import call_command

    from localgov.simulate.bulk_path import BulkWriter
    from localgov.simulate.params import load_params
    from localgov.simulate.planner import Planner
    from localgov.simulate.world import load_world
    from localgov.units.models import ServiceCentre
    from localgov.workcalendar.adapter import get_calendar

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load", "all", verbosity=0, stdout=quiet)
    params = load_params()
    first, last = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    world = load_world(params, None, staffing_day=first)
    planner = Planner(params=params, provinces=world.provinces, procedures=world.procedures, cal=get_calendar(),
                      seed=args.seed, scale=args.scale, date_from=first, date_to=last,
                      birth_prefixes=world.birth_prefixes, bundles=world.bundles)
    plans = [plan for day in planner.working_days() for prov in world.provinces for plan in planner.plan_day(day, prov)]
    centre_commune = dict(ServiceCentre.objects.values_list("pk", "commune_id"))
    figures = []
    for _ in range(args.repeat):
        writer = BulkWriter(agencies=world.agencies, centre_commune=centre_commune, run_id=1, seed=args.seed)
        events: list = []
        docs: list = []
        built = 0
        t0 = time.process_time()
        for plan in plans:
            out = writer.build(plan, events, docs)
            built += len(out) if type(out) is list else 1
        figures.append((time.process_time() - t0) / len(plans) * 1e6)
        writer.close()
    print(json.dumps({"plans": len(plans), "dossiers": built, "events": len(events),
                      "us_per_plan": [round(f, 1) for f in figures], "best": round(min(figures), 1),
                      "load": round(os.getloadavg()[0], 1)}))


if __name__ == "__main__":
    main()
