"""Personal-data access records (Decree 13/2023 on personal data protection): every full
view or export of a citizen's ID number or phone writes who, what, when and why.

Call `record_personal_data_access` wherever a page, API response or document shows a
dossier's personal data unmasked (decide with `policy.sees_personal_data`), and
`record_personal_data_export` for exports. `access_records(code)` feeds
`localgov audit access --dossier CODE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone

from localgov.access.client import client_address
from localgov.access.models import PersonalDataAccess
from localgov.access.policy import Actor

#: What a full view shows (dossier fields, by their API names).
PERSONAL_FIELDS: tuple[str, ...] = ("id_number", "phone")

#: Usual purposes, as the UI shows them (any text is accepted; keep it short).
PURPOSE_VIEW = "xem hồ sơ"
PURPOSE_RECEIVE = "tiếp nhận"
PURPOSE_PROCESS = "xử lý hồ sơ"
PURPOSE_EXPORT = "xuất dữ liệu"
PURPOSE_OWN = "người nộp xem hồ sơ của mình"


def _row(actor: Actor, dossier: Any, purpose: str, fields: Sequence[str], channel: str, client: str,
         at: datetime) -> PersonalDataAccess:
    return PersonalDataAccess(
        at=at, user_id=actor.user_id, who=actor.label[:150], roles=sorted(r.value for r in actor.roles),
        dossier_id=dossier.pk, dossier_code=dossier.code, province_code=dossier.province_code,
        fields=list(fields), channel=channel[:12], purpose=(purpose or PURPOSE_VIEW).strip()[:300], client=client,
    )


def record_personal_data_access(actor: Actor, dossier: Any, purpose: str, *, fields: Sequence[str] = PERSONAL_FIELDS,
                                channel: str = "web", request: Any = None,
                                now: datetime | None = None) -> PersonalDataAccess:
    """Record that `actor` saw `dossier`'s personal data in full, and why (`purpose`, e.g.
    "xem hồ sơ", "tiếp nhận", or a reason the officer typed)."""
    row = _row(actor, dossier, purpose, fields, channel, client_address(request), now or timezone.now())
    row.save(force_insert=True)
    return row


def record_personal_data_export(actor: Actor, dossiers: Iterable[Any], purpose: str, *,
                                fields: Sequence[str] = PERSONAL_FIELDS, request: Any = None,
                                now: datetime | None = None) -> int:
    """One record per dossier in an export that carries personal data unmasked."""
    at = now or timezone.now()
    client = client_address(request)
    rows = [_row(actor, d, purpose or PURPOSE_EXPORT, fields, "export", client, at) for d in dossiers]
    PersonalDataAccess.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def access_records(code: str) -> list[dict[str, Any]]:
    """Every recorded access to dossier `code`'s personal data, oldest first:
    {at, who, what, why} plus roles, channel and client."""
    rows = PersonalDataAccess.objects.filter(dossier_code=(code or "").strip()).order_by("at", "pk")
    return [
        {"at": r.at.isoformat(), "who": r.who, "what": f"{r.dossier_code}: {', '.join(r.fields)}", "why": r.purpose,
         "roles": r.roles, "channel": r.channel, "client": r.client}
        for r in rows
    ]
