"""Roles and what each may do. Pure: no Django import.

This table is the policy written down; `docs/access.md` renders it for people and the
matrix test checks every cell against it.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"  # người nộp hồ sơ
    COUNTER_OFFICER = "counter_officer"  # công chức tiếp nhận tại Bộ phận Một cửa
    SPECIALIST = "specialist"  # chuyên viên xử lý
    APPROVER = "approver"  # lãnh đạo phê duyệt
    PROVINCE_OVERSEER = "province_overseer"  # giám sát cấp tỉnh
    NATIONAL_OVERSEER = "national_overseer"  # giám sát toàn quốc
    HR_OFFICER = "hr_officer"  # cán bộ tổ chức - nhân sự
    FINANCE_OFFICER = "finance_officer"  # cán bộ tài chính
    ADMINISTRATOR = "administrator"  # quản trị hệ thống

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.APPLICANT: "Người nộp hồ sơ",
    Role.COUNTER_OFFICER: "Công chức tiếp nhận (Một cửa)",
    Role.SPECIALIST: "Chuyên viên xử lý",
    Role.APPROVER: "Lãnh đạo phê duyệt",
    Role.PROVINCE_OVERSEER: "Giám sát cấp tỉnh",
    Role.NATIONAL_OVERSEER: "Giám sát toàn quốc",
    Role.HR_OFFICER: "Cán bộ tổ chức - nhân sự",
    Role.FINANCE_OFFICER: "Cán bộ tài chính",
    Role.ADMINISTRATOR: "Quản trị hệ thống",
}

#: Roles whose work is dossiers at a unit (they see what is received at or competent in it).
OFFICER_ROLES = frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER})
OVERSEER_ROLES = frozenset({Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER})

#: Dossier actions (workflow.Action values) and the roles that may take them, within their
#: jurisdiction. Reception steps belong to the One-stop Desk (Decree 118 Art. 17), the
#: processing steps to the competent agency (Art. 19), deciding and the apology to its head
#: (Art. 19(6), Art. 12(5)).
ACTION_ROLES: dict[str, frozenset[Role]] = {
    "submit": frozenset({Role.APPLICANT, Role.COUNTER_OFFICER}),
    "accept": frozenset({Role.COUNTER_OFFICER, Role.APPROVER}),
    "refuse": frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "assign": frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "advance": frozenset({Role.SPECIALIST, Role.APPROVER}),
    "request_supplement": frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "supplement_received": frozenset({Role.APPLICANT, Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "request_payment": frozenset({Role.SPECIALIST, Role.APPROVER}),
    "payment_received": frozenset({Role.APPLICANT, Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "extend": frozenset({Role.APPROVER}),
    "request_withdrawal": frozenset({Role.APPLICANT, Role.COUNTER_OFFICER}),
    "stop": frozenset({Role.COUNTER_OFFICER, Role.APPROVER}),
    "decide": frozenset({Role.APPROVER}),
    "return_result": frozenset({Role.COUNTER_OFFICER, Role.APPROVER}),
    "rate": frozenset({Role.APPLICANT}),
}

#: Who may see citizens' ID numbers and phones in full (Decree 13/2023: only those who need
#: them). Everyone else sees them masked.
PII_ROLES = frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER})
