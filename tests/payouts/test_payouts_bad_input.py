"""Bad input gets a clear Vietnamese error per field (ValidationFailed), never a crash."""

import pytest
from payouts_helpers import case

from localgov.core.errors import ValidationFailed
from localgov.payouts.rules import calculate_data


def fields_of(data) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as exc:
        calculate_data(data)
    assert exc.value.message == "Dữ liệu hồ sơ không hợp lệ." or exc.value.fields
    return exc.value.fields


def test_impossible_date():
    fields = fields_of(case(birth_date="1966-02-30"))
    assert "birth_date" in fields
    assert "Ngày không tồn tại" in fields["birth_date"][0]


@pytest.mark.parametrize("value", ["2025/05/01", "01-05-2025", "", None, 20250501, "2025-5-1"])
def test_bad_date_format(value):
    assert "leaving_date" in fields_of(case(leaving_date=value))


def test_negative_coefficient():
    fields = fields_of(case(salary={"rank_coefficient": 4.65, "leadership_coefficient": -0.6}))
    assert fields["salary.leadership_coefficient"] == ["Không được âm."]


def test_negative_percentage_and_zero_rank():
    fields = fields_of(case(salary={"rank_coefficient": 0, "public_service_pct": -25}))
    assert "salary.public_service_pct" in fields
    assert "lớn hơn 0" in fields["salary.rank_coefficient"][0]


def test_more_insured_months_than_working_life():
    # born 15 Jan 1966, leaves 1 May 2025: 15 Jan 1981 (age 15) → 1 May 2025 is 531 whole months
    # plus a part month, so at most 532 months with contributions
    fields = fields_of(case(si_months=533))
    assert "vượt quá thời gian có thể làm việc (532 tháng" in fields["si_months"][0]
    calculate_data(case(si_months=532))  # the limit itself is accepted


def test_leaving_before_restructuring():
    fields = fields_of(case(leaving_date="2025-02-01"))
    assert "trước ngày quyết định sắp xếp có hiệu lực" in fields["leaving_date"][0]


def test_fractional_and_negative_si_months():
    assert "số nguyên" in fields_of(case(si_months=12.5))["si_months"][0]
    assert "không được âm" in fields_of(case(si_months=-1))["si_months"][0]


def test_birth_after_leaving_and_too_young():
    assert "birth_date" in fields_of(case(birth_date="2026-01-01"))
    assert "chưa đủ 15 tuổi" in fields_of(case(birth_date="2012-01-01", si_months=0))["birth_date"][0]


@pytest.mark.parametrize(
    ("key", "value"),
    [("category", "retire"), ("sex", "X"), ("appendix", "III"), ("staff_type", "soldier"), ("base_salary_vnd", 0)],
)
def test_bad_choices(key, value):
    assert key in fields_of(case(**{key: value}))


@pytest.mark.parametrize("value", [True, "abc", float("nan"), float("inf"), [1]])
def test_non_numbers(value):
    assert "salary.rank_coefficient" in fields_of(case(salary={"rank_coefficient": value}))


def test_unknown_salary_component_is_rejected():
    fields = fields_of(case(salary={"rank_coefficient": 4.65, "regional_pct": 20}))
    assert "salary.regional_pct" in fields


def test_every_error_reported_at_once():
    fields = fields_of(case(sex="?", birth_date="x", salary={"rank_coefficient": -1}, si_months=-3))
    assert {"sex", "birth_date", "salary.rank_coefficient", "si_months"} <= set(fields)


def test_not_an_object():
    with pytest.raises(ValidationFailed):
        calculate_data([1, 2])


def test_implausible_values_are_refused_not_computed():
    assert "tối đa 20" in fields_of(case(salary={"rank_coefficient": 1e20}))["salary.rank_coefficient"][0]
    assert "300%" in fields_of(case(salary={"rank_coefficient": 4, "other_included_pct": 500}))[
        "salary.other_included_pct"][0]
    assert "base_salary_vnd" in fields_of(case(base_salary_vnd=10**12))
    assert "1.200" in fields_of(case(si_months="1e999999"))["si_months"][0]
    assert "khoảng hợp lý" in fields_of(case(leaving_date="9999-12-01"))["leaving_date"][0]
    assert "khoảng hợp lý" in fields_of(case(birth_date="1899-12-31"))["birth_date"][0]
