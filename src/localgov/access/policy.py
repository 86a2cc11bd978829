"""The access policy: ONE place that answers both "may this actor do X to this object?"
and "which rows may this actor list?".

Each role held by an actor becomes a `Scope` (sets of provinces, communes, centres,
agencies, or the actor's own user id). For every resource the policy names the fields that
a scope is matched against (`RESOURCE_FIELDS`). The queryset filter is the OR of
`field__in=values`; the object check is "some field's value is in its set" — computed from
the same pairs, so the two can never disagree. The actor (all grants) is resolved with one
query per request and then reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from localgov.access.models import RoleGrant
from localgov.access.roles import (
    ACTION_ROLES,
    COMPLAINT_ACTION_ROLES,
    DESK_ROLES,
    FOLLOWUP_ROLES,
    NATION_ROLES,
    OFFICER_ROLES,
    OVERSEER_ROLES,
    PII_ROLES,
    TRIP_ROLES,
    Role,
    Unit,
    units_for,
)
from localgov.core.errors import PermissionDenied


@dataclass(frozen=True)
class Scope:
    nation: bool = False
    provinces: frozenset[str] = frozenset()
    communes: frozenset[str] = frozenset()
    centres: frozenset[int] = frozenset()
    agencies: frozenset[int] = frozenset()
    own_user: int | None = None
    #: Single dossiers opened with the code + secret printed on the receipt.
    dossiers: frozenset[int] = frozenset()

    def merge(self, other: Scope) -> Scope:
        return Scope(
            nation=self.nation or other.nation,
            provinces=self.provinces | other.provinces,
            communes=self.communes | other.communes,
            centres=self.centres | other.centres,
            agencies=self.agencies | other.agencies,
            dossiers=self.dossiers | other.dossiers,
            own_user=self.own_user if self.own_user is not None else other.own_user,
        )


@dataclass(frozen=True)
class Actor:
    """Who is acting, with every active grant resolved. `system` is the simulation/bulk
    loader and management commands run by an operator; it passes every check."""

    user_id: int | None
    username: str
    scopes: Mapping[Role, Scope] = field(default_factory=dict)
    system: bool = False

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(self.scopes)

    def has(self, *roles: Role) -> bool:
        return self.system or any(r in self.scopes for r in roles)

    @property
    def label(self) -> str:
        return self.username or ("hệ thống" if self.system else "ẩn danh")


SYSTEM = Actor(user_id=None, username="system", system=True)
ANONYMOUS = Actor(user_id=None, username="")

#: For each resource: which model field each part of a scope is matched against.
#: A dossier is visible to an officer if it was received at, is competent in, or returns to
#: their unit (docs/access.md); to a province overseer if it belongs to or was received
#: in the province; to an applicant if it is theirs.
RESOURCE_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "dossier": {
        "provinces": ("province_code", "received_province_code"),
        "communes": ("competent_commune_code", "received_commune_code"),
        "centres": ("received_centre_id", "return_centre_id"),
        "agencies": ("competent_agency_id",),
        "own_user": ("applicant_user_id",),
        "dossiers": ("id",),
    },
    # Oversight facts (unit × procedure × day × channel): the commune's own officers see their
    # commune, a province overseer the province, national everything.
    "fact": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
    },
    # Officials (workforce): HR officers of the province or commune, their leaders, overseers.
    "official": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
    },
    # Complaints (feedback/): the unit responsible (commune, agency, centre), the province's
    # overseers, the person who filed it.
    "complaint": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
        "centres": ("centre_id",),
        "agencies": ("agency_id",),
        "own_user": ("filer_user_id",),
    },
    # Payout cases for staff who left (Decree 178/67): finance and HR officers, overseers.
    "payout_case": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
    },
    # Follow-up (docs/followup.md). A guidance document owed: its ministry (an agency row); every
    # follow-up role and overseer reads the whole list (OPEN_READ below).
    "guidance_doc": {
        "agencies": ("ministry_id",),
    },
    # A problem raised by a locality: the province / commune that raised it, the ministry or
    # department it is routed to.
    "problem": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
        "agencies": ("routed_to_id",),
    },
    # A directive or commitment: the responsible ministry / department, or province / commune.
    "commitment": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
        "agencies": ("responsible_agency_id",),
    },
    # A surplus premise or public asset: where it is.
    "premise": {
        "provinces": ("province_code",),
        "communes": ("commune_code",),
    },
    # The register of service centres, for editing: the province's scope only (a commune's
    # officers read it, they do not edit it) — `can_edit_centre`.
    "centre_register": {
        "provinces": ("province_id",),
    },
}

#: Which roles' scopes count for reading each resource.
READ_ROLES: dict[str, frozenset[Role]] = {
    "dossier": frozenset(
        {Role.APPLICANT, Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER, Role.PROVINCE_OVERSEER,
         Role.NATIONAL_OVERSEER}
    ),
    "fact": frozenset(
        {Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}
    ),
    "official": frozenset({Role.HR_OFFICER, Role.APPROVER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}),
    "payout_case": frozenset(
        {Role.FINANCE_OFFICER, Role.HR_OFFICER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}
    ),
    "complaint": frozenset(
        {Role.APPLICANT, Role.COUNTER_OFFICER, Role.SPECIALIST, Role.APPROVER, Role.PROVINCE_OVERSEER,
         Role.NATIONAL_OVERSEER}
    ),
    "guidance_doc": FOLLOWUP_ROLES | OVERSEER_ROLES,
    "problem": FOLLOWUP_ROLES | OVERSEER_ROLES,
    "commitment": FOLLOWUP_ROLES | OVERSEER_ROLES,
    "premise": frozenset({Role.FOLLOWUP_OFFICER, Role.GOVERNMENT_OFFICE, Role.FINANCE_OFFICER}) | OVERSEER_ROLES,
    # Who edits the register of service centres: the province (its overseer or administrator).
    "centre_register": frozenset({Role.PROVINCE_OVERSEER, Role.ADMINISTRATOR}),
}

#: Resources whose every row is read by any holder of these roles (their list filter is
#: "everything"): the guidance documents owed are the Government's own list, published to every
#: ministry and locality waiting for them. Writes are still judged per row (`matches` with roles).
OPEN_READ: dict[str, frozenset[Role]] = {
    "guidance_doc": FOLLOWUP_ROLES | OVERSEER_ROLES,
}

#: Which roles' scopes count for exporting (CSV/XLSX, the briefing's annexes). Exports are
#: bulk reads: fewer roles than reading one row. Personal data in an export is masked unless
#: the export is recorded (access.audit.record_personal_data_export).
EXPORT_ROLES: dict[str, frozenset[Role]] = {
    "dossier": frozenset({Role.APPROVER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}),
    "fact": READ_ROLES["fact"],
    "official": frozenset({Role.HR_OFFICER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}),
    "payout_case": frozenset({Role.FINANCE_OFFICER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}),
    "complaint": frozenset({Role.APPROVER, Role.PROVINCE_OVERSEER, Role.NATIONAL_OVERSEER}),
    "guidance_doc": READ_ROLES["guidance_doc"],
    "problem": READ_ROLES["problem"],
    "commitment": READ_ROLES["commitment"],
    "premise": READ_ROLES["premise"],
    "centre_register": READ_ROLES["centre_register"],
}


def _pairs(scope: Scope, resource: str) -> list[tuple[str, frozenset[Any]]]:
    fields = RESOURCE_FIELDS[resource]
    pairs: list[tuple[str, frozenset[Any]]] = []
    for part in ("provinces", "communes", "centres", "agencies", "dossiers"):
        values = getattr(scope, part)
        if values:
            pairs.extend((f, values) for f in fields.get(part, ()))
    if scope.own_user is not None:
        pairs.extend((f, frozenset({scope.own_user})) for f in fields.get("own_user", ()))
    return pairs


def _scope_for(actor: Actor, roles: Iterable[Role]) -> Scope | None:
    merged: Scope | None = None
    for role in roles:
        scope = actor.scopes.get(role)
        if scope is not None:
            merged = scope if merged is None else merged.merge(scope)
    return merged


def visible_filter(actor: Actor, resource: str, roles: Iterable[Role] | None = None) -> Q | None:
    """A Q for the rows `actor` may list, or None for "everything". Q(pk__in=[]) = nothing."""
    if actor.system:
        return None
    if roles is None and resource in OPEN_READ and actor.roles & OPEN_READ[resource]:
        return None
    scope = _scope_for(actor, READ_ROLES[resource] if roles is None else roles)
    if scope is None:
        return Q(pk__in=[])
    if scope.nation:
        return None
    q = Q(pk__in=[])
    for f, values in _pairs(scope, resource):
        q |= Q(**{f"{f}__in": sorted(values)})
    return q


def filter_queryset(actor: Actor, resource: str, qs: QuerySet) -> QuerySet:
    """The rows of `qs` that `actor` may list (the one queryset filter for every resource)."""
    q = visible_filter(actor, resource)
    return qs if q is None else qs.filter(q)


def filter_export(actor: Actor, resource: str, qs: QuerySet) -> QuerySet:
    """The rows of `qs` that `actor` may export: the same pairs, restricted to EXPORT_ROLES."""
    q = visible_filter(actor, resource, roles=EXPORT_ROLES[resource])
    return qs if q is None else qs.filter(q)


def can_export(actor: Actor, resource: str, obj: object) -> bool:
    return matches(actor, resource, obj, roles=EXPORT_ROLES[resource])


def matches(actor: Actor, resource: str, obj: object, roles: Iterable[Role] | None = None) -> bool:
    """The object check, from the same pairs as `visible_filter`."""
    if actor.system:
        return True
    if roles is None and resource in OPEN_READ and actor.roles & OPEN_READ[resource]:
        return True
    scope = _scope_for(actor, READ_ROLES[resource] if roles is None else roles)
    if scope is None:
        return False
    if scope.nation:
        return True
    return any(getattr(obj, f, None) in values for f, values in _pairs(scope, resource))


@dataclass(frozen=True)
class _Place:
    """An area as the `fact` resource's fields name it."""

    province_code: str
    commune_code: str | None


