"""Reconciliation with the national public service portal (DVCQG): the rules, pure (no Django).

* `parse_rows` reads the national portal's report export (header + rows of cells, from CSV or
  XLSX — the file readers are in `reconcile/files.py`) into typed rows, or refuses the whole
  file with every bad line and its reason (nothing is written then). The columns are the
  project's understanding of the export, documented in docs/reconciliation.md.
* `compare` sets localgov's counts per unit and day against the national ones, and where the
  national dossier list covers a unit-day, lists the differences dossier by dossier.
* `sync_rate` is indicator 1.4 of Decision 766/QĐ-TTg (2025): dossiers synchronised ÷
  max(local count, national count) (docs/domain/decision-766.md §2, indicator 1.4).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

#: The two kinds of export, told apart by their header (docs/reconciliation.md).
COUNT_COLUMNS = ("MaDonVi", "Ngay", "TiepNhan", "DaGiaiQuyet")
DOSSIER_COLUMNS = ("MaHoSo", "MaDonVi", "NgayTiepNhan", "TrangThai")
#: National state codes 1–10 (field TrangThai, docs/domain/one-stop-rules.md §1.4).
STATES = range(1, 11)
MAX_COUNT = 10_000_000
UNIT_RE = re.compile(r"^(\d{2}|\d{5})$")
CODE_RE = re.compile(r"^[A-Za-z0-9.\-_]{1,48}$")


class FileRefused(ValueError):
    """The file as a whole is refused; `errors` are (line, reason) pairs, line 1 = the header."""

    def __init__(self, errors: Sequence[tuple[int, str]]):
        self.errors = list(errors)
        super().__init__("; ".join(f"dòng {n}: {r}" for n, r in self.errors[:20]))


@dataclass(frozen=True)
class CountRow:
    unit: str  # a commune's 5-digit code, or a province's 2-digit code for provincial-level units
    day: date
    received: int
    processed: int


@dataclass(frozen=True)
class DossierRow:
    code: str
    unit: str
    day: date
    state: int


def province_of(unit: str) -> str | None:
    """The province of a unit code: itself for 2 digits; for a commune, looked up by the caller."""
    return unit if len(unit) == 2 else None


def parse_day(text: str) -> date | None:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _count(text: str, name: str, errors: list[str]) -> int:
    if not re.fullmatch(r"\d{1,8}", text):
        errors.append(f"{name} phải là số nguyên không âm (đọc được: {text!r})")
        return 0
    n = int(text)
    if n > MAX_COUNT:
        errors.append(f"{name} quá lớn ({n})")
    return n


def kind_of(header: Sequence[object]) -> str:
    names = [_cell(h) for h in header]
    if all(c in names for c in DOSSIER_COLUMNS):
        return "dossiers"
    if all(c in names for c in COUNT_COLUMNS):
        return "counts"
    raise FileRefused([(1, "Dòng tiêu đề phải có các cột " + ", ".join(COUNT_COLUMNS) + " (số liệu theo đơn vị, "
                        "ngày) hoặc " + ", ".join(DOSSIER_COLUMNS) + " (danh sách hồ sơ).")])


def parse_rows(rows: Iterable[Sequence[object]], *, known_units: frozenset[str] | None = None,
               max_errors: int = 100) -> tuple[str, list[CountRow | DossierRow]]:
    """(kind, rows) from the cells of a file (first row = header), or `FileRefused` listing
    every bad line (up to `max_errors`). Blank lines are skipped. A unit-day (counts) or a
    dossier code (list) given twice is refused: the export has one line for each."""
    it = iter(rows)
    try:
        header = [_cell(h) for h in next(it)]
    except StopIteration:
        raise FileRefused([(1, "Tệp rỗng.")]) from None
    if header and header[0].startswith("\ufeff"):
        header[0] = header[0][1:]
    kind = kind_of(header)
    idx = {name: header.index(name) for name in (DOSSIER_COLUMNS if kind == "dossiers" else COUNT_COLUMNS)}
    bad: list[tuple[int, str]] = []
    out: list[CountRow | DossierRow] = []
    seen: set[object] = set()
    for line, raw in enumerate(it, start=2):
        cells = [_cell(c) for c in raw]
        if not any(cells):
            continue
        get = {name: (cells[i] if i < len(cells) else "") for name, i in idx.items()}
        errors: list[str] = []
        unit = get["MaDonVi"]
        if not UNIT_RE.match(unit):
            errors.append(f"MaDonVi phải là mã tỉnh 2 chữ số hoặc mã xã 5 chữ số (đọc được: {unit!r})")
        elif known_units is not None and unit not in known_units:
            errors.append(f"không có đơn vị mã {unit}")
        day_col = "NgayTiepNhan" if kind == "dossiers" else "Ngay"
        day = parse_day(get[day_col])
        if day is None:
            errors.append(f"{day_col} phải là ngày dạng YYYY-MM-DD hoặc DD/MM/YYYY (đọc được: {get[day_col]!r})")
        if kind == "counts":
            received = _count(get["TiepNhan"], "TiepNhan", errors)
            processed = _count(get["DaGiaiQuyet"], "DaGiaiQuyet", errors)
            key: object = (unit, day)
            if not errors and key in seen:
                errors.append(f"đơn vị {unit} ngày {day:%d/%m/%Y} đã có ở dòng trước")
            if not errors:
                out.append(CountRow(unit, day, received, processed))  # type: ignore[arg-type]
        else:
            code = get["MaHoSo"]
            if not CODE_RE.match(code):
                errors.append(f"MaHoSo không hợp lệ (đọc được: {code!r})")
            state_text = get["TrangThai"]
            state = int(state_text) if re.fullmatch(r"\d{1,2}", state_text) else 0
            if state not in STATES:
                errors.append(f"TrangThai phải là mã trạng thái 1–10 (đọc được: {state_text!r})")
            key = code
            if not errors and key in seen:
                errors.append(f"hồ sơ {code} đã có ở dòng trước")
            if not errors:
                out.append(DossierRow(code, unit, day, state))  # type: ignore[arg-type]
        seen.add(key)
        if errors:
            bad.append((line, "; ".join(errors)))
            if len(bad) >= max_errors:
                break
    if bad:
        raise FileRefused(bad)
    if not out:
        raise FileRefused([(2, "Tệp không có dòng số liệu nào.")])
    return kind, out


# --- comparison ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Side:
    """One side's figures for a unit-day; `codes` (code → state) when that side lists its dossiers."""

    received: int = 0
    processed: int | None = 0  # None: that side does not report it (a dossier list alone)
    codes: Mapping[str, int] | None = None


