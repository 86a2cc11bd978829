"""Reads for the workforce app: records as of a day, staff counts, norms, balance, capacity.

Lists for people go through the access policy (`filter_queryset(actor, "official", qs)`);
the national aggregates (balance, capacity_by_commune_field) are figures, not personal data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from localgov.access.policy import Actor, filter_queryset
from localgov.units.models import Commune, Province, WardMapping
from localgov.workforce import balance as bal
from localgov.workforce import workload
from localgov.workforce.models import OfficialRecord, OfficialStatus
from localgov.workforce.norms import CommuneFacts, NormConfig, compute_norms, estimate_commune_facts, load_config

#: Statuses that count as staff of the unit (seconded officials count where they serve).
ON_DUTY = (OfficialStatus.ACTIVE, OfficialStatus.SECONDED)


def today() -> date:
    return timezone.localdate()


def as_of_q(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def records_as_of(day: date | None = None) -> QuerySet[OfficialRecord]:
    """The record in force on `day` for every official (one row each, at most)."""
    return OfficialRecord.objects.filter(as_of_q(day or today()))


def on_duty_as_of(day: date | None = None) -> QuerySet[OfficialRecord]:
    return records_as_of(day).filter(status__in=ON_DUTY)


def history(official_id: int) -> list[OfficialRecord]:
    return list(OfficialRecord.objects.filter(official_id=official_id).order_by("valid_from", "pk"))


def officials_for(actor: Actor, *, day: date | None = None, commune_code: str | None = None,
                  province_code: str | None = None) -> QuerySet[OfficialRecord]:
    qs = records_as_of(day).select_related("official")
    if commune_code:
        qs = qs.filter(commune_code=commune_code)
    if province_code:
        qs = qs.filter(province_code=province_code)
    return filter_queryset(actor, "official", qs).order_by("commune_code", "field", "official__code")


def staff_counts(day: date | None = None, *, province_code: str | None = None) -> dict[tuple[str, str], int]:
    qs = on_duty_as_of(day).filter(commune_code__isnull=False)
    if province_code:
        qs = qs.filter(province_code=province_code)
    return {(c, f): n for c, f, n in qs.values_list("commune_code", "field").annotate(n=Count("id")).order_by()}


# --- units facts (cached: units are reference data) -----------------------------------------


@dataclass(frozen=True)
class UnitsIndex:
    facts: tuple[CommuneFacts, ...]
    names: dict[str, str]
    province_names: dict[str, str]
    districts: dict[str, frozenset[str]]
    legacy_provinces: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def units_index() -> UnitsIndex:

    legacy_types: dict[str, list[str]] = defaultdict(list)
    districts: dict[str, set[str]] = defaultdict(set)
    old_provinces: dict[str, set[str]] = defaultdict(set)
    for commune, kind, district, old_province in WardMapping.objects.values_list(
        "new_commune_id", "old_ward__division_type", "old_ward__district_id", "old_ward__district__province_id"
    ):
        legacy_types[commune].append(kind)
        districts[commune].add(district)
        old_provinces[commune].add(old_province)
    provinces = list(Province.objects.values_list("code", "name", "population", "area_km2"))
    communes = list(Commune.objects.values_list("code", "province_id", "division_type", "name"))
    facts = estimate_commune_facts(
        [(c, p, k) for c, p, k, _ in communes],
        legacy_types,
        {p: float(pop or 0) for p, _, pop, _ in provinces},
        {p: float(area or 0) for p, _, _, area in provinces},
    )
    return UnitsIndex(
        facts=tuple(facts),
        names={c: n for c, _, _, n in communes},
        province_names={p: n for p, n, _, _ in provinces},
        districts={k: frozenset(v) for k, v in districts.items()},
        legacy_provinces={k: frozenset(v) for k, v in old_provinces.items()},
    )


def reset_caches() -> None:
    units_index.cache_clear()
    norms.cache_clear()


@lru_cache(maxsize=1)
def norms() -> dict[str, dict[str, int]]:
    """commune code → {field: norm} for every commune."""
    return compute_norms(units_index().facts)


# --- balance -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BalanceView:
    day: date
    rows: list[bal.PoolBalance]
    thresholds: bal.Thresholds
    measured_from: date | None
    measured_to: date | None


def balance(
    day: date | None = None, *, province_code: str | None = None, commune_code: str | None = None,
    workload_days: int = 0, cfg: NormConfig | None = None,
) -> BalanceView:
    """Every (commune, field) pool: staff, norm, workload, classification. With
    `workload_days` > 0 the load is measured over the `workload_days` calendar days before `day`."""

    cfg = cfg or load_config()
    day = day or today()
    th = bal.Thresholds.from_config(cfg.raw)
    counts = staff_counts(day, province_code=province_code)
    steps: dict[tuple[str, str], float] = {}
    wdays = 0
    first = last = None
    if workload_days > 0:
        first, last = day - timedelta(days=workload_days), day - timedelta(days=1)
        steps = workload.weighted_steps(first, last, province_code=province_code, cfg=cfg)
        wdays = workload.working_days(first, last)
    all_norms = norms()
    rows = []
    for facts in units_index().facts:
        if province_code and facts.province_code != province_code:
            continue
        if commune_code and facts.code != commune_code:
            continue
        for field in cfg.field_slugs:
            key = (facts.code, field)
            rows.append(bal.balance(
                bal.PoolInput(facts.code, field, counts.get(key, 0), all_norms[facts.code].get(field, 0),
                              steps.get(key, 0.0), wdays),
                th,
            ))
    return BalanceView(day=day, rows=rows, thresholds=th, measured_from=first, measured_to=last)


def province_summaries(view: BalanceView) -> dict[str, dict[str, bal.FieldSummary]]:
    """province code → field → summary."""
    idx = units_index()
    province_of = {f.code: f.province_code for f in idx.facts}
    grouped: dict[str, list[bal.PoolBalance]] = defaultdict(list)
    for r in view.rows:
        grouped[province_of[r.commune_code]].append(r)
    return {p: bal.summarise_by_field(rows) for p, rows in grouped.items()}


def headlines(summary: dict[str, bal.FieldSummary], cfg: NormConfig | None = None) -> list[str]:
    cfg = cfg or load_config()
    names = cfg.field_names()
    out = []
    for field in cfg.field_slugs:
        s = summary.get(field)
        line = bal.headline(s, names[field]) if s else None
        if line:
            out.append(line)
    return out


# --- for the simulation --------------------------------------------------------------------------


def _by_catalog_field(counts: Mapping[tuple[str, str], float], cfg: NormConfig) -> dict[tuple[str, str], float]:
    """(commune, workforce field) → n, spread over the catalog fields each workforce field serves
    (`catalog_share` in data/norms.json): the values of one commune keep its total."""
    shares = cfg.catalog_shares()
    out: dict[tuple[str, str], float] = {}
    for (commune, field), n in counts.items():
        for catalog_field, share in shares.get(field, {}).items():
            out[(commune, catalog_field)] = out.get((commune, catalog_field), 0.0) + n * share
    return out


def capacity_by_commune_field(day: date | None = None, *,
                              counts: Mapping[tuple[str, str], int] | None = None) -> dict[tuple[str, str], float]:
    """(commune code, catalog Field slug) → officials (FTE) who handle that field's dossiers there.

    A workforce field serving several catalog fields (e.g. civil_status serves civil_status and
    certification) has its officials split between them by `catalog_share` in data/norms.json,
    so the values of one commune sum to its staff in procedure-handling fields (no double count).
    Catalog fields outside commune staffing (police, vertical agencies, province) are absent.
    Plus, for the reception desk, the key (commune, "one_stop"). `counts`: `staff_counts(day)`
    when the caller already holds them."""
    counts = staff_counts(day) if counts is None else counts
    out = _by_catalog_field(counts, load_config())
    for (commune, field), n in counts.items():
        if field == "one_stop":
            out[(commune, field)] = float(n)
    return out


def norm_by_commune_field() -> dict[tuple[str, str], float]:
    """(commune code, catalog Field slug) → the officials the staffing norm gives that field's
    dossiers there (`norms()`, split as `capacity_by_commune_field` splits the staff in post), so
    that staff ÷ norm compares like with like."""
    counts = {(commune, field): float(n) for commune, by_field in norms().items() for field, n in by_field.items()}
    return _by_catalog_field(counts, load_config())
