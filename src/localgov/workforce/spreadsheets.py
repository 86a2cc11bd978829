"""Staff lists as XLSX (import, export, the shipped template) and the rebalancing plan as XLSX.

Import is all-or-nothing: every row is checked first, each error reported with its row and
column, and if there is any error nothing is written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from localgov.access.personal_data import mask_id_number
from localgov.access.policy import Actor, filter_export, matches
from localgov.access.roles import Role
from localgov.core.errors import PermissionDenied
from localgov.workforce import selectors, services
from localgov.workforce.models import SKILL_AREAS, Category, Department, Official, OfficialStatus, RebalancePlan
from localgov.workforce.norms import load_config
from localgov.workforce.rebalance import DISTANCE_LABELS

#: (header, key) in file order. The template and the export use exactly these headers.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Mã cán bộ", "code"),
    ("Họ và tên", "full_name"),
    ("Số định danh cá nhân", "citizen_id"),
    ("Năm sinh", "birth_year"),
    ("Mã tỉnh", "province_code"),
    ("Mã xã", "commune_code"),
    ("Phòng, bộ phận", "department"),
    ("Vị trí việc làm", "position"),
    ("Chức danh", "position_title"),
    ("Loại", "category"),
    ("Lĩnh vực công tác", "field"),
    ("Lĩnh vực chuyên môn khác", "competences"),
    ("Quản lý", "skill_management"),
    ("Pháp luật", "skill_legal"),
    ("Chuyên môn", "skill_professional"),
    ("Kỹ năng số", "skill_digital"),
    ("Tư duy phát triển", "skill_development"),
    ("Trạng thái", "status"),
)
HEADERS = tuple(h for h, _ in COLUMNS)
REQUIRED = ("code", "full_name", "province_code", "commune_code", "department", "position", "category", "field")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)


def _choices(choices: Any) -> dict[str, str]:
    """Accept the code or the Vietnamese label (case-insensitive)."""
    out = {}
    for value, label in choices:
        out[str(value).lower()] = value
        out[str(label).lower()] = value
    return out


def _lookups() -> dict[str, dict[str, str]]:
    cfg = load_config()
    fields = {f.slug: f.slug for f in cfg.fields} | {f.name_vi.lower(): f.slug for f in cfg.fields}
    return {
        "department": _choices(Department.choices),
        "category": _choices(Category.choices),
        "status": _choices(OfficialStatus.choices),
        "field": fields,
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse(raw: dict[str, Any], n: int, lookups: dict[str, dict[str, str]], communes: dict[str, str],
           errors: list[RowError]) -> tuple[Official, services.RecordInput] | None:
    before = len(errors)
    header = dict((k, h) for h, k in COLUMNS)

    def err(key: str, message: str) -> None:
        errors.append(RowError(n, header[key], message))

    v = {k: _text(raw.get(k)) for _, k in COLUMNS}
    for key in REQUIRED:
        if not v[key]:
            err(key, "Bắt buộc.")
    province = v["province_code"].zfill(2) if v["province_code"] else ""
    commune = v["commune_code"].zfill(5) if v["commune_code"] else ""
    if commune and communes.get(commune) is None:
        err("commune_code", f"Không có xã mã {commune}.")
    elif commune and province and communes[commune] != province:
        err("commune_code", f"Xã {commune} không thuộc tỉnh {province}.")
    mapped: dict[str, str] = {}
    for key in ("department", "category", "field", "status"):
        if key == "status" and not v[key]:
            mapped[key] = OfficialStatus.ACTIVE
            continue
        if v[key]:
            value = lookups[key].get(v[key].lower())
            if value is None:
                err(key, f"Giá trị không hợp lệ: {v[key]}.")
            else:
                mapped[key] = value
    competences = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", v["competences"]))):
        slug = lookups["field"].get(part.lower())
        if slug is None:
            err("competences", f"Lĩnh vực không hợp lệ: {part}.")
        else:
            competences.append(slug)
    skills: dict[str, int] = {}
    for area in SKILL_AREAS:
        text = v[f"skill_{area}"]
        if not text:
            skills[area] = 2
        elif text.isdigit() and 1 <= int(text) <= 4:
            skills[area] = int(text)
        else:
            err(f"skill_{area}", "Mức năng lực phải là số từ 1 đến 4.")
    citizen_id = v["citizen_id"] or None
    if citizen_id and not re.fullmatch(r"\d{12}", citizen_id):
        err("citizen_id", "Số định danh cá nhân gồm 12 chữ số.")
    birth_year = None
    if v["birth_year"]:
        if v["birth_year"].isdigit() and 1940 <= int(v["birth_year"]) <= 2010:
            birth_year = int(v["birth_year"])
        else:
            err("birth_year", "Năm sinh không hợp lệ.")
    if len(errors) > before:
        return None
    data = services.RecordInput(
        province_code=province, commune_code=commune, department=mapped["department"], position=v["position"],
        position_title=v["position_title"], category=mapped["category"], field=mapped["field"],
        competences=competences, skills=skills, status=mapped["status"],
    )
    return Official(code=v["code"], full_name=v["full_name"], citizen_id=citizen_id, birth_year=birth_year), data


def import_staff(content: bytes, *, actor: Actor, on: date | None = None) -> ImportResult:
    """Check every row; import all of them, or none if any row has an error."""
    # openpyxl takes a second to import: loaded when a workbook is read or made
    from openpyxl import load_workbook

    result = ImportResult()
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the same user error
        result.errors.append(RowError(0, "", "Không đọc được tệp XLSX."))
        return result
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        result.errors.append(RowError(1, ", ".join(missing), "Thiếu cột (dùng tệp mẫu)."))
        return result
    pos = {k: header.index(h) for h, k in COLUMNS}
    idx = selectors.units_index()
    communes = {f.code: f.province_code for f in idx.facts}
    lookups = _lookups()
    parsed: list[tuple[int, Official, services.RecordInput]] = []
    for n, values in enumerate(rows, start=2):
        if not values or all(x is None or _text(x) == "" for x in values):
            continue
        raw = {k: values[i] if i < len(values) else None for k, i in pos.items()}
        got = _parse(raw, n, lookups, communes, result.errors)
        if got:
            parsed.append((n, *got))
    book.close()
    _check_unique(parsed, result.errors)
    for n, _official, data in parsed:
        unit = _Unit(data.province_code, data.commune_code)
        if not (actor.system or matches(actor, "official", unit, roles=[Role.HR_OFFICER])):
            result.errors.append(RowError(n, "Mã xã", "Bạn không có quyền nhập cán bộ cho đơn vị này."))
    if not parsed and not result.errors:
        result.errors.append(RowError(2, "", "Tệp không có dòng dữ liệu."))
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result

    with transaction.atomic():
        result.created = services.bulk_create(
            [(o, d) for _, o, d in parsed], on=on or selectors.today(), source="import", by=actor.label
        )
    return result


@dataclass(frozen=True)
class _Unit:
    province_code: str
    commune_code: str | None


def _check_unique(parsed: list[tuple[int, Official, services.RecordInput]], errors: list[RowError]) -> None:
    seen_code: dict[str, int] = {}
    seen_id: dict[str, int] = {}
    for n, o, _ in parsed:
        if o.code in seen_code:
            errors.append(RowError(n, "Mã cán bộ", f"Trùng với dòng {seen_code[o.code]}."))
        seen_code.setdefault(o.code, n)
        if o.citizen_id:
            if o.citizen_id in seen_id:
                errors.append(RowError(n, "Số định danh cá nhân", f"Trùng với dòng {seen_id[o.citizen_id]}."))
            seen_id.setdefault(o.citizen_id, n)
    existing = set(Official.objects.filter(code__in=list(seen_code)).values_list("code", flat=True))
    existing_ids = set(Official.objects.filter(citizen_id__in=list(seen_id)).values_list("citizen_id", flat=True))
    for n, o, _ in parsed:
        if o.code in existing:
            errors.append(RowError(n, "Mã cán bộ", f"Mã {o.code} đã có trong hệ thống."))
        if o.citizen_id and o.citizen_id in existing_ids:
            errors.append(RowError(n, "Số định danh cá nhân", "Đã có trong hệ thống."))


def mask(citizen_id: str | None) -> str:
    """Officials' ID numbers in exports: the same masking as applicants' (access.personal_data)."""

    return mask_id_number(citizen_id or "")


def _write_catalogue(book: Any, bold: Any) -> None:
    cfg = load_config()
    sheet = book.add_worksheet("Danh mục")
    sheet.write_row(0, 0, ("Cột", "Mã", "Tên"), bold)
    r = 1
    for column, pairs in (
        ("Phòng, bộ phận", Department.choices), ("Loại", Category.choices),
        ("Lĩnh vực công tác", [(f.slug, f.name_vi) for f in cfg.fields]), ("Trạng thái", OfficialStatus.choices),
        ("Mức năng lực", list(cfg.raw["capacity"]["levels"].items())),
    ):
        for code, label in pairs:
            sheet.write_row(r, 0, (column, code, label))
            r += 1
    sheet.set_column(0, 0, 22)
    sheet.set_column(2, 2, 60)


def _book(rows: list[list[Any]]) -> bytes:
    # a spreadsheet library: loaded when a spreadsheet is asked for
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "constant_memory": len(rows) > 5000})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    sheet = book.add_worksheet("Danh sách cán bộ")
    sheet.write_row(0, 0, HEADERS, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    sheet.freeze_panes(1, 2)
    sheet.set_column(0, 1, 22)
    sheet.set_column(6, 11, 18)
    _write_catalogue(book, bold)
    book.close()
    return buf.getvalue()


def template_bytes() -> bytes:
    """The import template: headers, one example row, and the code lists."""
    example = ["01001-900", "Nguyễn Văn An", "", 1988, "01", "00004", "economic", "land.specialist",
               "Công chức Địa chính - Nông nghiệp - Môi trường", "cong_chuc", "land", "construction", 2, 3, 3, 2, 2,
               "active"]
    return _book([example])


def staff_rows(*, actor: Actor, province_code: str | None = None, commune_code: str | None = None,
               day: date | None = None) -> list[list[Any]]:
    qs = selectors.records_as_of(day).select_related("official")
    if province_code:
        qs = qs.filter(province_code=province_code)
    if commune_code:
        qs = qs.filter(commune_code=commune_code)
    qs = filter_export(actor, "official", qs).order_by("commune_code", "field", "official__code")
    out = []
    for r in qs.iterator(chunk_size=5000):
        o = r.official
        out.append([o.code, o.full_name, mask(o.citizen_id), o.birth_year, r.province_code, r.commune_code,
                    r.department, r.position, r.position_title, r.category, r.field,
                    ", ".join(c for c in r.competences if c != r.field), *r.skills().values(), r.status])
    return out


def export_staff(path: Any, *, actor: Actor, province_code: str | None = None) -> int:
    rows = staff_rows(actor=actor, province_code=province_code)
    with open(path, "wb") as fh:
        fh.write(_book(rows))
    return len(rows)


def export_staff_bytes(*, actor: Actor, province_code: str | None = None, commune_code: str | None = None) -> bytes:
    return _book(staff_rows(actor=actor, province_code=province_code, commune_code=commune_code))


PLAN_HEADERS = ("STT", "Mã cán bộ", "Họ và tên", "Từ xã", "Từ lĩnh vực", "Đến xã", "Đến lĩnh vực", "Khoảng cách",
                "Chi phí")


def plan_rows(plan: RebalancePlan) -> list[list[Any]]:
    cfg = load_config()
    names = selectors.units_index().names
    fields = cfg.field_names()
    rows = []
    for i, t in enumerate(plan.transfers.select_related("official").order_by("to_commune_code", "to_field",
                                                                             "official__code"), start=1):
        rows.append([i, t.official.code, t.official.full_name,
                     f"{names.get(t.from_commune_code, '')} ({t.from_commune_code})", fields.get(t.from_field),
                     f"{names.get(t.to_commune_code, '')} ({t.to_commune_code})", fields.get(t.to_field),
                     DISTANCE_LABELS.get(t.distance, str(t.distance)), t.cost])
    return rows


def plan_xlsx(plan: RebalancePlan, *, actor: Actor) -> bytes:
    # a spreadsheet library: loaded when a spreadsheet is asked for
    import xlsxwriter

    if not (actor.system or matches(actor, "official", plan)):
        raise PermissionDenied("Bạn không có quyền xem phương án này.")
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    head = book.add_worksheet("Tóm tắt")
    province = selectors.units_index().province_names.get(plan.province_code, plan.province_code)
    summary = [
        ("Phương án điều chuyển", f"#{plan.pk}"), ("Tỉnh, thành phố", province),
        ("Số liệu ngày", plan.as_of.isoformat()), ("Trạng thái", plan.get_status_display()),
        ("Vị trí cần bổ sung", plan.needed), ("Được đáp ứng", plan.filled), ("Số lượt điều chuyển", plan.filled),
        ("Tổng chi phí (đơn vị quy ước)", plan.total_cost), ("Người lập", plan.created_by),
        ("Người phê duyệt", plan.decided_by_label or ""),
        ("Hiệu lực từ", plan.effective_on.isoformat() if plan.effective_on else ""),
        ("Khoảng cách", "ước lượng theo huyện/tỉnh cũ (bảng chuyển đổi của TCTK); xem docs/workforce.md"),
    ]
    for i, (k, v) in enumerate(summary):
        head.write(i, 0, k, bold)
        head.write(i, 1, v)
    head.set_column(0, 0, 32)
    head.set_column(1, 1, 60)
    sheet = book.add_worksheet("Danh sách điều chuyển")
    sheet.write_row(0, 0, PLAN_HEADERS, bold)
    for i, row in enumerate(plan_rows(plan), start=1):
        sheet.write_row(i, 0, row)
    sheet.freeze_panes(1, 0)
    sheet.set_column(1, 8, 24)
    book.close()
    return buf.getvalue()
