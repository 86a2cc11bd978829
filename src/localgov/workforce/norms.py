"""Commune staffing norms (biên chế cấp xã): pure, no Django import.

The figures live in `data/norms.json`, each with its source and confidence tag
(docs/domain/commune-staffing.md): the ~32-position framework of Dispatch 09/CV-BCĐ split by
field, the 40 ceiling of Dispatch 03/CV-BCĐ, population and area adjustments, and reported
provincial quotas. This module only reads that file and does the arithmetic.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).with_name("data") / "norms.json"


@dataclass(frozen=True)
class Sourced:
    """A figure with where it comes from (a key of `sources`) and its confidence tag."""

    value: Any
    source: str
    tag: str


@dataclass(frozen=True)
class FieldDef:
    slug: str
    name_vi: str
    department: str
    catalog_fields: tuple[str, ...]
    priority_shortage: bool


@dataclass(frozen=True)
class CommuneFacts:
    """What the norm of one commune depends on. Population and area are estimates
    (`adjustments.commune_estimates` in the data file)."""

    code: str
    province_code: str
    division_type: str
    population: float = 0.0
    area_km2: float = 0.0


@dataclass(frozen=True)
class NormConfig:
    raw: Mapping[str, Any]
    fields: tuple[FieldDef, ...]
    base: Mapping[str, Mapping[str, Sourced]]
    base_total: Mapping[str, Sourced]
    ceiling: Sourced
    province_quotas: Mapping[str, Sourced]

    @property
    def field_slugs(self) -> tuple[str, ...]:
        return tuple(f.slug for f in self.fields)

    def field(self, slug: str) -> FieldDef:
        for f in self.fields:
            if f.slug == slug:
                return f
        raise KeyError(slug)

    def field_names(self) -> dict[str, str]:
        return {f.slug: f.name_vi for f in self.fields}

    def catalog_to_field(self) -> dict[str, str]:
        """Catalog Field slug → workforce field slug (only the fields commune staff handle)."""
        return {c: f.slug for f in self.fields for c in f.catalog_fields}

    def catalog_shares(self) -> dict[str, dict[str, float]]:
        """Workforce field → {catalog field: share}; a field with one catalog field gets 1.0."""
        raw = self.raw.get("catalog_share", {})
        out: dict[str, dict[str, float]] = {}
        for f in self.fields:
            if not f.catalog_fields:
                continue
            given = raw.get(f.slug)
            out[f.slug] = dict(given) if given else {c: 1.0 / len(f.catalog_fields) for c in f.catalog_fields}
        return out

    def number(self, *path: str) -> float:
        node: Any = self.raw
        for key in path:
            node = node[key]
        value: float = node["value"] if isinstance(node, Mapping) and "value" in node else node
        return value

    def sourced(self, *path: str) -> Sourced:
        node: Any = self.raw
        for key in path:
            node = node[key]
        return Sourced(node["value"], node.get("source", ""), node.get("tag", "?"))

    def source_title(self, key: str) -> str:
        first = key.split(";")[0].split(" (")[0].strip()
        src = self.raw["sources"].get(first)
        return src["title"] if src else key


def _sourced(node: Mapping[str, Any]) -> Sourced:
    return Sourced(node["value"], node.get("source", ""), node.get("tag", "?"))


def parse_config(raw: Mapping[str, Any]) -> NormConfig:
    fields = tuple(
        FieldDef(
            slug=f["slug"],
            name_vi=f["name_vi"],
            department=f["department"],
            catalog_fields=tuple(f.get("catalog_fields", ())),
            priority_shortage=bool(f.get("priority_shortage", False)),
        )
        for f in raw["fields"]
    )
    slugs = {f.slug for f in fields}
    base: dict[str, dict[str, Sourced]] = {}
    totals: dict[str, Sourced] = {}
    for kind, spec in raw["base_norms"].items():
        if "same_as" in spec:
            continue
        by_field = {k: _sourced(v) for k, v in spec["by_field"].items()}
        unknown = set(by_field) - slugs
        if unknown:
            raise ValueError(f"base_norms.{kind}: unknown fields {sorted(unknown)}")
        total = _sourced(spec["total"])
        if sum(v.value for v in by_field.values()) != total.value:
            raise ValueError(f"base_norms.{kind}: fields sum to {sum(v.value for v in by_field.values())}, "
                             f"total says {total.value}")
        base[kind] = {f.slug: by_field.get(f.slug, Sourced(0, "localgov", "I")) for f in fields}
        totals[kind] = total
    for kind, spec in raw["base_norms"].items():
        if "same_as" in spec:
            base[kind] = base[spec["same_as"]]
            totals[kind] = totals[spec["same_as"]]
    quotas = {k: _sourced(v) for k, v in raw.get("province_quotas", {}).items() if k != "about"}
    return NormConfig(raw=raw, fields=fields, base=base, base_total=totals, ceiling=_sourced(raw["ceiling"]),
                      province_quotas=quotas)


@lru_cache(maxsize=4)
def load_config(path: str | None = None) -> NormConfig:
    with open(path or DATA_FILE, encoding="utf-8") as fh:
        return parse_config(json.load(fh))


def largest_remainder(weights: Mapping[str, float], total: int) -> dict[str, int]:
    """Split `total` whole positions in proportion to `weights` (Hamilton's method; ties by key)."""
    out = {k: 0 for k in weights}
    wsum = sum(w for w in weights.values() if w > 0)
    if total <= 0 or wsum <= 0:
        return out
    exact = {k: total * w / wsum for k, w in weights.items() if w > 0}
    for k, x in exact.items():
        out[k] = math.floor(x)
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - math.floor(exact[k])), k))[:left]:
        out[k] += 1
    return out


