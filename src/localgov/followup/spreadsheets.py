"""XLSX in and out for every follow-up record, in the shape a ministry or a province sends.

Import (openpyxl): the first row holds the headers (the Vietnamese labels of `inputs.FIELDS`, or
the field names); a row with a «Mã» (id) changes that record, a row without one creates a record.
Every row goes through the same service as the pages and the API (checks, access policy, legal
moves, history) inside ONE transaction; if any row fails, every failure is reported with its line
and column and the transaction is rolled back: nothing is written. Export (xlsxwriter): the same
columns, re-importable, plus the computed class columns (ignored on import)."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any, BinaryIO

import xlsxwriter
from django.db import transaction
from openpyxl import load_workbook

from localgov.access.policy import Actor
from localgov.core.errors import DomainError, ValidationFailed
from localgov.followup import inputs, selectors, services
from localgov.followup import rules as r

ID = "Mã"
TITLES = {"guidance_doc": "Văn bản hướng dẫn", "problem": "Kiến nghị", "commitment": "Nhiệm vụ",
          "premise": "Trụ sở dôi dư"}
#: computed columns of the export, ignored on import
COMPUTED = {"guidance_doc": ("Phân loại", "Tỉnh đang chờ"), "problem": ("Trạng thái", "Hạn trả lời", "Phân loại"),
            "commitment": ("Tiến độ (%)", "Ngày hoàn thành", "Phân loại"), "premise": ("Phân loại",)}
MAX_ROWS = 5000


def _norm(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text or "")).replace("(*)", "").strip().lower()


def _header_index(kind: str) -> dict[str, str]:
    specs = inputs.FIELDS[kind]
    out = {_norm(ID): "id", "id": "id"}
    for name, spec in specs.items():
        out[_norm(name)] = name
        out[_norm(spec.label)] = name
    for label in COMPUTED[kind]:
        out.setdefault(_norm(label), "")
    return out


def _create(kind: str) -> Callable[..., Any]:
    return {"guidance_doc": lambda actor, data: services.create_doc(actor=actor, data=data),
            "problem": lambda actor, data: services.raise_problem(actor=actor, data=data),
            "commitment": lambda actor, data: services.create_commitment(actor=actor, data=data),
            "premise": lambda actor, data: services.create_premise(actor=actor, data=data)}[kind]


def _update(kind: str) -> Callable[..., Any]:
    return {"guidance_doc": lambda actor, pk, data: services.update_doc(actor=actor, pk=pk, data=data),
            "problem": lambda actor, pk, data: services.update_problem(actor=actor, pk=pk, data=data),
            "commitment": lambda actor, pk, data: services.update_commitment(actor=actor, pk=pk, data=data),
            "premise": lambda actor, pk, data: services.update_premise(actor=actor, pk=pk, data=data)}[kind]


class _Rollback(Exception):
    pass


def import_workbook(kind: str, source: bytes | BinaryIO, *, actor: Actor) -> dict[str, int]:
    """Create / change every row's record, or ValidationFailed listing each bad row
    ("Dòng N" → ["Cột: lý do", …]) with nothing written. Returns {"created": n, "updated": m}."""
    if kind not in inputs.FIELDS:
        raise ValidationFailed("Loại dữ liệu không hợp lệ.", fields={"kind": [", ".join(inputs.FIELDS)]})
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for a file that is not XLSX
        raise ValidationFailed("Không đọc được tệp XLSX.", fields={"file": [f"Tệp không phải XLSX hợp lệ ({exc})."]}
                               ) from exc
    if header is None:
        raise ValidationFailed("Tệp XLSX trống.", fields={"file": ["Không có dòng tiêu đề."]})
    index = _header_index(kind)
    columns: list[str | None] = []
    errors: dict[str, list[str]] = {}
    for position, cell in enumerate(header, start=1):
        if cell in (None, ""):
            columns.append(None)
            continue
        name = index.get(_norm(cell))
        if name is None:
            errors.setdefault("Dòng 1", []).append(f"Cột {position} «{cell}»: không có trong mẫu.")
        columns.append(name or None)
    specs = inputs.FIELDS[kind]
    labels = {name: spec.label for name, spec in specs.items()}
    counts = {"created": 0, "updated": 0}
    try:
        with transaction.atomic():
            for number, values in enumerate(rows, start=2):
                if number > MAX_ROWS + 1:
                    errors.setdefault("file", []).append(f"Quá {MAX_ROWS} dòng; hãy chia tệp.")
                    break
                if all(v in (None, "") for v in values):
                    continue
                data = {c: v for c, v in zip(columns, values, strict=False) if c}
                pk = data.pop("id", None)
                if pk is None:
                    missing = [labels[n] for n, s in specs.items() if s.required and n not in columns]
                    if missing:
                        errors.setdefault("Dòng 1", ["Thiếu cột bắt buộc: " + ", ".join(missing) + "."])
                        continue
                try:
                    with transaction.atomic():
                        if pk in (None, ""):
                            _create(kind)(actor, data)
                            counts["created"] += 1
                        else:
                            try:
                                key = int(str(pk).strip())
                            except ValueError:
                                raise ValidationFailed("Mã không hợp lệ.", fields={"id": ["Phải là số."]}) from None
                            _update(kind)(actor, key, data)
                            counts["updated"] += 1
                except DomainError as exc:
                    detail = [f"{labels.get(f, ID if f == 'id' else f)}: {m}" for f, ms in exc.fields.items()
                              for m in ms] or [exc.message]
                    errors[f"Dòng {number}"] = detail
            if not errors and not any(counts.values()):
                errors["file"] = ["Tệp không có dòng dữ liệu."]
            if errors:
                raise _Rollback
    except _Rollback:
        bad = sum(1 for k in errors if k.startswith("Dòng"))
        raise ValidationFailed(f"{bad} dòng không hợp lệ; chưa ghi dòng nào." if bad else
                               "Tệp không hợp lệ; chưa ghi dòng nào.", fields=errors) from None
    return counts


def _ref(value: Any) -> Any:
    if value is None:
        return ""
    eid = getattr(value, "electronic_id", None)
    if eid is not None:
        return eid.removeprefix("BN.")
    return value.pk if hasattr(value, "pk") else value


def _cell(obj: Any, name: str, spec: inputs.Field) -> Any:
    value = getattr(obj, name)
    if spec.kind == "ref":
        return _ref(value)
    if spec.kind == "decimal":
        return float(value) if value is not None else ""
    return "" if value is None else value


def _computed(kind: str, obj: Any, today: date) -> list[Any]:
    if kind == "guidance_doc":
        w = selectors.waiting_units(obj)
        return [r.TASK_CLASS_LABELS[selectors.doc_class(obj, today)], ", ".join(w["provinces"])]
    if kind == "problem":
        return [obj.get_status_display(), obj.response_due, r.TASK_CLASS_LABELS[selectors.problem_class(obj, today)]]
    if kind == "commitment":
        return [obj.progress_pct, obj.done_on or "", r.TASK_CLASS_LABELS[selectors.commitment_class(obj, today)]]
    cls = selectors.premise_class(obj, today)
    return [r.TASK_CLASS_LABELS[cls] if cls else ""]


def export_workbook(kind: str, *, actor: Actor, today: date, rows: Any = None) -> bytes:
    """The records `actor` may read (or `rows`), one sheet, re-importable."""
    specs = inputs.FIELDS[kind]
    qs = rows if rows is not None else selectors.READERS[kind](actor=actor)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet(TITLES[kind])
    headers = [ID, *(s.label for s in specs.values()), *COMPUTED[kind]]
    ws.write_row(0, 0, headers, head)
    for i, obj in enumerate(qs.order_by("pk"), start=1):
        values = [obj.pk, *(_cell(obj, n, s) for n, s in specs.items()), *_computed(kind, obj, today)]
        for j, value in enumerate(values):
            if isinstance(value, date):
                ws.write_datetime(i, j, value, day)  # type: ignore[arg-type]
            else:
                ws.write(i, j, value)
    ws.set_column(0, 0, 8)
    ws.set_column(1, len(headers), 22)
    ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()


def template_workbook(kind: str) -> bytes:
    """The empty form (headers only) to fill in."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    ws = wb.add_worksheet(TITLES[kind])
    specs = inputs.FIELDS[kind]
    ws.write_row(0, 0, [ID, *(s.label + (" (*)" if s.required else "") for s in specs.values())], head)
    ws.set_column(0, len(specs), 22)
    wb.close()
    return buf.getvalue()
