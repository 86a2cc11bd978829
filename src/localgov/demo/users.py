"""Demo accounts: one person per role, with grants in real units. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from localgov.access.models import RoleGrant
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.followup.services import ensure_ministries, ministry
from localgov.units.models import ServiceCentre

#: Printed by `make demo` and listed in README.md. Demo only: never use these elsewhere.
DEMO_PASSWORD = "localgov-demo-2025"
BA_DINH, HOAN_KIEM, HANOI = "00004", "00070", "01"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    where: str  # for the printed list


DEMO_USERS = [
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, "toàn hệ thống (Django admin)"),
    DemoUser("tiepnhan.badinh", "Nguyễn Thị Hoa", Role.COUNTER_OFFICER, "Một cửa phường Ba Đình, Hà Nội"),
    DemoUser("tiepnhan.hoankiem", "Trần Văn Nam", Role.COUNTER_OFFICER, "Một cửa phường Hoàn Kiếm, Hà Nội"),
    DemoUser("chuyenvien.badinh", "Lê Minh Tuấn", Role.SPECIALIST, "phường Ba Đình"),
    DemoUser("lanhdao.badinh", "Phạm Quốc Huy", Role.APPROVER, "UBND phường Ba Đình"),
    DemoUser("giamsat.hanoi", "Đỗ Thu Trang", Role.PROVINCE_OVERSEER, "thành phố Hà Nội"),
    DemoUser("giamsat.quocgia", "Vũ Đức Anh", Role.NATIONAL_OVERSEER, "toàn quốc"),
    DemoUser("nhansu.hanoi", "Hoàng Lan Anh", Role.HR_OFFICER, "Sở Nội vụ Hà Nội"),
    DemoUser("taichinh.hanoi", "Bùi Văn Long", Role.FINANCE_OFFICER, "Sở Tài chính Hà Nội"),
    DemoUser("vpcp", "Lê Thị Thu", Role.GOVERNMENT_OFFICE, "Văn phòng Chính phủ (theo dõi toàn quốc)"),
    DemoUser("botaichinh", "Ngô Minh Khoa", Role.MINISTRY_OFFICER, "Bộ Tài chính"),
    DemoUser("tonghop.hanoi", "Đinh Thị Mai", Role.FOLLOWUP_OFFICER, "thành phố Hà Nội (kiến nghị, trụ sở)"),
    DemoUser("tonghop.badinh", "Trịnh Văn Hải", Role.FOLLOWUP_OFFICER, "phường Ba Đình (kiến nghị, trụ sở)"),
    DemoUser("congdan", "Nguyễn Văn An", Role.APPLICANT, "người dân (hồ sơ của mình)"),
]


@transaction.atomic
def ensure_demo_users() -> list[DemoUser]:

    User = get_user_model()
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = create_user(username=spec.username, password=DEMO_PASSWORD, full_name=spec.full_name,
                               is_staff=spec.role is Role.ADMINISTRATOR)
            if spec.role is Role.ADMINISTRATOR:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
        if RoleGrant.objects.filter(user=user, role=spec.role.value, revoked_at__isnull=True).exists():
            continue
        scope: dict[str, object] = {}
        if spec.role is Role.COUNTER_OFFICER:
            commune = BA_DINH if spec.username.endswith("badinh") else HOAN_KIEM
            centre = ServiceCentre.objects.filter(commune_id=commune).order_by("pk").first()
            scope = {"commune": commune, "centre_id": centre.pk if centre else None}
        elif spec.role in (Role.SPECIALIST, Role.APPROVER):
            scope = {"commune": BA_DINH}
        elif spec.role in (Role.PROVINCE_OVERSEER, Role.HR_OFFICER, Role.FINANCE_OFFICER):
            scope = {"province": HANOI}
        elif spec.role is Role.FOLLOWUP_OFFICER:
            scope = {"commune": BA_DINH} if spec.username.endswith("badinh") else {"province": HANOI}
        elif spec.role is Role.MINISTRY_OFFICER:
            ensure_ministries()
            scope = {"agency_id": ministry("BTC").pk}
        grant_role(user=user, role=spec.role, reason="Tài khoản trình diễn (make demo)", **scope)
    return DEMO_USERS
