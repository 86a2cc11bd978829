"""Search matches with or without diacritics and through colloquial keywords in the data."""

import pytest

from localgov.catalog.selectors import search_procedures

pytestmark = pytest.mark.django_db


def codes(*args, **kwargs):
    return [p.code for p in search_procedures(*args, **kwargs)]


@pytest.mark.parametrize(
    "query", ["đăng ký khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "Dang  ky khai-sinh"]
)
def test_with_and_without_diacritics(catalog, query):
    found = codes(query)
    assert found[0] == "1.001193"
    assert "1.000689" in found  # khai sinh kết hợp nhận cha, mẹ, con


@pytest.mark.parametrize("query", ["sang tên sổ đỏ", "sang ten so do", "thủ tục sang tên sổ hồng"])
def test_colloquial_land_transfer(catalog, query):
    assert codes(query)[0] == "1.013831"


def test_abbreviation_in_official_name(catalog):
    assert codes("giấy phép xây dựng", field="construction")[0] == "1.013225"


def test_filters(catalog):
    assert set(codes("", field="land", limit=100)) >= {"1.013831", "1.013978", "1.012784"}
    assert all(c.startswith("1.01") for c in codes("", field="land", level="province", limit=100))
    assert codes("khai sinh", field="land") == []


def test_no_match(catalog):
    assert codes("xyzzy") == []
