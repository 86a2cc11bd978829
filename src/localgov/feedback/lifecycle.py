"""A complaint's life (phản ánh, kiến nghị — PAKN): states, actions, deadlines and the
Decision 766 group-5 measures. Pure: no Django import.

The limits (docs/domain/decision-766.md §2, indicator 5.2: "refuse ≤ 2 working days, ask to
supplement ≤ 5, resolve ≤ 15, publish ≤ 2") come from `feedback/data/limits.json`
(configuration, single-sourced [T, S23]) as a `Limits`. Every period is counted in office time
on the official calendar (`workcalendar.adapter.get_calendar()`), through the same calendar
protocol the dossier clock uses (`dossiers/clock.CalendarLike`): no day arithmetic here.

Reading of the measure (docs/feedback.md, "On time"):
* refuse, ask for more and resolve are counted from the receipt — or from the re-opening,
  which starts a new round;
* the time the office waits for the person's additional information does not count towards
  the 15 days (the clock is paused, `dossiers/clock.extend_due_after_pause`);
* publication is counted from the answer;
* a complaint is on time (5.2) when every step it took was within its limit and, while open,
  no limit has passed; 5.3 counts as not satisfied those rated unsatisfied, re-opened
  (repeated) or late (docs/domain/decision-766.md §2, indicator 5.3).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from localgov.core.errors import IllegalTransition, ValidationFailed
from localgov.dossiers.clock import HOURS_PER_WORKING_DAY, CalendarLike, extend_due_after_pause


class Kind(StrEnum):
    """Decision 766 indicator 5.1 classifies complaints by type (docs/domain/decision-766.md §2)."""

    REGULATION = "regulation"  # về quy định, thủ tục hành chính
    CONDUCT = "conduct"  # về hành vi, thái độ của cán bộ
    DOSSIER = "dossier"  # về một hồ sơ cụ thể


KIND_LABELS = {
    Kind.REGULATION: "Về quy định, thủ tục hành chính",
    Kind.CONDUCT: "Về hành vi, thái độ của cán bộ, công chức",
    Kind.DOSSIER: "Về việc giải quyết một hồ sơ cụ thể",
}


class Status(StrEnum):
    RECEIVED = "received"  # đã tiếp nhận, đang xử lý
    WAITING_INFO = "waiting_info"  # chờ người phản ánh bổ sung thông tin
    REFUSED = "refused"  # từ chối tiếp nhận (không thuộc phạm vi / không đủ điều kiện)
    ANSWERED = "answered"  # đã trả lời
    CLOSED = "closed"  # người phản ánh đã đánh giá


STATUS_LABELS = {
    Status.RECEIVED: "Đang xử lý",
    Status.WAITING_INFO: "Chờ người phản ánh bổ sung thông tin",
    Status.REFUSED: "Từ chối tiếp nhận",
    Status.ANSWERED: "Đã trả lời",
    Status.CLOSED: "Đã kết thúc",
}

OPEN_STATUSES = frozenset({Status.RECEIVED, Status.WAITING_INFO})


class Action(StrEnum):
    REFUSE = "refuse"
    ASK_INFO = "ask_info"
    INFO_RECEIVED = "info_received"
    ANSWER = "answer"
    PUBLISH = "publish"
    SATISFIED = "satisfied"
    UNSATISFIED = "unsatisfied"
    REOPEN = "reopen"


ACTION_LABELS = {
    Action.REFUSE: "Từ chối tiếp nhận",
    Action.ASK_INFO: "Yêu cầu bổ sung thông tin",
    Action.INFO_RECEIVED: "Đã nhận thông tin bổ sung",
    Action.ANSWER: "Trả lời",
    Action.PUBLISH: "Công khai câu trả lời",
    Action.SATISFIED: "Hài lòng",
    Action.UNSATISFIED: "Không hài lòng",
    Action.REOPEN: "Đề nghị xem xét lại",
}

#: The officers' actions and the person's (who may take each: access/roles.COMPLAINT_ACTION_ROLES).
OFFICE_ACTIONS = frozenset({Action.REFUSE, Action.ASK_INFO, Action.INFO_RECEIVED, Action.ANSWER, Action.PUBLISH})
PERSON_ACTIONS = frozenset({Action.SATISFIED, Action.UNSATISFIED, Action.REOPEN})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.REFUSE): Status.REFUSED,
    (Status.RECEIVED, Action.ASK_INFO): Status.WAITING_INFO,
    (Status.RECEIVED, Action.ANSWER): Status.ANSWERED,
    (Status.WAITING_INFO, Action.INFO_RECEIVED): Status.RECEIVED,
    (Status.WAITING_INFO, Action.REFUSE): Status.REFUSED,
    (Status.ANSWERED, Action.PUBLISH): Status.ANSWERED,
    (Status.CLOSED, Action.PUBLISH): Status.CLOSED,
    (Status.ANSWERED, Action.SATISFIED): Status.CLOSED,
    (Status.ANSWERED, Action.UNSATISFIED): Status.CLOSED,
    (Status.ANSWERED, Action.REOPEN): Status.RECEIVED,
    (Status.CLOSED, Action.REOPEN): Status.RECEIVED,
}


@dataclass(frozen=True)
class Limits:
    """Working days for each step (indicator 5.2)."""

    refuse: int
    ask_info: int
    answer: int
    publish: int

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> Limits:
        try:
            values = {k: data[f"{k}_working_days"] for k in ("refuse", "ask_info", "answer", "publish")}
        except KeyError as exc:
            raise ValidationFailed(f"Thiếu thời hạn xử lý phản ánh: {exc.args[0]}") from None
        for key, value in values.items():
            if type(value) is not int or value < 1:
                raise ValidationFailed(f"Thời hạn «{key}» phải là số ngày làm việc nguyên dương.")
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Timeline:
    """When each step of the current round happened (a re-opening starts a new round)."""

    started_at: datetime
    refused_at: datetime | None = None
    asked_at: datetime | None = None
    info_received_at: datetime | None = None
    answered_at: datetime | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class Deadlines:
    refuse: datetime
    ask_info: datetime
    answer: datetime  # moved on by the working time spent waiting for the person
    publish: datetime | None  # known once answered


def _after(cal: CalendarLike, start: datetime, days: int) -> datetime:
    # Instant-based office time (no receipt cut-off: that rule is the dossiers', Art. 18(2)).
    return cal.add_working_seconds(start, float(days * HOURS_PER_WORKING_DAY * 3600))


def deadlines(cal: CalendarLike, t: Timeline, limits: Limits, *, now: datetime) -> Deadlines:
    answer = _after(cal, t.started_at, limits.answer)
    if t.asked_at is not None:
        resumed = t.info_received_at or (t.answered_at or t.refused_at or now)
        if resumed > t.asked_at:
            answer = extend_due_after_pause(cal, answer, t.asked_at, resumed)
    return Deadlines(
        refuse=_after(cal, t.started_at, limits.refuse),
        ask_info=_after(cal, t.started_at, limits.ask_info),
        answer=answer,
        publish=_after(cal, t.answered_at, limits.publish) if t.answered_at is not None else None,
    )


def late_steps(cal: CalendarLike, t: Timeline, limits: Limits, *, now: datetime) -> list[str]:
    """The steps done after their limit, or whose limit has passed undone (indicator 5.2)."""
    d = deadlines(cal, t, limits, now=now)
    late: list[str] = []
    if t.refused_at is not None and t.refused_at > d.refuse:
        late.append(Action.REFUSE)
    if t.asked_at is not None and t.asked_at > d.ask_info:
        late.append(Action.ASK_INFO)
    if t.refused_at is None:
        waiting = t.asked_at is not None and t.info_received_at is None and t.answered_at is None
        if t.answered_at is not None:
            if t.answered_at > d.answer:
                late.append(Action.ANSWER)
        elif not waiting and now > d.answer:
            late.append(Action.ANSWER)
    if d.publish is not None:
        if (t.published_at if t.published_at is not None else now) > d.publish:
            late.append(Action.PUBLISH)
    return late


def on_time(cal: CalendarLike, t: Timeline, limits: Limits, *, now: datetime) -> bool:
    return not late_steps(cal, t, limits, now=now)


def current_due(cal: CalendarLike, status: Status, t: Timeline, limits: Limits, *, now: datetime) -> datetime | None:
    """The deadline the office works to now (the queue's "hạn xử lý"): the answer while
    received; none while waiting for the person; the publication once answered and not yet
    published; none otherwise."""
    if status is Status.RECEIVED:
        return deadlines(cal, t, limits, now=now).answer
    if status in (Status.ANSWERED, Status.CLOSED) and t.published_at is None:
        return deadlines(cal, t, limits, now=now).publish
    return None


def step(status: Status, action: Action, t: Timeline, *, at: datetime) -> tuple[Status, Timeline]:
    """The new status and timeline after `action` at `at`, or IllegalTransition in Vietnamese."""
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise IllegalTransition(
            f"Không thể «{ACTION_LABELS[action].lower()}» khi phản ánh đang ở trạng thái "
            f"«{STATUS_LABELS[status].lower()}».", code="illegal_complaint_transition")
    if action is Action.PUBLISH and t.published_at is not None:
        raise IllegalTransition("Câu trả lời đã được công khai.", code="already_published")
    if at < t.started_at:
        raise ValidationFailed("Thời điểm thao tác không được trước thời điểm tiếp nhận.")
    if action is Action.REFUSE:
        t = _replace(t, refused_at=at)
    elif action is Action.ASK_INFO:
        if t.asked_at is not None:
            raise IllegalTransition("Chỉ yêu cầu bổ sung thông tin một lần trong mỗi lượt xử lý.",
                                    code="ask_info_once")
        t = _replace(t, asked_at=at)
    elif action is Action.INFO_RECEIVED:
        t = _replace(t, info_received_at=at)
    elif action is Action.ANSWER:
        t = _replace(t, answered_at=at)
    elif action is Action.PUBLISH:
        t = _replace(t, published_at=at)
    elif action is Action.REOPEN:
        t = Timeline(started_at=at)  # a new round, with its own limits
    return target, t


def _replace(t: Timeline, **changes: datetime) -> Timeline:
    values = {k: getattr(t, k) for k in Timeline.__dataclass_fields__}
    values.update(changes)
    return Timeline(**values)


def not_satisfied(*, rated_unsatisfied: bool, reopened: int, late: bool) -> bool:
    """Indicator 5.3: "(total − dissatisfied / repeated / overdue) ÷ total"
    (docs/domain/decision-766.md §2)."""
    return rated_unsatisfied or reopened > 0 or late


@dataclass(frozen=True)
class Group5:
    total: int
    by_kind: Mapping[str, int]
    on_time: int
    satisfied: int

    def share(self, part: int) -> float | None:
        return None if self.total == 0 else part / self.total


def group5(rows: list[tuple[str, bool, bool]]) -> Group5:
    """5.1–5.3 from (kind, on_time, not_satisfied) per complaint — the recount the tests
    compare the database aggregates with."""
    by_kind = {k.value: 0 for k in Kind}
    on, sat = 0, 0
    for kind, is_on_time, is_not_satisfied in rows:
        by_kind[kind] = by_kind.get(kind, 0) + 1
        on += is_on_time
        sat += not is_not_satisfied
    return Group5(total=len(rows), by_kind=by_kind, on_time=on, satisfied=sat)
