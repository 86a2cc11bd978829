"""Reading the national export's file (CSV in UTF-8, with or without BOM, comma or semicolon;
or XLSX, first sheet) into rows of cells for `core.parse_rows`. Anything unreadable is a
`core.FileRefused` naming line 1 and the reason."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence

from localgov.reconcile.core import FileRefused

MAX_BYTES = 20 * 1024 * 1024


def read_cells(content: bytes, filename: str) -> list[Sequence[object]]:
    if len(content) > MAX_BYTES:
        raise FileRefused([(1, f"Tệp quá lớn ({len(content):,} byte; tối đa {MAX_BYTES:,}).")])
    if not content.strip():
        raise FileRefused([(1, "Tệp rỗng.")])
    if content[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        return _xlsx(content)
    return _csv(content)


def _csv(content: bytes) -> list[Sequence[object]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused([(text_line(content, exc.start), "Tệp CSV phải mã hóa UTF-8.")]) from None
    if "\x00" in text:
        raise FileRefused([(text.count("\n", 0, text.index("\x00")) + 1, "Tệp có ký tự NUL: không phải CSV.")])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise FileRefused([(1, f"Tệp CSV không đọc được: {exc}.")]) from None


def text_line(content: bytes, offset: int) -> int:
    return content.count(b"\n", 0, offset) + 1


def _xlsx(content: bytes) -> list[Sequence[object]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # loaded only when an XLSX file is read

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise FileRefused([(1, f"Tệp XLSX không đọc được ({type(exc).__name__}).")]) from None
    try:
        ws = wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise FileRefused([(1, f"Trang tính đầu tiên không đọc được ({type(exc).__name__}).")]) from None
    finally:
        wb.close()
