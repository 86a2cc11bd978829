"""The dossiers behind each number on a dashboard. Each metric here is the dossier-level
mirror of a fact counter (facts_rules.py): same unit (competent commune), same day (local
date of the event), bundle parents left out — so a number and the length of its list agree.
The caller passes the result through access.policy.filter_queryset(actor, "dossier", …)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from localgov.dossiers.models import Dossier, DossierEvent
from localgov.oversight.selectors import Area, Period, overdue_as_of


def _range(field: str, period: Period) -> Q:
    tz = timezone.get_current_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _processed(p: Period) -> Q:
    return _range("decided_at", p) | (Q(state__in=[3, 8]) & _range("closed_at", p))


def _rated(p: Period) -> Q:

    return Q(pk__in=DossierEvent.objects.filter(_range("at", p), action="rate").values("dossier_id"))


METRICS: dict[str, tuple[str, Callable[[Period], Q]]] = {
    "received": ("Hồ sơ tiếp nhận", lambda p: _range("submitted_at", p)),
    "received_online": ("Hồ sơ nộp trực tuyến", lambda p: _range("submitted_at", p) & Q(channel=2)),
    "received_full_online": ("Hồ sơ trực tuyến toàn trình", lambda p: _range("submitted_at", p) & Q(
        channel=2, procedure__online_level="full") & ~Q(return_method="centre")),
    "processed": ("Hồ sơ đã giải quyết", _processed),
    "processed_online": ("Hồ sơ trực tuyến đã giải quyết", lambda p: _processed(p) & Q(channel=2)),
    "done": ("Hồ sơ giải quyết xong", lambda p: _range("decided_at", p)),
    "on_time_766": ("Hồ sơ đúng hạn (QĐ 766)", lambda p: _processed(p) & Q(outcome_766="on_time")),
    "late_766": ("Hồ sơ quá hạn (QĐ 766)", lambda p: _processed(p) & Q(outcome_766="late")),
    "measured_766": ("Hồ sơ đã xác định đúng/quá hạn (QĐ 766)",
                     lambda p: _processed(p) & Q(outcome_766__in=["on_time", "late"])),
    "overdue": ("Hồ sơ đang giải quyết quá hạn", lambda p: Q(
        state__in=[2, 4, 6], paused_since__isnull=True,
        effective_due__lt=datetime.combine(overdue_as_of(p), time.min, tzinfo=timezone.get_current_timezone()))),
    "repeat_supplement": ("Hồ sơ yêu cầu bổ sung quá 1 lần", lambda p: _processed(p) & (
        Q(repeat_supplement=True) | Q(supplement_requests_after_acceptance__gt=1))),
    "rated": ("Hồ sơ được đánh giá", _rated),
    # Receipt regardless of boundaries (Decree 118/2025 Art. 3(6)-(7), 14(2)); facts.received_outside
    "received_outside": ("Hồ sơ tiếp nhận ngoài xã có thẩm quyền", lambda p: _range("submitted_at", p) & Q(
        received_commune_code__isnull=False) & ~Q(received_commune_code="") & (
        Q(competent_commune_code__isnull=True) | ~Q(received_commune_code=F("competent_commune_code")))),
}


def dossiers_for(metric: str, area: Area, period: Period, *, procedures: Iterable[int] | None = None) -> QuerySet:

    qs = Dossier.objects.exclude(bundle__isnull=False, parent__isnull=True)
    if metric == "overdue":
        qs = qs.annotate(effective_due=Coalesce("extended_due_at", "due_at"))
    if area.province:
        qs = qs.filter(province_code=area.province)
    if area.level == "commune":
        qs = qs.filter(competent_commune_code=area.commune) if area.commune else qs.filter(
            competent_commune_code__isnull=True)
    if procedures is not None:
        qs = qs.filter(procedure_id__in=list(procedures))
    return qs.filter(METRICS[metric][1](period))
