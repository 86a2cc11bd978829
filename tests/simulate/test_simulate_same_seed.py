"""Same seed → identical data; another seed → other data; a subset of provinces reproduces
exactly the dossiers those provinces get in a larger run (per-commune random substreams)."""

from __future__ import annotations

from tests.simulate import snapshot


def test_same_seed_same_data(simulate) -> None:
    simulate()
    first = snapshot.take()
    simulate()
    again = snapshot.take()
    assert snapshot.differences(first, again) == []
    assert first == again

    simulate(seed=8)
    other = snapshot.take()
    assert set(other["dossiers"]) != set(first["dossiers"]) or other["events"] != first["events"]


def test_subset_of_provinces_reproduces_a_larger_run(simulate) -> None:
    simulate(provinces=["79", "11"])
    both = {code: d for code, d in snapshot.dossiers().items() if d["province_code"] == "11"}
    simulate(provinces=["11"])
    alone = snapshot.dossiers()
    assert alone and alone == both
