"""Decree 178/2024/NĐ-CP as amended by Decree 67/2025/NĐ-CP: payments to staff who leave because
of the restructuring — pure Python, no Django, Decimal throughout.

Each line of a result names its article. Rules the policy brief does not confirm are parameters
(data/parameters.json, with tag, source and effective date) and appear in the result's warnings.

Money: every amount is computed exactly in Decimal (the monthly salary S is never rounded); each
payable component is rounded once, at the end, to whole đồng (ROUND_HALF_UP — parameter
`money_rounding`, tagged [I]: no source states a rounding rule, and the MOHA worked examples of
Official Letter 1814/BNV-TCBC come out in whole đồng). The total is the sum of the rounded
components, so a statement always adds up.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from localgov.core import numfmt
from localgov.payouts import config
from localgov.payouts.inputs import CATEGORIES, STAFF_TYPES, CaseInput, SalaryInput, parse_case
from localgov.payouts.retirement import (
    RetirementPoint,
    add_months,
    retirement_point,
    round_years,
    whole_months_between,
)

D0 = Decimal(0)
ONE = Decimal(1)

DECREE = "Nghị định 178/2024/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 67/2025/NĐ-CP)"
SALARY_BASIS = (
    f"Khoản 6 Điều 5 {DECREE}; khoản 2 Điều 3 Thông tư 01/2025/TT-BNV (sửa đổi bởi Thông tư 002/2025/TT-BNV); "
    "Công văn 1814/BNV-TCBC; cách tính theo Thông tư 07/2024/TT-BNV"
)
TIME_BASIS = f"Điều 5 {DECREE}; Điều 3 Thông tư 01/2025/TT-BNV"
EARLY_BASIS = f"Điều 7 {DECREE}; Điều 4 Thông tư 01/2025/TT-BNV (sửa đổi bởi Thông tư 002/2025/TT-BNV)"
QUIT_BASIS = {
    "civil_servant": f"Điều 9 {DECREE}; Điều 5 Thông tư 01/2025/TT-BNV",
    "public_employee": f"Điều 10 {DECREE}; Điều 5 Thông tư 01/2025/TT-BNV",
}

#: What the current monthly salary includes and excludes — Decree 178 Art. 5(6) as amended by
#: Decree 67; Circular 01/2025 Art. 3(2) as amended by Circular 002/2025; MOHA 1814 [C].
SALARY_INCLUDED = (
    "lương theo ngạch, bậc, chức vụ, chức danh, chức danh nghề nghiệp (hoặc lương theo hợp đồng)",
    "phụ cấp chức vụ lãnh đạo (kể cả phụ cấp chức vụ lãnh đạo bảo lưu)",
    "phụ cấp thâm niên vượt khung",
    "phụ cấp thâm niên nghề",
    "phụ cấp ưu đãi theo nghề",
    "phụ cấp trách nhiệm theo nghề",
    "phụ cấp công vụ",
    "phụ cấp công tác đảng, đoàn thể chính trị - xã hội",
    "phụ cấp đặc thù lực lượng vũ trang",
    "hệ số chênh lệch bảo lưu lương (bổ sung bởi Nghị định 67/2025/NĐ-CP)",
)
SALARY_EXCLUDED = (
    "phụ cấp kiêm nhiệm",
    "phụ cấp trách nhiệm công việc",
    "phụ cấp độc hại, nguy hiểm",
    "phụ cấp khu vực",
    "phụ cấp thu hút",
    "phụ cấp trách nhiệm cấp ủy",
    "phụ cấp trách nhiệm kế toán trưởng",
)


@dataclass(frozen=True)
class Line:
    """One amount with its legal basis; `amount` is exact, `amount_vnd` whole đồng."""

    code: str
    label: str
    amount: Decimal
    basis: str
    formula: str = ""

    @property
    def amount_vnd(self) -> int:
        return to_vnd(self.amount)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "amount_vnd": self.amount_vnd,
            "basis": self.basis,
            "formula": self.formula,
        }


@dataclass(frozen=True)
class Fact:
    """A non-monetary step of the calculation (a date, a count of months), with its basis."""

    code: str
    label: str
    value: str
    basis: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "label": self.label, "value": self.value, "basis": self.basis}


@dataclass(frozen=True)
class Calculation:
    category: str
    eligible: bool
    reasons: tuple[str, ...]
    monthly_salary: Decimal
    salary_lines: tuple[Line, ...]
    components: tuple[Line, ...]
    facts: tuple[Fact, ...]
    warnings: tuple[str, ...]
    total_vnd: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "total_vnd", sum((c.amount_vnd for c in self.components), 0))

    def component(self, code: str) -> Line:
        return next(c for c in self.components if c.code == code)

    def fact(self, code: str) -> Fact:
        return next(f for f in self.facts if f.code == code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "category_label": CATEGORIES.get(self.category, self.category),
            "eligible": self.eligible,
            "reasons": list(self.reasons),
            "monthly_salary_vnd": to_vnd(self.monthly_salary),
            "monthly_salary_exact": format(self.monthly_salary.normalize(), "f"),
            "salary_lines": [s.as_dict() for s in self.salary_lines],
            "components": [c.as_dict() for c in self.components],
            "total_vnd": self.total_vnd,
            "details": [f.as_dict() for f in self.facts],
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- money and numbers


def to_vnd(amount: Decimal, on: date | None = None) -> int:
    """Whole đồng (parameter `money_rounding` [I], ROUND_HALF_UP)."""
    mode = config.lookup("money_rounding", on or date(2025, 1, 1)).value
    return int(amount.quantize(ONE, rounding=getattr(decimal, mode)))


def fmt_vnd(amount: int | Decimal) -> str:
    """15356250 → "15.356.250" (Vietnamese thousands separator)."""
    return numfmt.num(to_vnd(Decimal(amount)))


def fmt_num(value: Decimal) -> str:
    """Decimal → Vietnamese notation with a decimal comma: 2.5 → "2,5", 0.80 → "0,8"."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def fmt_month(d: date) -> str:
    return f"{d.month:02d}/{d.year}"


