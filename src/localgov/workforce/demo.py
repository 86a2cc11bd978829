"""Demo staff for every commune (`localgov workforce demo --seed 7`). Deterministic for a seed.

Calibration (data/norms.json `demo`, each with its source):
- about 41 officials per commune on average (Minister of Home Affairs, 5 Oct 2025) [C];
- uneven: big urban wards above the norm in every field (MOHA: "most communes exceed the
  framework, some by >50%") — here 1.3–1.9× the norm;
- remote communes short of land, construction, IT and accounting officers (Official Letter
  7415/BNV-CCVC's priority shortages) [C] — here 0–60% of the norm in those fields;
- about 5% below the professional standard (same MOHA statement) [C];
- where a province's total in post is reported (Hà Tĩnh 2,697, Lạng Sơn 2,376) [S], that total.
"Big urban ward" = the quarter of wards with the largest estimated population; "remote" = the
30% of communes (xã) with the largest estimated area — both estimates are proxies [I]
(norms.estimate_commune_facts).
"""

from __future__ import annotations

import math
import random
import time
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from localgov.workforce import selectors, services
from localgov.workforce.models import (
    Category,
    Official,
    OfficialRecord,
    PlanTransfer,
    RebalancePlan,
)
from localgov.workforce.norms import CommuneFacts, load_config

DEMO_START = date(2025, 7, 1)

RELATED: dict[str, tuple[str, ...]] = {
    "land": ("construction", "economy"),
    "construction": ("land",),
    "accounting": ("economy", "office"),
    "it": ("office",),
    "office": ("it", "civil_status", "one_stop"),
    "civil_status": ("office", "one_stop"),
    "economy": ("accounting", "land"),
    "culture_social": ("one_stop", "office"),
    "one_stop": ("civil_status", "culture_social", "it"),
    "council": ("office",),
    "leadership": (),
}

LEADER_TITLES: dict[str, tuple[str, ...]] = {
    "leadership": ("Chủ tịch HĐND", "Chủ tịch UBND", "Phó Chủ tịch HĐND", "Phó Chủ tịch UBND", "Phó Chủ tịch UBND"),
    "council": ("Phó Trưởng Ban Pháp chế HĐND", "Phó Trưởng Ban Kinh tế - Xã hội HĐND"),
    "office": ("Chánh Văn phòng HĐND và UBND", "Phó Chánh Văn phòng"),
    "economy": ("Trưởng phòng Kinh tế",),
    "land": ("Phó Trưởng phòng Kinh tế",),
    "culture_social": ("Trưởng phòng Văn hóa - Xã hội", "Phó Trưởng phòng Văn hóa - Xã hội"),
    "one_stop": ("Phó Giám đốc Trung tâm Phục vụ hành chính công",),
}

SPECIALIST_TITLE: dict[str, str] = {
    "leadership": "Phó Chủ tịch UBND",
    "council": "Công chức giúp việc HĐND",
    "office": "Công chức Văn phòng - Thống kê",
    "it": "Công chức Công nghệ thông tin - Chuyển đổi số",
    "civil_status": "Công chức Tư pháp - Hộ tịch",
    "land": "Công chức Địa chính - Nông nghiệp - Môi trường",
    "construction": "Công chức Xây dựng - Giao thông - Đô thị",
    "accounting": "Công chức Tài chính - Kế toán",
    "economy": "Công chức Kinh tế",
    "culture_social": "Công chức Văn hóa - Xã hội",
    "one_stop": "Công chức tiếp nhận và trả kết quả",
}


@dataclass
class DemoReport:
    communes: int
    officials: int
    seconds: float

    @property
    def average(self) -> float:
        return self.officials / self.communes if self.communes else 0.0


