"""Time buckets of the fact rollups (pure: no Django).

A rollup row sums the base facts of one bucket: a day ("d"), an ISO week starting Monday ("w"),
a calendar month ("m") or a calendar quarter ("q"). Which grains a rollup scope keeps is in
`GRAINS_BY_SCOPE`; a period is read as the fewest whole buckets it contains plus the days left
over (`split`), so a quarter costs one row per key instead of ninety-two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

GRAINS = ("d", "w", "m", "q")

#: p = province, c = commune, r = province × procedure, n = nation × procedure (models.Scope).
#: Weeks only where a nation-wide trend reads them (p); quarters everywhere (the default period
#: of the dashboards and the briefing).
GRAINS_BY_SCOPE = {"p": "dwmq", "c": "dmq", "r": "dmq", "n": "dmq"}


def bucket_start(grain: str, day: date) -> date:
    if grain == "d":
        return day
    if grain == "w":
        return day - timedelta(days=day.weekday())
    if grain == "m":
        return day.replace(day=1)
    if grain == "q":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"unknown grain {grain!r}")


def bucket_end(grain: str, day: date) -> date:
    """The last day of the bucket holding `day`."""
    start = bucket_start(grain, day)
    if grain == "d":
        return start
    if grain == "w":
        return start + timedelta(days=6)
    months = 1 if grain == "m" else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


@dataclass(frozen=True)
class Piece:
    """Whole buckets of one grain (`buckets`), or a range of days (grain "d", lo..hi)."""

    grain: str
    buckets: tuple[date, ...] = ()
    lo: date | None = None
    hi: date | None = None


def split(start: date, end: date, grains: str) -> list[Piece]:
    """[start, end] as whole buckets of the coarsest grains in `grains` (of "wmq"; "d" is
    always there) plus day ranges. The pieces are disjoint and cover every day exactly once.

    Quarters and months first (a whole month is never cut by a week), then weeks inside
    what is left."""
    whole: dict[str, list[date]] = {g: [] for g in "qmw"}
    days: list[tuple[date, date]] = []
    d = start
    coarse = [g for g in "qm" if g in grains]
    while d <= end:
        for g in coarse:
            if bucket_start(g, d) == d and bucket_end(g, d) <= end:
                whole[g].append(d)
                d = bucket_end(g, d) + timedelta(days=1)
                break
        else:
            nxt = min((bucket_end(g, d) for g in coarse), default=end)
            hi = min(nxt, end)
            days.append((d, hi))
            d = hi + timedelta(days=1)
    if "w" in grains:
        rest: list[tuple[date, date]] = []
        for lo, hi in days:
            d = lo
            run_lo = lo
            while d <= hi:
                if d.weekday() == 0 and d + timedelta(days=6) <= hi:
                    if run_lo < d:
                        rest.append((run_lo, d - timedelta(days=1)))
                    whole["w"].append(d)
                    d += timedelta(days=7)
                    run_lo = d
                else:
                    d += timedelta(days=1)
            if run_lo <= hi:
                rest.append((run_lo, hi))
        days = rest
    pieces = [Piece(g, tuple(whole[g])) for g in "qmw" if whole[g]]
    # Adjacent day ranges (a cut between two coarse buckets) read as one.
    merged: list[tuple[date, date]] = []
    for lo, hi in days:
        if merged and merged[-1][1] + timedelta(days=1) == lo:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    pieces += [Piece("d", lo=lo, hi=hi) for lo, hi in merged]
    return pieces
