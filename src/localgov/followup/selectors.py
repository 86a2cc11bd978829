"""Reads of follow-up records, always through the access policy, and the figures the follow-up
dashboard, the oversight area and the briefing show. The classes and deadlines are
`followup.rules` with the project's calendar (`workcalendar.adapter.get_calendar()`)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet

from localgov.access.policy import Actor, filter_queryset
from localgov.followup import reference
from localgov.followup import rules as r
from localgov.followup.models import Commitment, FollowupEvent, GuidanceDoc, Premise, Problem
from localgov.followup.services import VERSION_KEY, config
from localgov.units.models import Agency, Province
from localgov.workcalendar.adapter import get_calendar


def docs(*, actor: Actor) -> QuerySet[GuidanceDoc]:
    return filter_queryset(actor, "guidance_doc", GuidanceDoc.objects.select_related("ministry"))


def problems(*, actor: Actor) -> QuerySet[Problem]:
    return filter_queryset(actor, "problem", Problem.objects.select_related("routed_to", "waiting_for"))


def commitments(*, actor: Actor) -> QuerySet[Commitment]:
    return filter_queryset(actor, "commitment", Commitment.objects.select_related("responsible_agency"))


def premises(*, actor: Actor) -> QuerySet[Premise]:
    return filter_queryset(actor, "premise", Premise.objects.all())


READERS = {"guidance_doc": docs, "problem": problems, "commitment": commitments, "premise": premises}


def history(kind: str, pk: int) -> QuerySet[FollowupEvent]:
    return FollowupEvent.objects.filter(kind=kind, object_id=pk).order_by("at", "pk")


def ministries() -> list[Agency]:
    return list(Agency.objects.filter(kind="ministry").order_by("name"))


def province_names() -> dict[str, str]:
    return dict(Province.objects.values_list("code", "name"))


# --- classes ------------------------------------------------------------------------------


def _roll() -> bool:
    return bool(config()["roll_deadline_off_day"])


def doc_deadline(doc: GuidanceDoc) -> date:
    """The date the document is late after: its legal due date (rolled past a day off)."""
    return r.effective_deadline(doc.due_date, get_calendar(), roll_off_day=_roll())


def doc_class(doc: GuidanceDoc, today: date) -> r.TaskClass:
    done = doc.issued_date if doc.status in r.DOC_DONE else None
    if doc.status in r.DOC_DONE and done is None:
        done = doc.due_date  # replaced without an issue date recorded: not counted late
    return r.classify(doc_deadline(doc), done, today)


def commitment_deadline(c: Commitment) -> date:
    return r.effective_deadline(c.deadline, get_calendar(), roll_off_day=_roll())


def commitment_class(c: Commitment, today: date) -> r.TaskClass:
    return r.classify(commitment_deadline(c), c.done_on, today)


def problem_class(p: Problem, today: date) -> r.TaskClass:
    """Answered (or closed) on time / late, open within the period / overdue."""
    done = p.answered_on if p.status in (r.ProblemStatus.ANSWERED, r.ProblemStatus.CLOSED) else None
    if done is None and p.status == r.ProblemStatus.CLOSED:
        done = p.closed_on
    return r.classify(p.response_due, done, today)


def premise_class(p: Premise, today: date) -> r.TaskClass | None:
    if p.deadline is None:
        return None
    return r.classify(r.effective_deadline(p.deadline, get_calendar(), roll_off_day=_roll()), p.done_on, today)


def waiting_units(doc: GuidanceDoc) -> dict[str, list[str]]:
    """Which provinces and communes wait for `doc` (their open problems point to it)."""
    rows = doc.waiting_problems.filter(status__in=list(r.PROBLEM_OPEN)).values_list("province_code", "commune_code")
    provinces = sorted({p for p, _ in rows})
    communes = sorted({c for _, c in rows if c})
    return {"provinces": provinces, "communes": communes}


# --- the dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    today: date
    docs: dict[str, Any]
    problems: dict[str, Any]
    commitments: dict[str, Any]
    premises: dict[str, Any]


def _classes(counter: Counter[r.TaskClass]) -> list[dict[str, Any]]:
    return [{"code": c.value, "label": r.TASK_CLASS_LABELS[c], "count": counter.get(c, 0)} for c in r.TaskClass]


def summary(*, actor: Actor, today: date, province: str | None = None, top: int = 10) -> Summary:
    """Everything the follow-up section shows, for `actor`'s rows (and one province if given):
    documents overdue by ministry and by field with what they block, problems open longest and
    overdue, the four classes of tasks, premises by province (handled, community use, idle)."""
    fields = reference.fields()
    # guidance documents: few hundred rows at most; classes in Python with the calendar
    doc_rows = list(docs(actor=actor).only("id", "title", "ministry__name", "field_code", "status", "due_date",
                                           "committed_date", "issued_date", "blocked", "late_cause"))
    waiting = Counter(Problem.objects.filter(status__in=list(r.PROBLEM_OPEN), waiting_for__isnull=False)
                      .values_list("waiting_for_id", flat=True))
    doc_classes: Counter[r.TaskClass] = Counter()
    overdue_docs = []
    for d in doc_rows:
        cls = doc_class(d, today)
        doc_classes[cls] += 1
        if cls is r.TaskClass.OVERDUE:
            overdue_docs.append({"id": d.pk, "title": d.title, "ministry": d.ministry.name,
                                 "field": fields.get(d.field_code, d.field_code), "due": d.due_date,
                                 "committed": d.committed_date, "days_late": (today - d.due_date).days,
                                 "blocked": d.blocked, "cause": d.late_cause, "waiting": waiting.get(d.pk, 0)})
    overdue_docs.sort(key=lambda x: -x["days_late"])
    by_ministry = Counter(x["ministry"] for x in overdue_docs).most_common()
    by_field = Counter(x["field"] for x in overdue_docs).most_common()

    pq = problems(actor=actor)
    if province:
        pq = pq.filter(province_code=province)
    open_q = Q(status__in=list(r.PROBLEM_OPEN))
    counts = pq.aggregate(
        total=Count("pk"), open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=open_q & Q(response_due__lt=today)),
        answered=Count("pk", filter=Q(status__in=[r.ProblemStatus.ANSWERED, r.ProblemStatus.CLOSED])),
        answered_late=Count("pk", filter=Q(status__in=[r.ProblemStatus.ANSWERED, r.ProblemStatus.CLOSED],
                                           answered_on__gt=F("response_due"))),
        reopened=Count("pk", filter=Q(reopen_count__gt=0)),
    )
    names = province_names()
    longest = [{"id": p.pk, "title": p.title, "province": names.get(p.province_code, p.province_code),
                "commune": p.commune_code, "routed_to": p.routed_to.name, "raised_on": p.raised_on,
                "due": p.response_due, "days_open": (today - p.raised_on).days,
                "overdue": p.response_due < today}
               for p in pq.filter(open_q).order_by("raised_on", "pk")[:top]]
    by_routed = list(pq.filter(open_q & Q(response_due__lt=today)).values("routed_to__name")
                     .annotate(n=Count("pk")).order_by("-n", "routed_to__name")[:top])

    cq = commitments(actor=actor)
    if province:
        cq = cq.filter(province_code=province)
    c_rows = list(cq.select_related(None).only("id", "deadline", "done_on"))
    c_classes = Counter(commitment_class(c, today) for c in c_rows)

    mq = premises(actor=actor)
    if province:
        mq = mq.filter(province_code=province)
    community = Q(status=r.PremiseStatus.DONE, planned_use__in=[u.value for u in r.COMMUNITY_USES])
    by_province = list(mq.values("province_code").annotate(
        total=Count("pk"), handled=Count("pk", filter=Q(status=r.PremiseStatus.DONE)),
        community=Count("pk", filter=community), idle=Count("pk", filter=Q(status=r.PremiseStatus.IDLE)),
    ).order_by("-idle", "province_code"))
    for row in by_province:
        row["name"] = names.get(row["province_code"], row["province_code"])
    totals = {k: sum(row[k] for row in by_province) for k in ("total", "handled", "community", "idle")}
    return Summary(
        today=today,
        docs={"total": len(doc_rows), "classes": _classes(doc_classes), "overdue": overdue_docs[:top],
              "overdue_count": len(overdue_docs), "by_ministry": by_ministry, "by_field": by_field},
        problems={**counts, "longest": longest, "overdue_by_routed": by_routed},
        commitments={"total": len(c_rows), "classes": _classes(c_classes)},
        premises={"by_province": by_province, **totals},
    )


#: Seconds a cached summary is kept at most; any follow-up write changes the version key first.
SUMMARY_TTL = 300


def summary_key(*, actor: Actor, today: date, province: str | None) -> str:
    """The cache key of `actor`'s summary for (day, province) at the current data version."""
    scopes = "system" if actor.system else repr(sorted((role.value, repr(scope)) for role, scope in
                                                        actor.scopes.items()))
    version = cache.get(VERSION_KEY) or 0
    return "followup:summary:" + hashlib.sha256(
        f"{version}|{today.isoformat()}|{province}|{scopes}".encode()).hexdigest()