# --------------------------------------------------------------------------- salary


def base_salary_for(case: CaseInput) -> tuple[Decimal, config.Parameter | None]:
    """The base salary of the month before leaving (Decree 178 Art. 5(6)): the case's own figure,
    else the parameter `base_salary_vnd` in force in that month (2,340,000 from 1 Jul 2024)."""
    if case.base_salary_vnd is not None:
        return case.base_salary_vnd, None
    param = config.lookup("base_salary_vnd", add_months(case.leaving_date, -1))
    return Decimal(param.value), param


def monthly_salary(salary: SalaryInput, base: Decimal) -> tuple[Decimal, tuple[Line, ...]]:
    """Current monthly salary S (tiền lương tháng hiện hưởng), Decree 178 Art. 5(6) as amended by
    Decree 67, with the arithmetic of Circular 07/2024/TT-BNV:
    rank = base × coefficient; leadership = base × coefficient; beyond-frame = (rank + leadership) × %;
    percentage allowances (public service, other included) = (rank + leadership + beyond-frame) × %;
    reserved difference = base × coefficient. Excluded allowances (SALARY_EXCLUDED) never enter."""
    rank = base * salary.rank_coefficient
    lead = base * salary.leadership_coefficient
    beyond = (rank + lead) * salary.beyond_frame
    pct_base = rank + lead + beyond
    public = pct_base * salary.public_service
    other = pct_base * salary.other_included
    reserved = base * salary.reserved_difference_coefficient
    b = fmt_vnd(base)
    lines = [
        Line("S_RANK", "Lương theo ngạch, bậc, chức danh", rank, SALARY_BASIS,
             f"{b} × {fmt_num(salary.rank_coefficient)}"),
        Line("S_LEAD", "Phụ cấp chức vụ lãnh đạo", lead, SALARY_BASIS,
             f"{b} × {fmt_num(salary.leadership_coefficient)}"),
        Line("S_BEYOND", "Phụ cấp thâm niên vượt khung", beyond, SALARY_BASIS,
             f"(lương + phụ cấp chức vụ) × {fmt_num(salary.beyond_frame * 100)}%"),
        Line("S_PUBLIC", "Phụ cấp công vụ", public, SALARY_BASIS,
             f"(lương + phụ cấp chức vụ + thâm niên vượt khung) × {fmt_num(salary.public_service * 100)}%"),
        Line("S_OTHER", "Phụ cấp khác được tính (thâm niên nghề, ưu đãi, trách nhiệm theo nghề, công tác đảng...)",
             other, SALARY_BASIS,
             f"(lương + phụ cấp chức vụ + thâm niên vượt khung) × {fmt_num(salary.other_included * 100)}%"),
        Line("S_RESERVED", "Hệ số chênh lệch bảo lưu lương", reserved, SALARY_BASIS,
             f"{b} × {fmt_num(salary.reserved_difference_coefficient)}"),
    ]
    total = rank + lead + beyond + public + other + reserved
    return total, tuple(line for line in lines if line.code == "S_RANK" or line.amount != 0)


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class Timeline:
    """The dates and counts every formula uses."""

    retirement: RetirementPoint
    months_to_retirement: int  # from the leaving date to the pension start (uncapped)
    window_end: date  # first day of the 13th month after the restructuring decision took effect
    in_window: bool
    y_si: Decimal


