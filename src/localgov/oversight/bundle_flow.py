"""How interconnected bundles flow (Decree 63/2024 Arts. 5–7; one-stop-rules.md §2): per bundle
kind, for the bundles filed in a period and an area, how many were decided and how many within
the bundle's total deadline (as moved by its members' restarts, `bundles.shift_parent_due`), how
many are still open, past their due time or waiting for a supplement, how many had a member ask
for one — and, for the open ones, at which member step they wait.

The oversight facts count a bundle's members as dossiers of their own procedures (facts_rules),
so none of this can be read from them: it is read from the dossiers, the parents and their
members, a few statements per page (the parents carry `bundle_id`, indexed).

The 1 Oct 2025 review names "interconnected procedures (land, construction, civil status,
insurance) that do not flow" among the problems of the first three months; this is the measure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State
from localgov.oversight.facts import local_bounds
from localgov.oversight.selectors import Area, Period, overdue_as_of

#: A bundle no longer in hand: decided, returned, refused or stopped (bundles._ENDED).
ENDED = [int(State.DONE), int(State.RETURNED), int(State.REFUSED), int(State.STOPPED)]
#: A member being handled now: the group it belongs to has started and it is not decided.
RUNNING = [int(State.ACCEPTED), int(State.PROCESSING), int(State.SUPPLEMENT_REQUESTED),
           int(State.FINANCIAL_OBLIGATION), int(State.WITHDRAWAL_REQUESTED)]
WITHIN = ["early", "on_time"]  # the outcome against the (moved) total deadline


@dataclass
class BundleFlow:
    code: str
    name: str
    filed: int = 0
    decided: int = 0
    within: int = 0
    open: int = 0
    open_past_due: int = 0
    waiting_supplement: int = 0
    member_supplement: int = 0
    #: member procedure (code, name) → open bundles with that member being handled now
    waiting_at: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def within_rate(self) -> float | None:
        return self.within / self.decided if self.decided else None

    @property
    def within_text(self) -> str:
        """The rate as the dashboard writes rates (indicators.format_value): "98,8%", or "—"."""
        rate = self.within_rate
        return "—" if rate is None else f"{rate * 100:.1f}".replace(".", ",") + "%"


def _parents(area: Area, period: Period) -> Any:
    start, end = local_bounds(period.start, period.end)
    qs = Dossier.objects.filter(bundle__isnull=False, parent__isnull=True, submitted_at__gte=start,
                                submitted_at__lt=end)
    if area.level == "commune":
        return qs.filter(competent_commune_code=area.commune)
    if area.level == "province":
        return qs.filter(province_code=area.province)
    return qs


def past_due_before(period: Period) -> datetime:
    """The instant "past due" is judged at, as the dashboard judges overdue dossiers
    (`selectors.overdue_as_of`: the day after the period, or today if sooner), at 00:00."""
    return local_bounds(overdue_as_of(period), overdue_as_of(period))[0]


def bundle_flow(area: Area, period: Period, due_before: datetime | None = None) -> list[BundleFlow]:
    """One row per bundle kind filed in the area during the period, most filed first. Open and
    past due: still in hand now, due before `due_before` (default `past_due_before(period)`)."""
    now = due_before or past_due_before(period)
    parents = _parents(area, period).annotate(
        member_supplement=Exists(Dossier.objects.filter(parent=OuterRef("pk"), supplement_requests__gt=0)))
    open_ = ~Q(state__in=ENDED)
    rows = parents.values("bundle__code", "bundle__name").annotate(
        filed=Count("id"),
        decided=Count("id", filter=Q(outcome__gt="")),
        within=Count("id", filter=Q(outcome__in=WITHIN)),
        open=Count("id", filter=open_),
        open_past_due=Count("id", filter=open_ & Q(due_at__lt=now)),
        waiting_supplement=Count("id", filter=Q(state=int(State.SUPPLEMENT_REQUESTED))),
        member_supplement=Count("id", filter=Q(member_supplement=True)),
    )
    out = {r["bundle__code"]: BundleFlow(code=r["bundle__code"], name=r["bundle__name"], filed=r["filed"],
                                         decided=r["decided"], within=r["within"], open=r["open"],
                                         open_past_due=r["open_past_due"], waiting_supplement=r["waiting_supplement"],
                                         member_supplement=r["member_supplement"])
           for r in rows}
    waiting: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    members = Dossier.objects.filter(parent__in=_parents(area, period).filter(open_).values("pk"),
                                     state__in=RUNNING)
    for r in members.values("bundle__code", "procedure__code", "procedure__name").annotate(
            n=Count("parent_id", distinct=True)):
        waiting[r["bundle__code"]][(r["procedure__code"], r["procedure__name"])] = r["n"]
    for code, at in waiting.items():
        if code in out:
            out[code].waiting_at = dict(sorted(at.items(), key=lambda kv: (-kv[1], kv[0])))
    return sorted(out.values(), key=lambda b: (-b.filed, b.code))
