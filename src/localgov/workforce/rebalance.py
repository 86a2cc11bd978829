"""Rebalancing within one province: pure, no Django import (OR-Tools min-cost flow).

Problem: surplus pools (commune × field) may give up `transferable` officials; shortage or
overloaded pools need `needed` officials. An official may move to a pool whose field is among
their competences, in another commune or (redeployment) in their own commune. The plan fills as
many needed posts as possible (maximum flow) and, among those plans, minimises the total cost =
Σ (cost per move + distance cost). With the number of filled posts fixed, each filled post is
exactly one move, so this also minimises the number of moves needed to fill them.

Distance is a proxy (commune centroids are not in our data): the legacy (pre-2025) districts and
provinces a commune absorbed, from the NSO old→new table. Same commune 0, a shared legacy
district "near", a shared legacy province "medium", else "far" (data/norms.json `distance`).

Network (one per province): source → supply pool (cap transferable) → candidate type (officials
of that pool with the same competences, cap = how many) → outflow node (commune × a field the type
is competent in) → need pool of that field (cost = move + distance) → sink (cap needed).
Officials are grouped into types, and types into outflow nodes, so the network stays small.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SAME_COMMUNE, NEAR, MEDIUM, FAR = 0, 1, 2, 3
DISTANCE_LABELS = {SAME_COMMUNE: "cùng xã", NEAR: "gần (cùng huyện cũ)", MEDIUM: "cùng tỉnh cũ", FAR: "xa"}


@dataclass(frozen=True)
class Costs:
    move: int = 10
    by_distance: tuple[int, int, int, int] = (0, 2, 5, 9)

    @classmethod
    def from_config(cls, raw: Mapping[str, object]) -> Costs:
        c = raw["distance"]["cost"]  # type: ignore[index]
        return cls(move=int(c["move"]), by_distance=(int(c["same_commune"]), int(c["same_legacy_district"]),
                                                    int(c["same_legacy_province"]), int(c["far"])))

    def of(self, distance: int) -> int:
        return self.move + self.by_distance[distance]


@dataclass(frozen=True)
class Candidate:
    official_id: int
    commune_code: str
    field: str
    competences: frozenset[str]


@dataclass(frozen=True)
class Pool:
    commune_code: str
    field: str
    count: int


@dataclass(frozen=True)
class Transfer:
    official_id: int
    from_commune: str
    from_field: str
    to_commune: str
    to_field: str
    distance: int
    cost: int


@dataclass
class Problem:
    province_code: str
    supplies: list[Pool]
    needs: list[Pool]
    candidates: list[Candidate]
    #: commune → legacy district codes / legacy province codes it absorbed.
    districts: Mapping[str, frozenset[str]] = field(default_factory=dict)
    legacy_provinces: Mapping[str, frozenset[str]] = field(default_factory=dict)
    costs: Costs = field(default_factory=Costs)

    def distance(self, a: str, b: str) -> int:
        if a == b:
            return SAME_COMMUNE
        if self.districts.get(a, frozenset()) & self.districts.get(b, frozenset()):
            return NEAR
        if self.legacy_provinces.get(a, frozenset()) & self.legacy_provinces.get(b, frozenset()):
            return MEDIUM
        return FAR


@dataclass
class Solution:
    transfers: list[Transfer]
    needed: int
    filled: int
    total_cost: int
    solver: str

    @property
    def moves(self) -> int:
        return len(self.transfers)

    @property
    def unmet(self) -> int:
        return self.needed - self.filled


class SolverFailed(RuntimeError):
    pass


def _eligible(problem: Problem) -> dict[tuple[str, str], list[Candidate]]:
    """Candidates that belong to a supply pool, by pool, in official-id order."""
    supply_keys = {(s.commune_code, s.field) for s in problem.supplies if s.count > 0}
    by_pool: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in problem.candidates:
        if (c.commune_code, c.field) in supply_keys:
            by_pool[(c.commune_code, c.field)].append(c)
    for members in by_pool.values():
        members.sort(key=lambda c: c.official_id)
    return by_pool


def _masks(problem: Problem, communes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """commune → (bit mask of its legacy districts, bit mask of its legacy provinces)."""
    bits: dict[str, int] = {}

    def mask(codes: Iterable[str]) -> int:
        m = 0
        for code in codes:
            m |= 1 << bits.setdefault(code, len(bits))
        return m

    return {c: (mask(problem.districts.get(c, ())), mask("p" + x for x in problem.legacy_provinces.get(c, ())))
            for c in communes}


def solve(problem: Problem) -> Solution:
    """The optimal plan (max filled posts, then min cost) by OR-Tools min-cost flow."""
    # numpy and OR-Tools: loaded when a plan is solved
    import numpy as np
    from ortools.graph.python import min_cost_flow

    needs = [n for n in problem.needs if n.count > 0]
    total_needed = sum(n.count for n in needs)
    by_pool = _eligible(problem)
    supplies = [s for s in problem.supplies if s.count > 0 and by_pool.get((s.commune_code, s.field))]
    if not needs or not supplies:
        return Solution([], total_needed, 0, 0, "ortools-mcf")
    supply_keys = {(s.commune_code, s.field) for s in supplies}

    needs_by_field: dict[str, list[int]] = defaultdict(list)
    for k, n in enumerate(needs):
        needs_by_field[n.field].append(k)

    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    unit_costs: list[int] = []

    def arc(t: int, h: int, cap: int, cost: int) -> int:
        tails.append(t)
        heads.append(h)
        caps.append(cap)
        unit_costs.append(cost)
        return len(tails) - 1

    source, sink = 0, 1
    next_node = 2
    need_node: list[int] = []
    for n in needs:
        need_node.append(next_node)
        arc(next_node, sink, n.count, 0)
        next_node += 1

    # One "outflow" node per (commune, field): every type of official there competent in that
    # field feeds it, and it feeds the needs of that field (cost by distance). This keeps the
    # network at communes × needs arcs instead of types × needs.
    out_node: dict[tuple[str, str], int] = {}
    type_out: list[tuple[int, list[Candidate], tuple[str, str]]] = []  # (arc, members, outflow key)
    total_supply = 0
    for s in supplies:
        members = by_pool[(s.commune_code, s.field)]
        cap = min(s.count, len(members))
        total_supply += cap
        s_node = next_node
        next_node += 1
        arc(source, s_node, cap, 0)
        types: dict[frozenset[str], list[Candidate]] = defaultdict(list)
        for c in members:
            types[c.competences | {c.field}].append(c)
        for comp, group in sorted(types.items(), key=lambda kv: sorted(kv[0])):
            t_node = next_node
            next_node += 1
            arc(s_node, t_node, len(group), 0)
            for f in sorted(comp):
                if f not in needs_by_field:
                    continue
                key = (s.commune_code, f)
                o = out_node.get(key)
                if o is None:
                    o = out_node[key] = next_node
                    next_node += 1
                type_out.append((arc(t_node, o, len(group), 0), group, key))

    # Outflow → need arcs, vectorised per outflow node: distance classes from bit masks of
    # legacy districts/provinces (one AND per pair).
    masks = _masks(problem, {c for c, _ in out_node} | {n.commune_code for n in needs})
    wide = max((max(dm, pm).bit_length() for dm, pm in masks.values()), default=0) > 63
    mask_type = object if wide else np.uint64
    by_distance = np.array([problem.costs.of(d) for d in (SAME_COMMUNE, NEAR, MEDIUM, FAR)], dtype=np.int64)
    commune_ix = {c: i for i, c in enumerate(sorted(masks))}
    n_commune = np.array([commune_ix[n.commune_code] for n in needs], dtype=np.int64)
    n_dm = np.array([masks[n.commune_code][0] for n in needs], dtype=mask_type)
    n_pm = np.array([masks[n.commune_code][1] for n in needs], dtype=mask_type)
    n_node = np.array(need_node, dtype=np.int64)
    field_ix = {f: np.array(ks, dtype=np.int64) for f, ks in needs_by_field.items()}
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (tails, heads, costs)
    out_need: list[tuple[int, int, tuple[str, str], np.ndarray]] = []  # (first arc, count, key, need idx)
    first = len(tails)
    for key, o in out_node.items():
        commune, f = key
        ks = field_ix[f]
        same = n_commune[ks] == commune_ix[commune]
        if key in supply_keys:
            ks, same = ks[~same], same[~same]  # a pool does not supply itself
        if not len(ks):
            continue
        dm, pm = masks[commune]
        near = (n_dm[ks] & (dm if wide else np.uint64(dm))) != 0
        medium = (n_pm[ks] & (pm if wide else np.uint64(pm))) != 0
        cls = np.where(same, SAME_COMMUNE, np.where(near, NEAR, np.where(medium, MEDIUM, FAR)))
        chunks.append((np.full(len(ks), o, dtype=np.int64), n_node[ks], by_distance[cls]))
        out_need.append((first, len(ks), key, ks))
        first += len(ks)

    mcf = min_cost_flow.SimpleMinCostFlow()
    all_tails = np.concatenate([np.array(tails, dtype=np.int64), *(c[0] for c in chunks)])
    all_heads = np.concatenate([np.array(heads, dtype=np.int64), *(c[1] for c in chunks)])
    all_caps = np.concatenate([np.array(caps, dtype=np.int64), np.full(first - len(tails), total_needed)])
    all_costs = np.concatenate([np.array(unit_costs, dtype=np.int64), *(c[2] for c in chunks)])
    mcf.add_arcs_with_capacity_and_unit_cost(all_tails.astype(np.int32), all_heads.astype(np.int32), all_caps,
                                             all_costs)
    flow_value = min(total_supply, total_needed)
    mcf.set_node_supply(source, flow_value)
    mcf.set_node_supply(sink, -flow_value)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise SolverFailed(f"min-cost flow status {status} for province {problem.province_code}")

    # Decompose: the officials entering each outflow node, then hand them to its needs.
    used: dict[int, int] = defaultdict(int)  # id(group) → members taken
    queue: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for idx, group, key in type_out:
        flow = int(mcf.flow(idx))
        if flow > 0:
            start = used[id(group)]
            queue[key].extend(group[start:start + flow])
            used[id(group)] = start + flow
    transfers: list[Transfer] = []
    for start, count, key, ks in out_need:
        flows = mcf.flows(np.arange(start, start + count, dtype=np.int64))
        for j in np.nonzero(flows)[0]:
            flow = int(flows[j])
            n = needs[int(ks[j])]
            taken, queue[key] = queue[key][:flow], queue[key][flow:]
            for c in taken:
                d = problem.distance(c.commune_code, n.commune_code)
                transfers.append(Transfer(c.official_id, c.commune_code, c.field, n.commune_code, n.field, d,
                                          problem.costs.of(d)))
    transfers.sort(key=lambda t: (t.to_commune, t.to_field, t.official_id))
    return Solution(transfers, total_needed, len(transfers), sum(t.cost for t in transfers), "ortools-mcf")


def greedy(problem: Problem) -> Solution:
    """Naive baseline: each needed post in turn takes the cheapest still-available official."""
    needs = sorted((n for n in problem.needs if n.count > 0), key=lambda n: (n.commune_code, n.field))
    by_pool = _eligible(problem)
    left = {(s.commune_code, s.field): s.count for s in problem.supplies}
    by_competence: dict[str, list[Candidate]] = defaultdict(list)
    for members in by_pool.values():
        for c in members:
            for f in c.competences | {c.field}:
                by_competence[f].append(c)
    taken: set[int] = set()
    transfers: list[Transfer] = []
    for n in needs:
        for _ in range(n.count):
            best: tuple[int, int] | None = None
            best_c: Candidate | None = None
            for c in by_competence.get(n.field, ()):
                if c.official_id in taken or left[(c.commune_code, c.field)] <= 0:
                    continue
                if c.commune_code == n.commune_code and c.field == n.field:
                    continue
                key = (problem.costs.of(problem.distance(c.commune_code, n.commune_code)), c.official_id)
                if best is None or key < best:
                    best, best_c = key, c
            if best_c is None:
                break
            taken.add(best_c.official_id)
            left[(best_c.commune_code, best_c.field)] -= 1
            d = problem.distance(best_c.commune_code, n.commune_code)
            transfers.append(Transfer(best_c.official_id, best_c.commune_code, best_c.field, n.commune_code,
                                      n.field, d, problem.costs.of(d)))
    total_needed = sum(n.count for n in needs)
    return Solution(transfers, total_needed, len(transfers), sum(t.cost for t in transfers), "greedy")


def violations(problem: Problem, solution: Solution) -> list[str]:
    """Every constraint a plan must hold; an empty list means the plan is valid."""
    out: list[str] = []
    by_id = {c.official_id: c for c in problem.candidates}
    supply = {(s.commune_code, s.field): s.count for s in problem.supplies}
    need = {(n.commune_code, n.field): n.count for n in problem.needs}
    out_count: dict[tuple[str, str], int] = defaultdict(int)
    in_count: dict[tuple[str, str], int] = defaultdict(int)
    seen: set[int] = set()
    for t in solution.transfers:
        c = by_id.get(t.official_id)
        if c is None:
            out.append(f"{t.official_id}: not a candidate")
            continue
        if t.official_id in seen:
            out.append(f"{t.official_id}: moved twice")
        seen.add(t.official_id)
        if (c.commune_code, c.field) != (t.from_commune, t.from_field):
            out.append(f"{t.official_id}: wrong origin")
        if t.to_field != c.field and t.to_field not in c.competences:
            out.append(f"{t.official_id}: {t.to_field} is outside their competences")
        if (t.from_commune, t.from_field) == (t.to_commune, t.to_field):
            out.append(f"{t.official_id}: moved to where they are")
        out_count[(t.from_commune, t.from_field)] += 1
        in_count[(t.to_commune, t.to_field)] += 1
        if t.cost != problem.costs.of(problem.distance(t.from_commune, t.to_commune)):
            out.append(f"{t.official_id}: cost does not match the distance")
    for key, n in out_count.items():
        if n > supply.get(key, 0):
            out.append(f"{key}: gives {n} > transferable {supply.get(key, 0)}")
    for key, n in in_count.items():
        if n > need.get(key, 0):
            out.append(f"{key}: receives {n} > needed {need.get(key, 0)}")
    return out