def timeline(case: CaseInput) -> Timeline:
    """Retirement month (Decree 135/2020 Art. 3–5, Appendix I/II); months to retirement from the
    leaving date (Decree 178 Art. 5(1)); the 12-month window counted from the effective date of the
    restructuring decision (Decree 178 Art. 7 and 9; MOF 1767/BTC-TCCB); SI years rounded by
    Art. 5(3)."""
    point = retirement_point(case.birth_date, case.sex, case.appendix)
    window = config.lookup("window_months", case.leaving_date).value
    window_end = add_months(case.restructuring_effective_date, window)
    return Timeline(
        retirement=point,
        months_to_retirement=whole_months_between(case.leaving_date, point.pension_start),
        window_end=window_end,
        in_window=case.leaving_date < window_end,
        y_si=round_years(case.si_months),
    )


def _common_facts(case: CaseInput, tl: Timeline, s: Decimal, base: Decimal) -> list[Fact]:
    table = config.retirement_table()
    appendix = table["appendix_i"] if case.appendix == "I" else table["appendix_ii"]
    sex = "nam" if case.sex == "M" else "nữ"
    return [
        Fact("S", "Tiền lương tháng hiện hưởng", f"{fmt_vnd(s)} đồng", SALARY_BASIS),
        Fact("BASE", "Mức lương cơ sở", f"{fmt_vnd(base)} đồng", "Nghị định 73/2024/NĐ-CP"),
        Fact("RET_AGE", f"Tuổi nghỉ hưu ({sex}, Phụ lục {case.appendix})", tl.retirement.age_label,
             f"{appendix['source']} [{appendix['tag']}]"),
        Fact("RET_MONTH", "Tháng đủ tuổi nghỉ hưu", fmt_month(tl.retirement.month), table["appendix_i"]["source"]),
        Fact("PENSION_START", "Hưởng lương hưu từ", f"01/{fmt_month(tl.retirement.pension_start)}",
             f"{table['retirement_time']['source']} [{table['retirement_time']['tag']}]"),
        Fact("MONTHS_TO_RET", "Số tháng từ ngày nghỉ việc đến tuổi nghỉ hưu", str(tl.months_to_retirement),
             f"Khoản 1 Điều 5 {DECREE}"),
        Fact("WINDOW", "Nghỉ trong 12 tháng đầu kể từ quyết định sắp xếp có hiệu lực",
             ("có" if tl.in_window else "không (từ tháng thứ 13)")
             + f"; quyết định hiệu lực {case.restructuring_effective_date:%d/%m/%Y}, tháng thứ 13 bắt đầu "
             f"{tl.window_end:%d/%m/%Y}",
             f"Điều 7, Điều 9 {DECREE}; Công văn 1767/BTC-TCCB"),
        Fact("Y_SI", "Số năm đóng bảo hiểm xã hội bắt buộc (đã làm tròn)",
             f"{fmt_num(tl.y_si)} năm ({case.si_months} tháng)", TIME_BASIS),
    ]


