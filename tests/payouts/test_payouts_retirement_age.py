"""Retirement month by Decree 135/2020 Appendix I (and Appendix II as configuration)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from localgov.payouts.retirement import (
    add_months,
    retirement_point,
    round_years,
    statutory_age_months,
    whole_months_between,
)


@pytest.mark.parametrize(
    ("sex", "born", "month", "age"),
    [
        ("M", date(1961, 1, 1), "2021-04", "60 tuổi 3 tháng"),  # Appendix I first rows
        ("M", date(1961, 9, 1), "2021-12", "60 tuổi 3 tháng"),
        ("M", date(1961, 10, 1), "2022-04", "60 tuổi 6 tháng"),  # reaches 60y3m in 2022 → the 2022 age applies
        ("M", date(1966, 1, 15), "2027-10", "61 tuổi 9 tháng"),  # Mr C
        ("M", date(1970, 6, 10), "2032-06", "62 tuổi"),
        ("F", date(1966, 1, 1), "2021-05", "55 tuổi 4 tháng"),
        ("F", date(1975, 9, 2), "2035-09", "60 tuổi"),
        ("F", date(1980, 5, 31), "2040-05", "60 tuổi"),
        ("M", date(1955, 3, 3), "2015-03", "60 tuổi"),  # before the roadmap
    ],
)
def test_appendix_i(sex, born, month, age):
    point = retirement_point(born, sex)
    assert f"{point.month:%Y-%m}" == month
    assert point.age_label == age
    assert point.pension_start == add_months(point.month, 1)


def test_roadmap_ends():
    assert statutory_age_months(2028, "M") == statutory_age_months(2040, "M") == 62 * 12
    assert statutory_age_months(2027, "M") == 61 * 12 + 9
    assert statutory_age_months(2035, "F") == 60 * 12
    assert statutory_age_months(2034, "F") == 59 * 12 + 8
    assert statutory_age_months(2030, "F", "II") == statutory_age_months(2030, "F") - 60


@given(st.dates(min_value=date(1955, 1, 1), max_value=date(1995, 12, 31)), st.sampled_from(["M", "F"]))
def test_retirement_is_the_first_month_at_the_age(born, sex):
    point = retirement_point(born, sex)
    months = whole_months_between(date(born.year, born.month, 1), point.month)
    assert months >= point.age_months == statutory_age_months(point.month.year, sex)
    before = add_months(point.month, -1)
    assert months - 1 < statutory_age_months(before.year, sex)


@given(st.integers(min_value=0, max_value=600))
def test_round_years_bounds(months):
    years = round_years(months)
    assert months / 12 <= years < months / 12 + 1
    assert years * 2 == int(years * 2)