def sees_area(actor: Actor, province: str | None, commune: str | None = None) -> bool:
    """May `actor` oversee an area: the nation (`province` None), a province, or a commune of
    it? A national overseer sees every area, a provincial overseer their province and its
    communes (the `fact` resource's pairs, as the dashboards' lists are filtered)."""
    if actor.system:
        return True
    if province is None:
        return any(actor.scopes[r].nation for r in OVERSEER_ROLES if r in actor.scopes)
    return matches(actor, "fact", _Place(province, commune), roles=OVERSEER_ROLES)


def sees_scope(actor: Actor, scope: Any) -> bool:
    """The oversight rule for an area (`scope.level` "nation", "province" or "commune", with
    `.province` and `.commune`): national overseers the nation; a province's overseer the province
    and its communes; a commune's officers their commune (the `fact` resource). The dashboards'
    API, the reconciliation and the register of service centres all ask this."""
    if scope.level == "nation":
        return actor.system or any(r in actor.scopes and actor.scopes[r].nation for r in OVERSEER_ROLES)
    return matches(actor, "fact", _Place(scope.province, scope.commune or ""))


def can_view(actor: Actor, resource: str, obj: object) -> bool:
    return matches(actor, resource, obj)


def can_edit_centre(actor: Actor, centre: object) -> bool:
    """May `actor` record a change of this service centre (opened, suspended, closed, moved)?
    The province's overseer or administrator, for the province's centres (`centre_register`)."""
    return matches(actor, "centre_register", centre)


