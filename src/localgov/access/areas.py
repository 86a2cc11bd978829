"""The areas of the site a signed-in person may open, and which one is their home.

Each area's roles come from the role tables (roles.ACTION_ROLES, policy.READ_ROLES), so the
views' guard (`access.web.area_required`), the menus and the landing after sign-in answer from
this one table; what a person then sees inside an area is still the access policy's per-row
answer (`policy.filter_queryset`, `policy.matches`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from localgov.access.policy import READ_ROLES
from localgov.access.roles import ACTION_ROLES, FOLLOWUP_ROLES, OFFICER_ROLES, OVERSEER_ROLES, Role


class Area(StrEnum):
    QUEUE = "queue"
    COUNTER = "counter"
    OVERVIEW = "overview"
    OVERSIGHT = "oversight"
    WORKFORCE = "workforce"
    PAYOUTS = "payouts"
    FOLLOWUP = "followup"
    ADMIN = "admin"
    MY_DOSSIERS = "my_dossiers"


@dataclass(frozen=True)
class Place:
    area: Area
    label: str  # the menu entry, Vietnamese
    path: str  # where the entry leads; every path below it belongs to the area
    roles: frozenset[Role]
    denied: str  # the reason shown on the 403 page to someone without any of `roles`


#: In menu order. The Django admin is opened by staff accounts (the admin site's own gate,
#: `is_staff`), not by a role: its `roles` is empty and `may_open` takes `staff`.
PLACES: tuple[Place, ...] = (
    Place(Area.QUEUE, "Hàng đợi hồ sơ", "/can-bo/hang-doi/", OFFICER_ROLES | OVERSEER_ROLES,
          "Hàng đợi hồ sơ dành cho cán bộ tiếp nhận, xử lý, phê duyệt và cán bộ giám sát."),
    # Receiving a walk-in is the in-person `submit`, which belongs to the One-stop Desk
    # (Decree 118/2025 Art. 17; roles.ACTION_ROLES): among officers, the counter officer only.
    Place(Area.COUNTER, "Tiếp nhận trực tiếp", "/can-bo/tiep-nhan/", ACTION_ROLES["submit"] & OFFICER_ROLES,
          "Chỉ công chức tiếp nhận tại Bộ phận Một cửa mới tiếp nhận hồ sơ trực tiếp."),
    Place(Area.OVERVIEW, "Số liệu", "/can-bo/tong-quan/", OFFICER_ROLES | OVERSEER_ROLES,
          "Bạn không có quyền xem số liệu hồ sơ."),
    Place(Area.OVERSIGHT, "Giám sát", "/giam-sat/", OVERSEER_ROLES,
          "Trang giám sát dành cho cán bộ giám sát cấp tỉnh và toàn quốc."),
    Place(Area.WORKFORCE, "Nhân sự", "/nhan-su/", READ_ROLES["official"],
          "Trang nhân sự dành cho cán bộ tổ chức - nhân sự, lãnh đạo đơn vị và cán bộ giám sát."),
    Place(Area.PAYOUTS, "Chính sách 178", "/chinh-sach-178/", READ_ROLES["payout_case"],
          "Trang chi trả chính sách dành cho cán bộ tài chính, tổ chức - nhân sự và cán bộ giám sát."),
    Place(Area.FOLLOWUP, "Theo dõi chỉ đạo", "/theo-doi/", FOLLOWUP_ROLES | OVERSEER_ROLES,
          "Trang theo dõi văn bản hướng dẫn, kiến nghị, nhiệm vụ và trụ sở dành cho bộ, ngành, Văn phòng "
          "Chính phủ, cán bộ tổng hợp của tỉnh, xã và cán bộ giám sát."),
    Place(Area.ADMIN, "Quản trị", "/admin/", frozenset(),
          "Trang quản trị dành cho tài khoản quản trị hệ thống."),
    # Every signed-in person may file and follow their own dossiers (policy.actor_from_grants).
    Place(Area.MY_DOSSIERS, "Hồ sơ của tôi", "/ho-so-cua-toi/", frozenset({Role.APPLICANT}),
          "Vui lòng đăng nhập để xem hồ sơ của bạn."),
)
PLACE: dict[Area, Place] = {p.area: p for p in PLACES}

#: Where each role lands after signing in; a person holding several lands at the first of
#: their roles in this order (their daily work before oversight, oversight before staffing).
HOME_ORDER: tuple[tuple[Role, Area], ...] = (
    (Role.COUNTER_OFFICER, Area.QUEUE),
    (Role.SPECIALIST, Area.QUEUE),
    (Role.APPROVER, Area.QUEUE),
    (Role.NATIONAL_OVERSEER, Area.OVERSIGHT),
    (Role.PROVINCE_OVERSEER, Area.OVERSIGHT),
    (Role.HR_OFFICER, Area.WORKFORCE),
    (Role.FINANCE_OFFICER, Area.PAYOUTS),
    (Role.GOVERNMENT_OFFICE, Area.FOLLOWUP),
    (Role.MINISTRY_OFFICER, Area.FOLLOWUP),
    (Role.FOLLOWUP_OFFICER, Area.FOLLOWUP),
    (Role.ADMINISTRATOR, Area.ADMIN),
    (Role.APPLICANT, Area.MY_DOSSIERS),
)


def may_open(roles: Iterable[Role], area: Area, *, staff: bool = False) -> bool:
    """May a person holding `roles` open `area`? (`staff`: the account may use the Django admin.)"""
    if area is Area.ADMIN:
        return staff
    held = frozenset(roles)
    return bool(held & PLACE[area].roles)


def open_places(roles: Iterable[Role], *, staff: bool = False) -> list[Place]:
    """The menu: every area the person may open, in menu order."""
    held = frozenset(roles)
    return [p for p in PLACES if may_open(held, p.area, staff=staff)]


def home(roles: Iterable[Role], *, staff: bool = False) -> Place:
    """The area a person lands on after signing in."""
    held = frozenset(roles)
    for role, area in HOME_ORDER:
        if (role in held or (role is Role.ADMINISTRATOR and staff)) and may_open(held, area, staff=staff):
            return PLACE[area]
    return PLACE[Area.MY_DOSSIERS]


def area_of(path: str) -> Area | None:
    """The area a site path belongs to (the longest matching prefix), or None for public pages."""
    best: Place | None = None
    for p in PLACES:
        if path.startswith(p.path) and (best is None or len(p.path) > len(best.path)):
            best = p
    return best.area if best else None
