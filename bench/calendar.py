"""Benchmark: due dates per second, indexed core vs a naive day-by-day loop.

    .venv/bin/python bench/calendar.py [--pairs 1000000] [--seed 118] [--naive-budget 60]

Generates (receipt time, N working days) pairs with a fixed seed — receipts uniform over
2025–2034 at any hour (so nights, weekends, holidays and after-cut-off receipts occur), N drawn
from common legal deadlines — and computes every due date with `Calendar.add_working_days`
(datetime in, datetime out), with the epoch fast path `Calendar.due_epoch`, and with the naive
reference `NaiveCalendar.add_working_days` over the SAME pairs. The naive loop runs on the full
set when it fits in the time budget, otherwise on a prefix, and says so. Every naive result is
compared with the indexed one. Uses the pure core only (no Django).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named calendar.py: keep it from shadowing the standard library's `calendar`.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from datetime import datetime  # noqa: E402

from localgov.workcalendar.core import VN_TZ, default_calendar  # noqa: E402
from localgov.workcalendar.reference import NaiveCalendar  # noqa: E402
from localgov.workcalendar.sources import load_overrides_file  # noqa: E402

DEADLINES = (1, 2, 3, 5, 5, 7, 10, 10, 12, 15, 15, 20, 20, 25, 30, 45)


def make_pairs(count: int, seed: int) -> list[tuple[datetime, int]]:
    rng = random.Random(seed)
    lo = int(datetime(2025, 1, 1, tzinfo=VN_TZ).timestamp())
    hi = int(datetime(2034, 12, 1, tzinfo=VN_TZ).timestamp())
    return [
        (datetime.fromtimestamp(rng.randrange(lo, hi), VN_TZ), rng.choice(DEADLINES)) for _ in range(count)
    ]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=118)
    parser.add_argument("--naive-budget", type=float, default=60.0, help="seconds allowed for the naive loop")
    args = parser.parse_args()

    t0 = time.perf_counter()
    cal = default_calendar()
    naive = NaiveCalendar(load_overrides_file())
    build = time.perf_counter() - t0
    pairs = make_pairs(args.pairs, args.seed)
    epochs = [(r.timestamp(), n) for r, n in pairs]
    print(f"machine: {cpu_model()}, {__import__('os').cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"calendar {cal.version}: index {cal.first_day}..{cal.last_day} built in {build * 1000:.0f} ms")
    print(f"pairs: {len(pairs):,} (seed {args.seed})")

    add = cal.add_working_days
    t0 = time.perf_counter()
    fast = [add(r, n) for r, n in pairs]
    t_index = time.perf_counter() - t0
    rate_index = len(pairs) / t_index
    print(f"indexed (datetime API):   {rate_index:>12,.0f} due dates/s  ({t_index:.2f} s)")

    due_epoch = cal.due_epoch
    t0 = time.perf_counter()
    fast_epoch = [due_epoch(e, n) for e, n in epochs]
    t_epoch = time.perf_counter() - t0
    rate_epoch = len(pairs) / t_epoch
    print(f"indexed (epoch fast path):{rate_epoch:>12,.0f} due dates/s  ({t_epoch:.2f} s)")

    # Naive loop: full set if it fits the budget, else the prefix it managed (checked every 10k).
    slow: list[datetime] = []
    naive_add = naive.add_working_days
    t0 = time.perf_counter()
    chunk = 10_000
    for i in range(0, len(pairs), chunk):
        slow.extend(naive_add(r, n) for r, n in pairs[i : i + chunk])
        elapsed = time.perf_counter() - t0
        projected = elapsed / len(slow) * len(pairs)
        if projected > args.naive_budget and len(slow) >= 100_000:
            break
    t_naive = time.perf_counter() - t0
    rate_naive = len(slow) / t_naive
    scope = (
        "full set"
        if len(slow) == len(pairs)
        else f"first {len(slow):,} pairs (budget {args.naive_budget:.0f} s)"
    )
    print(f"naive day-by-day loop:    {rate_naive:>12,.0f} due dates/s  ({t_naive:.2f} s, {scope})")

    mismatches = sum(1 for i, d in enumerate(slow) if d != fast[i])
    mismatches += sum(1 for i in range(0, len(pairs), 97) if abs(fast_epoch[i] - fast[i].timestamp()) > 1e-6)
    print(f"agreement: {len(slow):,} naive results compared with the indexed core, {mismatches} mismatches")
    print(
        f"speed-up: {rate_index / rate_naive:.1f}x (datetime API), "
        f"{rate_epoch / rate_naive:.1f}x (epoch path)"
    )
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