def _common_warnings(case: CaseInput, tl: Timeline) -> list[str]:
    warnings = []
    if case.appendix == "II":
        ii = config.retirement_table()["appendix_ii"]
        warnings.append(f"[{ii['tag']}] {ii['note']} (nguồn: {ii['source']})")
    if case.leaving_date.day != 1:
        warnings.append(
            "[I] Ngày nghỉ việc không phải ngày đầu tháng: số tháng đến tuổi nghỉ hưu chỉ tính tháng trọn "
            "(tháng lẻ không đủ bị bỏ) — cần đối chiếu quyết định nghỉ việc."
        )
    deadlines = config.lookup("deadlines", case.leaving_date)
    d = deadlines.value
    if case.leaving_date > date.fromisoformat(d["roadmap_latest_leaving_date"]):
        warnings.append(
            f"[{deadlines.tag}] Ngày nghỉ việc sau {date.fromisoformat(d['roadmap_latest_leaving_date']):%d/%m/%Y}: "
            f"ngoài thời hạn áp dụng chính sách (nguồn: {deadlines.source})."
        )
    elif case.leaving_date > date.fromisoformat(d["latest_leaving_date"]):
        warnings.append(
            f"[{deadlines.tag}] Ngày nghỉ việc sau {date.fromisoformat(d['latest_leaving_date']):%d/%m/%Y}: chỉ được "
            f"hưởng nếu quyết định ban hành trước {date.fromisoformat(d['roadmap_decision_before']):%d/%m/%Y} theo lộ "
            f"trình (nguồn: {deadlines.source})."
        )
    if case.ignored_fields:
        warnings.append("Bỏ qua các trường không dùng để tính: " + ", ".join(case.ignored_fields) + ".")
    return warnings


# --------------------------------------------------------------------------- eligibility


def early_retirement_obstacles(case: CaseInput, tl: Timeline) -> list[str]:
    """Why the case does not qualify for early retirement (Decree 178 Art. 7 as amended): empty if it does."""
    reasons = []
    groups = config.lookup("early_groups", case.leaving_date).value
    si_rule = config.lookup("si_rule", case.leaving_date)
    months = tl.months_to_retirement
    if months <= 0:
        reasons.append(
            f"Đã đến tuổi nghỉ hưu ({tl.retirement.age_label}, tháng {fmt_month(tl.retirement.month)}) trước ngày "
            f"nghỉ việc: nghỉ hưu đúng tuổi, không thuộc diện nghỉ hưu trước tuổi (Điều 7 {DECREE})."
        )
    elif case.appendix == "II" and months > groups["appendix_ii_max_months"]:
        reasons.append(
            f"Còn {months} tháng đến tuổi nghỉ hưu theo Phụ lục II: chính sách nghỉ hưu trước tuổi theo Phụ lục II "
            f"chỉ áp dụng khi còn đến đủ {groups['appendix_ii_max_months'] // 12} năm (Điều 7 {DECREE})."
        )
    elif months > groups["max_months_group_5_10"]:
        reasons.append(
            f"Còn {months} tháng (trên {groups['max_months_group_5_10'] // 12} năm) đến tuổi nghỉ hưu: ngoài phạm vi "
            f"nghỉ hưu trước tuổi (Điều 7 {DECREE})."
        )
    need = si_rule.value["pension_min_si_years"]
    if case.si_months < 12 * need:
        reasons.append(
            f"Chưa đủ {need} năm đóng bảo hiểm xã hội bắt buộc để hưởng lương hưu (có {case.si_months} tháng) "
            f"khi nghỉ ngày {case.leaving_date:%d/%m/%Y} ({si_rule.source})."
        )
    return reasons


def quit_obstacles(case: CaseInput, tl: Timeline) -> list[str]:
    """Why the case does not qualify for quitting (Decree 178 Art. 9/10 as amended): empty if it does."""
    rule = config.lookup("quit_eligibility", case.leaving_date)
    reasons = []
    if tl.months_to_retirement < rule.value["min_months_to_retirement"]:
        reasons.append(
            f"Còn {max(tl.months_to_retirement, 0)} tháng đến tuổi nghỉ hưu, dưới "
            f"{rule.value['min_months_to_retirement'] // 12} năm: không thuộc diện thôi việc ({rule.source})."
        )
    elif rule.value["excludes_early_retirement_eligible"] and not early_retirement_obstacles(case, tl):
        reasons.append(
            f"Đủ điều kiện nghỉ hưu trước tuổi (Điều 7 {DECREE}): áp dụng chính sách nghỉ hưu trước tuổi, "
            f"không thuộc diện thôi việc ({rule.source})."
        )
    return reasons


