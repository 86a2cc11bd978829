"""The simulation's decisions: who files what, where, when, and what happens to it. Pure: no
Django import (the world, the calendar and the parameters are handed in).

For each working day and each commune, arrivals are drawn from the commune's own random
substream (so a run over a few provinces produces exactly the dossiers those provinces get in a
national run). Each dossier's whole life is planned at its arrival as a list of `Step`s with
explicit instants — the actions of `dossiers/services.py` — and both execution paths (service
and bulk) apply the same plan through the same rules. Steps after the period's end are dropped,
so dossiers still open at the end stay open.

Service model (docs/simulation.md): every commune has desks (justice, police, land, ...) with a
number of officers; each dossier takes officer hours; a desk works FIFO through its backlog, so
where demand per officer exceeds capacity the queue grows and dossiers pass their legal due time.
"""

from __future__ import annotations

import hashlib
import math
import random
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import numpy as np

from localgov.dossiers import clock
from localgov.dossiers.workflow import SUPPLEMENT_CLOSE_DAYS  # Decree 118 Art. 19(5)
from localgov.simulate.names import Person, below, person
from localgov.simulate.params import Params

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY_WORK_SECONDS = clock.HOURS_PER_WORKING_DAY * 3600
PROVINCE_DESK = "province"


class SimCalendar(clock.CalendarLike, Protocol):
    def is_working_day(self, d: date) -> bool: ...

    def working_days_in(self, first: date, last: date) -> int: ...


@dataclass(frozen=True, slots=True)
class ProcedureSpec:
    code: str
    field: str
    level: str
    agency_kind: str
    deadline_value: Decimal
    deadline_unit: str
    online: bool
    boundary_scope: str
    required_docs: tuple[str, ...]
    commune_level: bool
    payment_stops_clock: bool = False  # clock.payment_stops_clock of its catalogue clock_stops (Decree 151/2025)

    @property
    def deadline(self) -> clock.Deadline:
        return clock.Deadline(self.deadline_value, self.deadline_unit)


@dataclass(frozen=True, slots=True)
class BundleMemberSpec:
    order: int
    parallel_group: int
    procedure: ProcedureSpec
    agency_kind: str
    sub_deadline: clock.Deadline
    commune_level: bool  # its agency is the commune's (a commune desk handles it), else the province's
    #: its time is not counted in the bundle's total (the land transfer's tax step, Decree 151/2025)
    stops_clock: bool = False


@dataclass(frozen=True, slots=True)
class BundleSpec:
    """An interconnected bundle of the catalogue (catalog.Bundle), as the planner needs it."""

    pk: int
    code: str
    deadline: clock.Deadline  # the bundle's total
    members: tuple[BundleMemberSpec, ...]  # in order
    #: the appointments it declares (catalog.Bundle.appointments: name, deadline), in order
    appointments: tuple[dict[str, Any], ...] = ()

    def groups(self) -> list[list[BundleMemberSpec]]:
        """The members by parallel group, groups in the order they start (bundles.start_next_group)."""
        out: dict[int, list[BundleMemberSpec]] = {}
        for m in self.members:
            out.setdefault(m.parallel_group, []).append(m)
        return [out[g] for g in sorted(out)]


@dataclass(frozen=True, slots=True)
class CommuneSpec:
    code: str
    province_code: str
    division_type: str
    share: float  # of the province's demand
    population: float  # estimated: province population × share
    km2_per_1000: float  # estimated remoteness: km² per 1,000 inhabitants
    centre_id: int
    #: (desk, officials in post ÷ staffing norm in the desk's fields) from the workforce data, for
    #: the desks it covers; empty: no workforce data for the commune (the documented default)
    staff_ratio: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class ProvinceSpec:
    code: str
    population: int
    area_km2: float
    communes: tuple[CommuneSpec, ...]

    @property
    def density(self) -> float:
        return self.population / self.area_km2 if self.area_km2 else 1000.0


@dataclass(slots=True)
class Step:
    action: str  # a dossiers.workflow.Action value
    at: datetime
    args: dict[str, Any] = field(default_factory=dict)
    member: int = 0  # a bundle's member (its order) the step acts on; 0: the dossier itself (the parent)


@dataclass(slots=True)
class DossierPlan:
    seq: int  # order of submission within the day (both paths submit in this order)
    procedure: ProcedureSpec
    commune: CommuneSpec
    channel: int  # 1 in person, 2 online, 3 post
    received_centre_id: int | None
    return_method: str  # centre | post | online
    applicant: Person
    submit_at: datetime
    accept_on_submit: bool
    steps: list[Step]
    desk: str
    late: bool  # planned: decided after the legal due time
    bundle: BundleSpec | None = None  # filed as this interconnected bundle (headed by `procedure`)


