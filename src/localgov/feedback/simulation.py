"""Complaints and trips of a simulated quarter, drawn from the simulated dossiers at the rates of
`[feedback]` in simulate/data/assumptions.toml (docs/simulation.md, docs/feedback.md).

Called once after the dossiers are written, by the bulk path and the service path alike
(`simulate.runner.run`): it reads the dossiers back and draws, for each, from a generator seeded
by the run's seed and the dossier's code, so the two paths — proven to write the same dossiers —
write the same complaints and trips. Each complaint goes through the lifecycle by
`services.apply_step` (the service's own mutation), its steps on the official calendar."""

from __future__ import annotations

import hashlib
import random
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet

from localgov.dossiers.workflow import Channel, ReturnMethod, State
from localgov.feedback.lifecycle import Action, Kind, Status
from localgov.feedback.models import Channel as ComplaintChannel
from localgov.feedback.models import Complaint, ComplaintEvent, Trip, TripPurpose
from localgov.feedback.services import apply_step, hash_secret, refresh
from localgov.workcalendar.adapter import get_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ASSUMPTIONS = Path(__file__).resolve().parents[1] / "simulate" / "data" / "assumptions.toml"
FIELDS = ("id", "code", "channel", "return_method", "supplement_requests", "state", "outcome", "submitted_at",
          "due_at", "extended_due_at", "decided_at", "returned_at", "province_code", "competent_commune_code",
          "competent_agency_id", "received_centre_id", "return_centre_id", "procedure_id")


@dataclass(frozen=True)
class Rates:
    complaint_on_time_dossier: float
    complaint_late_dossier: float
    complaint_regulation: float
    complaint_conduct: float
    refuse: float
    ask_info: float
    answer_late: float
    publish: float
    publish_late: float
    satisfied: float
    unsatisfied: float
    reopen: float
    online_supplement_online: float
    ask_visit_in_person: float
    ask_visit_online: float


def load_rates(path: Path = ASSUMPTIONS) -> Rates:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))["feedback"]
    rates = Rates(**{k: float(raw[k]) for k in Rates.__dataclass_fields__})
    for k in Rates.__dataclass_fields__:
        if not 0.0 <= getattr(rates, k) <= 1.0:
            raise ValueError(f"feedback.{k} must be a share in [0, 1]")
    if rates.satisfied + rates.unsatisfied + rates.reopen > 1.0:
        raise ValueError("feedback: satisfied + unsatisfied + reopen must not exceed 1")
    return rates


def _trips(d: dict[str, Any], rng: random.Random, r: Rates, end: datetime) -> list[Trip]:
    out: list[Trip] = []

    def add(purpose: str, at: datetime | None) -> None:
        if at is not None and at <= end:
            out.append(Trip(dossier_id=d["id"], purpose=purpose, at=at, centre_id=d["received_centre_id"],
                            province_code=d["province_code"], commune_code=d["competent_commune_code"],
                            recorded_by="mô phỏng"))

    in_person = d["channel"] == int(Channel.IN_PERSON)
    if in_person:
        add(TripPurpose.FILE, d["submitted_at"])
    for i in range(d["supplement_requests"]):
        # The supplement's time is not read back from the events: a day after filing per request
        # (ASSUMPTION, docs/feedback.md) — the count, not the hour, is what the indicator uses.
        if in_person or rng.random() >= r.online_supplement_online:
            add(TripPurpose.SUPPLEMENT, d["submitted_at"] + timedelta(days=i + 1))
    if rng.random() < (r.ask_visit_in_person if in_person else r.ask_visit_online):
        add(TripPurpose.ASK, d["submitted_at"] + timedelta(days=2))
    if d["return_method"] == ReturnMethod.CENTRE and d["state"] == int(State.RETURNED):
        add(TripPurpose.COLLECT, d["returned_at"])
    return out


