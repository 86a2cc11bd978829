"""Benchmark: the follow-up section of the oversight area at national scope, on the demo data.

    .venv/bin/python bench/followup.py [--reps 200] [--database DATABASE_URL] [--no-write]

1. A fresh SQLite database in a temporary directory (or `--database`, e.g. a PostgreSQL URL of an
   empty database): migrate, load the units, seed the follow-up demo (`followup.demo.seed_followup`,
   the same call as `make demo`).
2. A Government Office account (national scope) requests, through the whole Django stack (test
   client, every middleware), `--reps` times each, interleaved:
   - the follow-up section `/theo-doi/?phan=tong-hop&ngay=2025-10-16` (what the htmx filter loads:
     overdue documents by ministry and field, problems open longest, the four classes, premises
     by province) — the figure the issue asks for (p95 ≤ 50 ms);
   - the same section right after a write (the version bumped: summary and HTML recomputed);
   - the same section's JSON, `/api/v1/followup/summary?as_of=2025-10-16`;
   - the baseline page `/don-vi/` (the public list of the 34 provinces: one small query and a
     template), measured in the same run, so the ratio is independent of the machine's load.
3. Prints p50/p95 of each and the ratios to the baseline; appends them to bench/RESULTS.md
   ("## Follow-up") unless --no-write.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

TARGET_MS = 50.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--database", default="")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-followup-")
    os.environ["LOCALGOV_VAR"] = tmp
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from localgov.access.roles import Role
    from localgov.access.services import create_user, grant_role
    from localgov.followup.demo import seed_followup
    from localgov.followup.services import bump_version
    from localgov.units.loaders import run

    settings.ALLOWED_HOSTS = ["*"]
    t = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    run(["units"])
    counts = seed_followup(7)
    print(f"setup {time.perf_counter() - t:.1f} s; demo rows: {counts}", flush=True)
    user = create_user(username="bench-vpcp", password=None)
    grant_role(user=user, role=Role.GOVERNMENT_OFFICE)
    client = Client()
    client.force_login(user)
    urls = {"section": "/theo-doi/?phan=tong-hop&ngay=2025-10-16",
            "section_after_write": "/theo-doi/?phan=tong-hop&ngay=2025-10-16",
            "summary_api": "/api/v1/followup/summary?as_of=2025-10-16",
            "baseline": "/don-vi/"}
    for url in urls.values():  # warm caches (calendar, templates)
        for _ in range(5):
            assert client.get(url).status_code == 200, url
    times: dict[str, list[float]] = {k: [] for k in urls}
    for _ in range(args.reps):
        for key, url in urls.items():
            if key == "section_after_write":
                bump_version()  # as any follow-up write does on commit: the cached section is stale
            t0 = time.perf_counter()
            response = client.get(url)
            times[key].append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
    base95, base50 = pct(times["baseline"], 0.95), pct(times["baseline"], 0.5)
    lines = []
    for key in urls:
        p50, p95 = pct(times[key], 0.5), pct(times[key], 0.95)
        lines.append(f"| {key} `{urls[key]}` | {p50:.1f} | {p95:.1f} | {p50 / base50:.2f} | {p95 / base95:.2f} |")
    ok = pct(times["section"], 0.95) <= TARGET_MS
    print("| request | p50 ms | p95 ms | p50 / baseline | p95 / baseline |")
    print("|---|---|---|---|---|")
    print("\n".join(lines))
    print(f"target p95 ≤ {TARGET_MS:.0f} ms for the section: {'met' if ok else 'NOT met'} "
          f"(mean {statistics.mean(times['section']):.1f} ms)")
    if args.no_write:
        return
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    block = [
        "", f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {platform.node()}, {os.cpu_count()} CPUs "
        f"(shared, loaded), {engine}", "",
        f"`.venv/bin/python bench/followup.py --reps {args.reps}`; demo rows {counts}; Government Office account "
        "(national scope), Django test client through every middleware.", "",
        "| request | p50 ms | p95 ms | p50 / baseline | p95 / baseline |", "|---|---|---|---|---|", *lines, "",
        f"Target p95 ≤ {TARGET_MS:.0f} ms for the section: {'met' if ok else 'NOT met'}.",
    ]
    results = _HERE / "RESULTS.md"
    text = results.read_text(encoding="utf-8")
    if "\n## Follow-up\n" not in text:
        text = text.rstrip("\n") + "\n\n## Follow-up\n\nThe follow-up section of the oversight area at national " \
            "scope (issue 19), on the demo data; `bench/followup.py`.\n"
    results.write_text(text.rstrip("\n") + "\n" + "\n".join(block) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
