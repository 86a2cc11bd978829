"""Staff lists as XLSX: the shipped template, export, and all-or-nothing import with row errors."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.workforce import spreadsheets
from localgov.workforce.models import Official

SHIPPED = Path(spreadsheets.__file__).with_name("data") / "mau-danh-sach-can-bo.xlsx"


def sheet_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(list(spreadsheets.HEADERS))
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def row(code: str, commune: str = "00004", province: str = "01", **over) -> list:
    values = dict(zip([k for _, k in spreadsheets.COLUMNS], [
        code, "Trần Thị Bình", "", 1990, province, commune, "economic", "land.specialist", "Công chức địa chính",
        "Công chức", "land", "construction", 2, 3, 3, 2, 2, "",
    ], strict=True))
    values.update(over)
    return list(values.values())


def test_shipped_template_matches_the_columns() -> None:
    assert SHIPPED.exists()
    sheet = load_workbook(SHIPPED).worksheets[0]
    assert [c.value for c in sheet[1]] == list(spreadsheets.HEADERS)
    fresh = load_workbook(io.BytesIO(spreadsheets.template_bytes())).worksheets[0]
    assert [c.value for c in fresh[1]] == list(spreadsheets.HEADERS)


def test_import_all_rows(units) -> None:
    content = sheet_bytes([row("N-1"), row("N-2", citizen_id="001090000123", field="Địa chính – đất đai – môi trường"),
                           row("N-3", commune="18073", province="42", category="vien_chuc")])
    result = spreadsheets.import_staff(content, actor=SYSTEM)
    assert result.errors == [] and result.created == 3
    o = Official.objects.get(code="N-2")
    assert o.citizen_id == "001090000123"
    rec = o.records.get()
    assert rec.field == "land" and rec.competences == ["construction", "land"] and rec.category == "cong_chuc"


def test_import_with_errors_imports_nothing(units) -> None:
    Official.objects.create(code="EXIST", full_name="Đã có")
    content = sheet_bytes([
        row("OK-1"),
        row("OK-1"),  # duplicate in file
        row("EXIST"),  # already in the database
        row("BAD-1", commune="99999"),
        row("BAD-2", commune="18073"),  # commune of Hà Tĩnh under province 01
        row("BAD-3", skill_digital=7, category="phi công"),
        row("BAD-4", citizen_id="12ab", full_name=""),
    ])
    result = spreadsheets.import_staff(content, actor=SYSTEM)
    assert result.created == 0
    assert not Official.objects.filter(code__in=["OK-1", "BAD-1"]).exists()
    got = {(e.row, e.column) for e in result.errors}
    assert {(3, "Mã cán bộ"), (4, "Mã cán bộ"), (5, "Mã xã"), (6, "Mã xã"), (7, "Kỹ năng số"), (7, "Loại"),
            (8, "Số định danh cá nhân"), (8, "Họ và tên")} <= got
    assert not any(e.row == 2 for e in result.errors)


def test_import_checks_jurisdiction_and_headers(units, person) -> None:
    _, hr = person(Role.HR_OFFICER, province="42")
    result = spreadsheets.import_staff(sheet_bytes([row("J-1")]), actor=hr)
    assert result.created == 0 and result.errors[0].message.startswith("Bạn không có quyền")
    ok = spreadsheets.import_staff(sheet_bytes([row("J-2", commune="18073", province="42")]), actor=hr)
    assert ok.created == 1
    book = Workbook()
    book.active.append(["Mã cán bộ", "Họ và tên"])
    buf = io.BytesIO()
    book.save(buf)
    assert "Thiếu cột" in spreadsheets.import_staff(buf.getvalue(), actor=hr).errors[0].message
    assert spreadsheets.import_staff(b"not a spreadsheet", actor=hr).errors[0].row == 0


def test_export_round_trip_masks_citizen_id(units, person) -> None:
    spreadsheets.import_staff(sheet_bytes([row("R-1", citizen_id="001090000999")]), actor=SYSTEM)
    _, hr = person(Role.HR_OFFICER, province="01")
    book = load_workbook(io.BytesIO(spreadsheets.export_staff_bytes(actor=hr, province_code="01")))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == list(spreadsheets.HEADERS)
    r1 = next(r for r in rows if r[0] == "R-1")
    assert r1[2] == "001******999" and r1[10] == "land"
    _, other = person(Role.HR_OFFICER, province="42")
    other_rows = list(load_workbook(io.BytesIO(spreadsheets.export_staff_bytes(actor=other, province_code="01")))
                      .worksheets[0].iter_rows(values_only=True))
    assert len(other_rows) == 1  # headers only: outside their province