@dataclass
class UnitDay:
    unit: str
    day: date
    local: Side
    national: Side | None  # None: the national export has nothing for this unit-day
    only_local: list[str] = field(default_factory=list)  # in localgov, not on the national portal
    only_national: list[str] = field(default_factory=list)  # on the national portal, not in localgov
    state_differs: list[tuple[str, int, int]] = field(default_factory=list)  # (code, local, national)

    @property
    def by_dossier(self) -> bool:
        return self.national is not None and self.national.codes is not None and self.local.codes is not None

    @property
    def received_diff(self) -> int | None:
        return None if self.national is None else self.local.received - self.national.received

    @property
    def processed_diff(self) -> int | None:
        if self.national is None or self.national.processed is None or self.local.processed is None:
            return None
        return self.local.processed - self.national.processed

    @property
    def synchronised(self) -> int:
        """Dossiers present on both sides (by code when both lists exist, else the smaller count)."""
        if self.national is None:
            return 0
        if self.by_dossier:
            assert self.local.codes is not None and self.national.codes is not None
            return len(self.local.codes.keys() & self.national.codes.keys())
        return min(self.local.received, self.national.received)

    @property
    def denominator(self) -> int:
        return max(self.local.received, self.national.received if self.national else 0)

    @property
    def matches(self) -> bool:
        return (self.national is not None and self.received_diff == 0 and self.processed_diff in (0, None)
                and not self.only_local and not self.only_national and not self.state_differs)


def compare(local: Mapping[tuple[str, date], Side], national: Mapping[tuple[str, date], Side]) -> list[UnitDay]:
    """Every unit-day present on either side, in (unit, day) order."""
    out = []
    for key in sorted(local.keys() | national.keys()):
        mine, theirs = local.get(key, Side()), national.get(key)
        row = UnitDay(key[0], key[1], mine, theirs)
        if row.by_dossier:
            assert mine.codes is not None and theirs is not None and theirs.codes is not None
            row.only_local = sorted(mine.codes.keys() - theirs.codes.keys())
            row.only_national = sorted(theirs.codes.keys() - mine.codes.keys())
            row.state_differs = sorted((c, mine.codes[c], theirs.codes[c])
                                       for c in mine.codes.keys() & theirs.codes.keys()
                                       if mine.codes[c] != theirs.codes[c])
        out.append(row)
    return out


def sync_rate(rows: Iterable[UnitDay]) -> float | None:
    """Indicator 1.4 (Decision 766/QĐ-TTg, docs/domain/decision-766.md §2): synchronised ÷
    Σ max(local, national), over the unit-days the national export covers; None when it
    covers none (the indicator is then not measured, never 0)."""
    covered = [r for r in rows if r.national is not None]
    if not covered:
        return None
    den = sum(r.denominator for r in covered)
    if den == 0:
        return 1.0
    return sum(r.synchronised for r in covered) / den
