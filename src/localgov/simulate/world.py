"""Read the reference data (units, catalogue, centres, agencies) and, where it exists, the
workforce data (officials in post against the staffing norm) into the planner's pure specs."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from localgov.catalog.models import Bundle, Procedure
from localgov.dossiers import clock
from localgov.dossiers.routing import COMMUNE_AGENCY_KINDS
from localgov.simulate.params import Params
from localgov.simulate.planner import BundleMemberSpec, BundleSpec, CommuneSpec, ProcedureSpec, ProvinceSpec
from localgov.units.models import Agency, Commune, Province, ServiceCentre
from localgov.workforce import selectors


@dataclass
class World:
    provinces: list[ProvinceSpec]
    procedures: list[ProcedureSpec]
    #: (agency kind, province code, commune code or "") → (agency pk, electronic id)
    agencies: dict[tuple[str, str, str], tuple[int, str]]
    birth_prefixes: tuple[str, ...]
    #: communes whose desks follow the workforce data (CommuneSpec.staff_ratio); the others have
    #: the documented default
    staffed_communes: int = 0
    #: the interconnected bundles the parameters file ([bundles]) asks for, as in the catalogue
    bundles: tuple[BundleSpec, ...] = ()

    @property
    def communes(self) -> int:
        return sum(len(p.communes) for p in self.provinces)

    def staffing_label(self, day: date) -> str:
        """"" with the documented defaults everywhere; else "workforce <day> <staffed>/<communes>
        <sha256 of the communes' desk ratios, 16 hex>" — two runs with the same label (and seed and
        parameters) sized their desks alike (SimulationRun.staffing)."""
        if not self.staffed_communes:
            return ""
        digest = hashlib.sha256()
        for prov in self.provinces:
            for com in prov.communes:
                if com.staff_ratio:
                    digest.update(f"{com.code}:{com.staff_ratio!r};".encode())
        return f"workforce {day.isoformat()} {self.staffed_communes}/{self.communes} {digest.hexdigest()[:16]}"


def size_factor(code: str, sigma: float) -> float:
    """The commune's fixed size factor (log-normal, median 1), independent of the run's seed."""
    return random.Random(f"size:{code}").lognormvariate(0.0, sigma)


def birth_prefixes() -> tuple[str, ...]:
    # the legacy units' table takes a second to load: on first use
    from vietnam_provinces.legacy import Province as LegacyProvince

    return tuple(sorted(f"{int(p.code):03d}" for p in LegacyProvince.iter_all()))


def staff_ratios(params: Params, staff: Mapping[tuple[str, str], float], norm: Mapping[tuple[str, str], float],
                 communes: set[str]) -> dict[str, tuple[tuple[str, float], ...]]:
    """commune → ((desk, officials in post ÷ norm over the desk's catalog fields), …) for the
    `communes` that have workforce data, and the desks whose fields have a norm there (commune
    police, outside the commune framework, have none: they keep the default). Pure."""
    out: dict[str, tuple[tuple[str, float], ...]] = {}
    for commune in sorted(communes):
        pairs = []
        for desk in params.desks:
            wanted = sum(norm.get((commune, f), 0.0) for f in desk.fields)
            if wanted > 0:
                pairs.append((desk.name, sum(staff.get((commune, f), 0.0) for f in desk.fields) / wanted))
        out[commune] = tuple(pairs)
    return out


def workforce_ratios(params: Params, day: date) -> dict[str, tuple[tuple[str, float], ...]]:
    """`staff_ratios` of every commune with officials on duty on `day` in the workforce data
    (none: an empty mapping, and every desk keeps the documented default)."""

    counts = selectors.staff_counts(day)
    if not counts:
        return {}
    return staff_ratios(params, selectors.capacity_by_commune_field(day, counts=counts),
                        selectors.norm_by_commune_field(), {commune for commune, _ in counts})


def load_world(params: Params, province_codes: Sequence[str] | None = None, *,
               staffing_day: date | None = None) -> World:
    """The specs of the provinces (all by default); with `staffing_day`, each commune's desks
    follow the workforce data of that day where it has some (`workforce_ratios`)."""
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
    ratios = workforce_ratios(params, staffing_day) if staffing_day else {}
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
                # 0: no centre at all, which the preflight refuses (simulate/preflight.py)
                centre_id=centre_of.get(c.code) or fallback.get(prov.code, 0), staff_ratio=ratios.get(c.code, ()),
            )
            for c, w in zip(communes, weights, strict=True)
        )))
    procedures = [_procedure_spec(p) for p in Procedure.objects.filter(active=True).order_by("code")
                  if p.field_id in params.field_share]
    agencies: dict[tuple[str, str, str], tuple[int, str]] = {}
    for pk, eid, kind, prov_id, commune_id in (Agency.objects.filter(province_id__in=codes).order_by("electronic_id")
                                              .values_list("pk", "electronic_id", "kind", "province_id",
                                                           "commune_id")):
        agencies.setdefault((kind, prov_id, commune_id or ""), (pk, eid))
    staffed = sum(1 for p in specs for c in p.communes if c.code in ratios)
    return World(provinces=specs, procedures=procedures, agencies=agencies, birth_prefixes=birth_prefixes(),
                 staffed_communes=staffed, bundles=load_bundles(params))


def _procedure_spec(p: Procedure) -> ProcedureSpec:
    return ProcedureSpec(
        code=p.code, field=p.field_id, level=p.level, agency_kind=p.competent_agency_kind,
        deadline_value=p.deadline_value, deadline_unit=p.deadline_unit, online=p.online_level != "none",
        boundary_scope=p.boundary_scope, required_docs=tuple(d["code"] for d in p.documents if d.get("required")),
        commune_level=p.competent_agency_kind in COMMUNE_AGENCY_KINDS,
        payment_stops_clock=clock.payment_stops_clock(p.clock_stops),
    )


def load_bundles(params: Params) -> tuple[BundleSpec, ...]:
    """The active catalogue bundles named in [bundles], with their members in order (a member
    that stops the bundle's clock, such as the land transfer's tax step, says so)."""
    wanted = {code for choices in params.bundles.values() for code, _ in choices}
    out = []
    for bundle in Bundle.objects.filter(code__in=wanted, active=True).prefetch_related("members__procedure") \
            .order_by("code"):
        members = sorted(bundle.members.all(), key=lambda m: m.order)
        if not members:
            continue
        out.append(BundleSpec(
            pk=bundle.pk, code=bundle.code, appointments=tuple(bundle.appointments or ()),
            deadline=clock.Deadline(bundle.total_deadline_value, bundle.total_deadline_unit),
            members=tuple(BundleMemberSpec(order=m.order, parallel_group=m.parallel_group,
                                           procedure=_procedure_spec(m.procedure), agency_kind=m.agency_kind,
                                           sub_deadline=clock.Deadline(m.sub_deadline_value, m.sub_deadline_unit),
                                           commune_level=m.agency_kind in COMMUNE_AGENCY_KINDS,
                                           stops_clock=m.stops_clock)
                          for m in members)))
    return tuple(out)
