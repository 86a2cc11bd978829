"""The fields of each follow-up record and their checks (pure: no Django), shared by the forms,
the API and the XLSX import so that a bad value gets the same Vietnamese message everywhere.
References to other rows (a ministry, a commune, a document) are checked by the services."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from localgov.followup import rules as r


@dataclass(frozen=True)
class Field:
    label: str  # Vietnamese, the column header of the XLSX template too
    kind: str  # str | text | date | int | pct | decimal | url | choice | ref
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 0


def _f(label: str, kind: str = "str", required: bool = False, choices: tuple[str, ...] = (),
       max_length: int = 0) -> Field:
    return Field(label, kind, required, choices, max_length or (500 if kind == "str" else 0))


DOC_FIELDS: dict[str, Field] = {
    "title": _f("Tên văn bản", required=True),
    "legal_basis": _f("Căn cứ giao", required=True),
    "ministry": _f("Bộ, ngành chủ trì", "ref", required=True),
    "responsible_unit": _f("Đơn vị chủ trì soạn thảo", max_length=255),
    "responsible_person": _f("Người phụ trách", max_length=150),
    "field_code": _f("Lĩnh vực", "ref", required=True),
    "blocked": _f("Thủ tục, nhiệm vụ bị vướng", "text"),
    "due_date": _f("Hạn theo căn cứ", "date", required=True),
    "committed_date": _f("Ngày cam kết", "date"),
    "status": _f("Trạng thái", "choice", choices=tuple(s.value for s in r.DocStatus)),
    "issued_number": _f("Số hiệu", max_length=64),
    "issued_date": _f("Ngày ban hành", "date"),
    "issued_link": _f("Đường dẫn", "url"),
    "late_cause": _f("Nguyên nhân chậm", "text"),
}
PROBLEM_FIELDS: dict[str, Field] = {
    "title": _f("Tiêu đề", required=True),
    "content": _f("Nội dung", "text", required=True),
    "field_code": _f("Lĩnh vực", "ref", required=True),
    "procedure": _f("Thủ tục, nhiệm vụ liên quan", max_length=255),
    "province_code": _f("Mã tỉnh", "ref", required=True),
    "commune_code": _f("Mã xã", "ref"),
    "routed_to": _f("Cơ quan trả lời", "ref", required=True),
    "raised_on": _f("Ngày gửi", "date", required=True),
    "waiting_for": _f("Chờ văn bản hướng dẫn (mã)", "ref"),
}
COMMITMENT_FIELDS: dict[str, Field] = {
    "title": _f("Nội dung nhiệm vụ", required=True),
    "source": _f("Văn bản giao", required=True, max_length=255),
    "source_number": _f("Số văn bản", required=True, max_length=64),
    "source_date": _f("Ngày văn bản", "date", required=True),
    "responsible_agency": _f("Bộ, ngành chủ trì", "ref"),
    "province_code": _f("Tỉnh chủ trì", "ref"),
    "commune_code": _f("Xã chủ trì", "ref"),
    "coordinating": _f("Đơn vị phối hợp", "text"),
    "deadline": _f("Thời hạn", "date", required=True),
    "guidance": _f("Văn bản hướng dẫn (mã)", "ref"),
    "problem": _f("Kiến nghị (mã)", "ref"),
    "premise": _f("Trụ sở (mã)", "ref"),
    "payment_deadline": _f("Hạn chi trả", "ref"),
}
PREMISE_FIELDS: dict[str, Field] = {
    "name": _f("Tên cơ sở", required=True, max_length=255),
    "former_unit": _f("Đơn vị sử dụng trước", required=True, max_length=255),
    "address": _f("Địa chỉ", required=True),
    "province_code": _f("Mã tỉnh", "ref", required=True),
    "commune_code": _f("Mã xã", "ref", required=True),
    "land_area_m2": _f("Diện tích đất (m²)", "decimal", required=True),
    "floor_area_m2": _f("Diện tích sàn (m²)", "decimal"),
    "kind": _f("Loại", required=True, max_length=40),
    "state": _f("Hiện trạng", max_length=255),
    "status": _f("Tình trạng xử lý", "choice", choices=tuple(s.value for s in r.PremiseStatus)),
    "planned_use": _f("Phương án sử dụng", "choice", choices=tuple(u.value for u in r.PremiseUse)),
    "lower_use_reason": _f("Lý do không bố trí mục đích ưu tiên", "text"),
    "decision_number": _f("Số quyết định phê duyệt", max_length=64),
    "decision_date": _f("Ngày quyết định", "date"),
    "deadline": _f("Hạn hoàn thành", "date"),
    "done_on": _f("Ngày hoàn thành", "date"),
}
FIELDS: dict[str, dict[str, Field]] = {"guidance_doc": DOC_FIELDS, "problem": PROBLEM_FIELDS,
                                       "commitment": COMMITMENT_FIELDS, "premise": PREMISE_FIELDS}
#: Vietnamese labels accepted for choices (XLSX cells, forms).
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "status": {**{v.lower(): k.value for k, v in r.DOC_STATUS_LABELS.items()},
               **{v.lower(): k.value for k, v in r.PREMISE_STATUS_LABELS.items()}},
    "planned_use": {v.lower(): k.value for k, v in r.PREMISE_USE_LABELS.items()},
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("Ngày không hợp lệ (dd/mm/yyyy hoặc yyyy-mm-dd).")


def clean_value(name: str, spec: Field, value: Any) -> Any:
    """The typed value, or ValueError with the Vietnamese reason. Empty → None / ""."""
    if isinstance(value, (dict, list, tuple, set)):
        raise ValueError("Phải là một giá trị đơn (chữ, số hoặc ngày).")
    if value is None or (isinstance(value, str) and not value.strip()):
        if spec.required:
            raise ValueError("Bắt buộc.")
        return None if spec.kind in ("date", "int", "pct", "decimal") else ""
    if spec.kind == "date":
        d = _date(value)
        if not date(2000, 1, 1) <= d <= date(2100, 12, 31):
            raise ValueError("Ngày ngoài khoảng 2000–2100.")
        return d
    if spec.kind in ("int", "pct"):
        if isinstance(value, bool):
            raise ValueError("Phải là số nguyên.")
        try:
            number = int(str(value).strip()) if not isinstance(value, (int, float)) else value
        except ValueError as exc:
            raise ValueError("Phải là số nguyên.") from exc
        if isinstance(number, float):
            if not number.is_integer():
                raise ValueError("Phải là số nguyên.")
            number = int(number)
        if number < 0 or (spec.kind == "pct" and number > 100):
            raise ValueError("Phải từ 0 đến 100." if spec.kind == "pct" else "Không được âm.")
        return number
    if spec.kind == "decimal":
        if isinstance(value, bool):
            raise ValueError("Phải là số.")
        try:
            amount = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError("Phải là số (m²).") from exc
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e11"):
            raise ValueError("Phải là số không âm, nhỏ hơn 100 tỷ m².")
        return amount.quantize(Decimal("0.1"))
    text = str(value).strip()
    if _CONTROL.search(text):
        raise ValueError("Có ký tự điều khiển không hợp lệ.")
    if spec.kind == "choice":
        code = CHOICE_LABELS.get(name, {}).get(text.lower(), text)
        if code not in spec.choices:
            raise ValueError("Phải là một trong: " + ", ".join(spec.choices) + ".")
        return code
    if spec.kind == "url" and not re.match(r"^https?://[^\s]+$", text):
        raise ValueError("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")
    limit = spec.max_length or (500 if spec.kind == "url" else 20000)
    if len(text) > limit:
        raise ValueError(f"Dài quá {limit} ký tự.")
    return text


def clean(kind: str, data: Mapping[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(values, errors): every field of record `kind` present in `data` (all of them unless
    `partial`), typed; errors field → [Vietnamese message]. Unknown keys are an error."""
    specs = FIELDS[kind]
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key in data:
        if key not in specs:
            errors.setdefault(str(key), []).append("Trường không có trong biểu mẫu.")
    for name, spec in specs.items():
        if partial and name not in data:
            continue
        try:
            values[name] = clean_value(name, spec, data.get(name))
        except ValueError as exc:
            errors[name] = [str(exc)]
    return values, errors
