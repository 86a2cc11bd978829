"""Follow-up fixtures: the real units (loaded once per session), the ministries as agency rows,
and people holding real grants for each follow-up role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from tests.fixtures_units import loaded_units  # noqa: F401

from localgov.access.policy import Actor, resolve_actor
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role

HANOI, BA_DINH, HOAN_KIEM = "01", "00004", "00070"
HCMC, SAI_GON = "79", "26740"


@pytest.fixture(autouse=True)
def _units(loaded_units, db):  # noqa: F811
    from django.core.cache import cache

    from localgov.followup.services import ensure_ministries
    from localgov.workcalendar.adapter import invalidate_calendar_cache

    cache.clear()
    invalidate_calendar_cache()
    ensure_ministries()
    yield
    invalidate_calendar_cache()


@dataclass
class People:
    gov: Actor
    btc: Actor  # Ministry of Finance officer
    bgd: Actor  # Ministry of Education officer
    hanoi: Actor  # Hà Nội follow-up officer (province)
    badinh: Actor  # Ba Đình follow-up officer (commune)
    saigon: Actor  # Sài Gòn ward follow-up officer (another province)
    overseer_hanoi: Actor
    national: Actor
    users: dict[str, Any]


def person(name: str, role: Role, **scope: Any) -> tuple[Actor, Any]:
    user = create_user(username=name, password=None)
    grant_role(user=user, role=role, **scope)
    return resolve_actor(user), user


@pytest.fixture
def people(db) -> People:
    from localgov.followup.services import ministry

    made = {
        "gov": person("fu-vpcp", Role.GOVERNMENT_OFFICE),
        "btc": person("fu-btc", Role.MINISTRY_OFFICER, agency_id=ministry("BTC").pk),
        "bgd": person("fu-bgd", Role.MINISTRY_OFFICER, agency_id=ministry("BGDDT").pk),
        "hanoi": person("fu-hanoi", Role.FOLLOWUP_OFFICER, province=HANOI),
        "badinh": person("fu-badinh", Role.FOLLOWUP_OFFICER, commune=BA_DINH),
        "saigon": person("fu-saigon", Role.FOLLOWUP_OFFICER, commune=SAI_GON),
        "overseer_hanoi": person("fu-gs-hanoi", Role.PROVINCE_OVERSEER, province=HANOI),
        "national": person("fu-gs-qg", Role.NATIONAL_OVERSEER),
    }
    return People(**{k: v[0] for k, v in made.items()}, users={k: v[1] for k, v in made.items()})


def doc_data(**over: Any) -> dict[str, Any]:
    return {"title": "Thông tư hướng dẫn kế toán ngân sách xã sau sắp xếp", "legal_basis":
            "Luật Ngân sách nhà nước 2025, Điều 12", "ministry": "BTC", "field_code": "finance_accounting",
            "due_date": "2025-08-15", "blocked": "Lập dự toán ngân sách xã", **over}


def problem_data(**over: Any) -> dict[str, Any]:
    return {"title": "Chưa có hướng dẫn hạch toán tài sản của xã cũ", "content": "Xã mới chưa biết hạch toán.",
            "field_code": "finance_accounting", "province_code": HANOI, "commune_code": BA_DINH,
            "routed_to": "BTC", "raised_on": "2025-09-01", **over}


def commitment_data(**over: Any) -> dict[str, Any]:
    return {"title": "Chi trả đủ chế độ cho người nghỉ việc", "source": "Kết luận hội nghị Chính phủ 01/10/2025",
            "source_number": "19/CV-BCĐ", "source_date": "2025-09-29", "responsible_agency": "BNV",
            "deadline": "2025-10-15", "payment_deadline": "payouts.payment_before", **over}


def premise_data(**over: Any) -> dict[str, Any]:
    return {"name": "Trụ sở UBND phường Điện Biên cũ", "former_unit": "UBND phường Điện Biên (cũ)",
            "address": "Số 1 Lê Hồng Phong", "province_code": HANOI, "commune_code": BA_DINH,
            "land_area_m2": "850.5", "floor_area_m2": "1200", "kind": "Trụ sở làm việc", **over}


D = date
