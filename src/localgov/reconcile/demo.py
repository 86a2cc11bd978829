"""The demo's national export: what the national portal would report for one province over a
week, built from localgov's own dossiers with a few deterministic gaps (a unit-day short of one
dossier, a dossier list missing one code and holding one localgov never had), written as the CSV
the portal exports and imported through the same path as a real file — so /giam-sat/doi-soat/
shows differences to follow up."""

from __future__ import annotations

import random
from datetime import date, timedelta

from localgov.access.policy import SYSTEM
from localgov.oversight.selectors import Area, Period
from localgov.reconcile import selectors, services


def seed_national_export(province: str = "01", *, last_day: date = date(2025, 9, 30), days: int = 7,
                         seed: int = 7) -> int:
    """Import the demo export for `province` over the `days` days ending `last_day`; returns the
    number of unit-days imported (0 when the province has no dossiers then)."""
    rng = random.Random(seed)
    period = Period(last_day - timedelta(days=days - 1), last_day)
    local = selectors.local_sides(Area("province", province), period)
    keys = sorted(k for k, s in local.items() if s.received)
    if not keys:
        return 0
    short = set(rng.sample(keys, max(1, len(keys) // 20)))
    lines = ["MaDonVi,Ngay,TiepNhan,DaGiaiQuyet"]
    for unit, day in keys:
        side = local[(unit, day)]
        lines.append(f"{unit},{day.isoformat()},{side.received - (1 if (unit, day) in short else 0)},"
                     f"{side.processed or 0}")
    services.import_file(("\n".join(lines) + "\n").encode(), f"demo-dvcqg-{province}.csv", actor=SYSTEM)
    unit, day = keys[0]
    listed = selectors.local_sides(Area("province", province), period, with_codes=[(unit, day)])[(unit, day)]
    codes = sorted((listed.codes or {}).items())
    if len(codes) >= 2:
        rows = [f"{code},{unit},{day.isoformat()},{state}" for code, state in codes[1:]]
        rows.append(f"{codes[0][0][:-4]}9999,{unit},{day.isoformat()},2")
        services.import_file(("MaHoSo,MaDonVi,NgayTiepNhan,TrangThai\n" + "\n".join(rows) + "\n").encode(),
                             f"demo-dvcqg-ho-so-{province}.csv", actor=SYSTEM)
    return len(keys)
