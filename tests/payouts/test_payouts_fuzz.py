"""Whatever JSON arrives, the calculator answers or raises ValidationFailed — never anything else."""

from hypothesis import given, settings
from hypothesis import strategies as st
from payouts_helpers import case

from localgov.core.errors import ValidationFailed
from localgov.payouts.rules import calculate_data

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
FIELDS = ["category", "sex", "birth_date", "salary", "base_salary_vnd", "si_months", "restructuring_effective_date",
          "leaving_date", "appendix", "staff_type"]
SALARY = ["rank_coefficient", "leadership_coefficient", "beyond_frame_pct", "public_service_pct",
          "other_included_pct", "reserved_difference_coefficient"]
dates = st.dates().map(lambda d: d.isoformat())


def answer(data):
    try:
        calc = calculate_data(data)
    except ValidationFailed as exc:
        assert exc.fields and all(isinstance(m, str) and m for ms in exc.fields.values() for m in ms)
        return None
    assert calc.total_vnd == sum(c.amount_vnd for c in calc.components) >= 0
    assert calc.eligible == (not calc.reasons)
    return calc


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FIELDS), json_values | dates)
def test_one_field_replaced_by_anything(field, value):
    answer(case(**{field: value}))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SALARY), json_values)
def test_one_salary_part_replaced_by_anything(part, value):
    answer(case(salary={"rank_coefficient": 4.65, part: value}))


@settings(max_examples=200, deadline=None)
@given(dates, dates, dates, st.integers(-5, 900), st.sampled_from(["early_retirement", "quit"]),
       st.sampled_from(["M", "F"]), st.sampled_from(["I", "II"]))
def test_any_dates_and_months(birth, decision, leaving, months, category, sex, appendix):
    answer(case(birth_date=birth, restructuring_effective_date=decision, leaving_date=leaving, si_months=months,
                category=category, sex=sex, appendix=appendix))


@given(json_values)
def test_not_even_an_object(value):
    answer(value)
