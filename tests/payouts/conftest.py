"""Payouts fixtures: two provinces (created here unless the session already loaded the units)."""

import pytest


@pytest.fixture
def provinces(db):
    from localgov.units.models import Province

    for code, name, pop in (("01", "Thành phố Hà Nội", 8_700_000), ("79", "Thành phố Hồ Chí Minh", 14_000_000)):
        Province.objects.get_or_create(code=code, defaults={"name": name, "division_type": "thành phố trung ương",
                                                            "codename": name, "population": pop})
    return Province.objects.count()
