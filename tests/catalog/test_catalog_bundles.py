"""Interconnected bundles: Decree 63/2024 groups 1 and 2 (with variants), land transfer with
its tax step and two appointments, construction permit for a house."""

from decimal import Decimal

import pytest

from localgov.catalog.models import Bundle
from localgov.catalog.selectors import get_bundle
from localgov.core.errors import NotFound

pytestmark = pytest.mark.django_db


def members(code):
    return [
        (m.procedure.code, m.parallel_group, m.agency_kind, m.sub_deadline_value, m.stops_clock)
        for m in get_bundle(code).members.all()
    ]


def test_birth_group(catalog):
    b = get_bundle("2.002621")
    assert (b.total_deadline_value, b.total_deadline_unit) == (Decimal(3), "working_days")
    assert "63/2024" in b.legal_basis
    assert members("2.002621") == [
        ("1.001193", 1, "commune_office", Decimal(0), False),  # justice: same working day
        ("1.004222", 2, "commune_police", Decimal(2), False),  # police ≤ 2, in parallel ...
        ("1.014137", 2, "social_insurance", Decimal(2), False),  # ... with social insurance ≤ 2
    ]


@pytest.mark.parametrize(
    "code,total,benefit",
    [
        ("2.002622.BHXH", 9, "1.014177"),
        ("2.002622.BTXH", 6, "1.001731"),
        ("2.002622.BTXH80", 11, "1.001731"),
        ("2.002622.NCC", 18, "1.010824"),
    ],
)
def test_death_group_variants(catalog, code, total, benefit):
    b = get_bundle(code)
    assert b.group_code == "2.002622"
    assert b.total_deadline_value == total
    codes = [m[0] for m in members(code)]
    assert codes[:2] == ["1.000656", "1.003197"] and codes[2] == benefit


def test_land_transfer_two_appointments(catalog):
    b = get_bundle("LT.DD.CHUYEN-NHUONG")
    assert b.total_deadline_value == 8
    tax = [m for m in members(b.code) if m[4]]
    assert tax == [("LOCAL.TAX.LAND", 2, "tax", Decimal(5), True)]
    first, second = b.appointments
    assert (first["counted_from"], first["deadline"]["value"]) == ("receipt", 5)
    assert (second["counted_from"], second["deadline"]["value"]) == ("proof_of_payment", 3)


def test_house_permit(catalog):
    b = get_bundle("LT.XD.NHA-O")
    assert b.total_deadline_value == 7
    assert members(b.code) == [("1.013225", 1, "commune_economic", Decimal(7), False)]


def test_unknown_bundle_is_not_found(catalog):
    with pytest.raises(NotFound):
        get_bundle("NOPE")
    assert Bundle.objects.filter(active=True).count() >= 4