def holds(role: Role, scope: Scope, unit: Unit, dossier: Any) -> bool:
    """Does `role`, with `scope`, hold `unit` of `dossier` (roles.Unit)? Seeing a dossier
    (`matches`) is wider: a desk sees what it received or returns, but holds only its own part.

    - OWN: the applicant's own dossier (their account, or the receipt's secret).
    - COMPETENT: an officer of the competent commune or agency.
    - RECEPTION: a counter officer of the desk that received it (its centre, or its commune's
      desk); for a dossier received without a desk (online), the competent unit (Art. 17(2)).
    - RETURN: a counter officer of the centre the applicant chose for the result; a result
      sent by post or online leaves from the reception point (Art. 20(1)(b), Art. 22(3)).
    """
    if unit is Unit.OWN:
        return role is Role.APPLICANT and (
            (scope.own_user is not None and getattr(dossier, "applicant_user_id", None) == scope.own_user)
            or getattr(dossier, "pk", None) in scope.dossiers)
    if role not in OFFICER_ROLES:
        return False
    if unit is Unit.RETURN and dossier.returns_at_centre and dossier.return_centre_id is not None:
        return role in DESK_ROLES and dossier.return_centre_id in scope.centres
    if unit in (Unit.RECEPTION, Unit.RETURN) and dossier.received_centre_id is not None:
        return role in DESK_ROLES and (
            dossier.received_centre_id in scope.centres
            or (dossier.received_commune_code is not None and dossier.received_commune_code in scope.communes))
    # COMPETENT, or a reception / return point that is the competent unit itself.
    return ((dossier.competent_commune_code is not None and dossier.competent_commune_code in scope.communes)
            or dossier.competent_agency_id in scope.agencies)


