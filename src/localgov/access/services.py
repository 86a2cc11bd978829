"""Writes for accounts and grants. Every account creation, grant and revocation writes an
append-only `GrantAudit` line in the same transaction (who, what, when, why)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from localgov.access.models import GrantAudit, RoleGrant
from localgov.access.roles import OFFICER_ROLES, Role
from localgov.core.errors import ValidationFailed

#: Roles whose work is a territory's staff or payouts: they must name a province or commune.
TERRITORIAL_ROLES = frozenset({Role.HR_OFFICER, Role.FINANCE_OFFICER})


def _label(by: Any) -> str:
    if by is None:
        return "hệ thống"
    return by.get_username() if hasattr(by, "get_username") else str(by)


def _by_user(by: Any) -> Any:
    return by if (by is not None and getattr(by, "pk", None) is not None) else None


def unit_label(grant: RoleGrant) -> str:
    parts = []
    if grant.province_id:
        parts.append(f"tỉnh {grant.province_id}")
    if grant.commune_id:
        parts.append(f"xã {grant.commune_id}")
    if grant.centre_id:
        parts.append(f"trung tâm #{grant.centre_id}")
    if grant.agency_id:
        parts.append(f"cơ quan #{grant.agency_id}")
    return ", ".join(parts) or "toàn quốc"


def _period(grant: RoleGrant) -> str:
    end = f"{grant.ends_on:%Y-%m-%d}" if grant.ends_on else ""
    return f"{grant.starts_on:%Y-%m-%d} → {end}".strip()


@transaction.atomic
def create_user(*, username: str, password: str | None, full_name: str = "", email: str = "",
                is_staff: bool = False, by: Any = None, reason: str = "") -> Any:
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationFailed("Tên đăng nhập đã tồn tại.", fields={"username": ["Đã tồn tại."]})
    first, _, last = full_name.rpartition(" ")
    user = User(username=username, email=email, first_name=first, last_name=last or full_name, is_staff=is_staff)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    record_user_created(user, by=by, reason=reason)
    return user


def record_user_created(user: Any, *, by: Any = None, reason: str = "") -> GrantAudit:
    """The audit line for a new account (also used by the admin's user form)."""
    return GrantAudit.objects.create(at=timezone.now(), action=GrantAudit.Action.CREATE_USER, by=_by_user(by),
                                     by_label=_label(by), user=user, reason=reason)


def check_grant(*, role: Role | str, province: str | None, commune: str | None, centre_id: int | None,
                agency_id: int | None, starts_on: date, ends_on: date | None) -> None:
    """The rules a grant must satisfy (ValidationFailed otherwise); the admin form uses them too."""
    role = Role(role)
    if role in OFFICER_ROLES and not (commune or centre_id or agency_id):
        raise ValidationFailed("Vai trò xử lý hồ sơ phải gắn với một xã/phường, một trung tâm hoặc một cơ quan.",
                               fields={"unit": ["Bắt buộc chọn đơn vị."]})
    if role is Role.PROVINCE_OVERSEER and not province:
        raise ValidationFailed("Giám sát cấp tỉnh phải gắn với một tỉnh.", fields={"province": ["Bắt buộc."]})
    if role is Role.MINISTRY_OFFICER and not agency_id:
        raise ValidationFailed("Cán bộ bộ, ngành phải gắn với một bộ, ngành hoặc sở (cơ quan).",
                               fields={"agency": ["Bắt buộc chọn cơ quan."]})
    if role is Role.FOLLOWUP_OFFICER and bool(province) == bool(commune):
        raise ValidationFailed("Cán bộ tổng hợp phải gắn với đúng một tỉnh hoặc một xã/phường.",
                               fields={"unit": ["Chọn một tỉnh hoặc một xã/phường."]})
    if role in TERRITORIAL_ROLES and not (province or commune):
        raise ValidationFailed("Vai trò này phải gắn với một tỉnh hoặc một xã/phường.",
                               fields={"unit": ["Bắt buộc chọn đơn vị."]})
    if ends_on and ends_on < starts_on:
        raise ValidationFailed("Ngày kết thúc trước ngày bắt đầu.", fields={"ends_on": ["Không hợp lệ."]})


@transaction.atomic
def grant_role(*, user: Any, role: Role | str, by: Any = None, province: str | None = None,
               commune: str | None = None, centre_id: int | None = None, agency_id: int | None = None,
               starts_on: date | None = None, ends_on: date | None = None, reason: str = "") -> RoleGrant:
    role = Role(role)
    start = starts_on or timezone.localdate()
    check_grant(role=role, province=province, commune=commune, centre_id=centre_id, agency_id=agency_id,
                starts_on=start, ends_on=ends_on)
    grant = RoleGrant.objects.create(
        user=user, role=role.value, province_id=province, commune_id=commune, centre_id=centre_id,
        agency_id=agency_id, starts_on=start, ends_on=ends_on, granted_by=_by_user(by), reason=reason,
    )
    GrantAudit.objects.create(at=grant.granted_at, action=GrantAudit.Action.GRANT, by=_by_user(by),
                              by_label=_label(by), user=user, grant=grant, role=role.value,
                              unit=unit_label(grant), period=_period(grant), reason=reason)
    return grant


@transaction.atomic
def revoke_role(*, grant: RoleGrant, by: Any = None, reason: str = "") -> RoleGrant:
    """Revoke `grant` now. The row stays (history); revoking twice changes nothing."""
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.revoked_by = _by_user(by)
        grant.reason = (grant.reason + "\n" if grant.reason else "") + f"Thu hồi: {reason}".strip()
        grant.save(update_fields=["revoked_at", "revoked_by", "reason"])
        GrantAudit.objects.create(at=grant.revoked_at, action=GrantAudit.Action.REVOKE, by=_by_user(by),
                                  by_label=_label(by), user_id=grant.user_id, grant=grant, role=grant.role,
                                  unit=unit_label(grant), period=_period(grant), reason=reason)
    return grant
