"""Reads of the service-centre register: a centre's history, its status on a date, and how many
centres operate on a date (the dashboards' "centres operating", `oversight.selectors`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q

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
    history = changes_of(centre) if centre.in_register else []
    if history:
        return status_on(history, day)
    if centre.opened_on and centre.opened_on > day:
        return None
    return centre.status


def count_operating(day: date, *, province: str | None = None, commune: str | None = None,
                    group: str | None = None) -> dict[Any, int]:
    """How many centres operate on `day`: {None: n}, or with group "province"/"commune" {code: n}.
    A centre with a history: its change in force on `day` ([effective_on, until)) leaves it
    operating (history.STATUS_AFTER); without any change: its loaded status and opening date."""
    hist = CentreChange.objects.filter(Q(until__isnull=True) | Q(until__gt=day), effective_on__lte=day,
                                       kind__in=OPERATING_KINDS)
    legacy = ServiceCentre.objects.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day), status="operating",
                                          in_register=False)
    if province:
        hist, legacy = hist.filter(province_code=province), legacy.filter(province_id=province)
    if commune:
        hist, legacy = hist.filter(commune_code=commune), legacy.filter(commune_id=commune)
    if group not in ("province", "commune"):
        return {None: hist.count() + legacy.count()}
    out: dict[Any, int] = {}
    for qs, field in ((hist, f"{group}_code"), (legacy, f"{group}_id")):
        for key, n in qs.values_list(field).annotate(n=Count("id")).order_by():
            key = key or None
            out[key] = out.get(key, 0) + n
    return out


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
