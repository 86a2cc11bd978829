"""Every `confirmed` row of docs/domain/payout-vectors.csv reproduces exactly (parsed from the CSV, not retyped)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from payouts_helpers import confirmed_rows, first_token, parse_inputs, vector_rows

from localgov.payouts.inputs import SalaryInput
from localgov.payouts.retirement import retirement_point, round_years
from localgov.payouts.rules import calculate_data, monthly_salary

ROWS = confirmed_rows()


def _salary_case(inputs: dict[str, str]) -> dict[str, str]:
    """The salary part of case.json from the CSV's salary inputs (coefficients as written there)."""
    return {
        "rank_coefficient": first_token(inputs["coef_rank"]),
        "leadership_coefficient": first_token(inputs.get("coef_leadership", "0")),
        "public_service_pct": first_token(inputs.get("pct_public_service", "0")),
    }


def _salary_row(case_id: str) -> dict[str, str]:
    return next(r for r in vector_rows() if r["id"] in {case_id} and r["category"] == "salary")


def _expected_int(row: dict[str, str]) -> int:
    return int(row["expected_value_vnd"])


def test_every_confirmed_row_is_covered():
    handled = {"salary", "early_retirement", "quitting", "rounding", "retirement_age"}
    assert {r["category"] for r in ROWS} <= handled
    assert len(ROWS) == 20  # T2, T3×3, T4×5, R1–R9, R10×2 — a new confirmed row must get a test


@pytest.mark.parametrize("row", [r for r in ROWS if r["category"] == "salary"], ids=lambda r: r["id"])
def test_salary(row):
    inputs = parse_inputs(row["inputs"])
    salary = _salary_case(inputs)
    s, _ = monthly_salary(
        SalaryInput(
            rank_coefficient=Decimal(salary["rank_coefficient"]),
            leadership_coefficient=Decimal(salary["leadership_coefficient"]),
            public_service=Decimal(salary["public_service_pct"]),
        ),
        Decimal(inputs["base_salary"]),
    )
    assert s == _expected_int(row)


def test_computed_t1_excluded_allowances_do_not_count():
    row = next(r for r in vector_rows() if r["id"] == "T1")
    assert row["status"].startswith("computed")
    s, _ = monthly_salary(
        SalaryInput(rank_coefficient=Decimal("5.42"), leadership_coefficient=Decimal("0.4"),
                    public_service=Decimal("0.25")),
        Decimal(2340000),
    )
    assert s == _expected_int(row) == 17023500


@pytest.mark.parametrize("row", [r for r in ROWS if r["category"] == "early_retirement"],
                         ids=lambda r: f"{r['id']}-{first_token(r['expected_component'])}")
def test_early_retirement_components(row):
    inputs = parse_inputs(row["inputs"])
    salary_inputs = parse_inputs(_salary_row("T2")["inputs"])
    assert Decimal(first_token(inputs["S"])) == _expected_int(_salary_row("T2"))
    calc = calculate_data({
        "category": "early_retirement",
        "sex": inputs["sex"],
        "birth_date": inputs["born"],
        "salary": _salary_case(salary_inputs),
        "base_salary_vnd": salary_inputs["base_salary"],
        "si_months": int(inputs["Y_si"]) * 12,
        "restructuring_effective_date": inputs["restructuring_effective"],
        "leaving_date": inputs["retirement_date"],
    })
    assert calc.eligible
    assert calc.monthly_salary == Decimal(first_token(inputs["S"]))
    assert calc.fact("PENSION_START").value == "01/" + "/".join(reversed(inputs["statutory_pension_start"].split("-")))
    assert calc.fact("MONTHS_TO_RET").value == inputs["M_early"]
    assert calc.fact("Y_EARLY").value.startswith(inputs["Y_early"].replace(".", ","))
    assert calc.fact("WINDOW").value.startswith("có") is (inputs["w12"] == "true")
    code = first_token(row["expected_component"])
    assert calc.component(code).amount == _expected_int(row)
    assert calc.component(code).amount_vnd == _expected_int(row)
    # the published total 744,788,125 is a typo: the components sum to 744,778,125 = 48.5 × S
    assert calc.total_vnd == 744_778_125 == Decimal("48.5") * calc.monthly_salary


@pytest.mark.parametrize("row", [r for r in ROWS if r["category"] == "quitting"],
                         ids=lambda r: f"{r['id']}-{first_token(r['expected_component'])}")
def test_quitting(row):
    inputs = parse_inputs(row["inputs"])
    salary_inputs = parse_inputs(_salary_row("T4")["inputs"])
    leaving = re.search(r"quit from (\d{4}-\d{2}-\d{2})", row["inputs"]).group(1)
    assert inputs["w12"] == "true"
    calc = calculate_data({
        "category": "quit",
        "sex": "M",
        "birth_date": "1985-01-15",  # not in the source; any date ≥ 2 years from retirement
        "salary": _salary_case(salary_inputs),
        "si_months": int(inputs["Y_si"].split()[0]) * 12,
        "restructuring_effective_date": "2025-03-01",  # w12=true: within the first 12 months
        "leaving_date": leaving,
    })
    assert calc.eligible, calc.reasons
    assert calc.monthly_salary == Decimal(first_token(inputs["S"]))
    code = first_token(row["expected_component"])
    if code == "total":
        assert calc.total_vnd == _expected_int(row) == 786_854_250
    else:
        assert calc.component(code).amount_vnd == _expected_int(row)


@pytest.mark.parametrize("row", [r for r in ROWS if r["category"] == "rounding"], ids=lambda r: r["id"])
def test_rounding(row):
    months = int(parse_inputs(row["inputs"])["total_months"])
    assert round_years(months) == Decimal(row["expected_value_vnd"])


@pytest.mark.parametrize("row", [r for r in ROWS if r["category"] == "retirement_age"],
                         ids=lambda r: f"{r['id']}-{first_token(r['expected_component'])}")
def test_retirement_month(row):
    inputs = parse_inputs(row["inputs"])
    year, month = (int(x) for x in first_token(inputs["born"]).split("-"))
    point = retirement_point(date(year, month, 15), inputs["sex"])
    which = first_token(row["expected_component"])
    got = point.month if which == "retirement_month" else point.pension_start
    assert which in {"retirement_month", "pension_start_month"}
    assert f"{got:%Y-%m}" == row["expected_value_vnd"]
