"""Reconciliation with the national portal in the JSON API, mounted at /api/v1/reconcile:
the report per unit and day, the sync rate (indicator 1.4's input) and the import of the
national export (national overseers; the whole file or nothing, every bad line listed in
`fields`). Reads use oversight's access rule (`reconcile.selectors.may_see`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from localgov.core.api_errors import errors
from localgov.core.errors import ValidationFailed
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.oversight.api import scope_and_period
from localgov.reconcile import core, selectors, services

router = Router(tags=["reconcile"])


class StateDiffOut(Schema):
    code: str
    local: int
    national: int


class RowOut(Schema):
    unit: str
    unit_name: str
    day: date
    local_received: int
    national_received: int | None
    received_diff: int | None
    local_processed: int | None
    national_processed: int | None
    processed_diff: int | None
    covered: bool
    by_dossier: bool
    matches: bool
    only_local: list[str]
    only_national: list[str]
    state_differs: list[StateDiffOut]


class ImportOut(Schema):
    id: int
    kind: str
    filename: str
    rows: int
    first_day: date
    last_day: date
    imported_at: str
    imported_by: str


class ReportOut(Schema):
    scope: dict[str, str | None]
    period: dict[str, str]
    sync_rate: float | None
    totals: dict[str, int]
    rows: list[RowOut]
    imports: list[ImportOut]


class RateOut(Schema):
    sync_rate: float | None


@router.get("/report", response={200: ReportOut, **errors(401, 403, 404, 422)},
            summary="Đối soát số liệu với Cổng DVCQG theo đơn vị, ngày")
def report(request: HttpRequest, province: str | None = None, commune: str | None = None,
           date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    _actor, area, p = scope_and_period(request, province, commune, date_from, date_to, action="xem đối soát")
    return selectors.report(area, p)


@router.get("/sync-rate", response={200: RateOut, **errors(401, 403, 404, 422)},
            summary="Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG (chỉ số 1.4, QĐ 766)")
def sync_rate(request: HttpRequest, province: str | None = None, commune: str | None = None,
              date_from: str | None = None, date_to: str | None = None) -> dict[str, Any]:
    """null: nothing imported from the national portal for this area and period (not measured)."""
    _actor, area, p = scope_and_period(request, province, commune, date_from, date_to, action="xem đối soát")
    return {"sync_rate": selectors.sync_rate(area, p)}


@router.post("/imports", response={201: ImportOut, **errors(401, 403, 422)},
             summary="Nhập tệp báo cáo xuất từ Cổng DVCQG (CSV, XLSX)")
def import_export(request: HttpRequest, file: UploadedFile = File(...)) -> Status:
    """A refused file answers 422 with `fields` {"dong_N": [reason]} and nothing is written."""

    actor = actor_for(request, required=True)
    require_scope(request, "oversight:write")
    try:
        imp = services.import_file(file.read(services.MAX_UPLOAD + 1), file.name or "", actor=actor)
    except core.FileRefused as exc:
        raise ValidationFailed("Tệp bị từ chối, không có dòng nào được ghi.",
                               fields={f"dong_{n}": [reason] for n, reason in exc.errors}) from None
    return Status(201, {"id": imp.id, "kind": imp.kind, "filename": imp.filename, "rows": imp.rows,
                        "first_day": imp.first_day, "last_day": imp.last_day,
                        "imported_at": imp.imported_at.isoformat(timespec="seconds"),
                        "imported_by": imp.imported_by})
