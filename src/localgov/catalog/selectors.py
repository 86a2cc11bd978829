"""Reads of the catalogue. Search folds Vietnamese (no diacritics, đ → d) so "đăng ký khai
sinh" and "dang ky khai sinh" match alike, and includes each procedure's colloquial keywords
from the data ("sang tên sổ đỏ" → 1.013831)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from localgov.catalog.models import Bundle, BundleMember, Field, Procedure
from localgov.catalog.text import fold, tokens
from localgov.core.errors import NotFound

# Words that carry no meaning in a query for a procedure ("thủ tục làm ... cho ...").
STOP_WORDS = frozenset(
    {"thu", "tuc", "lam", "cho", "xin", "cua", "va", "o", "tai", "the", "nao", "nhu", "can", "gi"}
)
MAX_LIMIT = 100


def _matches(words_in_text: set[str], text: str, token: str, last: bool) -> bool:
    """Whole-word match; the last query word may also be the start of a word (typing)."""
    return token in words_in_text or (last and len(token) >= 2 and f" {token}" in text)


def _contains(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def _score(p: Procedure, full: str, phrase: str, matched: int) -> float:
    """Word count first; then the best phrase bonus (whole query as a keyword or in the name,
    a keyword said inside the query, the content words as a phrase); shorter names win ties."""
    name = fold(p.name)
    keywords = [fold(k) for k in p.keywords or []]
    bonuses = [0.0]
    if name == full or full in keywords:
        bonuses.append(6)
    if _contains(name, full):
        bonuses.append(4)
    if any(_contains(k, full) for k in keywords):
        bonuses.append(3)
    if _contains(name, phrase):
        bonuses.append(3)
    # a colloquial keyword said inside a longer query ("thủ tục làm sổ đỏ" ⊃ "làm sổ đỏ")
    bonuses.extend(2.5 + 0.25 * len(k.split(" ")) for k in keywords if _contains(full, k))
    if any(_contains(k, phrase) for k in keywords):
        bonuses.append(2)
    if _contains(p.search_text, phrase):
        bonuses.append(1)
    return matched + max(bonuses) - len(name) / 1000


def search_procedures(
    query: str, field: str | None = None, level: str | None = None, limit: int = 20
) -> list[Procedure]:
    """Active procedures matching every word of `query` (with or without diacritics); if
    none match all words, those matching most of them (at least half). Ranked: the whole
    query as a keyword or in the name, then as a phrase, then word count; shorter names first.
    An empty query lists the filtered procedures by code."""
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
    full, phrase = " ".join(all_words), " ".join(words)
    # Narrow in the database first (a word or prefix match implies a substring match).
    any_word = Q()
    for w in words:
        any_word |= Q(search_text__contains=w)
    qs = qs.filter(any_word)
    scored: list[tuple[int, float, Procedure]] = []
    for p in qs.only(*_LIST_FIELDS):
        text = f" {p.search_text} "
        present = set(p.search_text.split(" "))
        matched = sum(1 for i, w in enumerate(words) if _matches(present, text, w, i == len(words) - 1))
        if matched:
            scored.append((matched, _score(p, full, phrase, matched), p))
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
    "keywords",
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
