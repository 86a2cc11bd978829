"""Routing and numbering of a dossier: which agency is competent for a procedure at a place, and
the dossier's code (Decree 118 Art. 28; Circular 03/2025 Art. 13 as amended by Circular 04/2025).
Used by the submission and by the bundles' members.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.utils import timezone

from localgov.core.errors import ValidationFailed
from localgov.dossiers.models import DossierCounter
from localgov.units.models import Agency

COMMUNE_AGENCY_KINDS = frozenset(
    {"commune_office", "commune_economic", "commune_culture_social", "commune_centre", "commune_police"}
)


def next_code(agency_electronic_id: str, at: datetime) -> str:
    """`{agency electronic id}-{YYMMDD}-{sequence}` with a daily sequence of at least 4 digits
    (Decree 118 Art. 28; Circular 03/2025 Art. 13 as amended by Circular 04/2025), unique
    under concurrency: one atomic upsert on (prefix, day) returns the next number."""
    day = timezone.localtime(at).strftime("%y%m%d")
    table = DossierCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, day, value) VALUES (%s, %s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (prefix, day) DO UPDATE SET value = {table}.value + 1 RETURNING value",
            [agency_electronic_id, day],
        )
        (value,) = cursor.fetchone()
    return f"{agency_electronic_id}-{day}-{value:04d}"


def resolve_agency(kind: str, *, province_code: str, commune_code: str | None) -> Agency:
    """The agency of `kind` competent for the place: the commune's own office for
    commune-level kinds, the province's for the others."""
    if kind in COMMUNE_AGENCY_KINDS:
        if not commune_code:
            raise ValidationFailed("Thủ tục cấp xã: vui lòng chọn xã/phường có thẩm quyền giải quyết.",
                                   fields={"competent_commune_code": ["Bắt buộc chọn xã/phường."]})
        agency = Agency.objects.filter(kind=kind, commune_id=commune_code).first()
    else:
        agency = Agency.objects.filter(kind=kind, province_id=province_code, commune__isnull=True).first()
    if agency is None:
        raise ValidationFailed(f"Chưa có cơ quan loại «{kind}» tại địa bàn đã chọn.",
                               fields={"competent_commune_code": ["Không tìm thấy cơ quan có thẩm quyền."]})
    return agency
