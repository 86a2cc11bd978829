"""The dashboards' "centres operating" figure now reads the register's effective-dated history
(`centres.selectors.count_operating`) instead of the centres' status column. How much that costs:
the old single-table count (baseline) against the history count, nationally, per province and
for one province, with every centre's opening recorded and a tenth of them suspended, moved or
closed. Ratios against the baseline in the same run (the machine is shared).

    .venv/bin/python bench/centres_count.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/localgov_bench .venv/bin/python bench/centres_count.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "src"))


def _p(fn, n: int = 30) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return statistics.median(times) * 1000, times[int(0.95 * (len(times) - 1))] * 1000


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["LOCALGOV_VAR"] = tempfile.mkdtemp(prefix="localgov-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q

    call_command("migrate", verbosity=0)
    from localgov.centres.models import CentreChange
    from localgov.centres.selectors import count_operating
    from localgov.units.loaders import run
    from localgov.units.models import ServiceCentre

    run(["units"])
    CentreChange.objects.all().delete()
    centres = list(ServiceCentre.objects.values_list("id", "province_id", "commune_id"))
    start = date(2025, 7, 1)
    later = {c: ("suspended", "moved", "closed")[i % 3] for i, (c, _p, _c) in enumerate(centres[::10])}
    rows = []
    for i, (c, p, commune) in enumerate(centres):
        on = start + timedelta(days=30 + i % 40)
        rows.append(CentreChange(centre_id=c, province_code=p, commune_code=commune or "", kind="opened",
                                 effective_on=start, until=on if c in later else None, recorded_by="bench"))
        if c in later:
            rows.append(CentreChange(centre_id=c, province_code=p, commune_code=commune or "", kind=later[c],
                                     effective_on=on, address="Địa chỉ mới" if later[c] == "moved" else "",
                                     recorded_by="bench"))
    CentreChange.objects.bulk_create(rows, batch_size=2000)
    ServiceCentre.objects.update(in_register=True)
    day = date(2025, 9, 30)

    def old(province: str | None = None, group: bool = False) -> object:
        qs = ServiceCentre.objects.filter(status="operating").filter(Q(opened_on__isnull=True) |
                                                                     Q(opened_on__lte=day))
        if province:
            qs = qs.filter(province_id=province)
        if group:
            return list(qs.values("province_id").annotate(n=Count("id")).order_by())
        return qs.count()

    print(f"database: {connection.vendor}; centres: {len(centres)}; changes: {len(rows)}; "
          f"load average: {os.getloadavg()[0]:.1f}")
    for label, base, new in [
        ("nation", lambda: old(), lambda: count_operating(day)),
        ("per province", lambda: old(group=True), lambda: count_operating(day, group="province")),
        ("one province (01)", lambda: old("01"), lambda: count_operating(day, province="01")),
    ]:
        b, n = _p(base), _p(new)
        print(f"{label:18} baseline median {b[0]:6.2f} ms p95 {b[1]:6.2f} | history median {n[0]:6.2f} ms "
              f"p95 {n[1]:6.2f} | ratio (median) {n[0] / b[0]:5.1f}x")


if __name__ == "__main__":
    main()
