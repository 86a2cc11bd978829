"""Vietnamese text folding for search (pure): lower-case, no diacritics, đ → d, one space."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """'Đăng ký khai sinh' → 'dang ky khai sinh'."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


def tokens(text: str) -> list[str]:
    return [t for t in fold(text).split(" ") if t]


# Abbreviations used in official procedure names, expanded into the search text so the plain
# words find them too ("giấy phép xây dựng" → "Cấp GPXD ...").
ABBREVIATIONS: dict[str, str] = {
    "gpxd": "giay phep xay dung",
    "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat",
    "qsh": "quyen so huu",
    "bhyt": "bao hiem y te",
    "bhxh": "bao hiem xa hoi",
    "hkd": "ho kinh doanh",
    "dkdn": "dang ky doanh nghiep",
    "gplx": "giay phep lai xe",
    "tnhh": "trach nhiem huu han",
    "cccd": "can cuoc cong dan",
    "vpdkdd": "van phong dang ky dat dai",
}


def expand_abbreviations(folded: str) -> str:
    """Append the expansion of each abbreviation found in already folded text."""
    words = folded.split(" ")
    extra = [ABBREVIATIONS[w] for w in dict.fromkeys(words) if w in ABBREVIATIONS]
    return " ".join([folded, *extra]) if extra else folded