def commune_kinds(facts: list[CommuneFacts]) -> dict[str, str]:
    """commune code → "urban" (big urban ward), "remote" or "normal"."""
    wards = sorted((f for f in facts if f.division_type == "phường"), key=lambda f: (-f.population, f.code))
    rural = sorted((f for f in facts if f.division_type != "phường"), key=lambda f: (-f.area_km2, f.code))
    kinds = {f.code: "normal" for f in facts}
    for f in wards[: len(wards) // 4]:
        kinds[f.code] = "urban"
    for f in rural[: int(len(rural) * 0.3)]:
        kinds[f.code] = "remote"
    return kinds


FIXED_FIELDS = ("leadership", "council")


def _factor(rng: random.Random, kind: str, field: str, shortage_fields: set[str]) -> float:
    if field in FIXED_FIELDS:
        return 1.0
    if kind == "urban":
        return rng.uniform(1.3, 1.9)
    if kind == "remote":
        return rng.uniform(0.0, 0.6) if field in shortage_fields else rng.uniform(1.0, 1.35)
    return rng.uniform(0.6, 1.2) if field in shortage_fields else rng.uniform(0.95, 1.45)


def plan_counts(seed: int, facts: list[CommuneFacts], norms: dict[str, dict[str, int]],
                average: float) -> dict[str, dict[str, int]]:
    """commune → field → number of demo officials, scaled so the national mean is `average`."""
    cfg = load_config()
    shortage_fields = set(cfg.raw["demo"]["shortage_fields"]["value"])
    rng = random.Random(f"workforce-demo-{seed}")
    kinds = commune_kinds(facts)
    actuals = {k: int(v["value"]) for k, v in cfg.raw["demo"].get("province_actuals", {}).items() if k != "about"}
    raw: dict[str, dict[str, float]] = {}
    fixed: dict[str, float] = defaultdict(float)  # by province
    scalable: dict[str, float] = defaultdict(float)
    for f in facts:
        row = {}
        for field, norm in norms[f.code].items():
            x = norm * _factor(rng, kinds[f.code], field, shortage_fields)
            row[field] = x
            if field in FIXED_FIELDS:
                fixed[f.province_code] += x
            else:
                scalable[f.province_code] += x
        raw[f.code] = row
    # Provinces with a reported total match it; the others share the rest of the national average.
    known = {p: a for p, a in actuals.items() if p in scalable}
    scale = {p: max(0.0, (a - fixed[p]) / scalable[p]) for p, a in known.items() if scalable[p]}
    rest = [p for p in scalable if p not in known]
    rest_target = average * len(facts) - sum(known.values()) - sum(fixed[p] for p in rest)
    rest_scalable = sum(scalable[p] for p in rest)
    k = max(0.0, rest_target / rest_scalable) if rest_scalable else 1.0
    out: dict[str, dict[str, int]] = {}
    for f in facts:
        row = {}
        factor = scale.get(f.province_code, k)
        for field, x in raw[f.code].items():
            y = x if field in FIXED_FIELDS else x * factor
            base = math.floor(y)
            row[field] = base + (1 if rng.random() < y - base else 0)
        out[f.code] = row
    return out


def _names() -> tuple[list[str], list[str], list[str], list[str]]:
    # Faker's locale data: loaded only when demo data is built
    from faker.providers.person.vi_VN import Provider

    return (list(Provider.last_names), list(Provider.middle_names), list(Provider.first_names_male),
            list(Provider.first_names_female))


SKILL_WEIGHTS: dict[str, tuple[float, float, float, float]] = {
    "management.leader": (0.03, 0.17, 0.55, 0.25),
    "management": (0.25, 0.5, 0.2, 0.05),
    "digital.remote": (0.15, 0.45, 0.3, 0.1),
    "digital": (0.06, 0.34, 0.42, 0.18),
    "professional": (0.05, 0.3, 0.45, 0.2),  # ~5% below standard (MOHA, 5 Oct 2025)
    "legal": (0.06, 0.34, 0.45, 0.15),
    "development": (0.06, 0.34, 0.45, 0.15),
}
_CUMULATIVE = {k: tuple(sum(w[: i + 1]) for i in range(4)) for k, w in SKILL_WEIGHTS.items()}


def _level(x: float, key: str) -> int:
    return min(4, bisect_right(_CUMULATIVE[key], x) + 1)


def _skills(rng: random.Random, leader: bool, remote: bool) -> tuple[int, int, int, int, int]:
    r = rng.random
    c = _CUMULATIVE
    return (
        min(4, bisect_right(c["management.leader" if leader else "management"], r()) + 1),
        min(4, bisect_right(c["legal"], r()) + 1),
        min(4, bisect_right(c["professional"], r()) + 1),
        min(4, bisect_right(c["digital.remote" if remote else "digital"], r()) + 1),
        min(4, bisect_right(c["development"], r()) + 1),
    )


def _category(rng: random.Random, field: str, leader: bool) -> str:
    if field == "leadership" or (field == "council" and leader):
        return Category.CADRE.value
    r = rng.random()
    if field in ("it", "accounting") and r < 0.08:
        return Category.CONTRACT.value
    if field == "one_stop" and r < 0.12:
        return Category.PUBLIC_EMPLOYEE.value
    return Category.CIVIL_SERVANT.value


def build_rows(seed: int, counts: dict[str, dict[str, int]], facts: list[CommuneFacts]) -> list[services.FastRow]:
    cfg = load_config()
    rng = random.Random(f"workforce-people-{seed}")
    r = rng.random
    last, middle, first_m, first_f = _names()
    kinds = commune_kinds(facts)
    departments = {f.slug: f.department for f in cfg.fields}
    leader_pos = {f: services.position_for(f, leader=True) for f in cfg.field_slugs}
    specialist_pos = {f: services.position_for(f, leader=False) for f in cfg.field_slugs}
    rows: list[services.FastRow] = []
    for f in facts:
        n = 0
        remote = kinds[f.code] == "remote"
        for field in cfg.field_slugs:
            titles = LEADER_TITLES.get(field, ())
            related = RELATED[field]
            for i in range(counts[f.code].get(field, 0)):
                n += 1
                leader = i < len(titles)
                female = r() < 0.45
                given = first_f if female else first_m
                mid = "Thị" if female and r() < 0.6 else middle[int(r() * len(middle))]
                name = f"{last[int(r() * len(last))]} {mid} {given[int(r() * len(given))]}"
                competences = (field, related[int(r() * len(related))]) if related and r() < 0.4 else (field,)
                rows.append(services.FastRow(
                    code=f"{f.code}-{n:03d}", full_name=name, birth_year=1966 + int(r() * 36),
                    province_code=f.province_code, commune_code=f.code, department=departments[field],
                    position=leader_pos[field] if leader else specialist_pos[field],
                    position_title=titles[i] if leader else SPECIALIST_TITLE[field],
                    category=_category(rng, field, leader), field=field, competences=competences,
                    skills=_skills(rng, leader, remote),
                ))
    return rows


def clear_all() -> None:
    """Delete every workforce row (plans, transfers, records, officials), fast."""
    with connection.cursor() as cur:
        for model in (PlanTransfer, RebalancePlan, OfficialRecord, Official):
            cur.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608


def load_demo_staff(seed: int = 7, *, average: float | None = None, provinces: list[str] | None = None,
                    replace: bool = True) -> DemoReport:
    started = time.perf_counter()
    cfg = load_config()
    average = average if average is not None else float(cfg.raw["demo"]["average_staff"]["value"])
    facts = [f for f in selectors.units_index().facts if not provinces or f.province_code in provinces]
    counts = plan_counts(seed, facts, selectors.norms(), average)
    rows = build_rows(seed, counts, facts)
    with transaction.atomic():
        if replace:
            clear_all()
        services.fast_insert(rows, on=DEMO_START, source="demo", by="demo")
    return DemoReport(communes=len(facts), officials=len(rows), seconds=time.perf_counter() - started)
