"""Properties: more salary or more insured time never pays less; leaving after the 12-month
window never pays more than leaving inside it."""

from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from localgov.payouts.inputs import parse_case
from localgov.payouts.retirement import add_months
from localgov.payouts.rules import calculate
from localgov.payouts.rules import calculate_data as calc

months = st.integers(min_value=0, max_value=12 * 40)
coef = st.decimals(min_value="1.00", max_value="10.00", places=2)
pct = st.decimals(min_value="0", max_value="0.5", places=2)
first_of_month = st.builds(lambda y, m: date(y, m, 1), st.integers(2025, 2026), st.integers(1, 12))


@st.composite
def cases(draw, category=None):
    leaving = draw(first_of_month)
    return {
        "category": category or draw(st.sampled_from(["early_retirement", "quit"])),
        "sex": draw(st.sampled_from(["M", "F"])),
        "birth_date": draw(st.dates(min_value=date(1962, 1, 1), max_value=date(1990, 12, 31))).isoformat(),
        "salary": {
            "rank_coefficient": str(draw(coef)),
            "leadership_coefficient": str(draw(st.decimals(min_value="0", max_value="1.3", places=2))),
            "beyond_frame_pct": str(draw(pct)),
            "public_service_pct": "0.25",
            "other_included_pct": str(draw(pct)),
            "reserved_difference_coefficient": str(draw(st.decimals(min_value="0", max_value="1", places=2))),
        },
        "si_months": draw(months),
        "restructuring_effective_date": add_months(leaving, -draw(st.integers(0, 30))).isoformat(),
        "leaving_date": leaving.isoformat(),
        "appendix": draw(st.sampled_from(["I", "I", "II"])),
    }


def valid(data):
    try:
        parse_case(data)
    except Exception:  # noqa: BLE001 — impossible combinations are skipped, not tested here
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(cases(), st.decimals(min_value="0.01", max_value="3", places=2), st.sampled_from(list(
    ["rank_coefficient", "leadership_coefficient", "reserved_difference_coefficient"])))
def test_more_salary_never_pays_less(data, extra, part):
    assume(valid(data))
    richer = {**data, "salary": {**data["salary"], part: str(data["salary"][part] and
                                                              (float(data["salary"][part]) + float(extra)))}}
    assume(valid(richer))
    a, b = calc(data), calc(richer)
    assert b.monthly_salary > a.monthly_salary
    assert b.total_vnd >= a.total_vnd
    assert a.eligible == b.eligible
    if a.eligible:
        for c in a.components:
            assert b.component(c.code).amount >= c.amount


@settings(max_examples=200, deadline=None)
@given(cases(category="early_retirement"), st.integers(1, 120))
def test_more_insurance_never_pays_less_early_retirement(data, extra):
    assume(valid(data))
    more = {**data, "si_months": data["si_months"] + extra}
    assume(valid(more))
    a, b = calc(data), calc(more)
    assert b.total_vnd >= a.total_vnd
    assert b.eligible or not a.eligible  # eligibility only grows with insured time


@settings(max_examples=200, deadline=None)
@given(cases(category="quit"), st.integers(1, 120))
def test_more_insurance_never_pays_less_quit(data, extra):
    assume(valid(data))
    more = {**data, "si_months": data["si_months"] + extra}
    assume(valid(more))
    a, b = calc(data), calc(more)
    # Crossing into pension eligibility moves the person to early retirement (Art. 9 as amended):
    # the quit calculation then says not eligible, with the reason. Otherwise more never pays less.
    assume(b.eligible)
    assert b.total_vnd >= a.total_vnd


@settings(max_examples=200, deadline=None)
@given(cases(), st.integers(12, 36))
def test_decision_further_back_never_pays_more(data, months_back):
    """Same person, same leaving date; the decision took effect long enough ago that the leaving
    date falls from the 13th month on: never more than inside the window."""
    assume(valid(data))
    leaving = date.fromisoformat(data["leaving_date"])
    inside = {**data, "restructuring_effective_date": leaving.isoformat()}
    after = {**data, "restructuring_effective_date": add_months(leaving, -months_back).isoformat()}
    a, b = calc(inside), calc(after)
    assert a.eligible == b.eligible
    assert b.total_vnd <= a.total_vnd
    if a.eligible and a.components[0].amount > 0:  # P1 / Q1, the window-dependent component
        assert b.components[0].amount < a.components[0].amount


# Both leaving dates must be valid and both cases eligible: most draws are filtered out by design
# (a PostgreSQL run of `make test` once failed the filter health check, 9 kept of 59 drawn).
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(cases(), st.integers(0, 11), st.integers(0, 24))
def test_leaving_after_the_window_never_pays_more(data, inside_offset, after_offset):
    """Same person and decision; one leaving date inside the 12-month window, a later one from the
    13th month on (insured time and base salary unchanged — a base-salary rise in between, e.g.
    1,800,000 → 2,340,000 on 1 Jul 2024, legitimately raises S): where both are eligible, the later
    never pays more."""
    data = {**data, "base_salary_vnd": 2340000}
    assume(valid(data))
    decision = date.fromisoformat(data["restructuring_effective_date"])
    inside = {**data, "leaving_date": add_months(decision, inside_offset).isoformat()}
    after = {**data, "leaving_date": add_months(decision, 12 + after_offset).isoformat()}
    assume(valid(inside) and valid(after))
    a, b = calculate(parse_case(inside)), calculate(parse_case(after))
    assume(a.eligible and b.eligible)
    assert b.total_vnd <= a.total_vnd
