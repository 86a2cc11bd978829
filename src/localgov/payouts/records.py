"""One leaver record (an XLSX row or an API/CLI mapping) → validated case inputs + person fields.
Pure: no Django import. Errors are Vietnamese, per field (ValidationFailed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from localgov.core.errors import ValidationFailed
from localgov.payouts.inputs import SALARY_FIELDS, CaseInput, parse_case

PERSON_FIELDS = ("official_ref", "full_name", "province_code", "commune_code", "agency_name", "position",
                 "decision_number", "decision_date")


@dataclass(frozen=True)
class LeaverRecord:
    case: CaseInput
    inputs: dict[str, Any]  # the case.json mapping (JSON-safe)
    official_ref: str
    full_name: str
    province_code: str
    commune_code: str
    agency_name: str
    position: str
    decision_number: str
    decision_date: date | None


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _iso(value: Any) -> Any:
    """Dates from spreadsheets arrive as date/datetime objects: make them ISO strings."""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return value


def parse_record(data: Mapping[str, Any]) -> LeaverRecord:
    """Validate one record: every case.json field (inputs.parse_case) plus who, where and which decision."""
    fields: dict[str, list[str]] = {}
    inputs: dict[str, Any] = {}
    for key in ("category", "sex", "birth_date", "restructuring_effective_date", "leaving_date", "si_months",
                "base_salary_vnd", "appendix", "staff_type"):
        if data.get(key) not in (None, ""):
            inputs[key] = _iso(data[key])
    salary = data.get("salary")
    if isinstance(salary, Mapping):
        inputs["salary"] = dict(salary)
    else:
        inputs["salary"] = {k: data[k] for k in SALARY_FIELDS if data.get(k) not in (None, "")}
    case = None
    try:
        case = parse_case(inputs)
    except ValidationFailed as exc:
        fields.update(exc.fields)

    full_name = _text(data, "full_name")
    if not full_name:
        fields.setdefault("full_name", []).append("Bắt buộc.")
    province = _text(data, "province_code").zfill(2) if _text(data, "province_code") else ""
    if not re.fullmatch(r"\d{2}", province):
        fields.setdefault("province_code", []).append("Mã tỉnh gồm 2 chữ số (mã thống kê).")
    commune = _text(data, "commune_code")
    if commune:
        commune = commune.zfill(5)
        if not re.fullmatch(r"\d{5}", commune):
            fields.setdefault("commune_code", []).append("Mã xã gồm 5 chữ số (mã thống kê).")
    agency = _text(data, "agency_name")
    if not agency:
        fields.setdefault("agency_name", []).append("Bắt buộc.")
    decision_date = None
    raw_decision_date = _iso(data.get("decision_date"))
    if raw_decision_date not in (None, ""):
        try:
            decision_date = date.fromisoformat(str(raw_decision_date))
        except ValueError:
            fields.setdefault("decision_date", []).append(f"Ngày không hợp lệ: {raw_decision_date!r} (YYYY-MM-DD).")
    number = _text(data, "decision_number")
    if decision_date and not number:
        fields.setdefault("decision_number", []).append("Có ngày quyết định thì phải có số quyết định.")
    if fields:
        raise ValidationFailed("Dữ liệu người nghỉ việc không hợp lệ.", fields=fields)
    assert case is not None
    inputs["salary"] = {k: str(v) for k, v in inputs["salary"].items()}
    return LeaverRecord(
        case=case, inputs=inputs, official_ref=_text(data, "official_ref"), full_name=full_name,
        province_code=province, commune_code=commune, agency_name=agency, position=_text(data, "position"),
        decision_number=number, decision_date=decision_date,
    )
