"""Reads of payout cases, always through the access policy (resource "payout_case").

`progress` is what the oversight dashboard and the briefing read: by province (and agency) the
cases decided, paid in full, unpaid and overdue against the deadlines — decisions before
31 Aug 2025 (Conclusion 183-KL/TW; Official Letter 6383/BNV-TCBC), payment before 15 Oct 2025
(Conclusion 195-KL/TW; Official Dispatch 19/CV-BCĐ). The deadlines are the `deadlines` parameter
(data/parameters.json); the Django setting LOCALGOV_PAYOUT_DEADLINES overrides them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import BigIntegerField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from localgov.access.policy import Actor, filter_queryset
from localgov.core import numfmt
from localgov.payouts import config
from localgov.payouts.models import CaseStatus, Payment, PaymentStatus, PayoutCase
from localgov.workforce.models import Official

GROUPS = {"province": ("province_code",), "agency": ("province_code", "agency_name")}


@dataclass(frozen=True)
class Deadlines:
    decision_before: date
    payment_before: date
    source: str


def deadlines(on: date | None = None) -> Deadlines:
    param = config.lookup("deadlines", on or date(2025, 10, 1))
    value = {**param.value, **getattr(settings, "LOCALGOV_PAYOUT_DEADLINES", {})}
    return Deadlines(
        decision_before=date.fromisoformat(str(value["decision_before"])),
        payment_before=date.fromisoformat(str(value["payment_before"])),
        source=param.source,
    )


def cases(*, actor: Actor) -> QuerySet[PayoutCase]:
    return filter_queryset(actor, "payout_case", PayoutCase.objects.all())


@dataclass(frozen=True)
class ProgressRow:
    province_code: str
    agency_name: str | None
    decided: int
    paid: int
    unpaid: int
    overdue: int
    decided_late: int
    amount_decided_vnd: int
    amount_paid_vnd: int

    @property
    def paid_share(self) -> float:
        return self.paid / self.decided if self.decided else 0.0


def progress(*, actor: Actor, as_of: date, by: str = "province", dl: Deadlines | None = None) -> list[ProgressRow]:
    """Per province (by="province") or province × agency (by="agency"), as of a date:
    decided = an eligible case with a leaving decision dated on/before as_of (cancelled excluded);
    paid = decided and paid in full by as_of; unpaid = decided − paid;
    overdue = unpaid while as_of is on/after the payment deadline ("before 15 Oct" → late from 15 Oct);
    decided_late = decisions dated on/after the decision deadline."""
    dl = dl or deadlines()
    paid_sum = (
        Payment.objects.filter(case=OuterRef("pk"), status=PaymentStatus.PAID, paid_on__lte=as_of)
        .order_by().values("case").annotate(s=Sum("amount_vnd")).values("s")
    )
    qs = (
        cases(actor=actor)
        .exclude(status=CaseStatus.CANCELLED)
        .filter(eligible=True)
        .filter(decision_date__isnull=False, decision_date__lte=as_of)
        .annotate(paid_vnd=Coalesce(Subquery(paid_sum, output_field=BigIntegerField()), Value(0)))
    )
    is_paid = Q(paid_vnd__gte=F("total_vnd"))
    rows = (
        qs.order_by().values(*GROUPS[by])
        .annotate(
            decided=Count("pk"),
            paid=Count("pk", filter=is_paid),
            decided_late=Count("pk", filter=Q(decision_date__gte=dl.decision_before)),
            amount_decided=Coalesce(Sum("total_vnd"), Value(0), output_field=BigIntegerField()),
            amount_paid=Coalesce(Sum("paid_vnd"), Value(0), output_field=BigIntegerField()),
        )
        .order_by(*GROUPS[by])
    )
    late = as_of >= dl.payment_before
    out = []
    for r in rows:
        unpaid = r["decided"] - r["paid"]
        out.append(ProgressRow(
            province_code=r["province_code"], agency_name=r.get("agency_name"), decided=r["decided"], paid=r["paid"],
            unpaid=unpaid, overdue=unpaid if late else 0, decided_late=r["decided_late"],
            amount_decided_vnd=int(r["amount_decided"]), amount_paid_vnd=int(r["amount_paid"]),
        ))
    return out



def briefing(*, actor: Actor, as_of: date) -> list[str]:
    """The sentences the Government briefing reads (oversight report), e.g.
    "Đến 14/10/2025: 146.846 người có quyết định nghỉ việc; đã chi trả đủ 146.782 (99,96%) …"."""
    dl = deadlines()
    rows = progress(actor=actor, as_of=as_of, dl=dl)
    decided = sum(r.decided for r in rows)
    paid = sum(r.paid for r in rows)
    if not decided:
        return [f"Đến {as_of:%d/%m/%Y}: chưa có quyết định nghỉ việc theo Nghị định 178/2024, 67/2025."]

    def n(x: int) -> str:
        return numfmt.num(x)

    share = f"{100 * paid / decided:.2f}".replace(".", ",")
    money = f"{sum(r.amount_paid_vnd for r in rows) / 1e9:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    lines = [
        f"Đến {as_of:%d/%m/%Y}: {n(decided)} người có quyết định nghỉ việc theo Nghị định 178/2024, 67/2025; "
        f"đã chi trả đủ {n(paid)} người ({share}%), {money} tỷ đồng; còn {n(decided - paid)} người chưa nhận đủ."
    ]
    overdue = [r for r in rows if r.overdue]
    if overdue:
        worst = sorted(overdue, key=lambda r: -r.overdue)[:5]
        lines.append(
            f"Quá hạn chi trả (trước {dl.payment_before:%d/%m/%Y}): {n(sum(r.overdue for r in overdue))} người tại "
            f"{len(overdue)} tỉnh; nhiều nhất: " + ", ".join(f"{r.province_code} ({n(r.overdue)})" for r in worst) + "."
        )
    else:
        unpaid_provinces = sum(1 for r in rows if r.unpaid)
        lines.append(f"Hạn chi trả trước {dl.payment_before:%d/%m/%Y}; {unpaid_provinces} tỉnh còn người chưa nhận đủ.")
    late = sum(r.decided_late for r in rows)
    if late:
        lines.append(f"{n(late)} quyết định ban hành từ {dl.decision_before:%d/%m/%Y} trở đi (sau hạn).")
    return lines


def official_for(case: PayoutCase) -> object | None:
    """The workforce official the case refers to (by code), or None (no FK until the link is decided)."""
    if not case.official_ref:
        return None
    return Official.objects.filter(code=case.official_ref).first()
