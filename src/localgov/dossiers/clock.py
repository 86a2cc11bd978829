"""Legal clocks of a dossier. Pure: no Django import.

Two notions are kept apart (docs/domain/decree-118-2025.md §2.4; ADR
docs/adr/0005-supplement-restart-vs-766.md):

* the **legal due time** — counted in working time from the receipt of a complete, valid
  dossier (Decree 118/2025 Art. 17(3)); a supplement requested at appraisal makes the
  period **restart from zero** once the complete dossier arrives (Art. 19(5): "Thời hạn giải
  quyết được tính lại từ đầu sau khi nhận đủ hồ sơ"), unless the procedure's sectoral law
  says "pause" (data on the procedure); time the procedure excludes (e.g. financial
  obligations on land, Decree 151/2025 annexes) pauses the clock;
* the **Decision 766 measurement** — on time if (end − supplement time) ≤ the appointment on
  the receipt, and late whenever supplement was requested more than once
  (docs/domain/decision-766.md §3, [T, S23]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from localgov.core.errors import IllegalTransition, ValidationFailed

#: A working day is 8 working hours (Nghệ An 3857/QĐ-UBND: "tính mỗi ngày 08 giờ làm
#: việc"; docs/domain/decree-118-2025.md §2.2). The calendar's office hours must agree.
HOURS_PER_WORKING_DAY = 8


class CalendarLike(Protocol):
    """What the clock needs from `localgov.workcalendar` (structural typing keeps this
    module free of any import of the calendar's implementation)."""

    version: str
    office_hours: tuple[tuple[time, time], ...]

    def clock_start(self, received_at: datetime) -> datetime: ...

    def add_working_hours(self, start: datetime, hours: float) -> datetime: ...

    def add_working_seconds(self, start: datetime, seconds: float) -> datetime: ...

    def working_seconds_between(
        self, start: datetime, end: datetime, paused: Sequence[tuple[datetime, datetime]] = ()
    ) -> float: ...


class Outcome(StrEnum):
    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


OUTCOME_LABELS = {Outcome.EARLY: "Trước hạn", Outcome.ON_TIME: "Đúng hạn", Outcome.LATE: "Quá hạn"}


@dataclass(frozen=True)
class Deadline:
    value: Decimal
    unit: str  # "working_days" | "working_hours"

    def hours(self) -> float:
        if self.value < 0:
            raise ValidationFailed("Thời hạn giải quyết không được âm.")
        if self.unit == "working_days":
            return float(self.value) * HOURS_PER_WORKING_DAY
        if self.unit == "working_hours":
            return float(self.value)
        raise ValidationFailed(f"Đơn vị thời hạn không hợp lệ: {self.unit}")


def due_time(cal: CalendarLike, received_at: datetime, deadline: Deadline) -> tuple[datetime, datetime]:
    """(clock start, due time) for a complete dossier received at `received_at`.

    The clock starts at the receipt, or at the opening of the next working day when the
    receipt is after the cut-off or on a day off (Art. 17(3), Art. 18(2)). A deadline of 0
    is "trong ngày" (the same working day, e.g. birth registration under Decree 63/2024
    Art. 7; the catalogue's `is_same_day`): due at the close of office on the clock-start day
    — a dossier received after the cut-off is therefore due the next working day.
    """
    start = cal.clock_start(received_at)
    hours = deadline.hours()
    if hours:
        return start, cal.add_working_hours(start, hours)
    close = cal.office_hours[-1][1]
    end_of_day = start.replace(hour=close.hour, minute=close.minute, second=0, microsecond=0)
    return start, max(start, end_of_day)


def extend_due_after_pause(cal: CalendarLike, due: datetime, paused_from: datetime, resumed_at: datetime) -> datetime:
    """Push the due time by the working time spent paused (clock-stopping steps)."""
    if resumed_at < paused_from:
        raise ValidationFailed("Thời điểm tiếp tục sớm hơn thời điểm tạm dừng.")
    seconds = cal.working_seconds_between(paused_from, resumed_at)
    return cal.add_working_seconds(due, seconds) if seconds else due


#: The due time after the clock stood still from `paused_from` to `resumed_at` — a financial
#: obligation whose time the sectoral law excludes (Decree 118 Art. 24; Decree 151/2025), a
#: supplement under a procedure that pauses, a bundle's clock-stopping member: pushed by the
#: working time paused. The one rule for `payment_back`, `supplement_back`, the bundle rules and
#: the simulation's planner.
pause_due = extend_due_after_pause


def restart_due(cal: CalendarLike, complete_at: datetime, deadline: Deadline) -> tuple[datetime, datetime]:
    """(clock start, due time) once the complete dossier is back after a supplement requested at
    appraisal: the period restarts from zero (Decree 118/2025 Art. 19(5): "Thời hạn giải quyết
    được tính lại từ đầu sau khi nhận đủ hồ sơ"). The one rule for `supplement_back` and the
    simulation's planner."""
    return due_time(cal, complete_at, deadline)


def payment_stops_clock(clock_stops: Sequence[str] | None) -> bool:
    """Whether a financial obligation stops the procedure's clock: only where its sectoral law
    excludes that time (catalogue `clock_stops`, e.g. land under Decree 151/2025; Art. 24)."""
    return "financial_obligation" in (clock_stops or ())


def supplement_back(
    cal: CalendarLike | None, d: Any, at: datetime, deadline: Deadline | None
) -> dict[str, Any]:
    """The complete dossier is back (`d` is a Dossier or any object with its clock fields).

    Adds the applicant's waiting time to `supplement_seconds` (the 766 exclusion). At the
    appraisal stage the period restarts from zero (Decree 118 Art. 19(5)) with `deadline`, or
    — where the procedure's sectoral law says "pause" — resumes with the due time pushed by
    the working time paused. `cal` and `deadline` are needed only at the appraisal stage.
    Returns the event data. One rule for the service layer and the simulation's bulk path."""
    appraisal = d.supplement_stage == "appraisal"
    if appraisal and (cal is None or deadline is None):
        raise ValidationFailed("Thiếu lịch làm việc hoặc thời hạn để tính lại thời hạn giải quyết.")
    waited = max(timedelta(0), at - (d.supplement_requested_at or at))
    d.supplement_seconds += waited.total_seconds()
    data: dict[str, Any] = {"stage": d.supplement_stage, "waited_seconds": waited.total_seconds()}
    if appraisal:
        assert cal is not None and deadline is not None
        if d.procedure.supplement_clock == "pause" and d.paused_since:
            d.due_at = pause_due(cal, d.due_at, d.paused_since, at)
            d.paused_seconds += cal.working_seconds_between(d.paused_since, at)
            d.paused_since = None
            data["rule"] = "pause"
        else:
            d.clock_started_at, d.due_at = restart_due(cal, at, deadline)
            d.calendar_version = cal.version
            data["rule"] = "restart"
        data["due_at"] = d.due_at.isoformat() if d.due_at else None
    d.supplement_requested_at = None
    return data


def payment_back(cal: CalendarLike | None, d: Any, at: datetime, *, online: bool) -> dict[str, Any]:
    """The financial obligation is met (Decree 118 Art. 24; `d` is a Dossier or any object with
    its clock fields): where the clock was stopped for it, the due time (and an extended one) is
    pushed by the working time paused and the clock runs again. `cal` is needed only then.
    Returns the event data. One rule for the service layer and the simulation's bulk path."""
    if d.paused_since and cal is None:
        raise ValidationFailed("Thiếu lịch làm việc để tính lại thời hạn giải quyết.")
    data: dict[str, Any] = {"online": online}
    if d.paused_since:
        assert cal is not None
        d.due_at = pause_due(cal, d.due_at, d.paused_since, at)
        if d.extended_due_at:
            d.extended_due_at = pause_due(cal, d.extended_due_at, d.paused_since, at)
        d.paused_seconds += cal.working_seconds_between(d.paused_since, at)
        d.paused_since = None
        data["due_at"] = d.due_at.isoformat()
    d.paid_online = online
    return data


def check_extension(
    cal: CalendarLike, *, now: datetime, due: datetime, new_due: datetime, extensions_so_far: int
) -> None:
    """Mẫu 04 (Decree 118 Art. 19(6), Art. 12(5)): the apology and new appointment go out
    "chậm nhất 01 ngày trước ngày hết hạn" and "không quá một lần".

    Read here as: at least one working day (8 working hours) of the period must remain at
    the moment of the apology; the new date is later than the current one; once only.
    """
    if extensions_so_far >= 1:
        raise IllegalTransition(
            "Việc hẹn lại ngày trả kết quả chỉ được thực hiện một lần (Nghị định 118/2025, Điều 19 khoản 6).",
            code="extension_once",
        )
    if new_due <= due:
        raise ValidationFailed(
            "Ngày hẹn mới phải sau ngày hẹn trả kết quả hiện tại.", fields={"new_due": ["Phải sau ngày hẹn cũ."]}
        )
    if not apology_open(cal, now=now, due=due):
        raise IllegalTransition(
            "Đã quá thời điểm xin lỗi, hẹn lại: phải chậm nhất 01 ngày làm việc trước ngày hết hạn "
            "(Nghị định 118/2025, Điều 19 khoản 6).",
            code="extension_too_late",
        )


#: Decree 118 Art. 19(6): the apology (Mẫu 04) goes out "chậm nhất 01 ngày trước ngày hết
#: hạn" — read as one working day (8 working hours) of the period still to run.
APOLOGY_NOTICE_SECONDS = float(HOURS_PER_WORKING_DAY * 3600)


def apology_open(cal: CalendarLike, *, now: datetime, due: datetime) -> bool:
    """Is an apology with a new date still lawful at `now` for a dossier due at `due`?"""
    remaining = cal.working_seconds_between(now, due) if now < due else 0.0
    return remaining >= APOLOGY_NOTICE_SECONDS


def apology_due_range(cal: CalendarLike, *, now: datetime, within_seconds: float) -> tuple[datetime, datetime]:
    """The due times of the dossiers whose apology is still lawful at `now` and must go out
    within `within_seconds` of office time (the near-due queue "sắp quá hạn"): from now plus
    the notice of Art. 19(6) to that plus `within_seconds`, both ends included."""
    first = cal.add_working_seconds(now, APOLOGY_NOTICE_SECONDS)
    return first, cal.add_working_seconds(now, APOLOGY_NOTICE_SECONDS + within_seconds)


def classify(cal: CalendarLike, *, completed_at: datetime, due: datetime) -> Outcome:
    """Early / on time / late against the legal due time.

    Early (trước hạn) = finished with at least one full working day of the period to spare
    — the reading of the national 766 tooling [T, S23]; on time = by the due time.
    """
    if completed_at > due:
        return Outcome.LATE
    spare = cal.working_seconds_between(completed_at, due)
    return Outcome.EARLY if spare >= HOURS_PER_WORKING_DAY * 3600 else Outcome.ON_TIME


#: How a dossier ended (the Decision 766 end states, docs/domain/decision-766.md §2 indicator 2.1).
END_REFUSED, END_STOPPED, END_DONE = "refused", "stopped", "done"


def legal_outcome(cal: CalendarLike, *, end: str, completed_at: datetime, due: datetime) -> Outcome | None:
    """The legal outcome of a dossier's end: early / on time / late against the legal due time
    (`classify`) for a decision or a refusal; **none for a stop**. A stop (Mẫu 05: the applicant's
    withdrawal, Decree 118/2025 Art. 21, or a supplement not brought back within 15 days, Art. 19(5))
    ends processing without a result: the authority did not decide, so its due time was neither
    met nor missed. Decision 766 still measures it (`classify_766`, the request date as its end)."""
    if end == END_STOPPED:
        return None
    return classify(cal, completed_at=completed_at, due=due)


def classify_766(
    *, completed_at: datetime, appointment: datetime, supplement_time: timedelta, supplement_requests: int
) -> Outcome:
    """Decision 766 indicator 2.1 (docs/domain/decision-766.md §3 [T, S23]):
    more than one supplement request → late; otherwise end − supplement time ≤ appointment.
    """
    if supplement_requests > 1:
        return Outcome.LATE
    return Outcome.ON_TIME if completed_at - supplement_time <= appointment else Outcome.LATE


def is_overdue(*, now: datetime, due: datetime | None, paused: bool) -> bool:
    """Open and past its (possibly extended) due time; a paused clock is not overdue."""
    return due is not None and not paused and now > due
