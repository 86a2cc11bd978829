"""The register of service centres in the JSON API, mounted at /api/v1/centres: the centres of an
area with their status on a date and their history, how many operate on a date, and recording
a change (the province's overseer or administrator, for the province's own centres)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from localgov.centres import selectors, services
from localgov.centres.history import KINDS
from localgov.core.api_errors import errors
from localgov.dossiers.api_auth import actor_for, require_scope
from localgov.oversight.api import parse_day, scope_and_period

router = Router(tags=["centres"])


class ChangeOut(Schema):
    kind: str
    kind_label: str
    effective_on: date
    address: str
    decision: str
    note: str
    recorded_at: str
    recorded_by: str


class CentreOut(Schema):
    code: str
    name: str
    kind: str
    province: str
    commune: str | None
    status: str | None
    address: str
    changes: list[ChangeOut]


class RegisterOut(Schema):
    day: date
    operating: int
    centres: list[CentreOut]


class ChangeIn(Schema):
    kind: Literal["opened", "suspended", "resumed", "closed", "moved"]
    effective_on: date
    address: str = Field("", max_length=services.MAX_TEXT)
    decision: str = Field("", max_length=200)
    note: str = Field("", max_length=services.MAX_TEXT)


def _change(c: Any) -> dict[str, Any]:
    return {"kind": c.kind, "kind_label": KINDS[c.kind], "effective_on": c.effective_on, "address": c.address,
            "decision": c.decision, "note": c.note, "recorded_at": c.recorded_at.isoformat(timespec="seconds"),
            "recorded_by": c.recorded_by}


@router.get("", response={200: RegisterOut, **errors(401, 403, 404, 422)},
            summary="Sổ theo dõi trung tâm phục vụ hành chính công")
def register(request: HttpRequest, province: str | None = None, commune: str | None = None,
             day: str | None = None) -> dict[str, Any]:
    """The centres of a province or commune (the nation: the count only, `centres` empty), each
    with its status on `day` (default today) and its changes."""


    _actor, area, _p = scope_and_period(request, province, commune, None, None, action="xem sổ trung tâm")
    on = parse_day(day, "day", timezone.localdate())
    rows = selectors.register(area.province, day=on, commune=area.commune) if area.province else []
    return {"day": on, "operating": selectors.count_operating(on, province=area.province, commune=area.commune)[None],
            "centres": [{"code": r["centre"].code, "name": r["centre"].name, "kind": r["centre"].kind,
                         "province": r["centre"].province_id, "commune": r["centre"].commune_id,
                         "status": r["status"], "address": r["centre"].address,
                         "changes": [_change(c) for c in r["changes"]]} for r in rows]}


@router.post("/{code}/changes", response={201: ChangeOut, **errors(401, 403, 404, 422)},
             summary="Ghi thay đổi trạng thái của một trung tâm")
def add_change(request: HttpRequest, code: str, payload: ChangeIn) -> Status:

    actor = actor_for(request, required=True)
    require_scope(request, "oversight:write")
    change = services.record_change(actor, code, kind=payload.kind, on=payload.effective_on,
                                    address=payload.address, decision=payload.decision, note=payload.note)
    return Status(201, _change(change))
