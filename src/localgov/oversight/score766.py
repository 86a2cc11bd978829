"""Decision 766/QĐ-TTg scoring. Pure: no Django import.

The model (docs/domain/decision-766.md): five groups, 100 points (§1 [S36, S37]); the national
portal shows six (the online group split into online services 12 and online payment 10,
[S38]). Every per-indicator maximum, target and band cut-off comes from
`oversight/data/766.json`, each tagged with its source and whether it is uncertain; several
are disputed (§2 footnote) and are therefore configuration, not code.

Scoring rule (§2 [T, S23, S39]): with a target T, score = min(max, ratio × max ÷ T);
without, score = ratio × max. Indicators our data cannot measure (publication timeliness,
digitisation, complaints …) are "chưa đo" (not measured): they are left out of the maximum
too, and the comparable figure is the normalised score = points ÷ measured maximum × 100.
Bands apply to the normalised score (90–100 excellent and < 50 weak per [S37]; the
intermediate cut-offs are UNVERIFIED and flagged so in the configuration).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

CONFIG_PATH = Path(__file__).with_name("data") / "766.json"


def load_config(path: Path | None = None, *, profile: str | None = None) -> dict[str, Any]:
    """The configuration, with the chosen profile's overrides applied."""
    config: dict[str, Any] = json.loads((path or CONFIG_PATH).read_text(encoding="utf-8"))
    chosen = profile or config.get("profile")
    override = (config.get("profiles", {}).get(chosen) or {}).get("override", {})
    for group in config["groups"]:
        for ind in group["indicators"]:
            ind.update(override.get(ind["code"], {}))
    config["profile"] = chosen
    return config


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    name: str
    max: float
    ratio: float | None  # None: not measured (chưa đo) or nothing to measure in the period
    score: float | None
    target: float | None
    uncertain: bool
    source: str
    tracking: bool = False
    portal_group: str | None = None
    #: Why it is not measured (configuration `unmeasured`), or what a measured figure leaves out.
    note: str = ""

    @property
    def measured(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class GroupScore:
    code: str
    name: str
    max: float
    indicators: list[IndicatorScore]

    @cached_property
    def score(self) -> float:
        return sum(i.score for i in self.indicators if i.score is not None)

    @cached_property
    def measured_max(self) -> float:
        return sum(i.max for i in self.indicators if i.score is not None)


@dataclass(frozen=True)
class UnitScore:
    unit: str
    groups: list[GroupScore]
    bands: list[dict[str, Any]] = field(repr=False)
    #: The maxima profile this score uses (configuration `profiles`; group 3 is disputed).
    profile: str = ""

    @cached_property
    def total(self) -> float:
        return sum(g.score for g in self.groups)

    @cached_property
    def measured_max(self) -> float:
        return sum(g.measured_max for g in self.groups)

    @cached_property
    def maximum(self) -> float:
        return sum(g.max for g in self.groups)

    @cached_property
    def normalised(self) -> float | None:
        return self.total / self.measured_max * 100 if self.measured_max else None

    @property
    def band(self) -> str | None:
        return band_for(self.normalised, self.bands)

    def portal_view(self, config: Mapping[str, Any]) -> list[tuple[str, str, float, float, float]]:
        """The six groups of the national portal: (code, name, max, score, measured max)."""
        by_group = {g.code: g for g in self.groups}
        out = []
        for pg in config["portal_groups"]:
            if "from_group" in pg:
                g = by_group[pg["from_group"]]
                inds = g.indicators
            else:
                inds = [i for g in self.groups for i in g.indicators if i.portal_group == pg["from_portal_group"]]
            score = sum(i.score for i in inds if i.score is not None)
            measured = sum(i.max for i in inds if i.score is not None)
            out.append((pg["code"], pg["name"], float(pg["max"]), score, measured))
        return out


def band_for(normalised: float | None, bands: list[dict[str, Any]]) -> str | None:
    if normalised is None:
        return None
    for band in sorted(bands, key=lambda b: -b["min"]):
        if normalised >= band["min"]:
            name: str = band["name"]
            return name
    return None


def indicator_score(ratio: float | None, maximum: float, target: float | None) -> float | None:
    """§3.2: min(max, ratio × max ÷ T) with a target, ratio × max without; ratio in [0, 1]."""
    if ratio is None:
        return None
    ratio = min(1.0, max(0.0, ratio))
    if target:
        return min(maximum, ratio * maximum / target)
    return ratio * maximum


def score_unit(unit: str, measures: Mapping[str, float | None], config: Mapping[str, Any], *,
               notes: Mapping[str, str] | None = None) -> UnitScore:
    """Score one province or commune from its measures (ratios keyed by the `measure` names in
    the configuration; a missing or None measure = not measured / nothing to measure). An
    unmeasured indicator carries its reason (configuration `unmeasured`, else "không có dữ liệu
    trong kỳ"); `notes` add what a measured one leaves out (code → text)."""
    groups = []
    for g in config["groups"]:
        inds = []
        for ind in g["indicators"]:
            measure = ind.get("measure")
            ratio = measures.get(measure) if measure else None
            tracking = bool(ind.get("tracking"))
            maximum = float(ind["max"])
            score = None if (tracking or maximum == 0) else indicator_score(ratio, maximum, ind.get("target"))
            if score is None and not tracking and maximum:
                note = ind.get("unmeasured") or "không có dữ liệu trong kỳ"
            else:
                note = (notes or {}).get(ind["code"], "")
            inds.append(IndicatorScore(
                code=ind["code"], name=ind["name"], max=maximum, ratio=ratio, score=score, target=ind.get("target"),
                uncertain=bool(ind.get("uncertain")), source=ind.get("source", ""), tracking=tracking,
                portal_group=ind.get("portal_group"), note=note,
            ))
        groups.append(GroupScore(code=g["code"], name=g["name"], max=float(g["max"]), indicators=inds))
    return UnitScore(unit=unit, groups=groups, bands=list(config["bands"]), profile=str(config.get("profile") or ""))


def rank(scores: list[UnitScore]) -> list[tuple[int, UnitScore]]:
    """Competition ranking (1, 2, 2, 4) by normalised score, best first; unscored units last."""
    ordered = sorted(scores, key=lambda s: (s.normalised is None, -(s.normalised or 0.0), s.unit))
    out: list[tuple[int, UnitScore]] = []
    for i, s in enumerate(ordered):
        if out and s.normalised is not None and out[-1][1].normalised is not None and \
                round(out[-1][1].normalised, 6) == round(s.normalised, 6):
            out.append((out[-1][0], s))
        else:
            out.append((i + 1, s))
    return out
