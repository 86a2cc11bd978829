"""Workload measured from dossier events: steps done per unit × field (and per official) per
working day, each weighted by its procedure's complexity.

Complexity weight = the procedure's total allotted step hours ÷ the mean over active procedures
(so the average procedure weighs 1). Processing actions (assign, advance, decide, ...) count for
the competent commune in the procedure's field; reception actions (accept, return_result, ...)
count for the commune where the dossier came in, in the one-stop field. The lists of actions are
in data/norms.json `workload`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Sum

from localgov.catalog.models import Procedure
from localgov.dossiers.models import DossierEvent
from localgov.workcalendar.adapter import get_calendar
from localgov.workforce.norms import NormConfig, load_config

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def procedure_weights() -> dict[int, tuple[str, float]]:
    """procedure id → (catalog field slug, complexity weight)."""

    rows = list(
        Procedure.objects.filter(active=True).annotate(hours=Sum("steps__allotment_hours")).values_list(
            "id", "field_id", "hours"
        )
    )
    hours = [float(h or Decimal(0)) for _, _, h in rows]
    positive = [h for h in hours if h > 0]
    mean = sum(positive) / len(positive) if positive else 1.0
    return {pid: (field, (float(h) / mean) if h else 1.0) for pid, field, h in rows}


def working_days(first: date, last: date) -> int:

    return get_calendar().working_days_in(first, last)


def _window(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time.min, VN), datetime.combine(last + timedelta(days=1), time.min, VN)


def weighted_steps(
    first: date, last: date, *, province_code: str | None = None, cfg: NormConfig | None = None
) -> dict[tuple[str, str], float]:
    """(commune code, workforce field) → weighted steps done in [first, last]."""

    cfg = cfg or load_config()
    spec = cfg.raw["workload"]
    to_field = cfg.catalog_to_field()
    weights = procedure_weights()
    start, end = _window(first, last)
    events = DossierEvent.objects.filter(at__gte=start, at__lt=end)
    if province_code:
        events = events.filter(province_code=province_code)
    out: dict[tuple[str, str], float] = defaultdict(float)
    processing = (
        events.filter(action__in=spec["step_actions"], dossier__competent_commune_code__isnull=False)
        .values_list("dossier__competent_commune_code", "dossier__procedure_id")
        .annotate(n=Count("id"))
    )
    for commune, procedure_id, n in processing:
        catalog_field, weight = weights.get(procedure_id, ("", 1.0))
        field = to_field.get(catalog_field)
        if field:
            out[(commune, field)] += n * weight
    reception = (
        events.filter(action__in=spec["reception_actions"], dossier__received_commune_code__isnull=False)
        .values_list("dossier__received_commune_code", "dossier__procedure_id")
        .annotate(n=Count("id"))
    )
    for commune, procedure_id, n in reception:
        out[(commune, spec["reception_field"])] += n * weights.get(procedure_id, ("", 1.0))[1]
    return dict(out)
