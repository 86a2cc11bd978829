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