def can_act(actor: Actor, action: str, dossier: Any) -> bool:
    """May `actor` take `action` on `dossier`? Some role of the actor must be allowed the
    action (roles.ACTION_ROLES) AND that same role must hold the unit the action is judged
    against in the dossier's phase (roles.ACTION_UNITS, `holds`). The one rule for the
    services (`require_action`), bundle parents and the office page's buttons."""
    if actor.system:
        return True
    allowed = ACTION_ROLES.get(action, frozenset())
    units = units_for(action, dossier.phase)
    return any(role in allowed and any(holds(role, scope, unit, dossier) for unit in units)
               for role, scope in actor.scopes.items())


def can_act_on_complaint(actor: Actor, action: str, complaint: Any, *, holds_secret: bool = False) -> bool:
    """May `actor` take `action` on `complaint` (roles.COMPLAINT_ACTION_ROLES)? An officer's
    role must be allowed the action AND hold the unit responsible for the complaint (its
    commune, agency or centre); the person's actions need their account or the complaint's
    secret (`holds_secret`)."""
    if actor.system:
        return True
    allowed = COMPLAINT_ACTION_ROLES.get(action, frozenset())
    if Role.APPLICANT in allowed and (holds_secret or (
            complaint.filer_user_id is not None and actor.user_id == complaint.filer_user_id)):
        return True
    for role, scope in actor.scopes.items():
        if role in allowed and role in OFFICER_ROLES and (
                (complaint.commune_code is not None and complaint.commune_code in scope.communes)
                or (complaint.agency_id is not None and complaint.agency_id in scope.agencies)
                or (complaint.centre_id is not None and complaint.centre_id in scope.centres)):
            return True
    return False


def can_record_trip(actor: Actor, dossier: Any) -> bool:
    """A desk's counter officer records a trip to it for a dossier it may see (roles.TRIP_ROLES)."""
    if actor.system:
        return True
    return any(role in TRIP_ROLES and matches(actor, "dossier", dossier, roles=[role]) for role in actor.scopes)


