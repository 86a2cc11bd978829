"""Reads of the catalogue. Search folds Vietnamese (no diacritics, đ → d) so "đăng ký khai
sinh" and "dang ky khai sinh" match alike, and includes each procedure's colloquial keywords
from the data ("sang tên sổ đỏ" → 1.013831)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from localgov.catalog.models import Bundle, BundleMember, Field, Procedure
from localgov.catalog.text import fold, tokens
from localgov.core.errors import NotFound

# Words that carry no meaning in a query for a procedure ("thủ tục làm ... cho ...").
STOP_WORDS = frozenset(
    {"thu", "tuc", "lam", "cho", "xin", "cua", "va", "o", "tai", "the", "nao", "nhu", "can", "gi"}
)
MAX_LIMIT = 100


def _has_word(padded_text: str, token: str) -> bool:
    """Token matches the start of a word (so a half-typed last word still matches)."""
    return f" {token}" in padded_text


def _score(p: Procedure, words: list[str], phrase: str) -> float:
    text = f" {p.search_text} "
    name = f" {fold(p.name)} "
    matched = sum(1 for w in words if _has_word(text, w))
    score = float(matched)
    if phrase and f" {phrase}" in name:
        score += 3 + (2 if name.strip() == phrase else 0)
    elif phrase and f" {phrase}" in text:
        score += 2
    score += 0.5 * sum(1 for w in words if _has_word(name, w)) / max(len(words), 1)
    return score


def search_procedures(
    query: str, field: str | None = None, level: str | None = None, limit: int = 20
) -> list[Procedure]:
    """Active procedures matching every word of `query` (with or without diacritics); if
    none match all words, those matching most of them. Ranked: whole phrase in the name, then
    in keywords, then word count. An empty query lists the filtered procedures by code."""
    limit = max(1, min(limit, MAX_LIMIT))
    qs = Procedure.objects.filter(active=True).select_related("field")
    if field:
        qs = qs.filter(field_id=field)
    if level:
        qs = qs.filter(level=level)
    all_words = tokens(query)
    words = [w for w in all_words if w not in STOP_WORDS] or all_words
    if not words:
        return list(qs.order_by("code")[:limit])
    phrase = " ".join(words)
    candidates = list(qs.only(*_LIST_FIELDS))
    scored = []
    for p in candidates:
        text = f" {p.search_text} "
        matched = sum(1 for w in words if _has_word(text, w))
        if matched:
            scored.append((matched, _score(p, words, phrase), p))
    if not scored:
        return []
    best = max(m for m, _, _ in scored)
    need = len(words) if best == len(words) else max(best, (len(words) + 1) // 2)
    ranked = sorted((s for s in scored if s[0] >= need), key=lambda s: (-s[1], s[2].code))
    return [p for _, _, p in ranked[:limit]]


_LIST_FIELDS = (
    "code",
    "name",
    "field__slug",
    "field__name_vi",
    "field__name_en",
    "level",
    "competent_agency_kind",
    "deadline_value",
    "deadline_unit",
    "fee_vnd",
    "online_level",
    "boundary_scope",
    "verified",
    "search_text",
)


def get_procedure(code: str) -> Procedure:
    """One procedure with its steps; NotFound if the code is unknown."""
    try:
        return Procedure.objects.select_related("field").prefetch_related("steps").get(code=code)
    except Procedure.DoesNotExist:
        raise NotFound(f"Không tìm thấy thủ tục {code}.", code="procedure_not_found") from None


def list_fields() -> list[Field]:
    return list(Field.objects.order_by("slug"))


def _bundles() -> QuerySet[Bundle]:
    members = BundleMember.objects.select_related("procedure").order_by("order")
    return Bundle.objects.prefetch_related(Prefetch("members", queryset=members))


def list_bundles(*, include_inactive: bool = False) -> list[Bundle]:
    qs = _bundles()
    if not include_inactive:
        qs = qs.filter(active=True)
    return list(qs.order_by("code"))


def get_bundle(code: str) -> Bundle:
    """One bundle with its members (in order); NotFound if the code is unknown."""
    try:
        return _bundles().get(code=code)
    except Bundle.DoesNotExist:
        raise NotFound(f"Không tìm thấy nhóm thủ tục liên thông {code}.", code="bundle_not_found") from None
