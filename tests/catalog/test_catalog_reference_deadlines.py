"""Spot checks against the reference compilation (docs/domain/procedures-catalogue.md): deadlines,
units, fees, clock stops, legal bases."""

from decimal import Decimal

import pytest

from localgov.catalog.selectors import get_procedure

pytestmark = pytest.mark.django_db

# (code, field, deadline value, unit) — each checked by hand in the compilation's rows
CASES = [
    ("1.001193", "civil_status", Decimal("0"), "working_days"),  # Đăng ký khai sinh: trong ngày
    ("1.000656", "civil_status", Decimal("0"), "working_days"),  # Đăng ký khai tử: trong ngày
    ("1.004873", "civil_status", Decimal("3"), "working_days"),  # Xác nhận tình trạng hôn nhân: 3 NLV
    ("1.004222", "residence", Decimal("7"), "working_days"),  # Đăng ký thường trú: 7 NLV
    ("2.001159", "residence", Decimal("1"), "working_hours"),  # Thông báo lưu trú: rec 1 hour
    ("1.013831", "land", Decimal("8"), "working_days"),  # Đăng ký biến động (chuyển nhượng): 8 NLV
    ("1.012784", "land", Decimal("12"), "working_days"),  # Tách thửa, hợp thửa: 12 NLV
    ("1.013992", "land", Decimal("7"), "working_days"),  # Chuyển mục đích không phải xin phép: 7 NLV
    ("1.013225", "construction", Decimal("10"), "working_days"),  # GPXD mới: 10 NLV (7 nhà ở riêng lẻ)
    ("1.013227", "construction", Decimal("5"), "working_days"),  # Gia hạn GPXD: 5 NLV
    ("1.014137", "insurance", Decimal("5"), "working_days"),  # Cấp thẻ BHYT: 5 NLV
    ("1.014177", "insurance", Decimal("10"), "working_days"),  # Trợ cấp mai táng BHXH: 10 NLV
]


@pytest.mark.parametrize("code,field,value,unit", CASES)
def test_deadline_matches_reference(catalog, code, field, value, unit):
    p = get_procedure(code)
    assert p.field_id == field
    assert (p.deadline_value, p.deadline_unit) == (value, unit)
    assert p.deadline_basis


def test_house_permit_variant_is_7_days(catalog):
    p = get_procedure("1.013225")
    assert {
        "label": "Nhà ở riêng lẻ",
        "value": 7,
        "unit": "working_days",
        "verified": True,
    } in p.deadline_variants
    assert p.level == "commune" and p.competent_agency_kind == "commune_economic"


def test_land_excludes_financial_obligation(catalog):
    assert get_procedure("1.013831").clock_stops == ["financial_obligation"]
    assert get_procedure("1.013978").clock_stops == ["financial_obligation"]


def test_fees_and_legal_basis(catalog):
    p = get_procedure("1.004222")
    assert p.fee_vnd == 20000 and "10.000đ" in p.fee_text  # TT 75/2022/TT-BTC
    assert p.legal_basis.startswith("Luật Cư trú 68/2020/QH14")
    assert get_procedure("2.000815").fee_vnd == 2000  # 2.000đ/trang, TT 226/2016/TT-BTC
    assert get_procedure("1.013831").legal_basis == "Luật Đất đai 2024; NĐ 101/2024; NĐ 151/2025; NĐ 226/2025"
    assert get_procedure("1.013831").source == "NR 1.013831; P2228 1.013831.H19; FEE-HP"


def test_deadline_hours_helper(catalog):
    assert get_procedure("1.004222").deadline_hours() == Decimal(56)
    assert get_procedure("2.001159").deadline_hours() == Decimal(1)
    same_day = get_procedure("1.001193")
    assert same_day.is_same_day and same_day.deadline_hours() == 0 and same_day.step_budget_hours() == 8