def cached_summary(*, actor: Actor, today: date, province: str | None = None) -> Summary:
    """`summary`, cached per (data version, day, province, the actor's scopes): every follow-up
    write bumps the version (services.bump_version, on commit), so a cached answer is never
    older than the last write. The dashboard section and the briefing read this."""
    key = summary_key(actor=actor, today=today, province=province)
    found = cache.get(key)
    if found is None:
        found = summary(actor=actor, today=today, province=province)
        cache.set(key, found, SUMMARY_TTL)
    return found


def due_soon_for(*, actor: Actor, today: date) -> dict[str, list[Any]]:
    """What the signed-in person is responsible for that is due soon or overdue (the reminder
    shown on their follow-up home page)."""
    cal = get_calendar()
    within = int(config()["reminder_working_days_before"])
    out: dict[str, list[Any]] = {"docs": [], "problems": [], "commitments": []}
    for d in docs(actor=actor).exclude(status__in=list(r.DOC_DONE))[:500]:
        if r.due_soon(doc_deadline(d), None, today, within, cal) or doc_class(d, today) is r.TaskClass.OVERDUE:
            out["docs"].append(d)
    for p in problems(actor=actor).filter(status__in=list(r.PROBLEM_OPEN))[:500]:
        if r.due_soon(p.response_due, None, today, within, cal) or p.response_due < today:
            out["problems"].append(p)
    for c in commitments(actor=actor).filter(done_on__isnull=True)[:500]:
        if r.due_soon(commitment_deadline(c), None, today, within, cal) or commitment_class(c, today) is \
                r.TaskClass.OVERDUE:
            out["commitments"].append(c)
    return out
