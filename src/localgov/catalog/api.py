"""Catalogue API, mounted by the lead at /api/v1/catalog.

GET /procedures?q=&field=&level=&limit=   search (with or without diacritics, synonyms)
GET /procedures/{code}                    one procedure with documents and steps (404)
GET /fields                               the fields (lĩnh vực)
GET /bundles, GET /bundles/{code}         interconnected bundles with members (404)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field as PydField

from localgov.catalog import selectors
from localgov.catalog.models import Bundle, Procedure
from localgov.core.api_errors import errors

router = Router(tags=["catalog"])


class DeadlineOut(Schema):
    value: Decimal
    unit: str
    basis: str = ""


class FeeOut(Schema):
    amount_vnd: int | None
    text: str


class FieldOut(Schema):
    slug: str
    name_vi: str
    name_en: str


class ProcedureListOut(Schema):
    code: str
    name: str
    field: str
    field_name: str
    level: str
    competent_agency_kind: str
    deadline: DeadlineOut
    online_level: str
    boundary_scope: str
    verified: bool


class StepOut(Schema):
    order: int
    name: str
    role: str
    agency_kind: str
    allotment_hours: Decimal
    clock_stopped: bool


class DocumentOut(Schema):
    code: str
    name: str
    required: bool
    note: str = ""


class ProcedureOut(ProcedureListOut):
    deadline_hours: Decimal
    deadline_variants: list[dict[str, object]]
    supplement_clock: str
    clock_stops: list[str]
    fee: FeeOut
    documents: list[DocumentOut]
    channels: list[str]
    result_name: str
    result_type: str
    legal_basis: str
    source: str
    unverified_notes: list[str]
    keywords: list[str]
    note: str
    steps_source: str
    steps: list[StepOut]
    active: bool


class MemberOut(Schema):
    order: int
    procedure_code: str
    procedure_name: str
    parallel_group: int
    agency_kind: str
    sub_deadline: DeadlineOut
    stops_clock: bool
    note: str


class BundleOut(Schema):
    code: str
    group_code: str
    variant: str
    name: str
    legal_basis: str
    source: str
    local_codes: list[str]
    total_deadline: DeadlineOut
    appointments: list[dict[str, object]]
    notes: str
    verified: bool
    unverified_notes: list[str]
    members: list[MemberOut]


class ProcedureQuery(Schema):
    q: str = PydField("", max_length=200, description="Từ khóa, có hoặc không dấu")
    field: str | None = PydField(None, max_length=40, description="slug lĩnh vực, ví dụ land")
    level: Literal["commune", "province", "vertical"] | None = None
    limit: int = PydField(20, ge=1, le=selectors.MAX_LIMIT)


def _deadline(value: Decimal, unit: str, basis: str = "") -> DeadlineOut:
    return DeadlineOut(value=value, unit=unit, basis=basis)


def _list_item(p: Procedure) -> ProcedureListOut:
    return ProcedureListOut(
        code=p.code,
        name=p.name,
        field=p.field.slug,
        field_name=p.field.name_vi,
        level=p.level,
        competent_agency_kind=p.competent_agency_kind,
        deadline=_deadline(p.deadline_value, p.deadline_unit),
        online_level=p.online_level,
        boundary_scope=p.boundary_scope,
        verified=p.verified,
    )


def _detail(p: Procedure) -> ProcedureOut:
    base = _list_item(p).model_dump()
    base["deadline"] = _deadline(p.deadline_value, p.deadline_unit, p.deadline_basis)
    return ProcedureOut(
        **base,
        deadline_hours=p.deadline_hours(),
        deadline_variants=p.deadline_variants,
        supplement_clock=p.supplement_clock,
        clock_stops=p.clock_stops,
        fee=FeeOut(amount_vnd=p.fee_vnd, text=p.fee_text),
        documents=p.documents,
        channels=p.channels,
        result_name=p.result_name,
        result_type=p.result_type,
        legal_basis=p.legal_basis,
        source=p.source,
        unverified_notes=p.unverified_notes,
        keywords=p.keywords,
        note=p.note,
        steps_source=p.steps_source,
        active=p.active,
        steps=[
            StepOut(
                order=s.order,
                name=s.name,
                role=s.role,
                agency_kind=s.agency_kind,
                allotment_hours=s.allotment_hours,
                clock_stopped=s.clock_stopped,
            )
            for s in p.steps.all()
        ],
    )


def _bundle(b: Bundle) -> BundleOut:
    return BundleOut(
        code=b.code,
        group_code=b.group_code,
        variant=b.variant,
        name=b.name,
        legal_basis=b.legal_basis,
        source=b.source,
        local_codes=b.local_codes,
        total_deadline=_deadline(b.total_deadline_value, b.total_deadline_unit, b.total_deadline_basis),
        appointments=b.appointments,
        notes=b.notes,
        verified=b.verified,
        unverified_notes=b.unverified_notes,
        members=[
            MemberOut(
                order=m.order,
                procedure_code=m.procedure.code,
                procedure_name=m.procedure.name,
                parallel_group=m.parallel_group,
                agency_kind=m.agency_kind,
                sub_deadline=_deadline(m.sub_deadline_value, m.sub_deadline_unit),
                stops_clock=m.stops_clock,
                note=m.note,
            )
            for m in b.members.all()
        ],
    )


@router.get("/procedures", response={200: list[ProcedureListOut], **errors(422)}, summary="Tra cứu thủ tục")
def search_procedures(request: HttpRequest, filters: Query[ProcedureQuery]) -> list[ProcedureListOut]:
    found = selectors.search_procedures(
        filters.q, field=filters.field, level=filters.level, limit=filters.limit
    )
    return [_list_item(p) for p in found]


@router.get("/procedures/{code}", response={200: ProcedureOut, **errors(404)}, summary="Chi tiết thủ tục")
def get_procedure(request: HttpRequest, code: str) -> ProcedureOut:
    return _detail(selectors.get_procedure(code))


@router.get("/fields", response=list[FieldOut], summary="Lĩnh vực")
def list_fields(request: HttpRequest) -> list[FieldOut]:
    return [FieldOut(slug=f.slug, name_vi=f.name_vi, name_en=f.name_en) for f in selectors.list_fields()]


@router.get("/bundles", response=list[BundleOut], summary="Nhóm thủ tục liên thông")
def list_bundles(request: HttpRequest) -> list[BundleOut]:
    return [_bundle(b) for b in selectors.list_bundles()]


@router.get("/bundles/{code}", response={200: BundleOut, **errors(404)}, summary="Chi tiết nhóm liên thông")
def get_bundle(request: HttpRequest, code: str) -> BundleOut:
    return _bundle(selectors.get_bundle(code))
