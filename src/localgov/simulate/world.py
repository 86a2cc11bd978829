"""Read the reference data (units, catalogue, centres, agencies) into the planner's pure specs."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from localgov.catalog.models import Procedure
from localgov.dossiers.submission import COMMUNE_AGENCY_KINDS
from localgov.simulate.params import Params
from localgov.simulate.planner import CommuneSpec, ProcedureSpec, ProvinceSpec
from localgov.units.models import Agency, Commune, Province, ServiceCentre


@dataclass
class World:
    provinces: list[ProvinceSpec]
    procedures: list[ProcedureSpec]
    #: (agency kind, province code, commune code or "") → (agency pk, electronic id)
    agencies: dict[tuple[str, str, str], tuple[int, str]]
    birth_prefixes: tuple[str, ...]


def size_factor(code: str, sigma: float) -> float:
    """The commune's fixed size factor (log-normal, median 1), independent of the run's seed."""
    return random.Random(f"size:{code}").lognormvariate(0.0, sigma)


def birth_prefixes() -> tuple[str, ...]:
    from vietnam_provinces.legacy import Province as LegacyProvince

    return tuple(sorted(f"{int(p.code):03d}" for p in LegacyProvince.iter_all()))


def load_world(params: Params, province_codes: Sequence[str] | None = None) -> World:
    provinces_qs = Province.objects.order_by("code")
    if province_codes:
        provinces_qs = provinces_qs.filter(code__in=list(province_codes))
    provinces = list(provinces_qs)
    if not provinces:
        raise ValueError("Chưa có dữ liệu tỉnh: hãy chạy `localgov load units` trước.")
    codes = [p.code for p in provinces]
    centre_of: dict[str, int] = {}
    for pk, commune_id in (ServiceCentre.objects.filter(province_id__in=codes, status="operating",
                                                        commune__isnull=False)
                           .order_by("pk").values_list("pk", "commune_id")):
        centre_of.setdefault(commune_id, pk)
    fallback = dict(ServiceCentre.objects.filter(province_id__in=codes, kind="provincial_centre")
                    .order_by("pk").values_list("province_id", "pk"))
    by_province: dict[str, list[Commune]] = {}
    for com in Commune.objects.filter(province_id__in=codes).order_by("code"):
        by_province.setdefault(com.province_id, []).append(com)
    specs: list[ProvinceSpec] = []
    for prov in provinces:
        communes = by_province.get(prov.code, [])
        weights = [params.type_weight.get(c.division_type, 1.0) * size_factor(c.code, params.size_sigma)
                   for c in communes]
        total = sum(weights) or 1.0
        population = int(prov.population or 0)
        area = float(prov.area_km2 or 0)
        specs.append(ProvinceSpec(prov.code, population, area, tuple(
            CommuneSpec(
                code=c.code, province_code=prov.code, division_type=c.division_type, share=w / total,
                population=population * w / total,
                km2_per_1000=(area / len(communes)) / max(1.0, population * w / total / 1000),
                centre_id=centre_of.get(c.code) or fallback[prov.code],
            )
            for c, w in zip(communes, weights, strict=True)
        )))
    procedures = [
        ProcedureSpec(
            code=p.code, field=p.field_id, level=p.level, agency_kind=p.competent_agency_kind,
            deadline_value=p.deadline_value, deadline_unit=p.deadline_unit, online=p.online_level != "none",
            boundary_scope=p.boundary_scope,
            required_docs=tuple(d["code"] for d in p.documents if d.get("required")),
            commune_level=p.competent_agency_kind in COMMUNE_AGENCY_KINDS,
        )
        for p in Procedure.objects.filter(active=True).order_by("code")
        if p.field_id in params.field_share
    ]
    agencies: dict[tuple[str, str, str], tuple[int, str]] = {}
    for pk, eid, kind, prov_id, commune_id in (Agency.objects.filter(province_id__in=codes).order_by("electronic_id")
                                              .values_list("pk", "electronic_id", "kind", "province_id",
                                                           "commune_id")):
        agencies.setdefault((kind, prov_id, commune_id or ""), (pk, eid))
    return World(provinces=specs, procedures=procedures, agencies=agencies, birth_prefixes=birth_prefixes())
