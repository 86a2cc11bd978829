"""Dates, months and years for Decree 178/67 payouts — pure, no Django.

* Statutory retirement age by year (Labour Code 2019 Art. 169; Decree 135/2020/NĐ-CP Art. 4 and
  Appendix I: men 60y3m in 2021, +3 months a year to 62y in 2028; women 55y4m in 2021, +4 months
  a year to 60y in 2035). Appendix II (Decree 135 Art. 5: up to 5 years lower) is configuration
  (data/retirement-age.json, tagged [verify]).
* The retirement month is the first month in which the person's age reaches the age that
  applies in that month's year (this reproduces Appendix I, e.g. male born 10/1961 → 60y6m,
  04/2022). The retirement time is the end of that month; the pension starts on the 1st of the
  next month (Decree 135 Art. 3, via a public summary [S]).
* Years from months (Decree 178 Art. 5(3); Circular 01/2025/TT-BNV Art. 3): odd months 1–6 count
  as half a year, 7–11 as a full year.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from localgov.payouts.config import retirement_table

SEXES = ("M", "F")
APPENDICES = ("I", "II")


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def add_months(d: date, months: int) -> date:
    """`d` moved by whole months; the day is clamped to the target month's length."""
    idx = month_index(d) + months
    year, month0 = divmod(idx, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last))


def whole_months_between(start: date, end: date) -> int:
    """Complete months from `start` to `end` (0 if end ≤ start); a trailing partial month is dropped."""
    if end <= start:
        return 0
    months = month_index(end) - month_index(start)
    if add_months(start, months) > end:
        months -= 1
    return months


def round_years(total_months: int) -> Decimal:
    """Decree 178/2024 Art. 5(3); Circular 01/2025/TT-BNV Art. 3: 1–6 odd months → +0.5 year,
    7–11 → +1 year (R1–R9 in docs/domain/payout-vectors.csv: 0→0, 1→0.5, 6→0.5, 7→1, 30→2.5, 31→3)."""
    if total_months < 0:
        raise ValueError("total_months < 0")
    years, rest = divmod(total_months, 12)
    if rest == 0:
        return Decimal(years)
    return Decimal(years) + (Decimal("0.5") if rest <= 6 else Decimal(1))


def statutory_age_months(year: int, sex: str, appendix: str = "I") -> int:
    """Retirement age (in months) that applies to a person reaching it in `year`."""
    table = retirement_table()
    row = table["appendix_i"][sex]
    age: int
    if year < row["start_year"]:
        age = row["before_start_months"]
    else:
        age = min(row["start_months"] + row["step_months"] * (year - row["start_year"]), row["final_months"])
    if appendix == "II":
        age -= table["appendix_ii"]["reduction_months"]
    return age


@dataclass(frozen=True)
class RetirementPoint:
    age_months: int  # the statutory age reached
    month: date  # first day of the month in which the age is reached (the retirement month)
    pension_start: date  # first day of the next month

    @property
    def age_label(self) -> str:
        years, months = divmod(self.age_months, 12)
        return f"{years} tuổi" + (f" {months} tháng" if months else "")


def retirement_point(birth_date: date, sex: str, appendix: str = "I") -> RetirementPoint:
    """Statutory retirement month and pension start (Decree 135/2020 Art. 3, 4, 5; Appendix I/II)."""
    if sex not in SEXES:
        raise ValueError(f"sex must be one of {SEXES}")
    if appendix not in APPENDICES:
        raise ValueError(f"appendix must be one of {APPENDICES}")
    birth_idx = month_index(birth_date)
    # The youngest possible age is the lowest of the table; start the search there.
    idx = birth_idx + statutory_age_months(0, sex, appendix) - 12
    while True:
        year = idx // 12
        age = idx - birth_idx
        stat = statutory_age_months(year, sex, appendix)
        if age >= stat:
            month = date(year, idx % 12 + 1, 1)
            return RetirementPoint(age_months=stat, month=month, pension_start=add_months(month, 1))
        idx += 1
