"""How long `localgov load units|calendar|catalog` takes on an empty database and on a second
run (idempotent: nothing changes), on SQLite (a temporary file) and, with DATABASE_URL set,
on that PostgreSQL database. Target (issue 2): the units load under 10 s.

    .venv/bin/python bench/load_units.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/localgov_bench .venv/bin/python bench/load_units.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

# bench/calendar.py would shadow the standard library's `calendar` (Django imports it).
_HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "src"))


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["LOCALGOV_VAR"] = tempfile.mkdtemp(prefix="localgov-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from localgov.units.loaders import run

    print(f"database: {connection.vendor}; cpus: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}")
    for target in ("units", "calendar", "catalog"):
        t0 = time.perf_counter()
        (first,) = run([target])
        t1 = time.perf_counter()
        (second,) = run([target])
        t2 = time.perf_counter()
        ratio = (t1 - t0) / (t2 - t1)
        print(f"{target:<9} first load {t1 - t0:6.2f} s ({first.changed} rows changed) · "
              f"second load {t2 - t1:6.2f} s ({second.changed} changed) · ratio first/second {ratio:.1f}×")


if __name__ == "__main__":
    main()
