"""The only writers of the workforce tables.

History is effective-dated: `change()` closes the open record (valid_to = the change day) and
opens a new one with the changes; a record is never edited in place otherwise. A rebalancing
plan is a draft until an HR officer of the province approves it (`approve_plan`), and only
then do its transfers become records.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from localgov.access.policy import Actor, matches
from localgov.access.roles import Role
from localgov.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from localgov.workforce import rebalance, selectors
from localgov.workforce.models import (
    SKILL_AREAS,
    Category,
    Department,
    Official,
    OfficialRecord,
    OfficialStatus,
    PlanStatus,
    PlanTransfer,
    RebalancePlan,
)
from localgov.workforce.norms import load_config

#: Record columns a change may set (everything else is carried over from the open record).
CHANGEABLE = (
    "province_code", "commune_code", "agency_id", "department", "position", "position_title", "category",
    "field", "competences", *[f"skill_{a}" for a in SKILL_AREAS], "status", "status_reason", "seconded_from",
)


@dataclass
class RecordInput:
    """What a new official's first record says (import, demo, the form)."""

    province_code: str
    commune_code: str | None
    department: str
    position: str
    category: str
    field: str
    competences: list[str] = field(default_factory=list)
    skills: Mapping[str, int] = field(default_factory=dict)
    status: str = OfficialStatus.ACTIVE
    position_title: str = ""
    status_reason: str = ""
    seconded_from: str = ""
    agency_id: int | None = None


def validate_record(data: RecordInput) -> dict[str, list[str]]:
    """Field → Vietnamese errors (empty when valid)."""
    cfg = load_config()
    errors: dict[str, list[str]] = {}
    slugs = set(cfg.field_slugs)
    if data.field not in slugs:
        errors.setdefault("field", []).append(f"Lĩnh vực không hợp lệ: {data.field}")
    bad = [c for c in data.competences if c not in slugs]
    if bad:
        errors.setdefault("competences", []).append(f"Lĩnh vực chuyên môn không hợp lệ: {', '.join(bad)}")
    if data.category not in Category.values:
        errors.setdefault("category", []).append(f"Loại cán bộ không hợp lệ: {data.category}")
    if data.department not in Department.values:
        errors.setdefault("department", []).append(f"Phòng, bộ phận không hợp lệ: {data.department}")
    if data.status not in OfficialStatus.values:
        errors.setdefault("status", []).append(f"Trạng thái không hợp lệ: {data.status}")
    for area in SKILL_AREAS:
        level = data.skills.get(area, 2)
        if not isinstance(level, int) or not 1 <= level <= 4:
            errors.setdefault(f"skill_{area}", []).append("Mức năng lực phải từ 1 đến 4.")
    if not data.position:
        errors.setdefault("position", []).append("Thiếu vị trí việc làm.")
    return errors


def _record(official_id: int, data: RecordInput, *, on: date, reason: str, source: str, by: str) -> OfficialRecord:
    competences = sorted({data.field, *data.competences})
    return OfficialRecord(
        official_id=official_id, valid_from=on, province_code=data.province_code, commune_code=data.commune_code,
        agency_id=data.agency_id, department=data.department, position=data.position,
        position_title=data.position_title, category=data.category, field=data.field, competences=competences,
        **{f"skill_{a}": int(data.skills.get(a, 2)) for a in SKILL_AREAS},
        status=data.status, status_reason=data.status_reason, seconded_from=data.seconded_from,
        change_reason=reason, source=source, recorded_by=by,
    )


@transaction.atomic
def create_official(*, code: str, full_name: str, data: RecordInput, on: date, actor: Actor,
                    citizen_id: str | None = None, birth_year: int | None = None, source: str = "manual") -> Official:
    errors = validate_record(data)
    if errors:
        raise ValidationFailed("Thông tin cán bộ không hợp lệ.", fields=errors)
    if Official.objects.filter(code=code).exists():
        raise Conflict(f"Mã cán bộ {code} đã tồn tại.")
    official = Official.objects.create(code=code, full_name=full_name, citizen_id=citizen_id or None,
                                       birth_year=birth_year)
    _record(official.pk, data, on=on, reason="Tiếp nhận", source=source, by=actor.label).save()
    return official