def _complaint(d: dict[str, Any], kind: Kind, rng: random.Random, r: Rates, end: datetime,
               seed: int) -> tuple[Complaint, list[ComplaintEvent]] | None:
    cal = get_calendar()
    # About a dossier: once it is decided, or once it is overdue; about a regulation or an officer's
    # conduct: around the filing (ASSUMPTION, docs/feedback.md).
    base = ((d["decided_at"] or d["extended_due_at"] or d["due_at"] or d["submitted_at"]) if kind is Kind.DOSSIER
            else d["submitted_at"])
    at = cal.add_working_seconds(base, float(rng.randint(1, 3 * 8 * 3600)))
    if at > end:
        return None
    tag = hashlib.sha256(f"{seed}:{kind}:{d['code']}".encode()).hexdigest()[:8].upper()
    c = Complaint(code=f"PA-{at.astimezone(VN):%y%m%d}-{tag}", secret_hash=hash_secret(f"sim:{tag}"), kind=kind,
                  channel=ComplaintChannel.PORTAL if rng.random() < 0.7 else ComplaintChannel.CENTRE,
                  province_code=d["province_code"], commune_code=d["competent_commune_code"],
                  name="Người dân (mô phỏng)", title=_TITLES[kind], content=_TITLES[kind] + " (dữ liệu mô phỏng).",
                  received_at=at, started_at=at, calendar_version=cal.version, simulated=True)
    if kind is Kind.DOSSIER:
        c.dossier_id, c.agency_id, c.procedure_id = d["id"], d["competent_agency_id"], d["procedure_id"]
    elif kind is Kind.REGULATION:
        c.agency_id, c.procedure_id = d["competent_agency_id"], d["procedure_id"]
    else:
        if d["received_centre_id"] is None:
            return None
        c.centre_id = d["received_centre_id"]
    c.status = Status.RECEIVED
    refresh(c, now=at)  # the service's own due-time rule
    events = [ComplaintEvent(action="file", at=at, actor_label="mô phỏng")]

    def do(action: Action, when: datetime, text: str = "") -> bool:
        if when > end:
            return False
        apply_step(c, action, at=when, text=text)
        events.append(ComplaintEvent(action=action.value, at=when, actor_label="mô phỏng"))
        return True

    x = rng.random()
    if x < r.refuse:
        do(Action.REFUSE, cal.add_working_days(at, rng.randint(1, 3)), "Không thuộc phạm vi xử lý.")
        return c, events
    if x < r.refuse + r.ask_info:
        asked = cal.add_working_days(at, rng.randint(1, 6))
        if not do(Action.ASK_INFO, asked, "Đề nghị cung cấp thêm thông tin.") or not do(
                Action.INFO_RECEIVED, cal.add_working_days(asked, rng.randint(1, 5)), "Đã bổ sung."):
            return c, events
    late = rng.random() < r.answer_late
    start = c.info_received_at or at
    answered = cal.add_working_days(start, rng.randint(16, 25) if late else rng.randint(2, 14))
    if not do(Action.ANSWER, answered, "Cơ quan đã xem xét và trả lời (dữ liệu mô phỏng)."):
        return c, events
    if rng.random() < r.publish:
        do(Action.PUBLISH, cal.add_working_days(answered, rng.randint(3, 6) if rng.random() < r.publish_late
                                                 else rng.randint(0, 1)) + timedelta(minutes=1),
           "Nội dung phản ánh đã được tóm tắt, bỏ thông tin cá nhân.")
    y = rng.random()
    rated = cal.add_working_days(answered, rng.randint(1, 5))
    if c.status == Status.ANSWERED:
        if y < r.satisfied:
            do(Action.SATISFIED, rated)
        elif y < r.satisfied + r.unsatisfied:
            do(Action.UNSATISFIED, rated)
        elif y < r.satisfied + r.unsatisfied + r.reopen and do(Action.REOPEN, rated):
            do(Action.ANSWER, cal.add_working_days(rated, rng.randint(3, 12)), "Trả lời sau khi xem xét lại.")
    return c, events


_TITLES = {Kind.DOSSIER: "Hồ sơ chậm giải quyết", Kind.REGULATION: "Thành phần hồ sơ phức tạp",
           Kind.CONDUCT: "Thái độ tiếp nhận chưa tốt"}


def seed(dossiers: QuerySet, *, date_to: date, seed: int, rates: Rates | None = None) -> tuple[int, int]:
    """Write the complaints and trips of the simulated `dossiers`; returns (complaints, trips)."""
    r = rates or load_rates()
    end = datetime.combine(date_to, time(17, 0), tzinfo=VN)
    trips: list[Trip] = []
    made: list[tuple[Complaint, list[ComplaintEvent]]] = []
    for d in dossiers.filter(parent__isnull=True).order_by("code").values(*FIELDS).iterator(chunk_size=2000):
        rng = random.Random(f"{seed}:feedback:{d['code']}")
        trips.extend(_trips(d, rng, r, end))
        late = d["outcome"] == "late" or (d["state"] not in _CLOSED and d["due_at"] is not None
                                          and (d["extended_due_at"] or d["due_at"]) < end)
        draws = ((Kind.DOSSIER, r.complaint_late_dossier if late else r.complaint_on_time_dossier),
                 (Kind.REGULATION, r.complaint_regulation), (Kind.CONDUCT, r.complaint_conduct))
        for kind, p in draws:
            if rng.random() < p:
                found = _complaint(d, kind, rng, r, end, seed)
                if found:
                    made.append(found)
    with transaction.atomic():
        Trip.objects.bulk_create(trips, batch_size=2000)
        Complaint.objects.bulk_create([c for c, _ in made], batch_size=1000)
        ids = dict(Complaint.objects.filter(code__in=[c.code for c, _ in made]).values_list("code", "id"))
        events = []
        for c, evs in made:
            for e in evs:
                e.complaint_id = ids[c.code]
                events.append(e)
        ComplaintEvent.objects.bulk_create(events, batch_size=2000)
    return len(made), len(trips)


_CLOSED = {int(State.REFUSED), int(State.STOPPED), int(State.DONE), int(State.RETURNED)}


def reset() -> None:
    """Remove the simulated complaints (their events first) and the trips of simulated dossiers
    (those go with the dossiers: simulate.runner.reset deletes every row pointing at them)."""
    ComplaintEvent.objects.filter(complaint__simulated=True).delete()
    Complaint.objects.filter(simulated=True).delete()