# --------------------------------------------------------------------------- the two schemes


def _result(case: CaseInput, s: Decimal, salary_lines: tuple[Line, ...], components: list[Line],
            facts: list[Fact], warnings: list[str], reasons: list[str]) -> Calculation:
    rounding = config.lookup("money_rounding", case.leaving_date)
    if any(c.amount != c.amount.to_integral_value() for c in components):
        warnings.append(rounding.warning())
    return Calculation(
        category=case.category,
        eligible=not reasons,
        reasons=tuple(reasons),
        monthly_salary=s,
        salary_lines=salary_lines,
        components=tuple(components) if not reasons else (),
        facts=tuple(facts),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def early_retirement(case: CaseInput) -> Calculation:
    """Early retirement (nghỉ hưu trước tuổi), Decree 178 Art. 7 as amended by Decree 67; Circular 01/2025
    Art. 4. P1 for the months of early retirement; P2 per year of early retirement; P3 by years of
    compulsory social insurance (20-year rule before 1 Jul 2025, 15-year rule from then on)."""
    base, _ = base_salary_for(case)
    s, salary_lines = monthly_salary(case.salary, base)
    tl = timeline(case)
    facts = _common_facts(case, tl, s, base)
    warnings = _common_warnings(case, tl)
    reasons = early_retirement_obstacles(case, tl)
    groups = config.lookup("early_groups", case.leaving_date)
    warnings.append(groups.warning())
    if reasons:
        return _result(case, s, salary_lines, [], facts, warnings, reasons)

    g = groups.value
    months = tl.months_to_retirement
    if months < g["min_months_group_2_5"]:
        group, group_label = "under_2", "dưới 2 năm"
    elif months <= g["max_months_group_le_5"]:
        group, group_label = "2_5", "từ đủ 2 năm đến đủ 5 năm"
    else:
        group, group_label = "5_10", "trên 5 năm đến đủ 10 năm"
    y_early = round_years(months)
    facts.append(Fact("GROUP", "Nhóm thời gian nghỉ sớm", f"{group_label} ({months} tháng)",
                      f"{EARLY_BASIS}; ranh giới nhóm [{groups.tag}]"))
    facts.append(Fact("Y_EARLY", "Số năm nghỉ sớm (đã làm tròn)", f"{fmt_num(y_early)} năm", TIME_BASIS))

    p1f = config.lookup("p1_factors", case.leaving_date)
    w = "in_window" if tl.in_window else "after_window"
    window_text = "trong 12 tháng đầu" if tl.in_window else "từ tháng thứ 13"
    if group in ("under_2", "2_5"):
        max_months = config.lookup("max_early_months", case.leaving_date).value
        m_early = min(months, max_months)
        factor = Decimal(p1f.value[f"le_5_{w}"])
    else:
        m_early = p1f.value["gt_5_fixed_months"]
        factor = Decimal(p1f.value[f"gt_5_{w}"])
    components = [
        Line("P1", "Trợ cấp hưu trí một lần cho số tháng nghỉ sớm", s * factor * m_early,
             f"{EARLY_BASIS}; khoản 1 Điều 5 (tối đa 60 tháng)",
             f"{fmt_num(factor)} × {fmt_vnd(s)} × {m_early} tháng ({window_text})"),
    ]
    p1_only = config.lookup("under_2_years_p1_only", case.leaving_date)
    if group == "under_2":
        warnings.append(p1_only.warning())
    if group != "under_2" or not p1_only.value:
        p2f = config.lookup("p2_factors", case.leaving_date).value
        per_year = Decimal(p2f["group_5_10" if group == "5_10" else "group_2_5"])
        components.append(
            Line("P2", "Trợ cấp theo số năm nghỉ hưu trước tuổi", s * per_year * y_early, EARLY_BASIS,
                 f"{fmt_num(per_year)} × {fmt_vnd(s)} × {fmt_num(y_early)} năm")
        )
        si_rule = config.lookup("si_rule", case.leaving_date)
        r = si_rule.value
        above = max(D0, tl.y_si - r["pension_min_si_years"])
        months_si = Decimal(r["base_months"]) + Decimal(r["per_year_above"]) * above
        components.append(
            Line("P3", "Trợ cấp theo thời gian công tác có đóng bảo hiểm xã hội bắt buộc", s * months_si,
                 f"{EARLY_BASIS}; {si_rule.source}",
                 f"({r['base_months']} + {fmt_num(Decimal(r['per_year_above']))} × {fmt_num(above)} năm trên "
                 f"{r['pension_min_si_years']} năm) × {fmt_vnd(s)} = {fmt_num(months_si)} tháng lương")
        )
    facts.append(Fact("PENSION", "Lương hưu", "hưởng ngay, không bị trừ tỷ lệ lương hưu do nghỉ hưu trước tuổi "
                      "(cơ quan bảo hiểm xã hội chi trả)", EARLY_BASIS))
    warnings.append(config.lookup("total_cap_vnd", case.leaving_date).warning())
    return _result(case, s, salary_lines, components, facts, warnings, [])


def quit_job(case: CaseInput) -> Calculation:
    """Quitting (thôi việc), Decree 178 Art. 9 (cadres, civil servants) / Art. 10 (public employees,
    workers) as amended by Decree 67; Circular 01/2025 Art. 5: Q1 severance on the months counted
    (Art. 5(2): SI months, 60 if ≥ 5 years), Q2 per year of compulsory SI, Q3 job seeking."""
    base, _ = base_salary_for(case)
    s, salary_lines = monthly_salary(case.salary, base)
    tl = timeline(case)
    facts = _common_facts(case, tl, s, base)
    warnings = _common_warnings(case, tl)
    reasons = quit_obstacles(case, tl)
    capped = config.lookup("severance_capped_by_months_to_retirement", case.leaving_date)
    warnings.append(capped.warning())
    if reasons:
        return _result(case, s, salary_lines, [], facts, warnings, reasons)

    cap = config.lookup("severance_cap_months", case.leaving_date)
    m_sev = min(case.si_months, cap.value)
    if capped.value:
        m_sev = min(m_sev, tl.months_to_retirement)
    facts.append(Fact("M_SEV", "Số tháng tính trợ cấp thôi việc", f"{m_sev} tháng", f"{cap.source} (tối đa 60 tháng)"))
    q = config.lookup("quit_factors", case.leaving_date).value
    w = "in_window" if tl.in_window else "after_window"
    window_text = "trong 12 tháng đầu" if tl.in_window else "từ tháng thứ 13"
    factor = Decimal(q[f"severance_{w}"])
    per_year = Decimal(q["per_si_year"])
    basis = QUIT_BASIS[case.staff_type]
    components = [
        Line("Q1", "Trợ cấp thôi việc theo số tháng tính trợ cấp", s * factor * m_sev, f"{basis}; {cap.source}",
             f"{fmt_num(factor)} × {fmt_vnd(s)} × {m_sev} tháng ({window_text})"),
        Line("Q2", "Trợ cấp theo số năm công tác có đóng bảo hiểm xã hội bắt buộc", s * per_year * tl.y_si, basis,
             f"{fmt_num(per_year)} × {fmt_vnd(s)} × {fmt_num(tl.y_si)} năm"),
        Line("Q3", "Trợ cấp tìm việc làm", s * q["job_seeking_months"], basis,
             f"{q['job_seeking_months']} × {fmt_vnd(s)}"),
    ]
    facts.append(Fact("SI_KEEP", "Bảo hiểm xã hội", "được bảo lưu thời gian đóng hoặc hưởng bảo hiểm xã hội một lần "
                      f"theo pháp luật về bảo hiểm xã hội ({STAFF_TYPES[case.staff_type]})", basis))
    return _result(case, s, salary_lines, components, facts, warnings, [])


def calculate(case: CaseInput) -> Calculation:
    if case.category == "early_retirement":
        return early_retirement(case)
    if case.category == "quit":
        return quit_job(case)
    raise ValueError(f"unknown category {case.category!r}")


def calculate_data(data: Mapping[str, Any]) -> Calculation:
    """Parse and calculate one case given as the `case.json` mapping (raises ValidationFailed)."""
    return calculate(parse_case(data))
