"""Old address → new (two-tier) commune.

    convert("P. Bến Nghé, Q.1, TP.HCM")
    → {"status": "exact", "province": {"code": "79", "name": "Thành phố Hồ Chí Minh"},
       "commune": {"code": "26734", "name": "Phường Sài Gòn"}, "candidates": [{...same commune...}]}

The old ward is recognised offline by `vietnamadminunits` (units.addresses), then mapped with
our copy of the NSO conversion table (units.WardMapping, loaded by `localgov load units`):
- "exact": the whole old ward went to one new commune; `candidates` holds that commune;
- "split": the old ward was divided (or only partly merged); `commune` is null and
  `candidates` lists every new commune it went to — we never pick one;
- "unknown": no old ward recognised (or it is not in the table); `province` is still given
  when the old province was recognised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypedDict

from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCE_OLD_TO_NEW

from localgov.core.errors import ValidationFailed
from localgov.units.models import Province, WardMapping

if TYPE_CHECKING:
    from localgov.units.addresses import LegacyMatch

MAX_ADDRESS_LENGTH = 300


class UnitRef(TypedDict):
    code: str
    name: str


class ConversionResult(TypedDict):
    status: Literal["exact", "split", "unknown"]
    province: UnitRef | None
    commune: UnitRef | None
    candidates: list[UnitRef]


def clean_address(address: str | None) -> str:
    """The address stripped, or ValidationFailed (HTTP 422) when empty or too long."""
    text = " ".join((address or "").split())
    if not text:
        raise ValidationFailed("Địa chỉ trống.", fields={"address": ["Hãy nhập địa chỉ cũ."]})
    if len(text) > MAX_ADDRESS_LENGTH:
        raise ValidationFailed(
            "Địa chỉ quá dài.", fields={"address": [f"Tối đa {MAX_ADDRESS_LENGTH} ký tự."]}
        )
    return text


def convert(address: str) -> ConversionResult:
    """Map an old (pre-1 Jul 2025) address to its new commune. See the module docstring."""
    return explain(address)[0]


def explain(address: str) -> tuple[ConversionResult, LegacyMatch]:
    """`convert()` plus what the parser recognised (an addresses.LegacyMatch), for messages."""
    from localgov.units.addresses import parse_legacy  # imports vietnamadminunits (~0.5 s) on first use

    match = parse_legacy(clean_address(address))
    if match.ward_code:
        rows = list(
            WardMapping.objects.filter(old_ward_id=match.ward_code)
            .select_related("new_commune__province")
            .order_by("new_commune_id")
        )
        if rows:
            return _from_mappings(rows), match
    return _unknown(match.province_code), match


def _from_mappings(rows: list[WardMapping]) -> ConversionResult:
    candidates: list[UnitRef] = [{"code": r.new_commune.code, "name": r.new_commune.name} for r in rows]
    provinces = {r.new_commune.province_id: r.new_commune.province for r in rows}
    province: UnitRef | None = None
    if len(provinces) == 1:
        p = next(iter(provinces.values()))
        province = {"code": p.code, "name": p.name}
    if len(rows) == 1 and not rows[0].is_split:
        return {"status": "exact", "province": province, "commune": candidates[0], "candidates": candidates}
    return {"status": "split", "province": province, "commune": None, "candidates": candidates}


def _unknown(legacy_province_code: str | None) -> ConversionResult:
    province: UnitRef | None = None
    entry = PROVINCE_OLD_TO_NEW.get(int(legacy_province_code)) if legacy_province_code else None
    if entry is not None and len(entry.new_provinces) == 1:
        code = f"{entry.new_provinces[0].code:02d}"
        found = Province.objects.filter(code=code).values("code", "name").first()
        if found:
            province = {"code": found["code"], "name": found["name"]}
    return {"status": "unknown", "province": province, "commune": None, "candidates": []}


def describe(address: str, result: ConversionResult, match: LegacyMatch | None = None) -> str:
    """One readable Vietnamese line for people (the CLI without --json)."""
    old = ""
    if match is not None and match.ward:
        old = f"{match.ward}, {match.district}, {match.province}"
    province = result["province"]["name"] if result["province"] else ""
    if result["status"] == "exact" and result["commune"]:
        c = result["commune"]
        return f"{old or address} → {c['name']}, {province} (mã {c['code']})"
    if result["status"] == "split" and len(result["candidates"]) == 1:
        c = result["candidates"][0]
        return (
            f"{old or address}: đơn vị cũ chỉ được nhập một phần vào {c['name']} (mã {c['code']})"
            f"{', ' + province if province else ''}; phần còn lại không có trong bảng chuyển đổi."
            " Cần xác định thêm theo địa chỉ cụ thể."
        )
    if result["status"] == "split":
        names = "; ".join(f"{c['name']} (mã {c['code']})" for c in result["candidates"])
        return (
            f"{old or address}: đơn vị cũ bị chia tách, thuộc một trong các đơn vị mới: {names}"
            f"{', ' + province if province else ''}. Cần xác định thêm theo địa chỉ cụ thể."
        )
    where = f" (chỉ nhận ra tỉnh/thành phố: {province})" if province else ""
    return f"Không xác định được xã/phường cũ từ địa chỉ «{address}»{where}."
