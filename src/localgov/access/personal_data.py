"""An applicant's personal data wherever a person sees it or downloads it — the officer's
dossier page, the letters and receipts as PDF (Mẫu 01–05), the portal's receipt, the uploaded
documents, the API: ONE decision (`policy.sees_personal_data`), ONE masking
(`mask_id_number`, `mask_phone`), and every full view recorded
(`audit.record_personal_data_access`; Decree 13/2023/NĐ-CP on personal data protection: only
those who need it, and a trace of who saw it). Lists and exports mask always.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from localgov.access.audit import record_personal_data_access
from localgov.access.policy import Actor, sees_personal_data

#: What a dossier's page and its receipt (Mẫu 01) show of the applicant.
IDENTITY_FIELDS: tuple[str, ...] = ("id_number", "phone", "address")


def mask_id_number(value: str) -> str:
    """001******789: enough to confirm with the person, not enough to misuse."""
    if not value:
        return ""
    return value[:3] + "*" * max(0, len(value) - 6) + value[-3:]


def mask_phone(value: str) -> str:
    if not value:
        return ""
    return value[:3] + "*" * max(0, len(value) - 6) + value[-3:]


def mask_email(value: str) -> str:
    """ng*****@gmail.com: the first two letters of the mailbox and the domain."""
    if not value or "@" not in value:
        return mask_phone(value)
    local, domain = value.rsplit("@", 1)
    return local[:2] + "*" * max(3, len(local) - 2) + "@" + domain


@dataclass(frozen=True)
class ApplicantData:
    """What one person may see of a dossier's applicant: in full, or masked (the address,
    which cannot be masked usefully, is then left out)."""

    full: bool
    name: str
    id_number: str
    phone: str
    address: str


def applicant_data(actor: Actor, dossier: Any, *, purpose: str | None, request: Any = None, channel: str = "web",
                   fields: Sequence[str] = IDENTITY_FIELDS) -> ApplicantData:
    """The applicant as `actor` may see them. Shown in full only if `policy.sees_personal_data`;
    then, when `purpose` is given, the access is recorded (who, which fields, why)."""
    full = sees_personal_data(actor, dossier)
    if full and purpose is not None:

        record_personal_data_access(actor, dossier, purpose, fields=fields, channel=channel, request=request)
    if full:
        return ApplicantData(full=True, name=dossier.applicant_name, id_number=dossier.applicant_id_number,
                             phone=dossier.applicant_phone, address=dossier.applicant_address)
    return ApplicantData(full=False, name=dossier.applicant_name, id_number=mask_id_number(dossier.applicant_id_number),
                         phone=mask_phone(dossier.applicant_phone), address="")


def record_document_access(actor: Actor, dossier: Any, document: Any, *, purpose: str, request: Any = None,
                           channel: str = "web") -> None:
    """An uploaded document (a scan of an ID card, a birth certificate…) cannot be masked: each
    opening or download is recorded, the document named in `fields`."""

    record_personal_data_access(actor, dossier, purpose, fields=[f"document:{document.doc_code}"], channel=channel,
                                request=request)
