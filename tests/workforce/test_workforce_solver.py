"""The rebalancing solver (rebalance.py, pure) on small hand-checked cases."""

from __future__ import annotations

import random

import pytest

from localgov.workforce.rebalance import (
    FAR,
    MEDIUM,
    NEAR,
    SAME_COMMUNE,
    Candidate,
    Costs,
    Pool,
    Problem,
    greedy,
    solve,
    violations,
)

COSTS = Costs(move=10, by_distance=(0, 2, 5, 9))
DISTRICTS = {"A": frozenset({"d1"}), "B": frozenset({"d1"}), "C": frozenset({"d2"}), "D": frozenset({"d3"})}
OLD_PROVINCES = {"A": frozenset({"p1"}), "B": frozenset({"p1"}), "C": frozenset({"p1"}), "D": frozenset({"p2"})}


def cand(i: int, commune: str, field: str, *others: str) -> Candidate:
    return Candidate(i, commune, field, frozenset({field, *others}))


def hand_case() -> Problem:
    return Problem(
        province_code="99",
        supplies=[Pool("A", "land", 2), Pool("A", "office", 1), Pool("D", "land", 1)],
        needs=[Pool("B", "land", 1), Pool("C", "land", 1), Pool("C", "it", 1), Pool("B", "construction", 1)],
        candidates=[
            cand(1, "A", "land"), cand(2, "A", "land"), cand(5, "A", "land"),  # 3 land officials, 2 may go
            cand(3, "A", "office", "it"),
            cand(4, "D", "land", "construction"),
            cand(6, "B", "land", "construction"),  # B's own land official: B is not a supply pool
        ],
        districts=DISTRICTS, legacy_provinces=OLD_PROVINCES, costs=COSTS,
    )


def test_distance_proxy() -> None:
    p = hand_case()
    assert [p.distance("A", x) for x in "ABCD"] == [SAME_COMMUNE, NEAR, MEDIUM, FAR]


def test_hand_checked_optimum() -> None:
    p = hand_case()
    sol = solve(p)
    # By hand: A's two land officials go to B/land (near, 12) and C/land (medium, 15); A's office
    # official (also IT) to C/it (medium, 15); D's land official (also construction) to
    # B/construction (far, 19). Every post filled; cost 61 — nothing cheaper fills all four.
    assert (sol.needed, sol.filled, sol.moves, sol.total_cost) == (4, 4, 4, 61)
    moves = {(t.official_id, t.to_commune, t.to_field) for t in sol.transfers}
    assert (3, "C", "it") in moves and (4, "B", "construction") in moves
    assert {t.official_id for t in sol.transfers if t.to_field == "land"} <= {1, 2, 5}
    assert 6 not in {t.official_id for t in sol.transfers}  # not in a surplus pool
    assert violations(p, sol) == []


def test_no_move_outside_competences() -> None:
    p = hand_case()
    p.candidates = [c if c.official_id != 3 else cand(3, "A", "office") for c in p.candidates]
    sol = solve(p)
    assert all(t.to_field != "it" for t in sol.transfers)
    assert (sol.filled, sol.unmet) == (3, 1)
    assert violations(p, sol) == []


def test_violations_catch_a_bad_plan() -> None:
    p = hand_case()
    sol = solve(p)
    bad = sol.transfers[0].__class__(1, "A", "land", "C", "it", MEDIUM, 15)
    sol.transfers.append(bad)
    found = violations(p, sol)
    assert any("outside their competences" in v for v in found)


def test_greedy_can_be_beaten() -> None:
    # Official 1 knows accounting and IT, official 2 only accounting. Greedy fills B/accounting
    # first with official 1 (lowest id at equal cost) and then has nobody for B/it.
    p = Problem(
        province_code="99",
        supplies=[Pool("A", "accounting", 2)],
        needs=[Pool("B", "accounting", 1), Pool("B", "it", 1)],
        candidates=[cand(1, "A", "accounting", "it"), cand(2, "A", "accounting")],
        districts=DISTRICTS, legacy_provinces=OLD_PROVINCES, costs=COSTS,
    )
    g, s = greedy(p), solve(p)
    assert (g.filled, s.filled) == (1, 2)
    assert {(t.official_id, t.to_field) for t in s.transfers} == {(1, "it"), (2, "accounting")}
    assert violations(p, g) == [] and violations(p, s) == []


def test_redeployment_within_the_commune_is_cheapest() -> None:
    p = Problem(
        province_code="99",
        supplies=[Pool("A", "office", 1), Pool("B", "office", 1)],
        needs=[Pool("A", "it", 1)],
        candidates=[cand(1, "B", "office", "it"), cand(2, "A", "office", "it")],
        districts=DISTRICTS, legacy_provinces=OLD_PROVINCES, costs=COSTS,
    )
    sol = solve(p)
    assert [(t.official_id, t.distance, t.cost) for t in sol.transfers] == [(2, SAME_COMMUNE, 10)]


@pytest.mark.parametrize("seed", range(12))
def test_random_cases_never_worse_than_greedy(seed: int) -> None:
    rng = random.Random(seed)
    communes = list("ABCD")
    fields = ["land", "it", "accounting", "office"]
    candidates, supplies, needs = [], [], []
    oid = 0
    for c in communes:
        for f in fields:
            kind = rng.random()
            if kind < 0.4:
                n = rng.randint(1, 4)
                supplies.append(Pool(c, f, rng.randint(1, n)))
                for _ in range(n):
                    oid += 1
                    candidates.append(cand(oid, c, f, *rng.sample(fields, rng.randint(0, 2))))
            elif kind < 0.8:
                needs.append(Pool(c, f, rng.randint(1, 3)))
    p = Problem("99", supplies, needs, candidates, DISTRICTS, OLD_PROVINCES, COSTS)
    s, g = solve(p), greedy(p)
    assert violations(p, s) == [] and violations(p, g) == []
    assert s.filled >= g.filled
    if s.filled == g.filled:
        assert s.total_cost <= g.total_cost
