"""The follow-up JSON API, mounted at /api/v1/followup (api/api.py): guidance documents owed,
problems, commitments and premises — list (with filters), create, read, change, history — the
problems' actions, progress reports, XLSX import and export (base64 in JSON) and the summary the
dashboard shows. Callers: a signed-in session or an API token with the scope followup:read /
followup:write; what each may see or change is the access policy's (docs/followup.md)."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Router, Schema

from localgov.access.policy import READ_ROLES, Actor
from localgov.core.api_errors import errors
from localgov.core.errors import NotFound, PermissionDenied, ValidationFailed
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.followup import reference, selectors, services, spreadsheets
from localgov.followup import rules as r

router = Router(tags=["followup"])
Kind = Literal["guidance_doc", "problem", "commitment", "premise"]
MAX_LIST = 500
STATUSES: dict[str, tuple[str, ...]] = {
    "guidance_doc": tuple(r.DocStatus), "problem": tuple(r.ProblemStatus), "premise": tuple(r.PremiseStatus),
    "commitment": tuple(r.TaskClass)}


def _reader(request: HttpRequest, resource: str) -> Actor:
    actor = actor_for(request, required=True)
    require_scope(request, "followup:read")
    if not actor.has(*READ_ROLES[resource]):
        raise PermissionDenied("Bạn không có quyền xem dữ liệu theo dõi này.")
    return actor


def _writer(request: HttpRequest) -> Actor:
    actor = actor_for(request, required=True)
    require_scope(request, "followup:write")
    return actor


def _day(value: str | None) -> date:
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed("Ngày không hợp lệ.", fields={"as_of": ["Dạng YYYY-MM-DD."]}) from None


def _one(request: HttpRequest, kind: str, pk: int) -> Any:
    actor = _reader(request, kind)
    obj = selectors.READERS[kind](actor=actor).filter(pk=pk).first()
    if obj is None:
        raise NotFound("Không tìm thấy bản ghi (hoặc bạn không có quyền xem).")
    return obj


# --- output ---------------------------------------------------------------------------------


class FollowupEventOut(Schema):
    at: str
    by: str
    action: str
    from_status: str
    to_status: str
    note: str


class FollowupDocOut(Schema):
    id: int
    title: str
    legal_basis: str
    ministry: str
    ministry_name: str
    responsible_unit: str
    responsible_person: str
    field_code: str
    blocked: str
    due_date: date
    committed_date: date | None
    status: str
    issued_number: str
    issued_date: date | None
    issued_link: str
    late_cause: str
    task_class: str
    waiting_provinces: list[str]
    waiting_communes: list[str]


class FollowupProblemOut(Schema):
    id: int
    title: str
    content: str
    field_code: str
    procedure: str
    province_code: str
    commune_code: str
    routed_to: str
    routed_to_name: str
    status: str
    raised_on: date
    response_due: date
    answered_on: date | None
    answer: str
    closed_on: date | None
    reopen_count: int
    waiting_for: int | None
    task_class: str


class FollowupCommitmentOut(Schema):
    id: int
    title: str
    source: str
    source_number: str
    source_date: date
    responsible_agency: str | None
    province_code: str
    commune_code: str
    coordinating: str
    deadline: date
    progress_pct: int
    progress_note: str
    done_on: date | None
    guidance: int | None
    problem: int | None
    premise: int | None
    payment_deadline: str
    task_class: str


class FollowupPremiseOut(Schema):
    id: int
    name: str
    former_unit: str
    address: str
    province_code: str
    commune_code: str
    land_area_m2: float
    floor_area_m2: float
    kind: str
    state: str
    status: str
    planned_use: str
    lower_use_reason: str
    decision_number: str
    decision_date: date | None
    deadline: date | None
    done_on: date | None
    task_class: str | None


class FollowupImportIn(Schema):
    xlsx_base64: str


class FollowupImportOut(Schema):
    created: int
    updated: int


class FollowupExportOut(Schema):
    filename: str
    xlsx_base64: str


class FollowupActionIn(Schema):
    action: Literal["acknowledge", "answer", "close", "reopen"]
    answer: str = ""
    on: date | None = None
    note: str = ""


class FollowupReportIn(Schema):
    percent: int
    note: str = ""
    done_on: date | None = None


class FollowupClassCount(Schema):
    code: str
    label: str
    count: int


class FollowupSummaryOut(Schema):
    today: date
    documents_total: int
    documents_overdue: int
    documents_classes: list[FollowupClassCount]
    overdue_by_ministry: dict[str, int]
    overdue_by_field: dict[str, int]
    problems_total: int
    problems_open: int
    problems_overdue: int
    problems_answered: int
    commitments_classes: list[FollowupClassCount]
    premises_total: int
    premises_handled: int
    premises_community_use: int
    premises_idle: int


def _code(agency: Any) -> str:
    return agency.electronic_id.removeprefix("BN.") if agency else ""


def doc_out(d: Any, today: date) -> dict[str, Any]:
    w = selectors.waiting_units(d)
    return {**{f: getattr(d, f) for f in ("id", "title", "legal_basis", "responsible_unit", "responsible_person",
                                          "field_code", "blocked", "due_date", "committed_date", "status",
                                          "issued_number", "issued_date", "issued_link", "late_cause")},
            "ministry": _code(d.ministry), "ministry_name": d.ministry.name,
            "task_class": selectors.doc_class(d, today).value, "waiting_provinces": w["provinces"],
            "waiting_communes": w["communes"]}


def problem_out(p: Any, today: date) -> dict[str, Any]:
    return {**{f: getattr(p, f) for f in ("id", "title", "content", "field_code", "procedure", "province_code",
                                          "commune_code", "status", "raised_on", "response_due", "answered_on",
                                          "answer", "closed_on", "reopen_count")},
            "routed_to": _code(p.routed_to), "routed_to_name": p.routed_to.name, "waiting_for": p.waiting_for_id,
            "task_class": selectors.problem_class(p, today).value}


def commitment_out(c: Any, today: date) -> dict[str, Any]:
    return {**{f: getattr(c, f) for f in ("id", "title", "source", "source_number", "source_date", "province_code",
                                          "commune_code", "coordinating", "deadline", "progress_pct",
                                          "progress_note", "done_on", "payment_deadline")},
            "responsible_agency": _code(c.responsible_agency) or None, "guidance": c.guidance_id,
            "problem": c.problem_id, "premise": c.premise_id,
            "task_class": selectors.commitment_class(c, today).value}


def premise_out(p: Any, today: date) -> dict[str, Any]:
    cls = selectors.premise_class(p, today)
    return {**{f: getattr(p, f) for f in ("id", "name", "former_unit", "address", "province_code", "commune_code",
                                          "kind", "state", "status", "planned_use", "lower_use_reason",
                                          "decision_number", "decision_date", "deadline", "done_on")},
            "land_area_m2": float(p.land_area_m2), "floor_area_m2": float(p.floor_area_m2),
            "task_class": cls.value if cls else None}


OUT = {"guidance_doc": doc_out, "problem": problem_out, "commitment": commitment_out, "premise": premise_out}
READ_ERRORS = errors(401, 403, 422)
ONE_ERRORS = errors(401, 403, 404)
WRITE_ERRORS = errors(401, 403, 404, 422)


def _filtered(kind: str, actor: Actor, *, field: str | None, status: str | None, unit: str | None,
              overdue: bool | None, today: date) -> list[Any]:
    qs = selectors.READERS[kind](actor=actor)
    if field:
        if field not in reference.fields():
            raise ValidationFailed("Lĩnh vực không hợp lệ.", fields={"field": list(reference.fields())})
        if kind != "premise":
            qs = qs.filter(field_code=field)
    klass = None
    if status:
        allowed = STATUSES[kind]
        if status not in allowed:
            raise ValidationFailed("Trạng thái không hợp lệ.", fields={"status": [", ".join(allowed)]})
        if kind == "commitment":
            klass = status  # a task has no stored status: its class
        else:
            qs = qs.filter(status=status)
    if unit:
        if kind == "guidance_doc":
            qs = qs.filter(ministry__electronic_id__in=[unit, f"BN.{unit}"])
        elif kind == "problem":
            qs = qs.filter(routed_to__electronic_id__in=[unit, f"BN.{unit}"])
        elif kind == "commitment":
            qs = qs.filter(responsible_agency__electronic_id__in=[unit, f"BN.{unit}"])
        else:
            qs = qs.filter(province_code=unit)
    out = [OUT[kind](o, today) for o in qs.order_by("pk")[:MAX_LIST]]
    if klass is not None:
        out = [o for o in out if o["task_class"] == klass]
    if overdue is not None:
        out = [o for o in out if (o["task_class"] == r.TaskClass.OVERDUE) == overdue]
    return out


# --- endpoints --------------------------------------------------------------------------------


def _list_endpoint(kind: str, path: str, out: type, summary: str) -> None:
    @router.get(path, response={200: list[out], **READ_ERRORS}, summary=summary,  # type: ignore[valid-type]
                operation_id=f"followup_list_{kind}")
    def handler(request: HttpRequest, field: str | None = None, status: str | None = None, unit: str | None = None,
                overdue: bool | None = None, as_of: str | None = None) -> list[dict[str, Any]]:
        """Filters: field (field code), status, unit (ministry/agency code, or province code for premises),
        overdue (true/false: the class «quá hạn»), as_of (YYYY-MM-DD, the day the classes are judged on)."""
        actor = _reader(request, kind)
        return _filtered(kind, actor, field=field, status=status, unit=unit, overdue=overdue, today=_day(as_of))

    @router.post(path + "/import", response={200: FollowupImportOut, **errors(401, 403, 422)},
                 summary=summary + " — nhập từ XLSX (tất cả hoặc không)", operation_id=f"followup_import_{kind}")
    def import_(request: HttpRequest, payload: FollowupImportIn) -> dict[str, int]:
        """`xlsx_base64`: the workbook (the export's or the template's columns). A bad row is named with its line
        and column (422) and nothing is written."""
        actor = _writer(request)
        try:
            content = base64.b64decode(payload.xlsx_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed("Tệp không đúng base64.", fields={"xlsx_base64": ["Không phải base64."]}) from None
        return spreadsheets.import_workbook(kind, content, actor=actor)

    @router.get(path + "/export", response={200: FollowupExportOut, **READ_ERRORS},
                summary=summary + " — xuất XLSX", operation_id=f"followup_export_{kind}")
    def export(request: HttpRequest, as_of: str | None = None) -> dict[str, str]:
        actor = _reader(request, kind)
        content = spreadsheets.export_workbook(kind, actor=actor, today=_day(as_of))
        return {"filename": f"{kind}.xlsx", "xlsx_base64": base64.b64encode(content).decode()}

    @router.get(path + "/{pk}", response={200: out, **ONE_ERRORS}, summary=summary + " — một bản ghi",
                operation_id=f"followup_get_{kind}")
    def one(request: HttpRequest, pk: int) -> dict[str, Any]:
        return OUT[kind](_one(request, kind, pk), timezone.localdate())

    @router.get(path + "/{pk}/history", response={200: list[FollowupEventOut], **ONE_ERRORS},
                summary=summary + " — lịch sử thay đổi", operation_id=f"followup_history_{kind}")
    def history(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
        obj = _one(request, kind, pk)
        return [{"at": e.at.isoformat(), "by": e.by_label, "action": e.action, "from_status": e.from_status,
                 "to_status": e.to_status, "note": e.note} for e in selectors.history(kind, obj.pk)]

    @router.post(path, response={201: out, **WRITE_ERRORS}, summary=summary + " — tạo mới",
                 operation_id=f"followup_create_{kind}")
    def create(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> tuple[int, dict[str, Any]]:
        """The body: the fields of docs/followup.md (codes for references); every bad field is named (422)."""
        actor = _writer(request)
        obj = spreadsheets._create(kind)(actor, payload)
        return 201, OUT[kind](obj, timezone.localdate())

    @router.patch(path + "/{pk}", response={200: out, **WRITE_ERRORS}, summary=summary + " — sửa",
                  operation_id=f"followup_update_{kind}")
    def update(request: HttpRequest, pk: int, payload: dict[str, Any] = Body(...)) -> dict[str, Any]:
        actor = _writer(request)
        obj = spreadsheets._update(kind)(actor, pk, payload)
        return OUT[kind](obj, timezone.localdate())

_list_endpoint("guidance_doc", "/documents", FollowupDocOut, "Văn bản hướng dẫn còn nợ")
_list_endpoint("problem", "/problems", FollowupProblemOut, "Vướng mắc, kiến nghị của địa phương")
_list_endpoint("commitment", "/commitments", FollowupCommitmentOut, "Nhiệm vụ, cam kết")
_list_endpoint("premise", "/premises", FollowupPremiseOut, "Trụ sở, tài sản công dôi dư")


@router.post("/problems/{pk}/actions", response={200: FollowupProblemOut, **WRITE_ERRORS},
             summary="Tiếp nhận, trả lời, đóng hoặc mở lại kiến nghị")
def problem_action(request: HttpRequest, pk: int, payload: FollowupActionIn) -> dict[str, Any]:
    actor = _writer(request)
    p = services.act_problem(actor=actor, pk=pk, action=payload.action, answer=payload.answer, on=payload.on,
                             note=payload.note)
    return problem_out(p, timezone.localdate())


@router.post("/commitments/{pk}/reports", response={200: FollowupCommitmentOut, **WRITE_ERRORS},
             summary="Báo cáo tiến độ, hoàn thành nhiệm vụ")
def commitment_report(request: HttpRequest, pk: int, payload: FollowupReportIn) -> dict[str, Any]:
    actor = _writer(request)
    c = services.report_progress(actor=actor, pk=pk, percent=payload.percent, note=payload.note,
                                 done_on=payload.done_on)
    return commitment_out(c, timezone.localdate())


@router.get("/summary", response={200: FollowupSummaryOut, **READ_ERRORS},
            summary="Tổng hợp theo dõi: văn bản quá hạn, kiến nghị, bốn nhóm nhiệm vụ, trụ sở")
def summary(request: HttpRequest, as_of: str | None = None, province: str | None = None) -> dict[str, Any]:
    actor = _reader(request, "problem")
    if province is not None and not (len(province) == 2 and province.isdigit()):
        raise ValidationFailed("Mã tỉnh không hợp lệ.", fields={"province": ["Hai chữ số."]})
    s = selectors.cached_summary(actor=actor, today=_day(as_of), province=province)
    return {"today": s.today, "documents_total": s.docs["total"], "documents_overdue": s.docs["overdue_count"],
            "documents_classes": s.docs["classes"], "overdue_by_ministry": dict(s.docs["by_ministry"]),
            "overdue_by_field": dict(s.docs["by_field"]), "problems_total": s.problems["total"],
            "problems_open": s.problems["open"], "problems_overdue": s.problems["overdue"],
            "problems_answered": s.problems["answered"], "commitments_classes": s.commitments["classes"],
            "premises_total": s.premises["total"], "premises_handled": s.premises["handled"],
            "premises_community_use": s.premises["community"], "premises_idle": s.premises["idle"]}
