"""Writing the provinces in groups (one worker process per group on PostgreSQL) gives the same
data as one writer: provinces are independent (own random streams, queues and code prefixes).
The groups are written in this process here (the test runs inside one transaction); the forked
processes are exercised by bench/simulate.py."""

from __future__ import annotations

from tests.simulate import snapshot

from localgov.dossiers.audit import verify_chains
from localgov.simulate import runner
from localgov.simulate.planner import ProvinceSpec


def test_groups_balance_population() -> None:
    provinces = [ProvinceSpec(code=f"{i:02d}", population=p, area_km2=1.0, communes=())
                 for i, p in enumerate([9, 7, 5, 4, 3, 1], start=1)]
    groups = runner._groups(provinces, 2)
    assert sorted(c for g in groups for c in g) == [p.code for p in provinces]
    pop = {p.code: p.population for p in provinces}
    assert sorted(sum(pop[c] for c in g) for g in groups) == [14, 15]


def test_workers_write_what_one_writer_writes(simulate, monkeypatch) -> None:
    provinces = ["79", "11", "01"]
    one = simulate(provinces=provinces)
    single = snapshot.take()
    monkeypatch.setattr(runner, "FORK_WORKERS", False)
    two = simulate(provinces=provinces, workers=2)
    grouped = snapshot.take()
    assert (two.dossiers, two.events) == (one.dossiers, one.events)
    assert snapshot.differences(single, grouped) == []
    assert single == grouped
    assert not list(verify_chains())
