"""The reconciliation report: localgov's side (from the dossiers and their events) against the
imported national figures, per unit and day; and `sync_rate(scope, period)`, the input of
Decision 766 indicator 1.4.

`scope` is anything with `level` ("nation" | "province" | "commune"), `province` and `commune`
(oversight's `Area`), `period` anything with `start` and `end` dates (oversight's `Period`):
this module does not import oversight, so oversight's scores may import it.

The seam for the outbound sync (branch i20-outbox): localgov's side is read here from the
dossiers themselves (`local_sides`). When each dossier carries its sync status, a report of
"what localgov believes it delivered" can replace `local_sides` without changing `core`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from localgov.access.policy import Actor, sees_scope
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.reconcile import core
from localgov.reconcile.models import NationalCount, NationalDossier, NationalImport
from localgov.units.models import Commune, Province

#: End states whose reaching counts as "processed" (docs/domain/decision-766.md §2, indicator 2.1):
#: refused 3, stopped 8, done 9 (workflow.State; a return 10 follows a done and is not counted again).
PROCESSED_STATES = (3, 8, 9)


class Scope(Protocol):
    level: str
    province: str | None
    commune: str | None


class PeriodLike(Protocol):
    start: date
    end: date


def may_see(actor: Actor, scope: Scope) -> bool:
    """The oversight rule (`access.policy.sees_scope`)."""
    return sees_scope(actor, scope)


def unit_of(province: str, commune: str | None) -> str:
    return commune or province


def _bounds(period: PeriodLike) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.combine(period.start, time.min, tzinfo=tz),
            datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz))


def _scope_q(scope: Scope, prefix: str = "") -> Q:
    q = Q()
    if scope.province:
        q &= Q(**{f"{prefix}province_code": scope.province})
    if scope.level == "commune":
        q &= Q(**{f"{prefix}competent_commune_code": scope.commune})
    return q


def _national_q(scope: Scope) -> Q:
    q = Q()
    if scope.province:
        q &= Q(province_code=scope.province)
    if scope.level == "commune":
        q &= Q(commune_code=scope.commune)
    return q


def _counted() -> Q:
    """Not a bundle's parent (its members are the dossiers; oversight/facts.py `counted`)."""
    return Q(bundle__isnull=True) | Q(parent__isnull=False)


def local_sides(scope: Scope, period: PeriodLike, *, with_codes: Iterable[tuple[str, date]] = ()
                ) -> dict[tuple[str, date], core.Side]:
    """localgov's received (by the day of submission) and processed (by the day an end state
    was reached) per competent unit and local day; the dossier codes (with their state) for the
    unit-days in `with_codes`."""
    lo, hi = _bounds(period)
    received: dict[tuple[str, date], int] = defaultdict(int)
    base = Dossier.objects.filter(_counted(), _scope_q(scope), submitted_at__gte=lo, submitted_at__lt=hi)
    for r in (base.annotate(d=TruncDate("submitted_at")).values("province_code", "competent_commune_code", "d")
              .annotate(n=Count("id")).order_by()):
        received[(unit_of(r["province_code"], r["competent_commune_code"]), r["d"])] += r["n"]
    processed: dict[tuple[str, date], int] = defaultdict(int)
    events = DossierEvent.objects.filter(_scope_q(scope, "dossier__"), to_state__in=PROCESSED_STATES,
                                         at__gte=lo, at__lt=hi).filter(
        Q(dossier__bundle__isnull=True) | Q(dossier__parent__isnull=False))
    for r in (events.annotate(d=TruncDate("at"))
              .values("dossier__province_code", "dossier__competent_commune_code", "d")
              .annotate(n=Count("dossier_id", distinct=True)).order_by()):
        processed[(unit_of(r["dossier__province_code"], r["dossier__competent_commune_code"]), r["d"])] += r["n"]
    wanted = set(with_codes)
    codes: dict[tuple[str, date], dict[str, int]] = {k: {} for k in wanted}
    if wanted:
        units = {u for u, _d in wanted}
        unit_q = Q(competent_commune_code__in=[u for u in units if len(u) == 5]) | Q(
            province_code__in=[u for u in units if len(u) == 2], competent_commune_code__isnull=True) | Q(
            province_code__in=[u for u in units if len(u) == 2], competent_commune_code="")
        for code, state, prov, comm, at in base.filter(unit_q).values_list(
                "code", "state", "province_code", "competent_commune_code", "submitted_at").iterator(chunk_size=5000):
            key = (unit_of(prov, comm), timezone.localtime(at).date())
            if key in codes:
                codes[key][code] = state
    return {k: core.Side(received.get(k, 0), processed.get(k, 0), codes.get(k))
            for k in received.keys() | processed.keys() | wanted}


