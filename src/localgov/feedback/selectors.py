"""Reads of complaints and trips, always through the access policy; the group-5 indicators
(5.1–5.3 from the complaint records, 5.4's "dossiers with complaints"), the trips per dossier
and the late dossiers without an apology (docs/feedback.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from localgov.access.policy import SYSTEM, Actor, filter_queryset, matches
from localgov.core.errors import NotFound
from localgov.dossiers.models import Dossier
from localgov.dossiers.selectors import OPEN_STATES, visible_dossiers
from localgov.feedback.lifecycle import OPEN_STATUSES, Group5, Kind, Status
from localgov.feedback.models import Complaint, Trip

PAGE_SIZE = 25

QUEUES: dict[str, str] = {
    "open": "Đang xử lý",
    "due": "Đến hạn trong 1 ngày làm việc",
    "overdue": "Quá hạn",
    "waiting": "Chờ người phản ánh",
    "unpublished": "Chưa công khai câu trả lời",
    "all": "Tất cả",
}


def visible_complaints(actor: Actor) -> QuerySet[Complaint]:
    return filter_queryset(actor, "complaint", Complaint.objects.all())


def get_complaint(actor: Actor, code: str) -> Complaint:
    c = Complaint.objects.select_related("dossier", "procedure", "agency", "centre").filter(code=code).first()
    if c is None or not matches(actor, "complaint", c):
        raise NotFound("Không tìm thấy phản ánh.")
    return c


def late_q(now: datetime) -> Q:
    """Late for indicator 5.2: a step done after its limit (the stored flag) or a limit passed
    undone (the stored due time)."""
    return Q(late=True) | Q(due_at__lt=now)


def not_satisfied_q(now: datetime) -> Q:
    """Indicator 5.3: rated unsatisfied, re-opened or late (lifecycle.not_satisfied)."""
    return Q(rating="unsatisfied") | Q(reopened__gt=0) | late_q(now)


def queue(actor: Actor, kind: str, *, due_limit: datetime, now: datetime | None = None) -> QuerySet[Complaint]:
    """A complaint queue; `due_limit`: the end of the "due soon" window (the office's
    `queues.due_soon_limit`, one working day)."""
    now = now or timezone.now()
    qs = visible_complaints(actor).select_related("dossier", "procedure")
    if kind == "open":
        qs = qs.filter(status__in=[s.value for s in OPEN_STATUSES])
    elif kind == "due":
        qs = qs.filter(due_at__gte=now, due_at__lte=due_limit)
    elif kind == "overdue":
        qs = qs.filter(due_at__lt=now)
    elif kind == "waiting":
        qs = qs.filter(status=Status.WAITING_INFO)
    elif kind == "unpublished":
        qs = qs.filter(answered_at__isnull=False, published_at__isnull=True)
    return qs.order_by("due_at", "received_at") if kind != "all" else qs.order_by("-received_at")


def published(*, province_code: str | None = None) -> QuerySet[Complaint]:
    """Answers published on the portal (no personal data is read from these rows by the page)."""
    qs = Complaint.objects.filter(published_at__isnull=False).only(
        "code", "kind", "title", "public_summary", "answer", "answered_at", "published_at", "province_code")
    if province_code:
        qs = qs.filter(province_code=province_code)
    return qs.order_by("-published_at")


@dataclass(frozen=True)
class Place:
    province_code: str | None = None
    commune_code: str | None = None


def _place(qs: QuerySet, place: Place, commune_field: str = "commune_code") -> QuerySet:
    if place.commune_code:
        return qs.filter(**{commune_field: place.commune_code})
    if place.province_code:
        return qs.filter(province_code=place.province_code)
    return qs


def complaints_in(actor: Actor, place: Place, first: date | None = None, last: date | None = None
                  ) -> QuerySet[Complaint]:
    return _between(_place(visible_complaints(actor), place), "received_at", first, last)


def group5(actor: Actor, place: Place, first: date | None = None, last: date | None = None, *,
           now: datetime | None = None) -> Group5:
    """Indicators 5.1 (by type), 5.2 (on time) and 5.3 (satisfied) over the complaints
    received in the period at the place (one aggregate query)."""
    now = now or timezone.now()
    qs = complaints_in(actor, place, first, last)
    agg = qs.aggregate(
        n_total=Count("pk"),
        n_late=Count("pk", filter=late_q(now)),
        n_not_satisfied=Count("pk", filter=not_satisfied_q(now)),
        **{f"k_{k.value}": Count("pk", filter=Q(kind=k.value)) for k in Kind},
    )
    return Group5(total=agg["n_total"], by_kind={k.value: agg[f"k_{k.value}"] for k in Kind},
                  on_time=agg["n_total"] - agg["n_late"], satisfied=agg["n_total"] - agg["n_not_satisfied"])


def group5_list(actor: Actor, place: Place, measure: str, first: date | None = None, last: date | None = None,
                *, now: datetime | None = None) -> QuerySet[Complaint]:
    """The complaints behind a number (drill-down): `late`, `not_satisfied`, or a kind."""
    now = now or timezone.now()
    qs = complaints_in(actor, place, first, last)
    if measure == "late":
        qs = qs.filter(late_q(now))
    elif measure == "not_satisfied":
        qs = qs.filter(not_satisfied_q(now))
    elif measure in {k.value for k in Kind}:
        qs = qs.filter(kind=measure)
    return qs.order_by("-received_at")


def dossiers_with_complaints(actor: Actor, place: Place, first: date | None = None, last: date | None = None
                             ) -> tuple[int, int]:
    """Indicator 5.4's second term: dossiers (received in the period at the place) with at
    least one complaint about them ÷ dossiers (docs/domain/decision-766.md §2, 5.4)."""
    qs = _dossiers_in(actor, place, first, last)
    total = qs.count()
    with_complaints = qs.filter(complaints__isnull=False).values("pk").distinct().count()
    return with_complaints, total


def _dossiers_in(actor: Actor, place: Place, first: date | None, last: date | None) -> QuerySet[Dossier]:
    return _between(_place(visible_dossiers(actor), place, "competent_commune_code"), "submitted_at", first, last)


def _between(qs: QuerySet, field: str, first: date | None, last: date | None) -> QuerySet:
    """Local days [first, last] as an instant range (an index range, where `__date` would call a
    function on every row)."""
    tz = timezone.get_current_timezone()
    if first:
        qs = qs.filter(**{f"{field}__gte": datetime.combine(first, time.min, tzinfo=tz)})
    if last:
        qs = qs.filter(**{f"{field}__lt": datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)})
    return qs


# --- trips ------------------------------------------------------------------------------


def trips_of(dossier: Dossier) -> QuerySet[Trip]:
    return Trip.objects.filter(dossier=dossier).select_related("centre")


@dataclass(frozen=True)
class TripRow:
    key: str
    label: str
    dossiers: int
    trips: int
    multi: int

    @property
    def multi_share(self) -> float | None:
        return None if not self.dossiers else self.multi / self.dossiers


def trip_table(actor: Actor, place: Place, by: str, first: date | None = None, last: date | None = None
               ) -> list[TripRow]:
    """Dossiers, trips and dossiers with more than one trip ("đi lại nhiều lần") by unit
    (commune, or province at national level) or by procedure."""
    qs = _dossiers_in(actor, place, first, last)
    if by == "procedure":
        keys = ("procedure__code", "procedure__name")
    elif place.province_code or place.commune_code:
        keys = ("competent_commune_code", "competent_commune_code")
    else:
        keys = ("province_code", "province_code")
    # Two grouped reads instead of one query with a per-row subquery (56 s for the nation on the
    # demo's 95,000 dossiers): dossiers per key, then the trips per dossier that has any.
    labels: dict[str, str] = {}
    dossiers: dict[str, int] = {}
    for row in qs.order_by().values(keys[0], keys[1]).annotate(n=Count("pk")):
        key = row[keys[0]] or ""
        labels[key] = row[keys[1]] or ""
        dossiers[key] = dossiers.get(key, 0) + row["n"]
    trips: dict[str, int] = {}
    multi: dict[str, int] = {}
    per_dossier = (Trip.objects.filter(dossier__in=qs.values("pk")).order_by()
                   .values("dossier_id", "dossier__" + keys[0]).annotate(n=Count("pk")))
    for row in per_dossier:
        key = row["dossier__" + keys[0]] or ""
        trips[key] = trips.get(key, 0) + row["n"]
        multi[key] = multi.get(key, 0) + (row["n"] > 1)
    out = [TripRow(key=k, label=labels[k], dossiers=n, trips=trips.get(k, 0), multi=multi.get(k, 0))
           for k, n in dossiers.items()]
    return sorted(out, key=lambda r: (-(r.multi_share or 0), r.key))


def _multi_ids() -> QuerySet:
    return Trip.objects.values("dossier_id").annotate(n=Count("pk")).filter(n__gt=1).values("dossier_id")


def multi_trip_dossiers(actor: Actor, place: Place, first: date | None = None, last: date | None = None, *,
                        procedure_code: str | None = None, commune_code: str | None = None) -> QuerySet[Dossier]:
    """The dossiers behind the "more than one trip" number."""
    qs = _dossiers_in(actor, place, first, last).filter(pk__in=_multi_ids())
    if procedure_code:
        qs = qs.filter(procedure__code=procedure_code)
    if commune_code:
        qs = qs.filter(competent_commune_code=commune_code)
    return qs.annotate(n_trips=Count("trips")).select_related("procedure").order_by("-n_trips", "code")


def late_without_apology(actor: Actor, place: Place, first: date | None = None, last: date | None = None, *,
                         now: datetime | None = None) -> QuerySet[Dossier]:
    """Dossiers late with no apology (Mẫu 04, Decree 118 Art. 19(6)): decided late, or open
    past their due time, and never extended."""
    now = now or timezone.now()
    qs = _dossiers_in(actor, place, first, last).filter(extension_count=0)
    open_late = Q(state__in=OPEN_STATES, paused_since__isnull=True, due_at__lt=now)
    return qs.filter(Q(outcome="late") | open_late).select_related("procedure").order_by("due_at")


def group5_inputs(place: Place, child: str | None, first: date, last: date, *, now: datetime | None = None
                  ) -> dict[str | None, dict[str, float]]:
    """The group-5 counts the Decision 766 scorer needs (oversight/scores.py), per child unit
    (`child`: "province" or "commune", the dashboards' levels) and for the place (key None):
    complaints, those on time (5.2), those satisfied (5.3), dossiers with complaints (5.4)."""
    now = now or timezone.now()
    complaint_key = {"province": "province_code", "commune": "commune_code"}.get(child or "")
    dossier_key = {"province": "province_code", "commune": "competent_commune_code"}.get(child or "")
    cq = complaints_in(SYSTEM, place, first, last)
    dq = _dossiers_in(SYSTEM, place, first, last)
    aggs = {"n_all": Count("pk"), "n_late": Count("pk", filter=late_q(now)),
            "n_bad": Count("pk", filter=not_satisfied_q(now))}
    out: dict[str | None, dict[str, float]] = {}

    def put(key: str | None, row: dict[str, int]) -> None:
        out.setdefault(key, {}).update({"complaints": row["n_all"], "complaints_on_time": row["n_all"] - row["n_late"],
                                        "complaints_satisfied": row["n_all"] - row["n_bad"]})

    put(None, cq.aggregate(**aggs))
    out[None]["dossiers_with_complaints"] = dq.filter(complaints__isnull=False).values("pk").distinct().count()
    if complaint_key and dossier_key:
        for row in cq.order_by().values(complaint_key).annotate(**aggs):
            put(row[complaint_key], row)
        rows = (dq.filter(complaints__isnull=False).order_by().values(dossier_key)
                .annotate(k=Count("pk", distinct=True)))
        for row in rows:
            out.setdefault(row[dossier_key], {})["dossiers_with_complaints"] = row["k"]
    return out
