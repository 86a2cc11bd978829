"""Capacity gaps in the five areas the Government named (management, legal, professional,
digital, development-minded) and the training-needs list.

The required level of each area depends on the kind of post (leader, specialist, IT); it is
configuration (`capacity.required` in data/norms.json, tag [I]: no official competency
framework for commune posts is published yet).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from localgov.access.policy import Actor, filter_queryset
from localgov.workforce import selectors
from localgov.workforce.models import SKILL_AREAS
from localgov.workforce.norms import NormConfig, load_config


def post_kind(position: str, field: str) -> str:
    if position.endswith(".leader"):
        return "leader"
    return "it" if field == "it" else "specialist"


def required_levels(cfg: NormConfig | None = None) -> dict[str, dict[str, int]]:
    cfg = cfg or load_config()
    req = cfg.raw["capacity"]["required"]
    return {kind: dict(req[kind]) for kind in ("leader", "specialist", "it")}


def below(skills: Mapping[str, int], kind: str, required: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """area → levels missing, for the areas where the official is below the required level."""
    need = required[kind]
    return {a: need[a] - skills[a] for a in SKILL_AREAS if skills[a] < need[a]}


@dataclass(frozen=True)
class CommuneGaps:
    commune_code: str
    officials: int
    #: area → share (0..1) of the commune's officials below the required level.
    share_below: dict[str, float]


_COLUMNS = ("commune_code", "position", "field", *[f"skill_{a}" for a in SKILL_AREAS])


def gaps_by_commune(*, actor: Actor, day: date | None = None, province_code: str | None = None,
                    commune_code: str | None = None) -> list[CommuneGaps]:
    required = required_levels()
    qs = selectors.on_duty_as_of(day).filter(commune_code__isnull=False)
    if province_code:
        qs = qs.filter(province_code=province_code)
    if commune_code:
        qs = qs.filter(commune_code=commune_code)
    qs = filter_queryset(actor, "official", qs)
    count: dict[str, int] = defaultdict(int)
    short: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SKILL_AREAS, 0))
    for commune, position, field, *levels in qs.values_list(*_COLUMNS).iterator(chunk_size=20000):
        count[commune] += 1
        need = required[post_kind(position, field)]
        row = short[commune]
        for area, level in zip(SKILL_AREAS, levels, strict=True):
            if level < need[area]:
                row[area] += 1
    return [
        CommuneGaps(c, n, {a: short[c][a] / n for a in SKILL_AREAS}) for c, n in sorted(count.items())
    ]


def province_gaps(rows: list[CommuneGaps]) -> dict[str, float]:
    """area → share of all officials in `rows` below the required level."""
    total = sum(r.officials for r in rows)
    if not total:
        return dict.fromkeys(SKILL_AREAS, 0.0)
    return {a: sum(r.share_below[a] * r.officials for r in rows) / total for a in SKILL_AREAS}


@dataclass(frozen=True)
class TrainingNeed:
    official_code: str
    full_name: str
    commune_code: str
    commune_name: str
    field: str
    position_title: str
    area: str
    level: int
    required: int


def training_needs(*, actor: Actor, day: date | None = None, province_code: str | None = None,
                   commune_code: str | None = None, limit: int | None = None) -> list[TrainingNeed]:
    """One row per official and capacity area below the required level (biggest gaps first)."""
    required = required_levels()
    names = selectors.units_index().names
    qs = selectors.on_duty_as_of(day).filter(commune_code__isnull=False)
    if province_code:
        qs = qs.filter(province_code=province_code)
    if commune_code:
        qs = qs.filter(commune_code=commune_code)
    qs = filter_queryset(actor, "official", qs)
    out: list[TrainingNeed] = []
    for code, name, commune, position, field, title, *levels in qs.values_list(
        "official__code", "official__full_name", "commune_code", "position", "field", "position_title",
        *[f"skill_{a}" for a in SKILL_AREAS],
    ).order_by("commune_code", "official__code").iterator(chunk_size=20000):
        need = required[post_kind(position, field)]
        for area, level in zip(SKILL_AREAS, levels, strict=True):
            if level < need[area]:
                out.append(TrainingNeed(code, name, commune, names.get(commune, ""), field, title, area, level,
                                        need[area]))
    out.sort(key=lambda t: (-(t.required - t.level), t.commune_code, t.official_code, t.area))
    return out[:limit] if limit else out


HEADERS = ("Mã cán bộ", "Họ và tên", "Mã xã", "Xã", "Lĩnh vực", "Chức danh", "Năng lực", "Mức hiện có",
           "Mức yêu cầu")


def _row(t: TrainingNeed, cfg: NormConfig) -> list[object]:
    areas = cfg.raw["capacity"]["areas"]
    return [t.official_code, t.full_name, t.commune_code, t.commune_name, cfg.field_names().get(t.field, t.field),
            t.position_title, areas[t.area], t.level, t.required]


def training_csv(rows: list[TrainingNeed]) -> str:
    cfg = load_config()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS)
    for t in rows:
        writer.writerow(_row(t, cfg))
    return buf.getvalue()


def training_xlsx(rows: list[TrainingNeed]) -> bytes:
    # a spreadsheet library: loaded when a spreadsheet is asked for
    import xlsxwriter

    cfg = load_config()
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    sheet = book.add_worksheet("Nhu cầu đào tạo")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, HEADERS, bold)
    for i, t in enumerate(rows, start=1):
        sheet.write_row(i, 0, _row(t, cfg))
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 26)
    sheet.set_column(3, 6, 30)
    book.close()
    return buf.getvalue()
