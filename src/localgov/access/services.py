"""Writes for accounts and grants. Every grant and revocation is recorded (who, when, why)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from localgov.access.models import RoleGrant
from localgov.access.roles import OFFICER_ROLES, Role
from localgov.core.errors import ValidationFailed


def create_user(*, username: str, password: str | None, full_name: str = "", email: str = "",
                is_staff: bool = False) -> Any:
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
    return user


@transaction.atomic
def grant_role(*, user: Any, role: Role | str, by: Any = None, province: str | None = None,
               commune: str | None = None, centre_id: int | None = None, agency_id: int | None = None,
               starts_on: date | None = None, ends_on: date | None = None, reason: str = "") -> RoleGrant:
    role = Role(role)
    if role in OFFICER_ROLES and not (commune or centre_id or agency_id):
        raise ValidationFailed("Vai trò xử lý hồ sơ phải gắn với một xã/phường, một trung tâm hoặc một cơ quan.",
                               fields={"unit": ["Bắt buộc chọn đơn vị."]})
    if role is Role.PROVINCE_OVERSEER and not province:
        raise ValidationFailed("Giám sát cấp tỉnh phải gắn với một tỉnh.", fields={"province": ["Bắt buộc."]})
    start = starts_on or timezone.localdate()
    if ends_on and ends_on < start:
        raise ValidationFailed("Ngày kết thúc trước ngày bắt đầu.", fields={"ends_on": ["Không hợp lệ."]})
    return RoleGrant.objects.create(
        user=user, role=role.value, province_id=province, commune_id=commune, centre_id=centre_id,
        agency_id=agency_id, starts_on=start, ends_on=ends_on, granted_by=by, reason=reason,
    )


@transaction.atomic
def revoke_role(*, grant: RoleGrant, by: Any = None, reason: str = "") -> RoleGrant:
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.revoked_by = by
        grant.reason = (grant.reason + "\n" if grant.reason else "") + f"Thu hồi: {reason}".strip()
        grant.save(update_fields=["revoked_at", "revoked_by", "reason"])
    return grant