def digital_record(key: str, channel: int, b: dict[str, Any]) -> dict[str, bool]:
    """What the officer records at the decision for Decision 766 group 4 (transitions._decide's
    `electronic`, `signed`, `digitised`, `reused`, `identity_verified`), drawn at the rates of
    assumptions.toml [behaviour] for the channel. The draws come from a hash of `key` (the
    dossier's identity), not from the plan's random stream: adding them leaves every other draw of
    the simulation unchanged, and both paths apply the same plan."""
    h = hashlib.blake2b(key.encode(), digest_size=10).digest()
    u = [int.from_bytes(h[i:i + 2], "big") / 65536.0 for i in range(0, 10, 2)]
    kind = "online" if channel == 2 else "paper"
    electronic = u[0] < b[f"e_result_{kind}"]
    return {"electronic": electronic, "signed": electronic and u[1] < b["signed_when_electronic"],
            "digitised": u[2] < b[f"digitised_{kind}"], "reused": u[3] < b[f"reused_{kind}"],
            "identity_verified": u[4] < b[f"identity_{kind}"]}


@dataclass(slots=True)
class DeskState:
    """A desk's staffing: officer hours available per working day, and the expected full-scale
    demand on it in officer hours per working day."""

    capacity_hours: float
    demand_hours: float
    officers: float = 0.0

    @property
    def load(self) -> float:
        return self.demand_hours / self.capacity_hours if self.capacity_hours else 0.0


class ProvinceQueues:
    """The queues of one province's desks, modelled at FULL national scale whatever `scale` is
    (a fluid queue): each working day a desk receives its expected demand in officer hours × a
    daily log-normal noise and works off its capacity (more, with overtime, while its backlog
    exceeds a day). A sampled dossier arriving that day waits (backlog + its position in the
    day's arrivals) / capacity whole working days. So queues — and lateness — behave the same
    at scale 0.01 and at scale 1. Vectorised with numpy; the noise comes from the province's
    own generator (seed, province), so a run over some provinces reproduces a national run."""

    def __init__(self, desks: list[DeskState], *, seed: int, province_code: str, sigma: float,
                 overtime: float) -> None:
        self.cap = np.array([d.capacity_hours for d in desks], dtype=float)
        self.demand = np.array([d.demand_hours for d in desks], dtype=float)
        self.backlog = np.zeros(len(desks))
        self.today = np.zeros(len(desks))
        self.effective = self.cap.copy()
        self.rng = np.random.default_rng([seed, int(province_code)])
        self.sigma, self.overtime = sigma, overtime
        self.started = False

    def open_day(self) -> None:
        if self.started:
            self.backlog = np.maximum(0.0, self.backlog + self.today - self.effective)
        self.started = True
        self.effective = np.where(self.backlog > self.cap, self.cap * (1.0 + self.overtime), self.cap)
        noise = self.rng.lognormal(-self.sigma * self.sigma / 2, self.sigma, size=self.cap.shape)
        self.today = self.demand * noise

    def wait_days(self, index: int, position: float) -> int:
        cap = float(self.effective[index])
        return int((float(self.backlog[index]) + position * float(self.today[index])) / cap) if cap > 0 else 0


