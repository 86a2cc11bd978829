"""Early retirement groups, the 1 Jul 2025 social-insurance switch, the 12-month window, quitting,
eligibility reasons and the warnings for uncertain rules."""

from decimal import Decimal

from payouts_helpers import case, mr_m

from localgov.payouts.rules import calculate_data

S_C = Decimal(15356250)  # Mr C
S_M = Decimal(10705500)  # Mr M


def amounts(calc) -> dict[str, int]:
    return {c.code: c.amount_vnd for c in calc.components}


def test_after_1_july_2025_the_15_year_rule_applies():
    # T5 (derived): Mr C retiring 1 Jul 2025 — 28 months early (2.5 years), P3 = (4 + 0.5 × 7) × S
    calc = calculate_data(case(leaving_date="2025-07-01"))
    assert amounts(calc) == {"P1": 28 * S_C, "P2": 5 * Decimal("2.5") * S_C, "P3": Decimal("7.5") * S_C}
    assert "Luật Bảo hiểm xã hội 2024" in calc.component("P3").basis


def test_the_day_before_1_july_keeps_the_20_year_rule():
    calc = calculate_data(case(leaving_date="2025-06-30"))
    assert calc.component("P3").amount == 6 * S_C


def test_under_2_years_only_p1_and_flagged():
    calc = calculate_data(case(leaving_date="2026-01-01"))  # 22 months before Nov 2027, still in window
    assert amounts(calc) == {"P1": 22 * S_C}
    assert any(w.startswith("[verify]") and "dưới 2 năm" in w for w in calc.warnings)


def test_5_to_10_years_group():
    # male born Jun 1970 → 62 years in Jun 2032, pension Jul 2032; leaves 1 Aug 2025: 83 months → 7 years
    calc = calculate_data(case(birth_date="1970-06-10", si_months=27 * 12, leaving_date="2025-08-01"))
    assert calc.fact("MONTHS_TO_RET").value == "83"
    assert amounts(calc) == {"P1": Decimal("0.9") * 60 * S_C, "P2": 4 * 7 * S_C, "P3": 10 * S_C}
    assert calc.total_vnd == 92 * S_C


def test_group_boundaries_60_and_61_months():
    # male born Jan 1968 → 62 years in Jan 2030, pension from 1 Feb 2030
    born = {"birth_date": "1968-01-15", "restructuring_effective_date": "2025-01-01"}
    at_60 = calculate_data(case(leaving_date="2025-02-01", **born))
    assert at_60.fact("MONTHS_TO_RET").value == "60"
    assert at_60.component("P1").amount == 60 * S_C
    assert at_60.component("P2").amount == 5 * 5 * S_C
    at_61 = calculate_data(case(leaving_date="2025-01-01", **born))
    assert at_61.fact("MONTHS_TO_RET").value == "61"
    assert at_61.component("P1").amount == Decimal("0.9") * 60 * S_C
    assert at_61.component("P2").amount == 4 * Decimal("5.5") * S_C


def test_more_than_10_years_is_not_eligible_with_reason():
    calc = calculate_data(case(birth_date="1975-01-15", si_months=300))
    assert not calc.eligible and calc.total_vnd == 0 and calc.components == ()
    assert "trên 10 năm" in calc.reasons[0]


def test_not_enough_insurance_for_a_pension():
    calc = calculate_data(case(si_months=19 * 12 + 11))
    assert not calc.eligible
    assert "Chưa đủ 20 năm" in calc.reasons[0]
    # from 1 Jul 2025, 15 years are enough
    assert calculate_data(case(si_months=15 * 12, leaving_date="2025-07-01")).eligible


def test_already_of_retirement_age():
    calc = calculate_data(case(birth_date="1962-01-15"))
    assert not calc.eligible and "Đã đến tuổi nghỉ hưu" in calc.reasons[0]


def test_after_the_window_halves_p1():
    calc = calculate_data(case(restructuring_effective_date="2024-04-01"))  # 1 May 2025 is the 14th month
    assert calc.component("P1").amount == Decimal("0.5") * 30 * S_C
    assert calc.component("P2").amount == 5 * Decimal("2.5") * S_C
    assert calc.fact("WINDOW").value.startswith("không")


def test_window_edge_is_the_13th_month():
    # decision in force 1 May 2024: May 2024–Apr 2025 are the first 12 months, 1 May 2025 starts the 13th
    thirteenth = calculate_data(case(restructuring_effective_date="2024-05-01"))
    assert thirteenth.component("P1").amount == Decimal("0.5") * 30 * S_C
    last_day = calculate_data(case(restructuring_effective_date="2024-05-02"))  # 1 May 2025 is day 365 of 12 months
    assert last_day.component("P1").amount == 30 * S_C


def test_quit_after_window_and_short_insurance():
    calc = calculate_data(mr_m(restructuring_effective_date="2024-01-01", si_months=40))
    assert amounts(calc) == {"Q1": Decimal("0.4") * 40 * S_M, "Q2": Decimal("1.5") * Decimal("3.5") * S_M,
                             "Q3": 3 * S_M}
    assert calc.fact("M_SEV").value == "40 tháng"
    assert any("severance_capped_by_months_to_retirement" in w for w in calc.warnings)


