"""The shipped catalogue's data format, validated when it is loaded (pure: no Django import).

`validate_data(fields, procedures, bundles)` returns every problem as a `CatalogError`
(record code + field path + message); the loader writes nothing unless the list is empty.

Shapes are strict pydantic models (no coercion, unknown keys rejected). Cross-record rules
checked here, each citing its source:
- step allotments sum to the legal deadline, 8 working hours per working day; a same-day
  deadline ("trong ngày", value 0) is budgeted as one working day; steps outside the count
  (`clock_stopped`, e.g. the tax office's step in a land transfer — Decree 151/2025 annexes,
  docs/domain/one-stop-rules.md §2.2) carry 0 hours;
- `verified` is true exactly when the record lists nothing `unverified` (docs/domain/README.md:
  unconfirmed values are configuration, kept and flagged);
- a bundle's total deadline is not shorter than its critical path (members in the same
  parallel group run side by side; members that stop the clock do not count);
- a bundle with a clock-stopping member has two appointments, the second counted from the
  proof of payment (docs/domain/one-stop-rules.md §1.7, Đồng Tháp 138/2025/QĐ-UBND Art. 30).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic import Field as PydField

HOURS_PER_DAY = 8

Level = Literal["commune", "province", "vertical"]
CommuneKind = Literal[
    "commune_office", "commune_economic", "commune_culture_social", "commune_centre", "commune_police"
]
ProvinceKind = Literal[
    "provincial_ubnd",
    "dept_justice",
    "dept_agri_env",
    "dept_construction",
    "dept_home_affairs",
    "dept_finance",
    "dept_health",
    "dept_education",
    "dept_industry_trade",
    "dept_culture",
    "dept_science_tech",
    "land_registry",
]
VerticalKind = Literal["provincial_police", "social_insurance", "tax"]
AgencyKind = CommuneKind | ProvinceKind | VerticalKind

AGENCY_KINDS: dict[str, tuple[str, ...]] = {
    "commune": get_args(CommuneKind),
    "province": get_args(ProvinceKind),
    "vertical": get_args(VerticalKind),
}
ALL_AGENCY_KINDS: tuple[str, ...] = tuple(k for kinds in AGENCY_KINDS.values() for k in kinds)

Unit = Literal["working_days", "working_hours"]
Role = Literal["counter_officer", "specialist", "approver"]
Channel = Literal["in_person", "post", "online"]
# Time the sectoral law leaves out of the processing period.
ClockStop = Literal["financial_obligation", "public_notice", "relatives_confirmation"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
# National TTHC code (e.g. 1.001193) or a clearly local one (LOCAL.*) for components the
# national database does not publish.
ProcCode = Annotated[str, StringConstraints(pattern=r"^(\d\.\d{6}|LOCAL\.[A-Z0-9.\-]+)$")]
BundleCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9.\-]*$")]
Amount = Annotated[float, PydField(ge=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class FieldIn(_Strict):
    slug: Slug
    name_vi: Text
    name_en: Text


class DeadlineIn(_Strict):
    value: Amount
    unit: Unit
    basis: Text


class SubDeadlineIn(_Strict):
    value: Amount
    unit: Unit


class DeadlineVariantIn(_Strict):
    label: Text
    value: Amount
    unit: Unit
    verified: bool = True


class FeeIn(_Strict):
    amount_vnd: Annotated[int, PydField(ge=0)] | None
    text: Text


class DocumentIn(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_\-]+$")]
    name: Text
    required: bool
    note: str = ""


class StepIn(_Strict):
    order: Annotated[int, PydField(ge=1)]
    name: Text
    role: Role
    agency_kind: AgencyKind
    allotment_hours: Amount
    clock_stopped: bool = False


class ProcedureIn(_Strict):
    code: ProcCode
    name: Text
    field: Slug
    level: Level
    competent_agency_kind: AgencyKind
    deadline: DeadlineIn
    deadline_variants: list[DeadlineVariantIn] = []
    supplement_clock: Literal["restart", "pause"]
    clock_stops: list[ClockStop] = []
    fee: FeeIn
    documents: Annotated[list[DocumentIn], PydField(min_length=1)]
    channels: Annotated[list[Channel], PydField(min_length=1)]
    online_level: Literal["full", "partial", "none"]
    #: Eligible for full-process online service (toàn trình) per the national database: "yes",
    #: "no", or "" = not known (docs/domain/procedures-catalogue.md; Decision 766 indicator 3.4m0).
    full_process: Literal["yes", "no", ""] = ""
    #: Where the online level and `full_process` come from (source tags of the catalogue).
    online_level_source: str = ""
    #: Whether the procedure carries a fee or charge (phí, lệ phí), read from the record's fee text
    #: (`fee.text`): "yes", "no", "" = the record does not say. Decision 766 indicators 3.5, 3.5b.
    fee_bearing: Literal["yes", "no", ""] = ""
    boundary_scope: Literal["province", "nation", "none"]
    result: Text
    result_type: Literal["paper", "electronic", "both"]
    legal_basis: Text
    source: Text
    verified: bool
    unverified: list[Text] = []
    keywords: list[Text] = []
    note: str = ""
    steps_source: Literal["reference", "derived"]
    steps: Annotated[list[StepIn], PydField(min_length=1)]


class MemberIn(_Strict):
    procedure_code: ProcCode
    order: Annotated[int, PydField(ge=1)]
    parallel_group: Annotated[int, PydField(ge=1)]
    agency_kind: AgencyKind
    sub_deadline: SubDeadlineIn
    stops_clock: bool = False
    note: str = ""


class AppointmentIn(_Strict):
    order: Annotated[int, PydField(ge=1)]
    name: Text
    counted_from: Literal["receipt", "proof_of_payment"]
    deadline: SubDeadlineIn
    basis: Text


class BundleIn(_Strict):
    code: BundleCode
    group_code: str = ""
    variant: str = ""
    name: Text
    legal_basis: Text
    source: Text
    local_codes: list[Text] = []
    verified: bool
    unverified: list[Text] = []
    members: Annotated[list[MemberIn], PydField(min_length=1)]
    total_deadline: DeadlineIn
    appointments: Annotated[list[AppointmentIn], PydField(min_length=1)]
    notes: str = ""


@dataclass(frozen=True)
class CatalogError:
    """One problem in the data: which record, which field, what is wrong."""

    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.field}: {self.message}"


@dataclass(frozen=True)
class CatalogData:
    fields: list[FieldIn]
    procedures: list[ProcedureIn]
    bundles: list[BundleIn]


def hours(value: float | Decimal, unit: str) -> Decimal:
    """Working hours of a deadline (8 per working day)."""
    v = Decimal(str(value))
    return v if unit == "working_hours" else v * HOURS_PER_DAY


def budget_hours(value: float | Decimal, unit: str) -> Decimal:
    """Hours the internal steps share: the deadline, or one working day for "trong ngày" (value 0)."""
    h = hours(value, unit)
    return Decimal(HOURS_PER_DAY) if h == 0 and unit == "working_days" else h


def _parse[M: BaseModel](
    model: type[M], raw: Any, kind: str, index: int, key: str, errors: list[CatalogError]
) -> M | None:
    label: str = raw[key] if isinstance(raw, dict) and isinstance(raw.get(key), str) else f"{kind}[{index}]"
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "_"
            errors.append(CatalogError(label, loc, err["msg"]))
        return None


def _check_procedure(p: ProcedureIn, field_slugs: set[str], errors: list[CatalogError]) -> None:
    def err(field: str, message: str) -> None:
        errors.append(CatalogError(p.code, field, message))

    if p.field not in field_slugs:
        err("field", f"unknown field slug {p.field!r}")
    if p.competent_agency_kind not in AGENCY_KINDS[p.level]:
        err("competent_agency_kind", f"{p.competent_agency_kind!r} is not a {p.level}-level agency kind")
    if p.verified == bool(p.unverified):
        err("verified", "must be false exactly when 'unverified' lists something")
    if p.online_level != "none" and "online" not in p.channels:
        err("online_level", f"{p.online_level!r} needs the 'online' channel")
    orders = [s.order for s in p.steps]
    if orders != list(range(1, len(orders) + 1)):
        err("steps", f"step orders must be 1..{len(orders)} in sequence, got {orders}")
    for i, s in enumerate(p.steps):
        if s.clock_stopped and s.allotment_hours != 0:
            err(f"steps.{i}.allotment_hours", "a step outside the clock must have 0 hours")
    total = sum((Decimal(str(s.allotment_hours)) for s in p.steps if not s.clock_stopped), Decimal(0))
    budget = budget_hours(p.deadline.value, p.deadline.unit)
    if total != budget:
        err(
            "steps",
            f"allotments sum to {total} h but the deadline is {budget} h "
            f"({p.deadline.value} {p.deadline.unit})",
        )
    codes = [d.code for d in p.documents]
    if len(set(codes)) != len(codes):
        err("documents", "document codes must be unique")


def _check_bundle(b: BundleIn, procedure_codes: set[str], errors: list[CatalogError]) -> None:
    def err(field: str, message: str) -> None:
        errors.append(CatalogError(b.code, field, message))

    if b.verified == bool(b.unverified):
        err("verified", "must be false exactly when 'unverified' lists something")
    orders = [m.order for m in b.members]
    if len(set(orders)) != len(orders):
        err("members", f"member orders must be unique, got {orders}")
    for i, m in enumerate(b.members):
        if m.procedure_code not in procedure_codes:
            err(f"members.{i}.procedure_code", f"unknown procedure {m.procedure_code!r}")
    # Critical path: groups run one after another, members of a group side by side.
    by_group: dict[int, list[Decimal]] = defaultdict(list)
    for m in b.members:
        if not m.stops_clock:
            by_group[m.parallel_group].append(budget_hours(m.sub_deadline.value, m.sub_deadline.unit))
    path = sum((max(v) for v in by_group.values()), Decimal(0))
    total = budget_hours(b.total_deadline.value, b.total_deadline.unit)
    if total < path:
        err("total_deadline", f"{total} h is shorter than the members' critical path {path} h")
    if [a.order for a in b.appointments] != list(range(1, len(b.appointments) + 1)):
        err("appointments", "appointment orders must be 1..n in sequence")
    if any(m.stops_clock for m in b.members):
        if len(b.appointments) != 2 or b.appointments[1].counted_from != "proof_of_payment":
            err(
                "appointments",
                "a bundle with a clock-stopping member needs two appointments, the second "
                "counted from the proof of payment (docs/domain/one-stop-rules.md §1.7)",
            )


def _unique(items: list[Any], key: str, kind: str, errors: list[CatalogError]) -> None:
    seen: set[str] = set()
    for item in items:
        k = getattr(item, key)
        if k in seen:
            errors.append(CatalogError(k, key, f"duplicate {kind} {key}"))
        seen.add(k)


def validate_data(
    fields: list[Any], procedures: list[Any], bundles: list[Any]
) -> tuple[CatalogData | None, list[CatalogError]]:
    """Validate raw (JSON-decoded) records. Returns (data, []) or (None, errors)."""
    errors: list[CatalogError] = []
    fs = [_parse(FieldIn, r, "fields", i, "slug", errors) for i, r in enumerate(fields)]
    ps = [_parse(ProcedureIn, r, "procedures", i, "code", errors) for i, r in enumerate(procedures)]
    bs = [_parse(BundleIn, r, "bundles", i, "code", errors) for i, r in enumerate(bundles)]
    f_ok = [f for f in fs if f is not None]
    p_ok = [p for p in ps if p is not None]
    b_ok = [b for b in bs if b is not None]
    _unique(f_ok, "slug", "field", errors)
    _unique(p_ok, "code", "procedure", errors)
    _unique(b_ok, "code", "bundle", errors)
    slugs = {f.slug for f in f_ok}
    for p in p_ok:
        _check_procedure(p, slugs, errors)
    codes = {p.code for p in p_ok} | {
        r["code"] for r in procedures if isinstance(r, dict) and isinstance(r.get("code"), str)
    }
    for b in b_ok:
        _check_bundle(b, codes, errors)
    if errors:
        return None, errors
    return CatalogData(fields=f_ok, procedures=p_ok, bundles=b_ok), []
