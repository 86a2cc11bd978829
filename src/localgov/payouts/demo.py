"""Synthetic leaver cases for the demo: about 146,846 decisions nationally (Ministry of Home Affairs,
14 Oct 2025 — docs/domain/payouts-decree-178.md §7), spread over the provinces by population, each
calculated by the real rules, approved and paid on dates that reproduce the national curve
(about half paid by early August, ~72 % by mid-September, all but a handful by 14 Oct 2025).
Deterministic for a seed; `seed_demo` replaces the previous demo cases (official_ref "DEMO-…")."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from localgov.core.errors import ValidationFailed
from localgov.payouts.models import CaseStatus, FundingSource, Payment, PaymentStatus, PayoutCase
from localgov.payouts.records import parse_record
from localgov.payouts.services import build_case
from localgov.units.models import Agency, Province

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NATIONAL_DECISIONS = 146_846
PREFIX = "DEMO-"
FALLBACK_AGENCIES = ("Sở Nội vụ", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Văn phòng UBND tỉnh",
                     "UBND các xã, phường")
RESTRUCTURING_DATES = (date(2025, 3, 1), date(2025, 7, 1))  # ministries/departments; provinces & communes
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ")
MIDDLE = {"M": ("Văn", "Đức", "Minh", "Quang", "Hữu"), "F": ("Thị", "Ngọc", "Thu", "Thanh", "Kim")}
GIVEN = {"M": ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Sơn", "Tuấn"),
         "F": ("Anh", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo")}


@dataclass(frozen=True)
class DemoResult:
    cases: int
    payments: int
    provinces: int


def _provinces() -> list[tuple[str, int, list[str]]]:

    out = []
    for p in Province.objects.order_by("code"):
        names = list(Agency.objects.filter(province=p, level="province").order_by("name")
                     .values_list("name", flat=True)[:6])
        out.append((p.code, p.population or 1, names or list(FALLBACK_AGENCIES)))
    if not out:
        raise ValidationFailed("Chưa nạp đơn vị hành chính: chạy `localgov load units` trước.",
                               fields={"units": ["Chưa có tỉnh nào."]})
    return out


def _first_of_month(d: date) -> date:
    return d.replace(day=1)


def _candidate(rng: random.Random, n: int, province: str, agency: str) -> dict[str, Any]:
    sex = rng.choice("MF")
    early = rng.random() < 0.55
    if early:
        year = rng.randint(1963, 1972) if sex == "M" else rng.randint(1966, 1977)
    else:
        year = rng.randint(1972, 1996)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    restructuring = rng.choice(RESTRUCTURING_DATES)
    leaving = _first_of_month(restructuring + timedelta(days=rng.randint(0, 182)))
    leaving = min(leaving, date(2025, 9, 1))
    age_at_leaving = (leaving - birth).days // 365
    max_si = max(0, (age_at_leaving - 20) * 12)
    si = rng.randint(min(max_si, 15 * 12 if early else 12), max_si) if max_si else 0
    decision = leaving - timedelta(days=rng.randint(10, 45))
    if rng.random() < 0.02:
        decision = date(2025, 9, rng.randint(1, 5))  # a few late decisions (after 31 Aug)
    return {
        "official_ref": f"{PREFIX}{province}-{n:06d}",
        "full_name": f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}",
        "province_code": province, "agency_name": agency,
        "category": "early_retirement" if early else "quit", "sex": sex, "birth_date": birth.isoformat(),
        "salary": {"rank_coefficient": str(rng.choice((2.34, 2.67, 3.0, 3.33, 3.66, 3.99, 4.32, 4.65, 4.98, 5.76))),
                   "leadership_coefficient": str(rng.choice((0, 0, 0, 0.2, 0.4, 0.6, 0.8))),
                   "beyond_frame_pct": str(rng.choice((0, 0, 0, 5, 7, 9))),
                   "public_service_pct": "25"},
        "si_months": si,
        "restructuring_effective_date": restructuring.isoformat(),
        "leaving_date": leaving.isoformat(),
        "decision_number": f"{n}/QĐ-UBND",
        "decision_date": decision.isoformat(),
    }


def _paid_on(rng: random.Random, decision: date) -> date | None:
    """Spread payments like the national curve; ~0.05 % still unpaid on 14 Oct 2025."""
    if rng.random() < 0.0005:
        return None
    start = max(decision, date(2025, 4, 1))
    paid = start + timedelta(days=int(rng.triangular(5, 120, 40)))
    return min(paid, date(2025, 10, 14) - timedelta(days=rng.randint(0, 5)))


def seed_demo(*, scale: float = 0.002, seed: int = 7) -> DemoResult:
    rng = random.Random(seed)
    provinces = _provinces()
    total_pop = sum(p for _, p, _ in provinces)
    target = max(len(provinces), round(NATIONAL_DECISIONS * scale))
    cases: list[PayoutCase] = []
    paid_dates: list[date | None] = []
    n = 0
    for code, population, agencies in provinces:
        for _ in range(max(1, round(target * population / total_pop))):
            for _attempt in range(20):
                n += 1
                case = build_case(parse_record(_candidate(rng, n, code, rng.choice(agencies))))
                if case.eligible:
                    break
            else:
                continue
            case.status = CaseStatus.APPROVED
            case.funding_source = rng.choice((FundingSource.LOCAL, FundingSource.LOCAL, FundingSource.CENTRAL))
            case.approved_by = "demo"
            case.approved_at = datetime.combine(case.decision_date or case.leaving_date, time(9), tzinfo=VN)
            cases.append(case)
            paid_dates.append(_paid_on(rng, case.decision_date or case.leaving_date))
    with transaction.atomic():
        old = PayoutCase.objects.filter(official_ref__startswith=PREFIX)
        Payment.objects.filter(case__in=old).delete()
        old.delete()
        created = PayoutCase.objects.bulk_create(cases, batch_size=500)
        payments = [
            Payment(case=c, province_code=c.province_code, amount_vnd=c.total_vnd, paid_on=d,
                    status=PaymentStatus.PAID, reference=f"UNC-{c.official_ref}")
            for c, d in zip(created, paid_dates, strict=True) if d is not None
        ]
        Payment.objects.bulk_create(payments, batch_size=1000)
    return DemoResult(cases=len(created), payments=len(payments), provinces=len(provinces))
