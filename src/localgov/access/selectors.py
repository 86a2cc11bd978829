"""Reads for administrators: who holds what, and the grant history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from localgov.access.models import GrantAudit, RoleGrant
from localgov.access.roles import ROLE_LABELS, Role


def active_q(on: date) -> Q:
    """Grants in force on `on`: not revoked, started, not ended (the same rule as resolve_actor)."""
    return Q(revoked_at__isnull=True, starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def grant_status(grant: RoleGrant, on: date | None = None) -> str:
    today = on or timezone.localdate()
    if grant.revoked_at is not None:
        return "revoked"
    if grant.starts_on > today:
        return "future"
    if grant.ends_on is not None and grant.ends_on < today:
        return "expired"
    return "active"


STATUS_LABELS = {"active": "Đang hiệu lực", "future": "Chưa bắt đầu", "expired": "Đã hết hạn",
                 "revoked": "Đã thu hồi"}


@dataclass(frozen=True)
class Holding:
    username: str
    full_name: str
    role: str
    role_label: str
    province: str
    commune: str
    centre: str
    agency: str
    starts_on: date
    ends_on: date | None
    grant_id: int


def who_holds_what(*, on: date | None = None, province: str | None = None, commune: str | None = None,
                   role: Role | str | None = None, username: str | None = None) -> list[Holding]:
    """Every grant in force on `on` (default today), ordered by unit, role and person; filter
    by province (grants in the province or its communes), commune, role or username."""
    today = on or timezone.localdate()
    qs: QuerySet[RoleGrant] = RoleGrant.objects.filter(active_q(today)).select_related(
        "user", "province", "commune", "centre", "agency")
    if province:
        qs = qs.filter(Q(province_id=province) | Q(commune__province_id=province) | Q(centre__province_id=province)
                       | Q(agency__province_id=province))
    if commune:
        qs = qs.filter(Q(commune_id=commune) | Q(centre__commune_id=commune) | Q(agency__commune_id=commune))
    if role:
        qs = qs.filter(role=Role(role).value)
    if username:
        qs = qs.filter(user__username=username)
    rows = []
    for g in qs.order_by("province_id", "commune_id", "role", "user__username", "pk"):
        rows.append(Holding(
            username=g.user.get_username(), full_name=g.user.get_full_name(), role=g.role,
            role_label=ROLE_LABELS[Role(g.role)], province=str(g.province) if g.province_id else "",
            commune=str(g.commune) if g.commune_id else "", centre=str(g.centre) if g.centre_id else "",
            agency=str(g.agency) if g.agency_id else "", starts_on=g.starts_on, ends_on=g.ends_on, grant_id=g.pk,
        ))
    return rows


def grant_history(user_id: int) -> QuerySet[GrantAudit]:
    return GrantAudit.objects.filter(user_id=user_id).order_by("at", "pk")
