"""Where the calendar's days off come from — pure Python, no Django.

Two sources, applied in this order (a later source wins for the same date):

1. The `holidays` package (`holidays.VN`, Vietnamese names): the statutory holidays of
   Labour Code 45/2019/QH14 art. 112(1) (New Year, Tết, 30 April, 1 May, National Day,
   Hùng Kings' day) with the art. 111(3) make-up day for a holiday falling on the weekly rest
   day, plus the swaps and make-up Saturdays ("weekend workdays") the package knows of.
2. The overrides table shipped in `data/overrides.csv` (or loaded into the
   `CalendarOverride` model): every official arrangement of the public-sector schedule
   (Tết days fixed under art. 112(3), swaps "hoán đổi ngày làm việc" decided by the Prime
   Minister and announced by MOLISA / the Ministry of Home Affairs, new holidays such as
   Vietnamese Culture Day under NA Resolution 28/2026/QH16). Each row names its document
   and source URL.

No holiday is typed into code: dates live in the package or in the data file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import holidays
from holidays.version import __version__ as _holidays_version

SHIPPED_OVERRIDES = Path(__file__).resolve().parent / "data" / "overrides.csv"
OVERRIDE_COLUMNS = ("date", "working", "reason", "document", "source_url")


@dataclass(frozen=True, slots=True)
class Override:
    """One official arrangement for one date: a day off on a weekday, or a working day
    (make-up Saturday, "ngày làm bù") — with the document that decided it."""

    day: date
    working: bool
    reason: str
    document: str = ""
    source_url: str = ""

    def as_row(self) -> tuple[str, bool, str, str, str]:
        return (self.day.isoformat(), self.working, self.reason, self.document, self.source_url)


class OverrideDataError(ValueError):
    """The overrides data file is malformed."""


def holidays_package_version() -> str:
    return str(_holidays_version)


@lru_cache(maxsize=8)
def package_holidays(first_year: int, last_year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Public holidays (date → Vietnamese name) and make-up working Saturdays known to
    `holidays.VN` for the years [first_year, last_year] (Labour Code arts. 111(3), 112)."""
    years = range(first_year, last_year + 1)
    vn = holidays.country_holidays("VN", years=years, language="vi")
    days_off = {d: str(name) for d, name in vn.items() if first_year <= d.year <= last_year}
    workdays = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if first_year <= d.year <= last_year)
    return days_off, workdays


def _parse_bool(text: str, line: int) -> bool:
    value = text.strip().lower()
    if value in {"1", "true", "yes", "có"}:
        return True
    if value in {"0", "false", "no", "không"}:
        return False
    raise OverrideDataError(f"Dòng {line}: giá trị 'working' không hợp lệ: {text!r}")


def parse_overrides_csv(text: str) -> list[Override]:
    """Parse the overrides CSV (header `date,working,reason,document,source_url`; lines
    starting with `#` are comments). Duplicate dates are an error."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in OVERRIDE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise OverrideDataError(f"Thiếu cột trong tệp ngày nghỉ: {', '.join(missing)}")
    result: list[Override] = []
    seen: set[date] = set()
    for i, row in enumerate(reader, start=2):
        try:
            day = date.fromisoformat(row["date"].strip())
        except ValueError as exc:
            raise OverrideDataError(f"Dòng {i}: ngày không hợp lệ: {row['date']!r}") from exc
        if day in seen:
            raise OverrideDataError(f"Dòng {i}: ngày {day.isoformat()} bị lặp")
        seen.add(day)
        reason = (row["reason"] or "").strip()
        if not reason:
            raise OverrideDataError(f"Dòng {i}: thiếu lý do cho ngày {day.isoformat()}")
        result.append(
            Override(
                day=day,
                working=_parse_bool(row["working"], i),
                reason=reason,
                document=(row["document"] or "").strip(),
                source_url=(row["source_url"] or "").strip(),
            )
        )
    return result


def load_overrides_file(path: Path | str | None = None) -> list[Override]:
    """Read the shipped overrides (or another file in the same format)."""
    return parse_overrides_csv(Path(path or SHIPPED_OVERRIDES).read_text(encoding="utf-8"))


def iter_sorted(overrides: Iterable[Override]) -> Iterator[Override]:
    return iter(sorted(overrides, key=lambda o: o.day))
