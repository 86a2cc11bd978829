"""Reads of dossiers, always through the access policy (docs/architecture.md: services write, selectors read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from localgov.access.models import RoleGrant
from localgov.access.personal_data import mask_id_number, mask_phone  # the one masking
from localgov.access.policy import Actor, filter_queryset, matches, require_view, visible_filter
from localgov.access.roles import ROLE_LABELS, Role
from localgov.core.errors import NotFound, ValidationFailed
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.rows import load_dossier
from localgov.dossiers.submission import check_secret
from localgov.dossiers.workflow import FINAL_STATES, State

OPEN_STATES = [int(s) for s in State if s not in FINAL_STATES and s is not State.DONE]
SORTS = {
    "due": ("due_at", "id"),
    "-due": ("-due_at", "-id"),
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "code": ("code",),
}


def visible_dossiers(actor: Actor) -> QuerySet[Dossier]:
    return filter_queryset(actor, "dossier", Dossier.objects.all())


def get_dossier(actor: Actor, code: str) -> Dossier:
    """The dossier `code` if `actor` may see it: 404 when there is none, 403 when it is
    another unit's (officers know codes exist; applicants use `get_for_applicant`, which never
    tells the two apart)."""
    dossier = Dossier.objects.select_related("procedure", "competent_agency", "received_centre",
                                             "return_centre").filter(code=code).first()
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    require_view(actor, "dossier", dossier)
    return dossier


def get_for_action(actor: Actor, code: str) -> Dossier:
    """As `get_dossier`, for an action: the row as a transition needs it (`rows.load_dossier`:
    one hand-written statement), handed on to the service (`services.preloaded`)."""
    dossier = load_dossier(code=code)
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    require_view(actor, "dossier", dossier)
    return dossier


def get_for_applicant(code: str, secret: str) -> Dossier:
    """Applicant access without an account: code + the secret printed on the receipt. The
    same answer for a wrong secret and for no such dossier (no enumeration)."""
    dossier = Dossier.objects.select_related("procedure", "competent_agency", "received_centre",
                                             "return_centre").filter(code=(code or "").strip()).first()
    if dossier is None or not check_secret(dossier, secret):
        raise NotFound("Mã hồ sơ hoặc mã tra cứu không đúng.", code="not_found_or_wrong_secret")
    return dossier


@dataclass(frozen=True)
class DossierFilter:
    state: int | None = None
    procedure_code: str | None = None
    open_only: bool = False
    overdue: bool = False
    due_before: datetime | None = None
    assignee_id: int | None = None
    commune_code: str | None = None
    waiting_applicant: bool = False
    q: str | None = None


def list_dossiers(actor: Actor, flt: DossierFilter, *, sort: str = "-submitted", limit: int = 50,
                  offset: int = 0) -> tuple[list[Dossier], int]:
    if sort not in SORTS:
        raise ValidationFailed("Kiểu sắp xếp không hợp lệ.", fields={"sort": [f"Một trong: {', '.join(SORTS)}"]})
    if not 1 <= limit <= 200 or offset < 0:
        raise ValidationFailed("Phân trang không hợp lệ.", fields={"limit": ["1–200"], "offset": [">= 0"]})
    qs = visible_dossiers(actor)
    now = timezone.now()
    if flt.state is not None:
        qs = qs.filter(state=flt.state)
    if flt.procedure_code:
        qs = qs.filter(procedure__code=flt.procedure_code)
    if flt.open_only or flt.overdue or flt.due_before:
        qs = qs.filter(state__in=OPEN_STATES)
    if flt.overdue:
        qs = qs.filter(Q(extended_due_at__lt=now) | Q(extended_due_at__isnull=True, due_at__lt=now),
                       paused_since__isnull=True).exclude(state=int(State.SUPPLEMENT_REQUESTED))
    if flt.due_before:
        qs = qs.filter(due_at__lte=flt.due_before, due_at__gte=now)
    if flt.assignee_id is not None:
        qs = qs.filter(assignee_id=flt.assignee_id)
    if flt.commune_code:
        qs = qs.filter(Q(competent_commune_code=flt.commune_code) | Q(received_commune_code=flt.commune_code))
    if flt.waiting_applicant:
        qs = qs.filter(state__in=[int(State.SUPPLEMENT_REQUESTED), int(State.FINANCIAL_OBLIGATION)])
    if flt.q:
        qs = qs.filter(code__icontains=flt.q.strip()[:60])
    total = qs.count()
    rows = list(qs.select_related("procedure", "competent_agency").order_by(*SORTS[sort])[offset: offset + limit])
    return rows, total


def timeline(dossier: Dossier) -> list[DossierEvent]:
    return list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))


def summary(dossier: Dossier, *, full_personal_data: bool) -> dict[str, Any]:
    return {
        "name": dossier.applicant_name,
        "id_number": dossier.applicant_id_number if full_personal_data else mask_id_number(dossier.applicant_id_number),
        "phone": dossier.applicant_phone if full_personal_data else mask_phone(dossier.applicant_phone),
    }


def own_dossiers(actor: Actor) -> QuerySet[Dossier]:
    """The dossiers a signed-in person filed themselves: their applicant role's rows of the
    policy (not those of their office, if they are an officer too)."""

    q = visible_filter(actor, "dossier", roles=[Role.APPLICANT])
    qs = Dossier.objects.select_related("procedure")
    return qs if q is None else qs.filter(q)


def get_own(actor: Actor, code: str) -> Dossier:
    """Dossier `code` if the signed-in `actor` filed it; NotFound otherwise, the same answer for
    someone else's dossier and for none (no enumeration), as `get_for_applicant`."""

    dossier = Dossier.objects.select_related("procedure", "competent_agency", "received_centre",
                                             "return_centre").filter(code=(code or "").strip()).first()
    if dossier is None or actor.user_id is None or not matches(actor, "dossier", dossier, roles=[Role.APPLICANT]):
        raise NotFound("Không tìm thấy hồ sơ của bạn với mã này.", code="not_found_or_not_own")
    return dossier


