"""Reads of the service-centre register: a centre's history, its status on a date, and how many
centres operate on a date (the dashboards' "centres operating", `oversight.selectors`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from localgov.centres.history import STATUS_AFTER, Change, status_on
from localgov.centres.models import CentreChange
from localgov.units.models import ServiceCentre

OPERATING_KINDS = [k for k, s in STATUS_AFTER.items() if s == "operating"]


def changes_of(centre: ServiceCentre) -> list[Change]:
    return [Change(c.kind, c.effective_on, c.address)
            for c in CentreChange.objects.filter(centre=centre).order_by("effective_on", "id")]


def status_of(centre: ServiceCentre, day: date) -> str | None:
    """The centre's status on `day` from its history; a centre with no recorded change keeps the
    status it was loaded with (`ServiceCentre.status`, from its `opened_on`)."""
    history = changes_of(centre)
    if history:
        return status_on(history, day)
    if centre.opened_on and centre.opened_on > day:
        return None
    return centre.status


def operating_on(day: date, *, province: str | None = None, commune: str | None = None) -> QuerySet[ServiceCentre]:
    """The centres operating on `day`: the latest change on or before it leaves the centre
    operating (history.STATUS_AFTER); without any change, the loaded status and opening date."""
    latest = CentreChange.objects.filter(centre=OuterRef("pk"), effective_on__lte=day).order_by(
        "-effective_on", "-id").values("kind")[:1]
    has_history = Exists(CentreChange.objects.filter(centre=OuterRef("pk")))
    qs = ServiceCentre.objects.annotate(latest_kind=Subquery(latest), has_history=has_history).filter(
        Q(has_history=True, latest_kind__in=OPERATING_KINDS)
        | Q(has_history=False, status="operating") & (Q(opened_on__isnull=True) | Q(opened_on__lte=day)))
    if province:
        qs = qs.filter(province_id=province)
    if commune:
        qs = qs.filter(commune_id=commune)
    return qs


def count_operating(day: date, *, province: str | None = None, commune: str | None = None,
                    group: str | None = None) -> dict[Any, int]:
    """{None: n} or, with group "province"/"commune", {code: n}."""
    qs = operating_on(day, province=province, commune=commune)
    field = {"province": "province_id", "commune": "commune_id"}.get(group or "")
    if field is None:
        return {None: qs.count()}
    return {r[field]: r["n"] for r in qs.values(field).annotate(n=Count("id")).order_by()}


def register(province: str | None = None, *, day: date, commune: str | None = None) -> list[dict[str, Any]]:
    """Every centre of the area with its status on `day` and its changes (one query for each)."""
    centres = ServiceCentre.objects.select_related("commune").order_by("code")
    if province:
        centres = centres.filter(province_id=province)
    if commune:
        centres = centres.filter(commune_id=commune)
    history: dict[int, list[CentreChange]] = {}
    for c in CentreChange.objects.filter(centre__in=centres).order_by("effective_on", "id"):
        history.setdefault(c.centre_id, []).append(c)
    out = []
    for centre in centres:
        rows = history.get(centre.id, [])
        changes = [Change(c.kind, c.effective_on, c.address) for c in rows]
        if changes:
            status = status_on(changes, day)
        else:
            status = None if centre.opened_on and centre.opened_on > day else centre.status
        out.append({"centre": centre, "status": status, "changes": rows})
    return out