def _scale_capped(weights: Mapping[str, int], quota: int, ceiling: int) -> dict[str, int]:
    """Scale to `quota` in proportion to `weights`, no value above `ceiling`: capped communes
    are fixed at the ceiling and the rest of the quota is shared again among the others."""
    fixed: dict[str, int] = {}
    free = dict(weights)
    while free:
        left = quota - sum(fixed.values())
        scaled = largest_remainder(free, max(left, 0))
        over = [k for k, v in scaled.items() if v > ceiling]
        if not over:
            return {**fixed, **scaled}
        for k in over:
            fixed[k] = ceiling
            del free[k]
    return fixed


def _base_kind(cfg: NormConfig, division_type: str) -> str:
    return division_type if division_type in cfg.base else "xã"


def extra_positions(c: CommuneFacts, cfg: NormConfig) -> int:
    """Positions above the base framework for population and area (data file `adjustments`)."""
    pop = cfg.raw["adjustments"]["population"]
    extra = 0
    over = c.population - pop["threshold"]["value"]
    if over > 0:
        extra += int(over // pop["step"]["value"]) * pop["positions_per_step"]["value"]
    area = cfg.raw["adjustments"]["area"]
    over_km2 = c.area_km2 - area["threshold_km2"]["value"]
    if over_km2 > 0:
        extra += min(int(over_km2 // area["step_km2"]["value"]) * area["positions_per_step"]["value"],
                     area["max_positions"]["value"])
    return extra


def commune_total(c: CommuneFacts, cfg: NormConfig) -> int:
    """Base framework + adjustments, capped by the ceiling (never below the base)."""
    base: int = cfg.base_total[_base_kind(cfg, c.division_type)].value
    ceiling: int = cfg.ceiling.value
    return max(base, min(base + extra_positions(c, cfg), ceiling))


def split_by_field(total: int, division_type: str, cfg: NormConfig) -> dict[str, int]:
    """A commune's total norm split by field: the base framework, then extra positions by the
    `extra_to_fields` weights; a total below the framework shrinks every field proportionally."""
    base = {k: v.value for k, v in cfg.base[_base_kind(cfg, division_type)].items()}
    base_sum = sum(base.values())
    if total >= base_sum:
        extra = largest_remainder(cfg.raw["adjustments"]["extra_to_fields"]["weights"], total - base_sum)
        return {k: base[k] + extra.get(k, 0) for k in base}
    return largest_remainder(base, total)


def compute_norms(communes: Iterable[CommuneFacts], cfg: NormConfig | None = None) -> dict[str, dict[str, int]]:
    """commune code → {field: norm}. Provinces with a reported quota have their communes' totals
    scaled to it (largest remainder), each still capped by the ceiling (the excess goes to the
    others)."""
    cfg = cfg or load_config()
    communes = list(communes)
    totals = {c.code: commune_total(c, cfg) for c in communes}
    by_province: dict[str, list[CommuneFacts]] = {}
    for c in communes:
        by_province.setdefault(c.province_code, []).append(c)
    for province, members in by_province.items():
        quota = cfg.province_quotas.get(province)
        if quota is None:
            continue
        totals.update(_scale_capped({c.code: totals[c.code] for c in members}, int(quota.value),
                                    int(cfg.ceiling.value)))
    return {c.code: split_by_field(totals[c.code], c.division_type, cfg) for c in communes}


def estimate_commune_facts(
    communes: Iterable[tuple[str, str, str]],
    legacy_types: Mapping[str, list[str]],
    province_population: Mapping[str, float],
    province_area: Mapping[str, float],
    cfg: NormConfig | None = None,
) -> list[CommuneFacts]:
    """Population and area of each commune estimated from its province's figures, split by the
    legacy units it absorbed (`legacy_types`: commune code → types of its legacy wards), each
    weighted by type (data file `adjustments.commune_estimates`, tag [I])."""
    cfg = cfg or load_config()
    est = cfg.raw["adjustments"]["commune_estimates"]
    pw, aw = est["population_weight"], est["area_weight"]
    rows = list(communes)
    pop_w: dict[str, float] = {}
    area_w: dict[str, float] = {}
    for code, _province, _kind in rows:
        types = legacy_types.get(code) or ["xã"]
        pop_w[code] = sum(pw.get(t, 1.0) for t in types)
        area_w[code] = sum(aw.get(t, 1.0) for t in types)
    pop_sum: dict[str, float] = {}
    area_sum: dict[str, float] = {}
    for code, province, _kind in rows:
        pop_sum[province] = pop_sum.get(province, 0.0) + pop_w[code]
        area_sum[province] = area_sum.get(province, 0.0) + area_w[code]
    out = []
    for code, province, kind in rows:
        pop = province_population.get(province, 0.0) * pop_w[code] / pop_sum[province] if pop_sum[province] else 0.0
        area = province_area.get(province, 0.0) * area_w[code] / area_sum[province] if area_sum[province] else 0.0
        out.append(CommuneFacts(code=code, province_code=province, division_type=kind, population=pop,
                                area_km2=area))
    return out