def test_quit_needs_2_years_to_retirement():
    calc = calculate_data(mr_m(birth_date="1964-01-15"))  # 62 in Jan 2026
    assert not calc.eligible and "dưới 2 năm" in calc.reasons[0]


def test_quit_not_for_someone_eligible_for_early_retirement():
    calc = calculate_data(mr_m(birth_date="1968-01-15", si_months=25 * 12))
    assert not calc.eligible and "Đủ điều kiện nghỉ hưu trước tuổi" in calc.reasons[0]


def test_public_employee_cites_article_10():
    calc = calculate_data(mr_m(staff_type="public_employee"))
    assert calc.component("Q1").basis.startswith("Điều 10 Nghị định 178/2024/NĐ-CP")
    assert calculate_data(mr_m()).component("Q1").basis.startswith("Điều 9 ")


def test_percent_and_fraction_notation_agree_and_base_salary_defaults():
    a = calculate_data(case(salary={"rank_coefficient": "4.65", "leadership_coefficient": "0.6",
                                    "public_service_pct": "0.25"}))
    b = calculate_data(case(base_salary_vnd=2340000))
    assert a.monthly_salary == b.monthly_salary == S_C
    c = calculate_data(case(base_salary_vnd=2000000))
    assert c.monthly_salary == Decimal("5.25") * 2000000 * Decimal("1.25")


def test_all_salary_components_count():
    calc = calculate_data(case(salary={"rank_coefficient": 4.0, "leadership_coefficient": 0.5, "beyond_frame_pct": 10,
                                       "public_service_pct": 25, "other_included_pct": 20,
                                       "reserved_difference_coefficient": 0.3}))
    base = Decimal(2340000)
    rank_lead = base * Decimal("4.5")
    beyond = rank_lead * Decimal("0.1")
    expected = rank_lead + beyond + (rank_lead + beyond) * Decimal("0.45") + base * Decimal("0.3")
    assert calc.monthly_salary == expected
    assert {s.code for s in calc.salary_lines} == {"S_RANK", "S_LEAD", "S_BEYOND", "S_PUBLIC", "S_OTHER", "S_RESERVED"}


def test_rounding_only_at_the_end_half_up_and_flagged():
    calc = calculate_data(case(salary={"rank_coefficient": "3.33", "beyond_frame_pct": 7, "public_service_pct": 25}))
    assert calc.monthly_salary == Decimal("10422067.5")  # S itself is never rounded
    assert calc.component("P3").amount == 6 * calc.monthly_salary  # 62,532,405 exactly
    assert calc.component("P2").amount == Decimal("12.5") * calc.monthly_salary  # 130,275,843.75
    assert calc.component("P2").amount_vnd == 130_275_844
    assert calc.total_vnd == sum(c.amount_vnd for c in calc.components)
    assert any(w.startswith("[I]") and "làm tròn" in w for w in calc.warnings)
    assert not any("money_rounding" in w for w in calculate_data(case()).warnings)


def test_uncertain_rules_are_warnings_confirmed_ones_are_not():
    warnings = " ".join(calculate_data(case()).warnings)
    assert "[verify]" in warnings and "early_groups" in warnings and "[?]" in warnings
    assert "p1_factors" not in warnings and "si_rule" not in warnings


def test_appendix_ii_is_configuration_and_flagged():
    calc = calculate_data(case(sex="F", birth_date="1975-09-02", si_months=19 * 12, leaving_date="2025-07-01",
                               appendix="II"))
    assert calc.fact("RET_MONTH").value == "05/2028"  # App. I minus 5 years: 52y8m in 2028
    assert calc.eligible
    assert calc.fact("MONTHS_TO_RET").value == "35"  # 1 Jul 2025 → pension from 1 Jun 2028
    assert any("Phụ lục II" in w and w.startswith("[verify]") for w in calc.warnings)


def test_leaving_after_the_deadline_is_flagged():
    calc = calculate_data(case(birth_date="1967-01-15", leaving_date="2026-01-01"))
    assert any("ngoài thời hạn" in w for w in calc.warnings)
    assert not any("thời hạn" in w for w in calculate_data(case()).warnings)


def test_base_salary_is_that_of_the_month_before_leaving():
    # Decree 178 Art. 5(6): the salary of the month before leaving; 1,800,000 until 30 Jun 2024
    # (Decree 24/2023), 2,340,000 from 1 Jul 2024 (Decree 73/2024)
    june = calculate_data(mr_m(restructuring_effective_date="2024-06-01", leaving_date="2024-07-01"))
    july = calculate_data(mr_m(restructuring_effective_date="2024-06-01", leaving_date="2024-08-01"))
    assert june.monthly_salary == Decimal("3.66") * 1800000 * Decimal("1.25")
    assert july.monthly_salary == S_M
