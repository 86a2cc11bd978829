"""Bulk import of leaver lists from XLSX: every row validated, nothing half imported.

The first row holds the column headers — the field names below or their Vietnamese labels.
All rows are checked first (each error names its row and column); if any row is wrong,
`ValidationFailed` lists them all and nothing is written. Otherwise every case is created, with
its calculation snapshot, in one transaction.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from django.db import transaction

from localgov.access.policy import Actor, matches
from localgov.core.errors import ValidationFailed
from localgov.payouts.models import PayoutCase
from localgov.payouts.records import parse_record
from localgov.payouts.services import EDIT_ROLES, build_case

#: field → Vietnamese header (either is accepted).
COLUMNS: dict[str, str] = {
    "official_ref": "Mã cán bộ",
    "full_name": "Họ và tên",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "province_code": "Mã tỉnh",
    "commune_code": "Mã xã",
    "agency_name": "Cơ quan, đơn vị",
    "position": "Chức vụ",
    "category": "Chế độ",
    "staff_type": "Loại",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "restructuring_effective_date": "Ngày sắp xếp có hiệu lực",
    "leaving_date": "Ngày nghỉ việc",
    "rank_coefficient": "Hệ số lương",
    "leadership_coefficient": "Hệ số phụ cấp chức vụ",
    "beyond_frame_pct": "Phụ cấp thâm niên vượt khung (%)",
    "public_service_pct": "Phụ cấp công vụ (%)",
    "other_included_pct": "Phụ cấp khác được tính (%)",
    "reserved_difference_coefficient": "Hệ số chênh lệch bảo lưu",
    "si_months": "Số tháng đóng BHXH",
    "base_salary_vnd": "Lương cơ sở",
    "appendix": "Phụ lục tuổi nghỉ hưu",
}
REQUIRED = ("full_name", "sex", "birth_date", "province_code", "agency_name", "category",
            "restructuring_effective_date", "leaving_date", "rank_coefficient")
#: Vietnamese spellings accepted in the "Giới tính" and "Chế độ" columns.
ALIASES = {
    "sex": {"nam": "M", "nữ": "F", "nu": "F", "m": "M", "f": "F"},
    "category": {"nghỉ hưu trước tuổi": "early_retirement", "thôi việc": "quit"},
}


def _norm(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip().lower()


HEADER_INDEX = {**{_norm(k): k for k in COLUMNS}, **{_norm(v): k for k, v in COLUMNS.items()}}


def _rows(source: str | Path | bytes | BinaryIO) -> tuple[list[str | None], Iterable[tuple[Any, ...]]]:
    # openpyxl takes a second to import: loaded when a workbook is read or made
    from openpyxl import load_workbook

    if isinstance(source, bytes):
        source = BytesIO(source)
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for a bad file
        raise ValidationFailed(f"Không đọc được tệp XLSX: {exc}", fields={"file": [str(exc)]}) from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ValidationFailed("Tệp XLSX trống.", fields={"file": ["Không có dòng tiêu đề."]})
    return [HEADER_INDEX.get(_norm(h)) for h in header], rows


def parse_workbook(source: str | Path | bytes | BinaryIO, *, actor: Actor) -> list[PayoutCase]:
    """Unsaved cases for every row, or ValidationFailed naming each bad row (Vietnamese)."""
    fields, rows = _rows(source)
    missing = [COLUMNS[f] for f in REQUIRED if f not in fields]
    if missing:
        raise ValidationFailed("Thiếu cột bắt buộc.", fields={"header": [f"Thiếu cột: {', '.join(missing)}."]})
    errors: dict[str, list[str]] = {}
    built: list[PayoutCase] = []
    seen: dict[tuple[str, str], int] = {}
    for number, values in enumerate(rows, start=2):
        if all(v in (None, "") for v in values):
            continue
        data = {f: v for f, v in zip(fields, values, strict=False) if f}
        for key, mapping in ALIASES.items():
            if isinstance(data.get(key), str):
                data[key] = mapping.get(_norm(data[key]), data[key].strip())
        row = f"Dòng {number}"
        try:
            case = build_case(parse_record(data))
        except ValidationFailed as exc:
            errors[row] = [
                f"{COLUMNS.get(f.removeprefix('salary.'), f)}: {m}" for f, ms in exc.fields.items() for m in ms
            ]
            continue
        if not matches(actor, "payout_case", case, roles=EDIT_ROLES):
            errors[row] = [f"Mã tỉnh: không có quyền lập hồ sơ cho tỉnh {case.province_code}."]
            continue
        key = (case.official_ref, case.decision_number)
        if all(key):
            if key in seen:
                errors[row] = [f"Trùng mã cán bộ và số quyết định với dòng {seen[key]}."]
                continue
            seen[key] = number
        built.append(case)
    if seen:
        refs = sorted({ref for ref, _ in seen})
        existing: set[tuple[str, str]] = set()
        for i in range(0, len(refs), 500):  # stay under the database's bound-parameter limit
            existing |= set(PayoutCase.objects.filter(official_ref__in=refs[i:i + 500])
                            .values_list("official_ref", "decision_number"))
        for key, number in seen.items():
            if key in existing:
                errors.setdefault(f"Dòng {number}", []).append(
                    f"Đã có hồ sơ của {key[0]} theo quyết định {key[1]} trong hệ thống.")
    if not built and not errors:
        raise ValidationFailed("Tệp không có dòng dữ liệu.", fields={"file": ["Không có dòng dữ liệu."]})
    if errors:
        count = len(errors)
        raise ValidationFailed(f"{count} dòng không hợp lệ; chưa nhập dòng nào.", fields=errors)
    return built


def import_workbook(source: str | Path | bytes | BinaryIO, *, actor: Actor) -> list[PayoutCase]:
    """Validate every row, then create all cases in one transaction (all or nothing)."""
    cases = parse_workbook(source, actor=actor)
    with transaction.atomic():
        return PayoutCase.objects.bulk_create(cases, batch_size=500)


def template_workbook() -> bytes:
    """An empty leaver list with the Vietnamese headers (for agencies to fill in)."""
    # openpyxl takes a second to import: loaded when a workbook is read or made
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách nghỉ việc"
    ws.append(list(COLUMNS.values()))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