def can_receive_at(actor: Actor, centre: Any) -> bool:
    """May `actor` receive a dossier in person at `centre` (a ServiceCentre)? A counter officer
    of that centre, or of its commune's desk (Decree 118 Art. 17(1); any procedure of the
    province there, Art. 14(2), 20)."""
    if actor.system:
        return True
    scope = actor.scopes.get(Role.COUNTER_OFFICER)
    return bool(scope and (centre.pk in scope.centres or (centre.commune_id and centre.commune_id in scope.communes)))


def require_view(actor: Actor, resource: str, obj: object) -> None:
    if not can_view(actor, resource, obj):
        raise PermissionDenied("Bạn không có quyền xem dữ liệu này.")


def require_action(actor: Actor, action: str, dossier: object) -> None:
    if not can_act(actor, action, dossier):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này với hồ sơ này.")


def sees_personal_data(actor: Actor, dossier: object) -> bool:
    """Full citizen ID numbers and phones: the applicant themselves and the officers in
    charge of the dossier (Decree 13/2023: only those who need them)."""
    if actor.system:
        return True
    if matches(actor, "dossier", dossier, roles=[Role.APPLICANT]):
        return True
    return any(matches(actor, "dossier", dossier, roles=[r]) for r in PII_ROLES if r in actor.scopes)


def with_dossier_secret(actor: Actor, dossier_id: int) -> Actor:
    """The actor plus applicant rights on one dossier, proven by its receipt secret."""

    scopes = dict(actor.scopes)
    extra = Scope(dossiers=frozenset({dossier_id}))
    scopes[Role.APPLICANT] = scopes[Role.APPLICANT].merge(extra) if Role.APPLICANT in scopes else extra
    return Actor(user_id=actor.user_id, username=actor.username or "người nộp hồ sơ (mã tra cứu)", scopes=scopes,
                 system=actor.system)


def resolve_actor(user: Any, *, on: date | None = None) -> Actor:
    """All active, unexpired grants of `user` in one query: the unit set of a user is resolved
    once per request, not by a query per row (docs/architecture.md, "How a request flows")."""


    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    today = on or timezone.localdate()
    grants = RoleGrant.objects.filter(user_id=user.pk, revoked_at__isnull=True, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    ).values_list("role", "province_id", "commune_id", "centre_id", "agency_id")
    return actor_from_grants(user.pk, user.get_username(), canonical_grants(grants))


Grant = tuple[str, Any, Any, Any, Any]


def canonical_grants(rows: Iterable[Grant]) -> frozenset[Grant]:
    """The grants as a set: the memo key of `actor_from_grants` (whose result does not depend
    on their order or on duplicates)."""
    return frozenset(rows)


@lru_cache(maxsize=4096)
def actor_from_grants(user_id: int, username: str, grants: frozenset[Grant]) -> Actor:
    """The actor of a user holding `grants` (role, province, commune, centre, agency) in force.
    A pure function of its arguments, so it is memoised: the grants themselves are read on
    every request (`resolve_actor`, `tokens.authenticate_bearer`); only building the scopes is
    saved. Callers must treat the returned Actor (and its scopes mapping) as immutable."""
    # Every signed-in person may file dossiers and see their own (they are citizens too).
    scopes: dict[Role, Scope] = {Role.APPLICANT: Scope(own_user=user_id)}
    for role_value, province, commune, centre, agency in grants:
        role = Role(role_value)
        if role in NATION_ROLES:
            scope = Scope(nation=True)
        elif role is Role.APPLICANT:
            scope = Scope(own_user=user_id)
        elif role is Role.PROVINCE_OVERSEER:
            scope = Scope(provinces=frozenset({province}) if province else frozenset())
        else:
            scope = Scope(
                communes=frozenset({commune}) if commune else frozenset(),
                centres=frozenset({centre}) if centre else frozenset(),
                agencies=frozenset({agency}) if agency else frozenset(),
                provinces=frozenset({province}) if (province and role not in OFFICER_ROLES) else frozenset(),
            )
        scopes[role] = scopes[role].merge(scope) if role in scopes else scope
    return Actor(user_id=user_id, username=username, scopes=scopes)