@transaction.atomic
def change(*, official_id: int, on: date, changes: Mapping[str, Any], reason: str, actor: Actor,
           source: str = "manual") -> OfficialRecord:
    """Close the open record on `on` and open a new one with `changes` (effective-dated)."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise ValidationFailed(f"Không thể thay đổi: {', '.join(sorted(unknown))}")
    current = (
        OfficialRecord.objects.select_for_update().filter(official_id=official_id, valid_to__isnull=True).first()
    )
    if current is None:
        raise NotFound("Không tìm thấy quá trình công tác đang hiệu lực.")
    if on <= current.valid_from:
        raise Conflict(f"Ngày hiệu lực phải sau {current.valid_from:%d/%m/%Y} (thay đổi gần nhất).")
    if current.status == OfficialStatus.LEFT:
        raise Conflict("Cán bộ đã nghỉ việc.")
    new = OfficialRecord(**{
        f.attname: getattr(current, f.attname) for f in OfficialRecord._meta.concrete_fields if f.attname != "id"
    })
    for key, value in changes.items():
        setattr(new, key, value)
    if "field" in changes or "competences" in changes:
        new.competences = sorted({new.field, *new.competences})
    data = RecordInput(
        province_code=new.province_code, commune_code=new.commune_code, department=new.department,
        position=new.position, category=new.category, field=new.field, competences=list(new.competences),
        skills=new.skills(), status=new.status,
    )
    errors = validate_record(data)
    if errors:
        raise ValidationFailed("Thay đổi không hợp lệ.", fields=errors)
    new.valid_from, new.valid_to = on, None
    new.change_reason, new.source, new.recorded_by = reason, source, actor.label
    OfficialRecord.objects.filter(pk=current.pk).update(valid_to=on)
    new.save(force_insert=True)
    return new


def mark_left(*, official_id: int, on: date, reason: str, actor: Actor) -> OfficialRecord:
    """Nghỉ việc (Decree 178/67, retirement, transfer out): a record with status "left" from `on`."""
    if not reason.strip():
        raise ValidationFailed("Cần nêu lý do nghỉ việc.", fields={"status_reason": ["Bắt buộc."]})
    return change(official_id=official_id, on=on, changes={"status": OfficialStatus.LEFT, "status_reason": reason},
                  reason="Nghỉ việc", actor=actor)


def bulk_create(rows: Iterable[tuple[Official, RecordInput]], *, on: date, source: str, by: str,
                batch_size: int = 5000) -> int:
    """Insert officials and their first records in bulk (import). Rows must be valid."""
    rows = list(rows)
    officials = Official.objects.bulk_create([o for o, _ in rows], batch_size=batch_size)
    records = [_record(o.pk, d, on=on, reason="Tiếp nhận", source=source, by=by) for o, (_, d) in zip(
        officials, rows, strict=True)]
    OfficialRecord.objects.bulk_create(records, batch_size=batch_size)
    return len(officials)


class FastRow(NamedTuple):
    """One official and their first record as plain values (the demo's 136,000 rows)."""

    code: str
    full_name: str
    birth_year: int | None
    province_code: str
    commune_code: str | None
    department: str
    position: str
    position_title: str
    category: str
    field: str
    competences: tuple[str, ...]
    skills: tuple[int, int, int, int, int]  # in SKILL_AREAS order


def fast_insert(rows: list[FastRow], *, on: date, source: str, by: str, chunk: int = 20000) -> int:
    """Insert officials and first records with explicit ids and `executemany` (no model
    instances): the demo's national staff in seconds on SQLite and PostgreSQL. Sequences are
    reset afterwards. Rows must be valid (the demo builds them from the data file)."""

    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value(on)
    first_id = (Official.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    json_field = OfficialRecord._meta.get_field("competences")
    json_cache: dict[tuple[str, ...], Any] = {}

    def js(comp: tuple[str, ...]) -> Any:
        if comp not in json_cache:
            json_cache[comp] = json_field.get_db_prep_save(sorted(comp), connection)
        return json_cache[comp]

    o_table = ops.quote_name(Official._meta.db_table)
    r_table = ops.quote_name(OfficialRecord._meta.db_table)
    o_cols = ["id", "code", "full_name", "citizen_id", "birth_year", "user_id", "created_at"]
    r_cols = ["official_id", "valid_from", "valid_to", "province_code", "commune_code", "agency_id", "department",
              "position", "position_title", "category", "field", "competences",
              *[f"skill_{a}" for a in SKILL_AREAS], "status", "status_reason", "seconded_from", "change_reason",
              "source", "recorded_by", "recorded_at"]
    o_sql = f"INSERT INTO {o_table} ({', '.join(o_cols)}) VALUES ({', '.join(['%s'] * len(o_cols))})"
    r_sql = f"INSERT INTO {r_table} ({', '.join(r_cols)}) VALUES ({', '.join(['%s'] * len(r_cols))})"
    with transaction.atomic(), connection.cursor() as cur:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            cur.executemany(o_sql, [
                (first_id + start + i, r.code, r.full_name, None, r.birth_year, None, now) for i, r in enumerate(part)
            ])
            cur.executemany(r_sql, [
                (first_id + start + i, day, None, r.province_code, r.commune_code, None, r.department, r.position,
                 r.position_title, r.category, r.field, js(r.competences), *r.skills, OfficialStatus.ACTIVE.value,
                 "", "", "Tiếp nhận", source, by, now)
                for i, r in enumerate(part)
            ])
        for sql in ops.sequence_reset_sql(no_style(), [Official, OfficialRecord]):
            cur.execute(sql)
    return len(rows)


# --- rebalancing ---------------------------------------------------------------------------------


def build_problem(province_code: str, day: date) -> rebalance.Problem:
    """The solver's input for one province from the balance and the records in force on `day`."""
    cfg = load_config()
    view = selectors.balance(day, province_code=province_code)
    supplies = [rebalance.Pool(r.commune_code, r.field, r.transferable) for r in view.rows if r.transferable > 0]
    needs = [rebalance.Pool(r.commune_code, r.field, r.needed) for r in view.rows if r.needed > 0]
    supply_keys = {(s.commune_code, s.field) for s in supplies}
    candidates = [
        rebalance.Candidate(pk, commune, fld, frozenset(comp or ()))
        for pk, commune, fld, comp in selectors.on_duty_as_of(day)
        .filter(province_code=province_code, commune_code__isnull=False, status=OfficialStatus.ACTIVE)
        .values_list("official_id", "commune_code", "field", "competences")
        if (commune, fld) in supply_keys
    ]
    idx = selectors.units_index()
    return rebalance.Problem(
        province_code=province_code, supplies=supplies, needs=needs, candidates=candidates,
        districts=idx.districts, legacy_provinces=idx.legacy_provinces, costs=rebalance.Costs.from_config(cfg.raw),
    )


@transaction.atomic
def propose_plan(*, province_code: str, actor: Actor, day: date | None = None) -> RebalancePlan:
    """Solve the province and store the result as a draft plan (no record changes)."""
    if not (actor.system or matches(actor, "official", _ProvinceObj(province_code), roles=[Role.HR_OFFICER])):
        raise PermissionDenied("Chỉ cán bộ tổ chức - nhân sự của tỉnh được lập phương án.")
    day = day or selectors.today()
    problem = build_problem(province_code, day)
    started = time.perf_counter()
    solution = rebalance.solve(problem)
    seconds = time.perf_counter() - started
    plan = RebalancePlan.objects.create(
        province_code=province_code, as_of=day, needed=solution.needed, filled=solution.filled,
        total_cost=solution.total_cost, solver=solution.solver, seconds=seconds, created_by=actor.label,
    )
    PlanTransfer.objects.bulk_create([
        PlanTransfer(plan=plan, official_id=t.official_id, province_code=province_code,
                     from_commune_code=t.from_commune, from_field=t.from_field, to_commune_code=t.to_commune,
                     to_field=t.to_field, distance=t.distance, cost=t.cost)
        for t in solution.transfers
    ])
    return plan


@dataclass(frozen=True)
class _ProvinceObj:
    province_code: str
    commune_code: None = None


def can_decide(actor: Actor, plan: RebalancePlan) -> bool:
    """Only an HR officer whose grant covers the plan's province (the access policy)."""
    return actor.system or matches(actor, "official", plan, roles=[Role.HR_OFFICER])


@transaction.atomic
def approve_plan(*, plan_id: int, actor: Actor, effective_on: date, user: Any = None) -> RebalancePlan:
    """Approve a draft: every transfer becomes an effective-dated move from `effective_on`.
    If any official's record changed since the plan was made, nothing is applied."""
    plan = RebalancePlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("Không tìm thấy phương án.")
    if not can_decide(actor, plan):
        raise PermissionDenied("Chỉ cán bộ tổ chức - nhân sự của tỉnh được phê duyệt phương án.")
    if plan.status != PlanStatus.DRAFT:
        raise Conflict("Phương án đã được xử lý.")
    if effective_on <= plan.as_of:
        raise ValidationFailed("Ngày hiệu lực phải sau ngày số liệu của phương án.")
    transfers = list(plan.transfers.all())
    open_records = {
        r.official_id: r
        for r in OfficialRecord.objects.filter(official_id__in=[t.official_id for t in transfers],
                                               valid_to__isnull=True)
    }
    stale = [t.official_id for t in transfers
             if (r := open_records.get(t.official_id)) is None
             or (r.commune_code, r.field, r.status) != (t.from_commune_code, t.from_field, OfficialStatus.ACTIVE)
             or r.valid_from > plan.as_of]
    if stale:
        raise Conflict(f"{len(stale)} cán bộ đã thay đổi sau khi lập phương án; cần lập lại phương án.")
    cfg = load_config()
    for t in transfers:
        changes: dict[str, Any] = {"commune_code": t.to_commune_code, "field": t.to_field}
        if t.to_field != t.from_field:
            changes["department"] = cfg.field(t.to_field).department
            changes["position"] = position_for(t.to_field, leader=False)
            changes["position_title"] = ""
        change(official_id=t.official_id, on=effective_on, changes=changes,
               reason=f"Điều động theo phương án #{plan.pk}", actor=actor, source=f"plan:{plan.pk}")
    plan.status = PlanStatus.APPROVED
    plan.decided_by = user if getattr(user, "pk", None) else None
    plan.decided_by_label = actor.label
    plan.decided_at = timezone.now()
    plan.effective_on = effective_on
    plan.save(update_fields=["status", "decided_by", "decided_by_label", "decided_at", "effective_on"])
    return plan


@transaction.atomic
def reject_plan(*, plan_id: int, actor: Actor, note: str = "", user: Any = None) -> RebalancePlan:
    plan = RebalancePlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("Không tìm thấy phương án.")
    if not can_decide(actor, plan):
        raise PermissionDenied("Chỉ cán bộ tổ chức - nhân sự của tỉnh được quyết định phương án.")
    if plan.status != PlanStatus.DRAFT:
        raise Conflict("Phương án đã được xử lý.")
    plan.status = PlanStatus.REJECTED
    plan.decided_by = user if getattr(user, "pk", None) else None
    plan.decided_by_label, plan.decided_at, plan.note = actor.label, timezone.now(), note
    plan.save(update_fields=["status", "decided_by", "decided_by_label", "decided_at", "note"])
    return plan


def position_for(field_slug: str, *, leader: bool) -> str:
    """The job-position slug (vị trí việc làm) for a field: "<field>.leader" / "<field>.specialist"."""
    return f"{field_slug}.{'leader' if leader else 'specialist'}"
