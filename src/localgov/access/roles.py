"""Roles, what each may do, and the unit each dossier action is judged against. Pure: no
Django import.

These tables are the policy written down; `access/policy.py` applies them (`can_act`),
`docs/access.md` explains them article by article, and the matrix test checks every cell.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    # Follow-up (docs/followup.md): guidance documents owed, localities' problems, directives,
    # surplus premises.
    MINISTRY_OFFICER = "ministry_officer"  # cán bộ bộ, ngành (hoặc sở) được giao theo dõi
    GOVERNMENT_OFFICE = "government_office"  # Văn phòng Chính phủ: giao nhiệm vụ, theo dõi toàn quốc
    FOLLOWUP_OFFICER = "followup_officer"  # cán bộ tổng hợp của tỉnh hoặc xã: nêu vướng mắc, trụ sở

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
    Role.MINISTRY_OFFICER: "Cán bộ bộ, ngành (theo dõi hướng dẫn, trả lời kiến nghị)",
    Role.GOVERNMENT_OFFICE: "Văn phòng Chính phủ (theo dõi nhiệm vụ toàn quốc)",
    Role.FOLLOWUP_OFFICER: "Cán bộ tổng hợp tỉnh, xã (kiến nghị, trụ sở)",
}

#: Roles whose work is dossiers at a unit (they see what is received at or competent in it).
OFFICER_ROLES = frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER})
OVERSEER_ROLES = frozenset({Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER})
#: Roles whose scope is the whole country (policy.actor_from_grants).
NATION_ROLES = frozenset({Role.NATIONAL_OVERSEER, Role.GOVERNMENT_OFFICE})
#: The follow-up roles (docs/followup.md). A ministry officer is granted in an agency (the
#: ministry's row, or a province department); a follow-up officer in a province or a commune.
FOLLOWUP_ROLES = frozenset({Role.MINISTRY_OFFICER, Role.GOVERNMENT_OFFICE, Role.FOLLOWUP_OFFICER})

#: Dossier actions (workflow.Action values) and the roles that may take them — at the unit
#: `ACTION_UNITS` names for the dossier's phase. Reception steps belong to the One-stop Desk
#: (Decree 118 Art. 17), the processing steps to the competent agency (Art. 19), deciding and
#: the apology to its head (Art. 19(6), Art. 12(5)).
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


# --- which unit judges an action ----------------------------------------------------------
#
# A dossier has three places (Decree 118 Art. 3(6)-(7), Art. 20, Art. 22(3)): the unit
# competent to decide it, the One-stop Desk where it was received, and the desk where the
# result goes. A desk that received a dossier of another unit acts as a reception point only:
# it receives, hands over, takes a supplement or a payment in, registers a withdrawal, closes
# the file the applicant abandoned and returns the result where the applicant chose; the
# appraisal, the decision, a refusal after receipt, a supplement request during appraisal
# and the apology with a new date belong to the competent unit (Art. 19, Art. 20(1)(b)).


class Unit(StrEnum):
    """The unit an action is judged against; what each means for a dossier is in
    `policy.holds`."""

    COMPETENT = "competent"  # competent_commune_code / competent_agency_id
    #: The desk where the dossier was received (received_centre_id / received_commune_code);
    #: a dossier filed online without a desk is received by the competent unit (Art. 17(2)).
    RECEPTION = "reception"
    #: The desk the applicant chose for the result (return_centre_id); a result sent by post
    #: or online leaves from the reception point (Art. 20(1)(b), Art. 22(3)).
    RETURN = "return"
    OWN = "own"  # the applicant's own dossier (applicant_user_id, or the receipt's secret)


class Phase(StrEnum):
    """Where the dossier stands, for the choice of unit (`dossiers.workflow.phase_of`)."""

    RECEPTION = "reception"  # not yet received (no Mẫu 01): new, or waiting for the applicant before it
    HANDOVER = "handover"  # received (Mẫu 01), not yet handed to the competent unit's staff
    PROCESSING = "processing"  # with the competent unit (appraisal, payment, supplement, withdrawal)
    RESULT = "result"  # decided; the result waits to be returned
    CLOSED = "closed"  # refused, stopped or returned


#: The roles that staff a One-stop Desk. A specialist's or an approver's commune grant makes
#: them part of the commune's competent body, not of its desk: at a desk that is not the
#: competent unit only these act (Art. 17(1): "cán bộ … tiếp nhận hồ sơ tại Bộ phận Một cửa";
#: Art. 22(3): "Cán bộ … Bộ phận Một cửa trả kết quả").
DESK_ROLES = frozenset({Role.COUNTER_OFFICER})

_O, _R, _C, _B = Unit.OWN, Unit.RECEPTION, Unit.COMPETENT, Unit.RETURN
#: Key None: every phase not named. An action may be taken by a role of ACTION_ROLES holding
#: one of these units. The article is the rule's source (docs/access.md explains each).
ACTION_UNITS: dict[str, Mapping[Phase | None, frozenset[Unit]]] = {
    # Art. 17(1)(c), 17(2)(c), 17(3); Art. 20(1)(a): received where it was lodged.
    "accept": {None: frozenset({_R})},
    # Refusing to receive: Art. 17(1)(c), 17(2)(a). After receipt, refusing to decide is the
    # competent unit's, sent through the desk: Art. 19(3).
    "refuse": {Phase.RECEPTION: frozenset({_R}), None: frozenset({_C})},
    # Handing over to the competent unit: Art. 18, Art. 20(1)(a); inside it: Art. 19(1).
    "assign": {Phase.HANDOVER: frozenset({_R, _C}), None: frozenset({_C})},
    # The appraisal's internal steps (Mẫu 06): Art. 19(1)-(2), (4).
    "advance": {None: frozenset({_C})},
    # At reception: Art. 16(3), 17(1)(c), 17(2)(a). During appraisal: Art. 19(5).
    "request_supplement": {Phase.RECEPTION: frozenset({_R}), None: frozenset({_C})},
    # The supplement is handed in where the applicant deals (Art. 17(1)(c)); during appraisal
    # also at the competent unit, to which the file came back (Art. 19(5)).
    "supplement_received": {Phase.RECEPTION: frozenset({_O, _R}), None: frozenset({_O, _R, _C})},
    # A fee determined after reception: Art. 24(2), by the competent unit.
    "request_payment": {None: frozenset({_C})},
    # Paid at the desk, by transfer or online: Art. 24(1)-(3).
    "payment_received": {None: frozenset({_O, _R, _C})},
    # Apology and a new date (Mẫu 04): Art. 19(6), Art. 12(5) — the competent unit.
    "extend": {None: frozenset({_C})},
    # The applicant asks, at the desk or online: Art. 21(1)-(2).
    "request_withdrawal": {Phase.RECEPTION: frozenset({_O, _R}), None: frozenset({_O, _R, _C})},
    # Stop notice (Mẫu 05) by the desk: Art. 21, Circular 03/2025 Art. 7; closing an abandoned
    # supplement: Art. 19(5) ("Bộ phận Một cửa thực hiện đóng hồ sơ").
    "stop": {Phase.RECEPTION: frozenset({_R}), None: frozenset({_R, _C})},
    # The decision: Art. 19, Art. 22(1).
    "decide": {None: frozenset({_C})},
    # Where the applicant chose: Art. 20(1)(b), Art. 22(3).
    "return_result": {None: frozenset({_B})},
    # Art. 30(2), Art. 33: the applicant rates.
    "rate": {None: frozenset({_O})},
}


def units_for(action: str, phase: Phase) -> frozenset[Unit]:
    """The units at which `action` may be taken on a dossier in `phase` (none: unknown action)."""
    rule = ACTION_UNITS.get(action)
    if rule is None:
        return frozenset()
    return rule.get(phase, rule.get(None, frozenset()))


# --- complaints and feedback (phản ánh, kiến nghị; docs/feedback.md) ----------------------
#
# Decree 118/2025 Art. 29 and Decision 766 group 5: the unit responsible answers (the
# dossier's competent unit, the centre, or the agency owning the procedure). The desk takes
# complaints in and may refuse or ask for more; the answer is the unit's specialist's or its
# head's; the person who filed rates it or asks for it to be looked at again.
COMPLAINT_ACTION_ROLES: dict[str, frozenset[Role]] = {
    "receive": frozenset({Role.COUNTER_OFFICER}),
    "refuse": frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "ask_info": frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "info_received": frozenset({Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER}),
    "answer": frozenset({Role.SPECIALIST, Role.APPROVER}),
    "publish": frozenset({Role.APPROVER}),
    "satisfied": frozenset({Role.APPLICANT}),
    "unsatisfied": frozenset({Role.APPLICANT}),
    "reopen": frozenset({Role.APPLICANT}),
}

#: A desk records a trip of the applicant to it (docs/feedback.md, "Trips").
TRIP_ROLES = frozenset({Role.COUNTER_OFFICER})
