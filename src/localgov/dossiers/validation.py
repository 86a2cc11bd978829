"""Validation of what applicants and officers type and upload. Errors are collected per
field, in Vietnamese, so a form or an API answer can show each next to its field.

Citizen ID number (số định danh cá nhân, on the chip ID card): 12 digits — 3 for the
province where the birth was registered, 1 for century and sex, 2 for the year of birth,
6 random (Circular 59/2021/TT-BCA Art. 7; Decree 137/2015 Art. 13). The province part uses
the pre-2025 provincial codes, which are the NSO codes zero-padded to 3 digits; we check it
against the legacy provinces of the `vietnam-provinces` package, not a typed list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from localgov.core.errors import ValidationFailed
from localgov.dossiers import uploads

MARKUP = re.compile(r"[<>]|&#|javascript:", re.IGNORECASE)
PHONE = re.compile(r"^(?:\+84|84|0)(?:3|5|7|8|9)\d{8}$")
NAME = re.compile(r"^[^\d<>{}\[\]@#$%^*=+|\\/~`\"]{2,200}$")

#: Allowed uploads and their limits: `dossiers.uploads` (checked by content). Size limit
#: configurable in settings (LOCALGOV_MAX_UPLOAD_BYTES).
DEFAULT_MAX_UPLOAD_BYTES = uploads.DEFAULT_MAX_BYTES


@lru_cache(maxsize=1)
def _birth_province_codes() -> frozenset[str]:
    # the legacy units' table takes a second to load: on first use
    from vietnam_provinces.legacy import Province as LegacyProvince

    return frozenset(f"{int(p.code):03d}" for p in LegacyProvince.iter_all())


@dataclass
class Errors:
    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, []).append(message)

    def raise_if_any(self, message: str = "Dữ liệu không hợp lệ, vui lòng kiểm tra các trường được đánh dấu.") -> None:
        if self.fields:
            raise ValidationFailed(message, fields=self.fields)


def citizen_id_problem(value: str, *, today: date | None = None) -> str | None:
    """None if `value` is a well-formed citizen ID number, else the reason in Vietnamese."""
    if not value or not value.isdigit() or len(value) != 12:
        return "Số định danh cá nhân phải gồm đúng 12 chữ số."
    if value[:3] not in _birth_province_codes():
        return f"Mã tỉnh nơi đăng ký khai sinh «{value[:3]}» không tồn tại."
    century_digit = int(value[3])
    year = 1900 + 100 * (century_digit // 2) + int(value[4:6])
    current_year = (today or date.today()).year
    if year > current_year:
        return "Chữ số thế kỷ/giới tính và năm sinh không hợp lệ (năm sinh ở tương lai)."
    if year < current_year - 130:
        return "Năm sinh suy ra từ số định danh không hợp lệ."
    return None


def phone_problem(value: str) -> str | None:
    compact = re.sub(r"[\s.\-()]", "", value or "")
    if not PHONE.match(compact):
        return "Số điện thoại không đúng định dạng Việt Nam (ví dụ 0912345678)."
    return None


def normalise_phone(value: str) -> str:
    compact = re.sub(r"[\s.\-()]", "", value or "")
    if compact.startswith("+84"):
        return "0" + compact[3:]
    if compact.startswith("84") and len(compact) == 11:
        return "0" + compact[2:]
    return compact


def text_problem(value: str, *, max_length: int = 2000) -> str | None:
    if MARKUP.search(value or ""):
        return "Không được chứa mã HTML hoặc ký tự < >."
    if len(value or "") > max_length:
        return f"Dài quá {max_length} ký tự."
    return None


def name_problem(value: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return "Vui lòng nhập họ tên."
    problem = text_problem(value, max_length=200)
    if problem:
        return problem
    if not NAME.match(value):
        return "Họ tên chỉ gồm chữ cái và khoảng trắng."
    return None


@dataclass(frozen=True)
class Upload:
    """A file as received: from a form, the API (base64) or a test."""

    doc_code: str
    name: str
    content: bytes
    content_type: str


def upload_problem(upload: Upload, *, max_bytes: int = DEFAULT_MAX_UPLOAD_BYTES) -> str | None:
    """Why `upload` is refused, or None: its size, then what its bytes are (`dossiers.uploads`:
    by content, never by the declared type or the name), then its name."""
    problem = uploads.problem(upload.content, max_bytes=max_bytes)
    if problem:
        return problem
    if text_problem(upload.name, max_length=255):
        return "Tên tệp không hợp lệ."
    return None