def _choice(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
    """The first item whose cumulative weight is ≥ a uniform draw below the total (`bisect_left`,
    capped at the last item as the binary search this replaced was)."""
    x = rng.random() * cum[-1]
    return items[min(bisect_left(cum, x), len(cum) - 1)]


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    threshold, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


class Planner:
    def __init__(self, *, params: Params, provinces: Sequence[ProvinceSpec], procedures: Sequence[ProcedureSpec],
                 cal: SimCalendar, seed: int, scale: float, date_from: date, date_to: date,
                 birth_prefixes: Sequence[str], bundles: Sequence[BundleSpec] = ()) -> None:
        self.p, self.cal, self.seed, self.scale = params, cal, seed, scale
        self.provinces = list(provinces)
        self.date_from, self.date_to = date_from, date_to
        self.end = datetime.combine(date_to, time(23, 59, 59), VN)
        self.birth_prefixes = tuple(birth_prefixes)
        total_days = max(1, (date_to - date_from).days)
        self._total_days = total_days
        by_field: dict[str, list[ProcedureSpec]] = {}
        for proc in procedures:
            if proc.boundary_scope == "none" and proc.commune_level:
                continue  # mobile registrations etc.: only at the own desk, left out of the mix
            by_field.setdefault(proc.field, []).append(proc)
        self.items: list[ProcedureSpec] = []
        cum: list[float] = []
        acc = 0.0
        for fld, share in sorted(self.p.field_share.items()):
            procs = sorted(by_field.get(fld, []), key=lambda x: x.code)
            weights = [self.p.procedure_weight.get(x.code, 1.0) for x in procs]
            total = sum(weights)
            for proc, w in zip(procs, weights, strict=True):
                acc += share * w / total
                self.items.append(proc)
                cum.append(acc)
        self.cum = cum
        # Per procedure, fixed for the run: its deadline with the deadline in seconds (filled on
        # first use, where `hours()` was called before), and its desk (None: the provincial desk).
        self._deadline: dict[str, tuple[clock.Deadline, float]] = {}
        self._desk_of: dict[str, str | None] = {
            x.code: (params.desk_of_field(x.field) if x.commune_level else None) for x in self.items}
        # procedure code → ((bundle, cumulative share of its online filings), …) ([bundles]); the
        # bundles of the catalogue only, whose members are all handled here
        by_code = {b.code: b for b in bundles}
        self._bundles: dict[str, list[tuple[BundleSpec, float]]] = {}
        for code, choices in params.bundles.items():
            acc_share = 0.0
            for bundle_code, share in choices:
                bundle = by_code.get(bundle_code)
                if bundle is None or bundle.members[0].procedure.code != code:
                    continue
                acc_share += share
                self._bundles.setdefault(code, []).append((bundle, acc_share))
        #: (bundle, member order) → the member's desk: its field's, at the commune when its agency is
        #: the commune's (None: the provincial/vertical desk)
        self._member_desk: dict[tuple[str, int], str | None] = {
            (b.code, m.order): params.desk_of_field(m.procedure.field) if m.commune_level else None
            for b in bundles for m in b.members}
        # The cumulative weights `rng.choices(range(1, 6), weights=...)` builds on every call,
        # built once per weight list (same sums, same draws: see `_stars`).
        b = params.behaviour
        self._stars_cum = {late: list(accumulate(b["rating_late"] if late else b["rating_on_time"]))
                           for late in (False, True)}
        for cum in self._stars_cum.values():  # what `choices` checks
            if len(cum) != 5 or not 0.0 < cum[-1] < math.inf:
                raise ValueError("rating weights: five weights with a positive, finite total")
        #: day → (its 08:00, its midnight) in Vietnam
        self._day_starts: dict[date, tuple[datetime, datetime]] = {}
        self._desk_hours = {d.name: self._hours_per_dossier(d.name) for d in self.p.desks}
        self._desk_hours[PROVINCE_DESK] = self._hours_per_dossier(None)
        self.queues: dict[str, ProvinceQueues] = {}
        self.desk_index: dict[tuple[str, str], int] = {}
        self.rngs: dict[str, random.Random] = {}
        self.desks: dict[tuple[str, str], DeskState] = {}
        for prov in self.provinces:
            for com in prov.communes:
                self.rngs[com.code] = random.Random(f"{seed}:{com.code}")
                self._staff(com)
            self._staff_province(prov)
            keys = [(prov.code, PROVINCE_DESK)] + [(c.code, d.name) for c in prov.communes for d in params.desks]
            for i, key in enumerate(keys):
                self.desk_index[key] = i
            self.queues[prov.code] = ProvinceQueues(
                [self.desks[k] for k in keys], seed=seed, province_code=prov.code,
                sigma=float(params.behaviour["daily_demand_noise"]), overtime=float(params.behaviour["overtime"]))

    # --- staffing ---------------------------------------------------------------------------
    def _hours_per_dossier(self, desk: str | None) -> float:
        """Expected officer hours per dossier of the whole mix that fall on `desk` (None: the
        provincial/vertical desk)."""
        total, prev = 0.0, 0.0
        for proc, c in zip(self.items, self.cum, strict=True):
            weight, prev = c - prev, c
            own = self.p.desk_of_field(proc.field) if proc.commune_level else None
            if own == desk:
                total += weight * self.p.work_hours.get(proc.field, 1.0)
        return total / self.cum[-1]

    def _staff(self, com: CommuneSpec) -> None:
        p = self.p
        rng = random.Random(f"{self.seed}:staff:{com.code}")
        cap = p.positions_cap.get(com.division_type, p.positions_base)
        extra = max(0.0, (com.population - p.positions_threshold) / p.people_per_extra_position)
        extra = min(extra, max(0, cap - p.positions_base))
        short_p = min(p.shortage_p_max, p.shortage_p0 * com.km2_per_1000)
        short = rng.random() < short_p
        daily = com.population * p.per_capita
        ratios = dict(com.staff_ratio)
        for desk in p.desks:
            officers = desk.base + desk.extra_share * extra
            ratio = ratios.get(desk.name)
            if ratio is not None:  # the workforce data: in post ÷ norm ([staffing.workforce])
                officers = max(p.min_desk_officers, officers * ratio)
            elif short and desk.name in p.shortage_desks:
                officers *= p.shortage_factor
            self.desks[(com.code, desk.name)] = DeskState(
                capacity_hours=officers * p.productive_hours, officers=officers,
                demand_hours=daily * self._desk_hours[desk.name])

    def _staff_province(self, prov: ProvinceSpec) -> None:
        """Provincial/vertical desks: sized on their expected load × headroom."""
        p = self.p
        demand = prov.population * p.per_capita * self._desk_hours[PROVINCE_DESK]
        cap = max(p.productive_hours, demand * p.provincial_headroom)
        self.desks[(prov.code, PROVINCE_DESK)] = DeskState(capacity_hours=cap, officers=cap / p.productive_hours,
                                                           demand_hours=demand)

    def load(self, commune_code: str) -> float:
        """Full-scale demand hours per available officer hour, all of the commune's desks."""
        desks = [self.desks[(commune_code, d.name)] for d in self.p.desks]
        return sum(d.demand_hours for d in desks) / sum(d.capacity_hours for d in desks)

    def officers(self, commune_code: str) -> float:
        return sum(self.desks[(commune_code, d.name)].officers for d in self.p.desks)

    # --- time helpers -----------------------------------------------------------------------
    def _starts(self, day: date) -> tuple[datetime, datetime]:
        starts = self._day_starts.get(day)
        if starts is None:
            starts = self._day_starts[day] = (datetime.combine(day, time(8, 0), VN),
                                              datetime.combine(day, time(0, 0), VN))
        return starts

    def _office(self, day: date, rng: random.Random) -> datetime:
        seconds = 0 + (DAY_WORK_SECONDS - 0) * rng.random()  # rng.uniform(0, DAY_WORK_SECONDS), written out
        start = self._starts(day)[0]
        return self.cal.add_working_seconds(start, seconds) if seconds else start

    def _wall(self, day: date, rng: random.Random, lo: float = 6.0, hi: float = 22.0) -> datetime:
        return self._starts(day)[1] + timedelta(seconds=round((lo + (hi - lo) * rng.random()) * 3600))  # uniform

    def _stars(self, rng: random.Random, late: bool) -> int:
        """`rng.choices(range(1, 6), weights=...)[0]` with the weights accumulated once: the draw
        and the bisection of `choices` itself."""
        cum = self._stars_cum[late]
        return bisect_right(cum, rng.random() * (cum[-1] + 0.0), 0, len(cum) - 1) + 1

    def _work(self, at: datetime, seconds: float) -> datetime:
        return self.cal.add_working_seconds(at, seconds) if seconds > 0 else at

    def online_share(self, prov: ProvinceSpec, day: date) -> float:
        p = self.p
        progress = (day - self.date_from).days / self._total_days
        share = (p.online_base + p.density_slope * math.log10(max(prov.density, 1.0) / p.reference_density)
                 + p.online_ramp * (progress - 0.5))
        return min(p.online_ceiling, max(p.online_floor, share))

    # --- demand -----------------------------------------------------------------------------
    def working_days(self) -> list[date]:
        days, d = [], self.date_from
        while d <= self.date_to:
            if self.cal.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
        return days

    def plan_day(self, day: date, province: ProvinceSpec) -> list[DossierPlan]:
        """All dossiers filed on `day` whose competent commune is in `province`, in submission order."""
        plans: list[DossierPlan] = []
        base = province.population * self.p.per_capita * self.scale
        online = self.online_share(province, day)
        centres = [c.centre_id for c in province.communes]
        queues = self.queues[province.code]
        queues.open_day()
        for com in province.communes:
            rng = self.rngs[com.code]
            for _ in range(_poisson(rng, base * com.share)):
                plans.append(self._plan_one(rng, day, province, com, online, centres))
        plans.sort(key=lambda x: (x.submit_at, x.commune.code, x.procedure.code))
        for i, plan in enumerate(plans):
            plan.seq = i
        return plans

    def _plan_one(self, rng: random.Random, day: date, prov: ProvinceSpec, com: CommuneSpec, online_share: float,
                  centres: list[int]) -> DossierPlan:
        p, b = self.p, self.p.behaviour
        proc: ProcedureSpec = _choice(rng, self.items, self.cum)
        who = person(rng, self.birth_prefixes)
        is_online = proc.online and rng.random() < online_share
        centre: int | None = None
        if is_online:
            channel, submit_at, ret = 2, self._wall(day, rng), "online"
            choices = self._bundles.get(proc.code)
            if choices:
                x = rng.random()
                for bundle, upto in choices:
                    if x < upto:
                        return self._plan_bundle(rng, prov, com, proc, who, submit_at, bundle)
        else:
            channel = 3 if rng.random() < p.post_share else 1
            submit_at = self._office(day, rng)
            centre = com.centre_id
            if channel == 1 and proc.boundary_scope in ("province", "nation") and len(centres) > 1 \
                    and rng.random() < p.other_centre_share:
                centre = centres[below(rng, len(centres))]  # rng.randrange(len(centres))
            ret = "post" if channel == 3 else "centre"
        desk_name = self._desk_of[proc.code]
        desk_key = (com.code, desk_name) if desk_name else (prov.code, PROVINCE_DESK)
        steps: list[Step] = []
        plan = DossierPlan(seq=0, procedure=proc, commune=com, channel=channel, received_centre_id=centre,
                           return_method=ret, applicant=who, submit_at=submit_at, accept_on_submit=channel == 1,
                           steps=steps, desk=desk_name or PROVINCE_DESK, late=False)
        # --- reception ------------------------------------------------------------------------
        accept_at = submit_at
        if channel != 1:
            # Art. 17: within 8 working hours. `rng.uniform(a, b)` is `a + (b - a) * rng.random()` and
            # `rng.randint(a, b)` is `a + below(rng, b - a + 1)` (names.below): written out here, same draws
            accept_at = self._work(submit_at, 300 + (4 * 3600 - 300) * rng.random())
            if rng.random() < b["refuse_at_reception"]:
                steps.append(Step("refuse", accept_at, {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết."}))
                return self._finish(plan)
            if rng.random() < b["online_reception_supplement"]:
                steps.append(Step("request_supplement", accept_at,
                                  {"missing": [self._missing(proc)], "reason": "Thiếu giấy tờ."}))
                if rng.random() < b["reception_supplement_never_back"]:
                    steps.append(Step("stop", accept_at + timedelta(days=SUPPLEMENT_CLOSE_DAYS),
                                      {"reason": "Quá 15 ngày không bổ sung hồ sơ."}))
                    return self._finish(plan)
                back = self._papers_back(rng, accept_at, 5)
                steps.append(Step("supplement_received", back))
                accept_at = self._work(back, rng.uniform(300, 4 * 3600))
            steps.append(Step("accept", accept_at))
        else:
            steps.append(Step("accept", submit_at))  # submit() accepts a complete counter filing at once
        # --- processing -----------------------------------------------------------------------
        deadline_limit = self._deadline.get(proc.code)
        if deadline_limit is None:
            deadline = proc.deadline
            deadline_limit = self._deadline[proc.code] = (deadline, deadline.hours() * 3600)
        deadline, limit = deadline_limit
        start, due = clock.due_time(self.cal, accept_at, deadline)
        wait_days = self.queues[prov.code].wait_days(self.desk_index[desk_key], rng.random())
        if rng.random() < b["inherent_slip"]:
            work = limit + rng.uniform(0.2, 3.0) * DAY_WORK_SECONDS
        else:
            work = self._decision_work(rng, start, due, limit, wait_days)
        decide_at = self._work(start, work)
        assign_at = min(self._work(accept_at, 60 + (1800 - 60) * rng.random()), decide_at) if work else accept_at
        assign_at = max(assign_at, accept_at)
        steps.append(Step("assign", assign_at))
        last = assign_at
        if limit and rng.random() < b["appraisal_supplement"]:
            ask = self._ask_supplement(steps, last, start, work, proc)
            if rng.random() < b["appraisal_supplement_never_back"]:
                steps.append(Step("stop", ask + timedelta(days=SUPPLEMENT_CLOSE_DAYS),
                                  {"reason": "Quá 15 ngày không bổ sung hồ sơ."}))
                return self._finish(plan)
            back = self._papers_back(rng, ask, 10)
            steps.append(Step("supplement_received", back))
            if rng.random() < b["second_supplement"]:
                ask2 = self._work(back, rng.uniform(3600, DAY_WORK_SECONDS))
                steps.append(Step("request_supplement", ask2, {
                    "missing": [self._missing(proc)], "reason": "Bổ sung lần hai.",
                    "override_reason": "Lãnh đạo đồng ý yêu cầu bổ sung lần hai do phát sinh nội dung mới."}))
                back = self._papers_back(rng, ask2, 7)
                steps.append(Step("supplement_received", back))
            start, due = clock.restart_due(self.cal, back, deadline)  # the period restarts (Art. 19(5))
            decide_at = self._work(start, rng.betavariate(2, 3) * limit)
            last = back
        pay_share = p.payment_share.get(proc.field, 0.0)
        if pay_share and rng.random() < pay_share:
            ask = max(last, self._work(start, min(work * 0.5, DAY_WORK_SECONDS)))
            if ask < decide_at:  # an obligation set while the dossier is in hand (Art. 24)
                steps.append(Step("request_payment", ask, {"amount_vnd": p.payment_amount_vnd[proc.field],
                                                           "reason": "Thông báo nghĩa vụ tài chính."}))
                days = p.payment_max_days if proc.payment_stops_clock else p.payment_max_days_fee
                paid = ask + timedelta(days=below(rng, days + 1), seconds=60 + below(rng, 8 * 3600))
                online_share = p.paid_online_share[0 if channel == 2 else 1]
                steps.append(Step("payment_received", paid, {"online": rng.random() < online_share}))
                if proc.payment_stops_clock:  # the time to pay is not counted: due and decision move with it
                    due = clock.pause_due(self.cal, due, ask, paid)
                    decide_at = self._work(decide_at, self.cal.working_seconds_between(ask, paid))
                else:
                    decide_at = max(decide_at, self._work(paid, 1800))
                last = paid
        if rng.random() < b["withdrawal"]:
            ask = max(last, last + (decide_at - last) / 2)
            steps.append(Step("request_withdrawal", ask, {"reason": "Công dân xin rút hồ sơ."}))
            steps.append(Step("stop", self._work(ask, rng.uniform(600, DAY_WORK_SECONDS)),
                              {"reason": "Dừng giải quyết theo yêu cầu của người nộp."}))
            return self._finish(plan)
        plan.late = decide_at > due
        if plan.late and limit >= 2 * DAY_WORK_SECONDS and rng.random() < b["apology_when_late"]:
            apology = self._work(start, limit - 1.5 * DAY_WORK_SECONDS)
            if apology > last:
                new_due = self._work(decide_at, DAY_WORK_SECONDS)
                steps.append(Step("extend", apology, {"new_due": new_due,
                                                      "reason": "Xin lỗi vì chậm trả kết quả; hẹn lại ngày trả."}))
        if rng.random() < b["refuse_after_appraisal"]:
            steps.append(Step("refuse", decide_at, {"reason": "Không đủ điều kiện giải quyết theo quy định."}))
            return self._finish(plan)
        steps.append(Step("decide", decide_at, {
            "result_summary": "Đã giải quyết, có kết quả.",
            **digital_record(f"{submit_at.isoformat()}|{who.id_number}|{proc.code}", channel, b)}))
        if ret == "online":
            back_at = decide_at + timedelta(seconds=60 + below(rng, 3541))
        elif ret == "post":
            back_at = decide_at + timedelta(days=1 + below(rng, 3))
        else:
            back_at = self._work(decide_at, 300 + (2 * DAY_WORK_SECONDS - 300) * rng.random())
        steps.append(Step("return_result", back_at))
        if rng.random() < b["rating"]:
            stars = self._stars(rng, plan.late)
            steps.append(Step("rate", back_at + timedelta(seconds=60 + below(rng, 2 * 86400 - 59)), {"rating": stars}))
        return self._finish(plan)

    def _decision_work(self, rng: random.Random, start: datetime, due: datetime, limit: float,
                       wait_days: int) -> float:
        """Working seconds from the clock's start to the decision: the desk's queue, then the work.
        "Trong ngày" (limit 0): due at the close of the clock-start day (clock.due_time); decided
        that day when the desk has no queue, otherwise on the day the queue reaches it."""
        if limit == 0:
            today = self.cal.working_seconds_between(start, due)
            return rng.uniform(0, today) if wait_days == 0 else today + (wait_days - rng.uniform(0.5, 1.0)) \
                * DAY_WORK_SECONDS
        return wait_days * DAY_WORK_SECONDS + rng.betavariate(2, 3) * limit

    def _plan_bundle(self, rng: random.Random, prov: ProvinceSpec, com: CommuneSpec, proc: ProcedureSpec,
                     who: Person, submit_at: datetime, bundle: BundleSpec) -> DossierPlan:
        """An online filing as an interconnected bundle (Decree 63/2024): the parent is received
        within 8 working hours (Art. 17), which starts the first group (bundles.start_next_group);
        each member is assigned and decided after its own desk's queue, against its sub-deadline,
        a few after a supplement at appraisal (the member's period restarts, the bundle's
        deadline moves with it: bundles.shift_parent_due); a group starts when the previous one
        is decided; the result is returned online once all are decided, and may be rated. While a
        member that stops the clock runs (the land transfer's tax step) the bundle's clock is
        paused, and its total moves by that time (`bundles._pause_parent_for_clock_stops`).
        A member may also end undecided, at the single dossier's rates: its papers never come
        back (stopped 15 days after the request, Art. 19(5)) or it is refused after appraisal
        (Art. 19(3)). Its group then never completes, so the later groups cannot start: the
        one-stop officer refuses them on the bundle (a parent-level refusal, `bundles.cascade`).
        At the single dossier's rate the applicant withdraws a bundle still in hand (Art. 21): the
        request and the stop (Mẫu 05) on the bundle, cascaded to the members not yet decided.
        Whatever was decided is returned; a bundle with nothing decided ends refused or stopped
        (`derive_parent_state`). Steps are in time order (the service path applies them so)."""
        b = self.p.behaviour
        steps: list[Step] = []
        plan = DossierPlan(seq=0, procedure=proc, commune=com, channel=2, received_centre_id=None,
                           return_method="online", applicant=who, submit_at=submit_at, accept_on_submit=False,
                           steps=steps, desk=self._member_desk[(bundle.code, bundle.members[0].order)] or PROVINCE_DESK,
                           late=False, bundle=bundle)
        accept_at = self._work(submit_at, 300 + (4 * 3600 - 300) * rng.random())
        steps.append(Step("accept", accept_at))
        started = accept_at
        groups = bundle.groups()
        decided_any = ended_any = False
        pauses: list[tuple[datetime, datetime]] = []  # when a clock-stopping member ran (not counted)
        for index, group in enumerate(groups):
            group_start = started
            ends = [self._plan_member(rng, steps, prov, com, bundle, m, group_start) for m in group]
            started = max(at for at, _ in ends)
            decided_any = decided_any or any(decided for _, decided in ends)
            if any(m.stops_clock for m in group):  # bundles._pause_parent_for_clock_stops, until it ends
                pauses.append((group_start, started))
            if not all(decided for _, decided in ends):
                ended_any = True
                if index + 1 < len(groups):
                    # the later members cannot start: refused on the bundle once its group has ended
                    steps.append(Step("refuse", self._work(started, rng.uniform(600, DAY_WORK_SECONDS)),
                                      {"reason": "Thủ tục liên thông trước không hoàn thành, không thể giải quyết "
                                                 "các thủ tục tiếp theo."}))
                break
        due = clock.due_time(self.cal, accept_at, bundle.deadline)[1]
        for paused, resumed in pauses:
            due = clock.pause_due(self.cal, due, paused, resumed)
        plan.late = started > due
        if not ended_any and started > accept_at and rng.random() < b["withdrawal"]:
            decided_any = self._withdraw_bundle(rng, steps, accept_at + (started - accept_at) / 2)
        if decided_any:  # what was decided is returned (bundles.cascade of return_result), then may be rated
            back_at = max(started, steps[-1].at) + timedelta(seconds=60 + below(rng, 3541))
            steps.append(Step("return_result", back_at))
            if rng.random() < b["rating"]:
                stars = self._stars(rng, plan.late)
                steps.append(Step("rate", back_at + timedelta(seconds=60 + below(rng, 2 * 86400 - 59)),
                                  {"rating": stars}))
        steps.sort(key=lambda x: x.at)  # stable: at one instant, in the order planned
        return self._finish(plan)

    def _plan_member(self, rng: random.Random, steps: list[Step], prov: ProvinceSpec, com: CommuneSpec,
                     bundle: BundleSpec, m: BundleMemberSpec, started: datetime) -> tuple[datetime, bool]:
        """One member of a group started at `started`: assigned, decided after its desk's queue
        against its sub-deadline — a few after a supplement at appraisal, or ending undecided (its
        papers never back, or refused). Returns (when it ended, whether it was decided)."""
        b = self.p.behaviour
        desk_name = self._member_desk[(bundle.code, m.order)]
        key = (com.code, desk_name) if desk_name else (prov.code, PROVINCE_DESK)
        limit = m.sub_deadline.hours() * 3600
        start, due = clock.due_time(self.cal, started, m.sub_deadline)
        wait_days = self.queues[prov.code].wait_days(self.desk_index[key], rng.random())
        work = self._decision_work(rng, start, due, limit, wait_days)
        decide_at = self._work(start, work)
        assign_at = max(started, min(self._work(started, 60 + (1800 - 60) * rng.random()), decide_at))
        steps.append(Step("assign", assign_at, member=m.order))
        if limit and rng.random() < b["appraisal_supplement"]:
            # Mẫu 02 to the applicant from the member's agency; its period restarts on the
            # complete dossier (Art. 19(5)) and the bundle's deadline moves with it
            ask = self._ask_supplement(steps, assign_at, start, work, m.procedure, member=m.order)
            if rng.random() < b["appraisal_supplement_never_back"]:
                stopped = ask + timedelta(days=SUPPLEMENT_CLOSE_DAYS)
                steps.append(Step("stop", stopped, {"reason": "Quá 15 ngày không bổ sung hồ sơ."}, member=m.order))
                return stopped, False
            back = self._papers_back(rng, ask, 10)
            steps.append(Step("supplement_received", back, member=m.order))
            restart = clock.restart_due(self.cal, back, m.sub_deadline)[0]
            decide_at = self._work(restart, rng.betavariate(2, 3) * limit)
        if rng.random() < b["refuse_after_appraisal"]:
            steps.append(Step("refuse", decide_at, {"reason": "Không đủ điều kiện giải quyết theo quy định."},
                              member=m.order))
            return decide_at, False
        steps.append(Step("decide", decide_at, {
            "result_summary": "Đã giải quyết, có kết quả.",
            **digital_record(f"{started.isoformat()}|{com.code}|{bundle.code}|{m.order}", 2, b)}, member=m.order))
        return decide_at, True

    def _withdraw_bundle(self, rng: random.Random, steps: list[Step], ask: datetime) -> bool:
        """The applicant withdraws the bundle while it is in hand (Art. 21) at `ask`: asked on the
        bundle (cascaded to every member not yet decided), then stopped by Mẫu 05 on the bundle;
        nothing planned after the request happens. Returns whether a member was decided before."""
        steps.sort(key=lambda x: x.at)
        steps[:] = [x for x in steps if x.at <= ask]
        steps.append(Step("request_withdrawal", ask, {"reason": "Công dân xin rút hồ sơ."}))
        steps.append(Step("stop", self._work(ask, rng.uniform(600, DAY_WORK_SECONDS)),
                          {"reason": "Dừng giải quyết theo yêu cầu của người nộp."}))
        return any(x.action == "decide" for x in steps)

    def _ask_supplement(self, steps: list[Step], after: datetime, start: datetime, work: float,
                        proc: ProcedureSpec, member: int = 0) -> datetime:
        """Mẫu 02 at appraisal, a third of the way into the work (at most two working days after
        the clock's start, never before `after`); returns when it was asked. No draw."""
        ask = max(after, self._work(start, min(work * 0.3, 2 * DAY_WORK_SECONDS)))
        steps.append(Step("request_supplement", ask, {"missing": [self._missing(proc)],
                                                      "reason": "Cần bổ sung để thẩm định."}, member=member))
        return ask

    @staticmethod
    def _papers_back(rng: random.Random, ask: datetime, max_days: int) -> datetime:
        """When the applicant brings the papers: 1 to `max_days` days after the request, within
        six hours of its time of day."""
        return ask + timedelta(days=1 + below(rng, max_days), seconds=below(rng, 6 * 3600 + 1))

    @staticmethod
    def _missing(proc: ProcedureSpec) -> str:
        return f"Bản chính giấy tờ {proc.required_docs[0]}" if proc.required_docs else "Tờ khai có chữ ký"

    def _finish(self, plan: DossierPlan) -> DossierPlan:
        """Order-preserving clean-up: instants never go back, and nothing after the period's end."""
        kept: list[Step] = []
        last = plan.submit_at
        for step in plan.steps:
            if step.at < last:
                step.at = last
            if step.at > self.end:
                break
            kept.append(step)
            last = step.at
        plan.steps = kept
        return plan
