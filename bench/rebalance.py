"""Benchmark: rebalancing plans for all 34 provinces × fields, OR-Tools min-cost flow vs a naive
greedy baseline, in the same process on the same problems.

    DATABASE_URL=... .venv/bin/python bench/rebalance.py [--seed 7] [--from-db]

The problems come from the demo staff (`localgov workforce demo --seed 7`) built in memory
(only the units tables must be loaded), or with --from-db from the officials in the database.
Times: building the problems (balance, candidates) separately from solving them. Every plan
is checked against every constraint (rebalance.violations). Prints the total solve time and the
greedy/solver ratios (time, filled posts, cost).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

# bench/calendar.py would shadow the standard library's `calendar`: keep bench/ off the path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")


def machine() -> str:
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines()
            if line.startswith("Model name")
        )
    except StopIteration:
        model = platform.processor() or "?"
    return f"{os.cpu_count()} CPUs (nproc), {model}, Python {platform.python_version()}"


def problems_in_memory(seed: int) -> list:
    from localgov.workforce import balance as bal
    from localgov.workforce import demo, rebalance, selectors
    from localgov.workforce.norms import load_config

    cfg = load_config()
    idx = selectors.units_index()
    norms = selectors.norms()
    facts = list(idx.facts)
    rows = demo.build_rows(seed, demo.plan_counts(seed, facts, norms, cfg.raw["demo"]["average_staff"]["value"]),
                           facts)
    th = bal.Thresholds.from_config(cfg.raw)
    staff: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        staff[(r.commune_code, r.field)] += 1
    costs = rebalance.Costs.from_config(cfg.raw)
    by_province: dict[str, rebalance.Problem] = {}
    for f in facts:
        p = by_province.setdefault(f.province_code, rebalance.Problem(
            f.province_code, [], [], [], idx.districts, idx.legacy_provinces, costs))
        for field in cfg.field_slugs:
            b = bal.balance(bal.PoolInput(f.code, field, staff.get((f.code, field), 0), norms[f.code][field]), th)
            if b.transferable:
                p.supplies.append(rebalance.Pool(f.code, field, b.transferable))
            if b.needed:
                p.needs.append(rebalance.Pool(f.code, field, b.needed))
    for i, r in enumerate(rows, start=1):
        by_province[r.province_code].candidates.append(
            rebalance.Candidate(i, r.commune_code, r.field, frozenset(r.competences)))
    return [by_province[k] for k in sorted(by_province)]


def problems_from_db() -> list:
    from localgov.units.models import Province
    from localgov.workforce.selectors import today
    from localgov.workforce.services import build_problem

    return [build_problem(code, today()) for code in Province.objects.order_by("code").values_list("code", flat=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--from-db", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from localgov.workforce import rebalance

    t0 = time.perf_counter()
    problems = problems_from_db() if args.from_db else problems_in_memory(args.seed)
    t_build = time.perf_counter() - t0
    n_candidates = sum(len(p.candidates) for p in problems)
    n_needed = sum(n.count for p in problems for n in p.needs)
    n_supply = sum(s.count for p in problems for s in p.supplies)

    import ortools.graph.python.min_cost_flow  # noqa: F401  (import outside the timed region)

    t0 = time.perf_counter()
    optimal = {p.province_code: rebalance.solve(p) for p in problems}
    t_solve = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive = {p.province_code: rebalance.greedy(p) for p in problems}
    t_greedy = time.perf_counter() - t0

    bad = [(p.province_code, v) for p in problems for v in rebalance.violations(p, optimal[p.province_code])]
    bad += [(p.province_code, v) for p in problems for v in rebalance.violations(p, naive[p.province_code])]
    filled = sum(s.filled for s in optimal.values())
    g_filled = sum(s.filled for s in naive.values())
    cost = sum(s.total_cost for s in optimal.values())
    g_cost = sum(s.total_cost for s in naive.values())
    worse = sum(1 for k in optimal if (naive[k].filled, -naive[k].total_cost) > (optimal[k].filled,
                                                                                -optimal[k].total_cost))

    print(f"machine: {machine()}")
    print(f"input: {len(problems)} provinces × {len({n.field for p in problems for n in p.needs})} fields, "
          f"{n_candidates:,} officials, {n_supply:,} transferable, {n_needed:,} posts needed "
          f"({'database' if args.from_db else f'demo seed {args.seed}, in memory'}); build {t_build:.2f} s")
    print(f"OR-Tools min-cost flow: {t_solve:.3f} s total for all provinces; filled {filled:,}/{n_needed:,}, "
          f"moves {filled:,}, cost {cost:,}")
    print(f"greedy baseline:        {t_greedy:.3f} s; filled {g_filled:,}/{n_needed:,}, cost {g_cost:,}")
    print(f"ratio greedy/solver: time {t_greedy / t_solve:.2f}×, filled {g_filled / max(filled, 1):.4f}, "
          f"cost per filled post {(g_cost / max(g_filled, 1)) / (cost / max(filled, 1)):.4f}")
    print(f"constraint violations: {len(bad)}; provinces where greedy beat the solver: {worse}")
    print(f"target ≤ 5 s: {'met' if t_solve <= 5 else 'MISSED'}")
    if bad:
        for code, v in bad[:20]:
            print("  ", code, v)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
