"""How interconnected bundles flow (Decree 63/2024 Arts. 5–7; docs/domain/one-stop-rules.md §2): per bundle
kind, for the bundles filed in a period and an area, how many were decided and how many within
the bundle's total deadline (as moved by its members' restarts, `bundles.shift_parent_due`), how
many are still open, past their due time or waiting for a supplement, how many had a member ask
for one — and, for the open ones, at which member step they wait.

The oversight facts count a bundle's members as dossiers of their own procedures (facts_rules),
so none of this can be read from them: it is read from the dossiers, the parents and their
members, a few statements per page (the parents carry `bundle_id`, indexed). Each number opens
the bundles behind it (`bundles_for`, /giam-sat/lien-thong/), read with the same condition.

The 1 Oct 2025 review names "interconnected procedures (land, construction, civil status,
insurance) that do not flow" among the problems of the first three months; this is the measure.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q

from localgov.catalog.models import BundleMember
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State
from localgov.oversight.facts import local_bounds
from localgov.oversight.facts_rules import RUNNING_STATES
from localgov.oversight.indicators import format_value
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
    #: member step (its order in the bundle, its label) → open bundles with that member being
    #: handled now; the label is the member procedure's name, with "(bước N)" where the procedure
    #: is more than one step of the bundle (the land transfer's registry, before and after the tax)
    waiting_at: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def within_rate(self) -> float | None:
        return self.within / self.decided if self.decided else None

    @property
    def within_text(self) -> str:
        """The rate as the dashboard writes rates: "98,8%", or "—"."""
        return format_value("on_time_766", self.within_rate)

    @property
    def waiting(self) -> list[tuple[int, str, str]]:
        """(step, label, count as the dashboard writes counts) of `waiting_at`, in its order."""
        return [(order, label, format_value("received", n)) for (order, label), n in self.waiting_at.items()]

    @property
    def text(self) -> dict[str, str]:
        """Each count as the dashboard writes counts ("1.065"), by metric."""
        return {m: format_value("received", getattr(self, m)) for m in BUNDLE_METRICS}


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


#: The numbers of a bundle kind's row, each with its label (the dashboard's column) — the counts
#: of `bundle_flow` and the lists of `bundles_for` read the same conditions (`conditions`), so a
#: number and the length of the list behind it agree.
BUNDLE_METRICS: dict[str, str] = {
    "filed": "Hồ sơ liên thông tiếp nhận",
    "decided": "Hồ sơ liên thông đã giải quyết",
    "within": "Hồ sơ liên thông giải quyết đúng tổng thời hạn",
    "open": "Hồ sơ liên thông đang giải quyết",
    "open_past_due": "Hồ sơ liên thông quá hạn",
    "waiting_supplement": "Hồ sơ liên thông chờ bổ sung",
    "member_supplement": "Hồ sơ liên thông có thành phần phải bổ sung",
}


def conditions(due_before: datetime) -> dict[str, Q]:
    """Each metric's condition on the bundles' parent dossiers (annotated by `_with_member_supplement`)."""
    open_ = ~Q(state__in=ENDED)
    return {
        "filed": Q(pk__isnull=False),
        "decided": Q(outcome__gt=""),
        "within": Q(outcome__in=WITHIN),
        "open": open_,
        # judged as an overdue dossier is (dossier_lists "overdue", facts_rules.due_position): its
        # clock runs — not waiting for the applicant's papers (the member's period restarts on their
        # return, Art. 19(5), and the parent's due moves with it) nor stopped for a tax step — and
        # its due time, or the one an apology set, is past
        "open_past_due": Q(state__in=sorted(RUNNING_STATES), paused_since__isnull=True)
        & (Q(extended_due_at__isnull=True, due_at__lt=due_before) | Q(extended_due_at__lt=due_before)),
        "waiting_supplement": Q(state=int(State.SUPPLEMENT_REQUESTED)),
        "member_supplement": Q(member_supplement=True),
    }


def _with_member_supplement(parents: Any) -> Any:
    return parents.annotate(
        member_supplement=Exists(Dossier.objects.filter(parent=OuterRef("pk"), supplement_requests__gt=0)))


def bundle_flow(area: Area, period: Period, due_before: datetime | None = None) -> list[BundleFlow]:
    """One row per bundle kind filed in the area during the period, most filed first. Open and
    past due: still in hand now, due before `due_before` (default `past_due_before(period)`)."""
    now = due_before or past_due_before(period)
    counts = {name: Count("id", filter=cond) for name, cond in conditions(now).items()}
    rows = _with_member_supplement(_parents(area, period)).values("bundle__code", "bundle__name").annotate(**counts)
    out = {r["bundle__code"]: BundleFlow(code=r["bundle__code"], name=r["bundle__name"],
                                         **{name: r[name] for name in BUNDLE_METRICS})
           for r in rows}
    waiting: dict[str, dict[tuple[int, str], int]] = defaultdict(dict)
    members = Dossier.objects.filter(parent__in=_parents(area, period).filter(~Q(state__in=ENDED)).values("pk"),
                                     state__in=RUNNING)
    labels = step_labels(list(out))
    for r in members.values("bundle__code", "bundle_order").annotate(n=Count("parent_id", distinct=True)):
        order = r["bundle_order"]
        waiting[r["bundle__code"]][(order, labels.get((r["bundle__code"], order), str(order)))] = r["n"]
    for code, at in waiting.items():
        if code in out:
            out[code].waiting_at = dict(sorted(at.items(), key=lambda kv: (-kv[1], kv[0])))
    return sorted(out.values(), key=lambda b: (-b.filed, b.code))


def step_labels(bundle_codes: list[str]) -> dict[tuple[str, int], str]:
    """(bundle code, member order) → the member step's label: its procedure's name, with
    "(bước N)" where that procedure is more than one step of the bundle."""

    rows = list(BundleMember.objects.filter(bundle__code__in=bundle_codes).values_list(
        "bundle__code", "order", "procedure__code", "procedure__name"))
    steps = defaultdict(int)
    for code, _order, procedure, _name in rows:
        steps[(code, procedure)] += 1
    return {(code, order): name if steps[(code, procedure)] == 1 else f"{name} (bước {order})"
            for code, order, procedure, name in rows}


def bundles_for(metric: str, area: Area, period: Period, *, bundle: str | None = None,
                waiting_at: int | None = None, due_before: datetime | None = None) -> Any:
    """The parent dossiers behind a number of `bundle_flow`: the bundles filed in the area and
    period meeting the metric's condition, of one bundle kind (`bundle`, its code) or all; with
    `waiting_at` (a member step: its order in the bundle), the open ones whose member of that
    step is being handled now (the "Đang chờ tại" column). The caller passes the result through
    access.policy.filter_queryset(actor, "dossier", …)."""
    now = due_before or past_due_before(period)
    qs = _with_member_supplement(_parents(area, period)).filter(conditions(now)[metric])
    if bundle:
        qs = qs.filter(bundle__code=bundle)
    if waiting_at is not None:
        running = Dossier.objects.filter(parent=OuterRef("pk"), state__in=RUNNING, bundle_order=waiting_at)
        qs = qs.filter(~Q(state__in=ENDED), Exists(running))
    return qs