def national_sides(scope: Scope, period: PeriodLike) -> tuple[dict[tuple[str, date], core.Side], set[str]]:
    """The national figures per unit-day (counts from the count export; where only the dossier
    list covers a unit-day, its counts are the list's length), and the units the imports cover."""
    q = _national_q(scope) & Q(day__gte=period.start, day__lte=period.end)
    counts: dict[tuple[str, date], tuple[int, int | None]] = {
        (unit_of(p, c), d): (rec, proc) for p, c, d, rec, proc in NationalCount.objects.filter(q).values_list(
            "province_code", "commune_code", "day", "received", "processed")}
    lists: dict[tuple[str, date], dict[str, int]] = defaultdict(dict)
    for code, p, c, d, state in NationalDossier.objects.filter(q).values_list(
            "code", "province_code", "commune_code", "day", "state").iterator(chunk_size=5000):
        lists[(unit_of(p, c), d)][code] = state
    out = {}
    for key in counts.keys() | lists.keys():
        rec, proc = counts.get(key, (len(lists.get(key, {})), None))
        out[key] = core.Side(rec, proc, lists.get(key))
    return out, {u for u, _d in out}


def report(scope: Scope, period: PeriodLike) -> dict[str, Any]:
    """The reconciliation report: one row per unit-day, the differences dossier by dossier where
    the national dossier list covers it, totals and the sync rate."""
    national, covered_units = national_sides(scope, period)
    list_keys = [k for k, s in national.items() if s.codes is not None]
    local = local_sides(scope, period, with_codes=list_keys)
    # A unit the national export covers but without a line for a day on which localgov received
    # dossiers: the portal has nothing for that unit-day (zeros), which is a difference.
    for key in local.keys() - national.keys():
        if key[0] in covered_units and _imported_days_cover(key[1]):
            national[key] = core.Side(0, 0, None)
    rows = core.compare(local, national)
    unit_names = _names({r.unit for r in rows})
    rate = core.sync_rate(rows)
    return {
        "scope": {"level": scope.level, "code": scope.commune or scope.province},
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "sync_rate": rate,
        "totals": {
            "local_received": sum(r.local.received for r in rows),
            "national_received": sum(r.national.received for r in rows if r.national),
            "local_processed": sum(r.local.processed for r in rows),
            "national_processed": sum(r.national.processed or 0 for r in rows if r.national),
            "unit_days": len(rows),
            "unit_days_matching": sum(r.matches for r in rows),
            "unit_days_not_covered": sum(r.national is None for r in rows),
        },
        "rows": [_row(r, unit_names) for r in rows],
        "imports": [{"id": i.id, "kind": i.kind, "filename": i.filename, "rows": i.rows,
                     "first_day": i.first_day.isoformat(), "last_day": i.last_day.isoformat(),
                     "imported_at": i.imported_at.isoformat(timespec="seconds"), "imported_by": i.imported_by}
                    for i in NationalImport.objects.filter(first_day__lte=period.end, last_day__gte=period.start)[:20]],
    }


def _imported_days_cover(day: date) -> bool:
    return NationalImport.objects.filter(first_day__lte=day, last_day__gte=day).exists()


def _row(r: core.UnitDay, unit_names: dict[str, str]) -> dict[str, Any]:
    return {
        "unit": r.unit, "unit_name": unit_names.get(r.unit, r.unit), "day": r.day.isoformat(),
        "local_received": r.local.received, "national_received": r.national.received if r.national else None,
        "received_diff": r.received_diff,
        "local_processed": r.local.processed, "national_processed": r.national.processed if r.national else None,
        "processed_diff": r.processed_diff,
        "covered": r.national is not None, "by_dossier": r.by_dossier, "matches": r.matches,
        "only_local": r.only_local, "only_national": r.only_national,
        "state_differs": [{"code": c, "local": a, "national": b} for c, a, b in r.state_differs],
    }


def _names(units: set[str]) -> dict[str, str]:

    out = dict(Province.objects.filter(code__in=[u for u in units if len(u) == 2]).values_list("code", "name"))
    out.update(Commune.objects.filter(code__in=[u for u in units if len(u) == 5]).values_list("code", "name"))
    return out


def sync_rate(scope: Scope, period: PeriodLike) -> float | None:
    """Indicator 1.4's input (Decision 766/QĐ-TTg; docs/domain/decision-766.md §2): dossiers
    synchronised ÷ max(localgov's count, the national count) over the unit-days the national
    export covers; None when nothing was imported for the scope and period (not measured)."""
    if not NationalCount.objects.filter(_national_q(scope), day__gte=period.start, day__lte=period.end).exists() \
            and not NationalDossier.objects.filter(_national_q(scope), day__gte=period.start,
                                                   day__lte=period.end).exists():
        return None
    value = report(scope, period)["sync_rate"]
    return None if value is None else float(value)
