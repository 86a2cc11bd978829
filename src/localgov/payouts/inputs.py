"""Parsing and validating one case (the `case.json` of `localgov payouts calc`) — pure, no Django.

Bad input raises `ValidationFailed` with a Vietnamese message per field: impossible dates,
negative coefficients, more insured months than the person's working life allows, a leaving
date before the restructuring took effect.

Percentages (`beyond_frame_pct`, `public_service_pct`, `other_included_pct`) may be written as a
fraction (0.25) or in percent (25): a value above 1 is read as percent. No allowance counted in
the current salary is as low as 1 % (beyond-frame and professional seniority start at 5 %), so
the two notations cannot be confused.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from localgov.core.errors import ValidationFailed
from localgov.payouts import config
from localgov.payouts.retirement import add_months, whole_months_between

CATEGORIES = {"early_retirement": "Nghỉ hưu trước tuổi", "quit": "Thôi việc"}
STAFF_TYPES = {"civil_servant": "cán bộ, công chức", "public_employee": "viên chức, người lao động"}
SALARY_FIELDS = (
    "rank_coefficient",
    "leadership_coefficient",
    "beyond_frame_pct",
    "public_service_pct",
    "other_included_pct",
    "reserved_difference_coefficient",
)
PCT_FIELDS = {"beyond_frame_pct", "public_service_pct", "other_included_pct"}
CASE_FIELDS = {
    "category", "sex", "birth_date", "salary", "base_salary_vnd", "si_months",
    "restructuring_effective_date", "leaving_date", "appendix", "staff_type",
}
#: Informational fields accepted silently (used by the statement, ignored by the rules).
INFO_FIELDS = {"name", "full_name", "official_ref", "position", "agency", "note", "id"}
EARLIEST_BIRTH = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
#: Plausibility bounds (data-entry guards, not legal rules): the highest salary coefficient in the
#: public salary tables is about 10.4 and the highest leadership allowance 1.3, so 20 leaves room for
#: any real case; percentages above 300 % or a base salary above 100 million đồng are typing errors.
MAX_COEFFICIENT = Decimal(20)
MAX_PCT = Decimal(3)
MAX_BASE_SALARY = Decimal(100_000_000)


@dataclass(frozen=True)
class SalaryInput:
    """Components of the current monthly salary; percentages as fractions (0.25 = 25 %)."""

    rank_coefficient: Decimal
    leadership_coefficient: Decimal = Decimal(0)
    beyond_frame: Decimal = Decimal(0)
    public_service: Decimal = Decimal(0)
    other_included: Decimal = Decimal(0)
    reserved_difference_coefficient: Decimal = Decimal(0)


@dataclass(frozen=True)
class CaseInput:
    category: str
    sex: str
    birth_date: date
    salary: SalaryInput
    si_months: int
    restructuring_effective_date: date
    leaving_date: date
    base_salary_vnd: Decimal | None = None
    appendix: str = "I"
    staff_type: str = "civil_servant"
    ignored_fields: tuple[str, ...] = ()


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)


def _number(value: Any, name: str, errors: _Errors) -> Decimal | None:
    if value is None:
        return Decimal(0)
    if isinstance(value, bool):
        errors.add(name, "Phải là một số, không phải true/false.")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        errors.add(name, "Phải là một số hữu hạn.")
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            errors.add(name, f"Không phải là số: {value!r} (dùng dấu chấm thập phân, ví dụ 4.65).")
            return None
        if not number.is_finite():
            errors.add(name, "Phải là một số hữu hạn.")
            return None
        return number
    errors.add(name, "Phải là một số.")
    return None


def _date(value: Any, name: str, errors: _Errors) -> date | None:
    if value is None or value == "":
        errors.add(name, "Bắt buộc (định dạng YYYY-MM-DD).")
        return None
    if not isinstance(value, str):
        errors.add(name, "Phải là ngày dạng chuỗi YYYY-MM-DD.")
        return None
    try:
        if len(value.strip()) != 10:
            raise ValueError
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        errors.add(name, f"Ngày không tồn tại hoặc sai định dạng YYYY-MM-DD: {value!r}.")
        return None
    if not EARLIEST_BIRTH <= parsed <= LATEST_DATE:
        errors.add(name, f"Ngày ngoài khoảng hợp lý ({EARLIEST_BIRTH:%d/%m/%Y}–{LATEST_DATE:%d/%m/%Y}).")
        return None
    return parsed


def parse_salary(data: Any, errors: _Errors) -> SalaryInput | None:
    if not isinstance(data, Mapping):
        errors.add("salary", "Phải là một đối tượng gồm các hệ số lương và phụ cấp.")
        return None
    for key in data:
        if key not in SALARY_FIELDS:
            errors.add(f"salary.{key}", f"Thành phần lương không được hỗ trợ; dùng: {', '.join(SALARY_FIELDS)}.")
    values: dict[str, Decimal] = {}
    for key in SALARY_FIELDS:
        number = _number(data.get(key), f"salary.{key}", errors)
        if number is None:
            continue
        if number < 0:
            errors.add(f"salary.{key}", "Không được âm.")
            continue
        if key in PCT_FIELDS and number > 1:
            number = number / 100
        limit = MAX_PCT if key in PCT_FIELDS else MAX_COEFFICIENT
        if number > limit:
            shown = f"{limit * 100:.0f}%" if key in PCT_FIELDS else f"{limit}"
            errors.add(f"salary.{key}", f"Giá trị không hợp lý (tối đa {shown}).")
            continue
        values[key] = number
    if "rank_coefficient" in values and values["rank_coefficient"] <= 0:
        errors.add("salary.rank_coefficient", "Hệ số lương theo ngạch, bậc phải lớn hơn 0.")
    if len(values) != len(SALARY_FIELDS) or errors.fields:
        return None
    return SalaryInput(
        rank_coefficient=values["rank_coefficient"],
        leadership_coefficient=values["leadership_coefficient"],
        beyond_frame=values["beyond_frame_pct"],
        public_service=values["public_service_pct"],
        other_included=values["other_included_pct"],
        reserved_difference_coefficient=values["reserved_difference_coefficient"],
    )


def parse_case(data: Any) -> CaseInput:
    """A validated `CaseInput` from a JSON object, or `ValidationFailed` listing every bad field."""
    if not isinstance(data, Mapping):
        raise ValidationFailed("Hồ sơ phải là một đối tượng JSON.", fields={"__all__": ["Phải là một đối tượng JSON."]})
    errors = _Errors()
    category = data.get("category")
    if not isinstance(category, str) or category not in CATEGORIES:
        errors.add("category", f"Phải là một trong: {', '.join(CATEGORIES)}.")
    sex = data.get("sex")
    if not isinstance(sex, str) or sex not in ("M", "F"):
        errors.add("sex", "Phải là M (nam) hoặc F (nữ).")
    appendix = data.get("appendix", "I") or "I"
    if not isinstance(appendix, str) or appendix not in ("I", "II"):
        errors.add("appendix", "Phải là I (điều kiện lao động bình thường) hoặc II (Phụ lục II Nghị định 135/2020).")
    staff_type = data.get("staff_type", "civil_servant") or "civil_servant"
    if not isinstance(staff_type, str) or staff_type not in STAFF_TYPES:
        errors.add("staff_type", f"Phải là một trong: {', '.join(STAFF_TYPES)}.")
    birth = _date(data.get("birth_date"), "birth_date", errors)
    restructuring = _date(data.get("restructuring_effective_date"), "restructuring_effective_date", errors)
    leaving = _date(data.get("leaving_date"), "leaving_date", errors)
    salary = parse_salary(data.get("salary"), errors)

    base = None
    if data.get("base_salary_vnd") is not None:
        base = _number(data["base_salary_vnd"], "base_salary_vnd", errors)
        if base is not None and base <= 0:
            errors.add("base_salary_vnd", "Mức lương cơ sở phải lớn hơn 0.")
        elif base is not None and base > MAX_BASE_SALARY:
            errors.add("base_salary_vnd", "Mức lương cơ sở không hợp lý (tối đa 100.000.000 đồng).")

    si_raw = _number(data.get("si_months"), "si_months", errors)
    si_months = 0
    if si_raw is not None:
        if si_raw < 0:
            errors.add("si_months", "Số tháng đóng bảo hiểm xã hội không được âm.")
        elif si_raw > 1200:
            errors.add("si_months", "Số tháng đóng bảo hiểm xã hội không hợp lý (tối đa 1.200 tháng).")
            si_raw = None
        elif si_raw != si_raw.to_integral_value():
            errors.add("si_months", "Số tháng đóng bảo hiểm xã hội phải là số nguyên.")
        else:
            si_months = int(si_raw)

    if birth is not None and leaving is not None and birth >= leaving:
        errors.add("birth_date", "Ngày sinh phải trước ngày nghỉ việc.")
    if restructuring is not None and leaving is not None and leaving < restructuring:
        errors.add(
            "leaving_date",
            f"Ngày nghỉ việc {leaving:%d/%m/%Y} trước ngày quyết định sắp xếp có hiệu lực {restructuring:%d/%m/%Y}.",
        )
    if birth is not None and leaving is not None and birth < leaving:
        min_age = config.lookup("min_working_age_years", leaving).value
        working_start = add_months(birth, 12 * min_age)
        if working_start >= leaving:
            errors.add("birth_date", f"Người nghỉ việc chưa đủ {min_age} tuổi vào ngày nghỉ việc.")
        else:
            possible = whole_months_between(working_start, leaving) + 1
            if si_raw is not None and si_months > possible:
                errors.add(
                    "si_months",
                    f"{si_months} tháng đóng bảo hiểm xã hội vượt quá thời gian có thể làm việc "
                    f"({possible} tháng, từ khi đủ {min_age} tuổi đến ngày nghỉ việc).",
                )
    if errors.fields:
        raise ValidationFailed("Dữ liệu hồ sơ không hợp lệ.", fields=errors.fields)
    assert birth and restructuring and leaving and salary  # for the type checker
    ignored = tuple(sorted(k for k in data if k not in CASE_FIELDS and k not in INFO_FIELDS))
    return CaseInput(
        category=str(category),
        sex=str(sex),
        birth_date=birth,
        salary=salary,
        si_months=si_months,
        restructuring_effective_date=restructuring,
        leaving_date=leaving,
        base_salary_vnd=base,
        appendix=str(appendix),
        staff_type=str(staff_type),
        ignored_fields=ignored,
    )