@dataclass(frozen=True)
class AssigneeOption:
    """An officer who can take a dossier (assign / advance): who, in what role, at which unit, and
    how many dossiers are in their hands now (assigned to them in an open state, as in their
    "Của tôi" queue)."""

    user_id: int
    name: str
    roles: tuple[str, ...]
    unit: str
    open_dossiers: int

    @property
    def label(self) -> str:
        """"Lê Minh Tuấn — chuyên viên xử lý, Phường Ba Đình, 12 hồ sơ đang xử lý"."""
        roles = " và ".join(r[:1].lower() + r[1:] for r in self.roles)
        count = f"{self.open_dossiers:,}".replace(",", ".")
        return f"{self.name} — {roles}, {self.unit}, {count} hồ sơ đang xử lý"


def assignee_options(dossier: Dossier, *, limit: int = 100) -> list[AssigneeOption]:
    """The specialists and approvers of the dossier's competent commune or agency, by username, with
    their role, unit and current load — ONE query (the grants joined to their user and unit, the
    load a correlated count on the (assignee, state) index), however many officers."""
    where = Q(agency_id=dossier.competent_agency_id)
    if dossier.competent_commune_code:
        where |= Q(commune_id=dossier.competent_commune_code)
    load = (Dossier.objects.filter(assignee_id=OuterRef("user_id"), state__in=OPEN_STATES).order_by()
            .values("assignee_id").annotate(n=Count("pk")).values("n"))
    rows = (RoleGrant.objects.filter(where, revoked_at__isnull=True,
                                     role__in=[Role.SPECIALIST.value, Role.APPROVER.value])
            .annotate(load=Coalesce(Subquery(load, output_field=IntegerField()), Value(0)))
            .order_by("user__username", "role")
            .values_list("user_id", "user__username", "user__first_name", "user__last_name", "role",
                         "commune__name", "agency__name", "load"))
    people: dict[int, dict[str, Any]] = {}
    for user_id, username, first, last, role, commune, agency, count in rows:
        person = people.setdefault(user_id, {"name": f"{first} {last}".strip() or username, "roles": [],
                                             "unit": agency or commune or "", "load": count})
        person["roles"].append(Role(role))
    order = list(Role)
    return [AssigneeOption(user_id=uid, name=p["name"], unit=p["unit"], open_dossiers=p["load"],
                           roles=tuple(ROLE_LABELS[r] for r in sorted(set(p["roles"]), key=order.index)))
            for uid, p in list(people.items())[:limit]]
