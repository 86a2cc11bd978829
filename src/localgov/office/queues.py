"""Officer queues: mine, my unit, new (to receive), due within 1 working day, overdue,
waiting for the applicant, by procedure. Reads go through the single access policy
(`dossiers.selectors.visible_dossiers`), with the same filter semantics as
`selectors.list_dossiers`.

Fast with 100,000 dossiers in a unit: every queue filters on indexed columns (state, due_at,
assignee, procedure) and pages with LIMIT/OFFSET on a deterministic order; counts are capped
(`COUNT_CAP`: "10 000+") and cached for `COUNT_TTL` seconds per officer, so a page costs one
capped count per queue at most once a minute plus two page queries: the ids of the page in
order (narrow rows), then those rows (bench/ui_queues.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from localgov.access.policy import Actor
from localgov.dossiers.clock import HOURS_PER_WORKING_DAY, apology_due_range
from localgov.dossiers.models import Dossier
from localgov.dossiers.selectors import OPEN_STATES, SORTS, visible_dossiers
from localgov.dossiers.workflow import State
from localgov.workcalendar.adapter import get_calendar

COUNT_CAP = 10_000
COUNT_TTL = 60
PAGE_SIZE = 25
MAX_OFFSET = COUNT_CAP

QUEUES: dict[str, object] = {
    "unit": _("Đơn vị của tôi"),
    "mine": _("Được giao cho tôi"),
    "new": _("Chờ tiếp nhận"),
    "due": _("Đến hạn trong 1 ngày làm việc"),
    "near_due": _("Sắp quá hạn: cần xin lỗi, hẹn lại"),
    "overdue": _("Quá hạn"),
    "waiting": _("Chờ người dân bổ sung, nộp phí"),
    "procedure": _("Theo thủ tục"),
}
SORT_LABELS: dict[str, object] = {
    "due": _("Hạn xử lý: sớm nhất trước"),
    "-due": _("Hạn xử lý: muộn nhất trước"),
    "-submitted": _("Ngày nộp: mới nhất trước"),
    "submitted": _("Ngày nộp: cũ nhất trước"),
    "code": _("Mã hồ sơ"),
}


def due_soon_limit(now: datetime) -> datetime:
    """One working day from now (the official calendar)."""
    return get_calendar().add_working_days(now, 1)


def near_due_range(now: datetime) -> tuple[datetime, datetime]:
    """The due times of the near-due queue at `now` (one working day of the official calendar)."""
    return apology_due_range(get_calendar(), now=now, within_seconds=float(HOURS_PER_WORKING_DAY * 3600))


def queue_queryset(actor: Actor, kind: str, *, now: datetime | None = None,
                   procedure_code: str | None = None) -> QuerySet[Dossier]:
    now = now or timezone.now()
    qs = visible_dossiers(actor)
    if kind == "mine":
        qs = qs.filter(assignee_id=actor.user_id or -1, state__in=OPEN_STATES)
    elif kind == "new":
        qs = qs.filter(state=int(State.NEW))
    elif kind == "due":
        qs = qs.filter(state__in=OPEN_STATES, due_at__gte=now, due_at__lte=due_soon_limit(now))
    elif kind == "near_due":
        # Decree 118 Art. 19(6): no apology yet, and the last lawful moment for it falls within
        # one working day (dossiers.clock.apology_due_range; docs/feedback.md, "Near due").
        first, last = near_due_range(now)
        qs = qs.filter(state__in=OPEN_STATES, extension_count=0, paused_since__isnull=True,
                       due_at__gte=first, due_at__lte=last)
    elif kind == "overdue":
        qs = qs.filter(state__in=[s for s in OPEN_STATES if s != int(State.SUPPLEMENT_REQUESTED)],
                       paused_since__isnull=True).filter(
            Q(extended_due_at__lt=now) | Q(extended_due_at__isnull=True, due_at__lt=now))
    elif kind == "waiting":
        qs = qs.filter(state__in=[int(State.SUPPLEMENT_REQUESTED), int(State.FINANCIAL_OBLIGATION)])
    else:  # unit, procedure
        qs = qs.filter(state__in=OPEN_STATES)
    if procedure_code:
        qs = qs.filter(procedure__code=procedure_code)
    return qs


def _cache_key(actor: Actor, what: str) -> str:
    raw = f"{actor.user_id}|{sorted((r.value, repr(s)) for r, s in actor.scopes.items())}|{what}"
    return "office:count:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def capped_count(qs: QuerySet[Dossier]) -> int:
    """COUNT over at most COUNT_CAP + 1 rows (the UI shows "10 000+")."""
    return qs.values("pk")[: COUNT_CAP + 1].count()


def queue_counts(actor: Actor, *, now: datetime | None = None) -> dict[str, int]:
    key = _cache_key(actor, "queues")
    counts = cache.get(key)
    if counts is None:
        counts = {kind: capped_count(queue_queryset(actor, kind, now=now)) for kind in QUEUES if kind != "procedure"}
        cache.set(key, counts, COUNT_TTL)
    return counts


def procedure_counts(actor: Actor, *, now: datetime | None = None, limit: int = 50) -> list[dict[str, object]]:
    """Open dossiers per procedure in the actor's jurisdiction, largest first (cached)."""
    key = _cache_key(actor, "procedures")
    rows = cache.get(key)
    if rows is None:
        rows = list(
            queue_queryset(actor, "unit", now=now).values("procedure__code", "procedure__name")
            .annotate(n=Count("pk")).order_by("-n", "procedure__code")[:limit]
        )
        cache.set(key, rows, COUNT_TTL)
    return rows


@dataclass
class Page:
    rows: list[Dossier]
    total: int
    capped: bool
    page: int
    pages: int
    has_next: bool
    has_prev: bool


def queue_page(actor: Actor, kind: str, *, sort: str = "due", page: int = 1, procedure_code: str | None = None,
               q: str | None = None, now: datetime | None = None) -> Page:
    if kind not in QUEUES:
        kind = "unit"
    if sort not in SORTS:
        sort = "due"
    qs = queue_queryset(actor, kind, now=now, procedure_code=procedure_code)
    if q:
        qs = qs.filter(code__icontains=q.strip()[:60])
    key = _cache_key(actor, f"{kind}|{procedure_code}|{q}")
    total = cache.get(key)
    if total is None:
        total = capped_count(qs)
        cache.set(key, total, COUNT_TTL)
    pages = max(1, -(-min(total, MAX_OFFSET) // PAGE_SIZE))
    page = max(1, min(page, pages))
    offset = (page - 1) * PAGE_SIZE
    # Deferred join: order and cut on narrow rows (the sort key and the id), then fetch the
    # page's full rows by primary key — the database never sorts wide dossier rows.
    ids = list(qs.order_by(*SORTS[sort]).values_list("pk", flat=True)[offset: offset + PAGE_SIZE + 1])
    by_id = Dossier.objects.select_related("procedure", "assignee").in_bulk(ids)
    rows = [by_id[i] for i in ids if i in by_id]
    has_next = len(rows) > PAGE_SIZE and page < pages
    return Page(rows=rows[:PAGE_SIZE], total=min(total, COUNT_CAP), capped=total > COUNT_CAP, page=page, pages=pages,
                has_next=has_next, has_prev=page > 1)
