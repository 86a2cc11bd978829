"""The follow-up rules, pure (no Django): statuses and their legal moves, the Government
Office's four classes of a task, deadlines in working days with the project's calendar, the
re-use priority of surplus premises. docs/followup.md explains each rule and its source.

Deadline arithmetic is the calendar's (`workcalendar/core.py`, given here as `cal`, from
`workcalendar.adapter.get_calendar()`): this module never counts days itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from enum import StrEnum

from localgov.workcalendar.core import VN_TZ, Calendar

# --- guidance documents owed (văn bản hướng dẫn) ------------------------------------------


class DocStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    CONSULTING = "consulting"
    SUBMITTED = "submitted"
    ISSUED = "issued"
    REPLACED = "replaced"


DOC_STATUS_LABELS: dict[DocStatus, str] = {
    DocStatus.NOT_STARTED: "Chưa triển khai",
    DocStatus.DRAFTING: "Đang soạn thảo",
    DocStatus.CONSULTING: "Đang lấy ý kiến",
    DocStatus.SUBMITTED: "Đã trình",
    DocStatus.ISSUED: "Đã ban hành",
    DocStatus.REPLACED: "Đã được thay thế",
}

#: A document moves forward through drafting; it may go back to drafting after consultation or
#: submission (sent back); once issued it can only be replaced.
DOC_MOVES: dict[DocStatus, frozenset[DocStatus]] = {
    DocStatus.NOT_STARTED: frozenset({DocStatus.DRAFTING, DocStatus.CONSULTING, DocStatus.SUBMITTED,
                                      DocStatus.ISSUED}),
    DocStatus.DRAFTING: frozenset({DocStatus.CONSULTING, DocStatus.SUBMITTED, DocStatus.ISSUED}),
    DocStatus.CONSULTING: frozenset({DocStatus.DRAFTING, DocStatus.SUBMITTED, DocStatus.ISSUED}),
    DocStatus.SUBMITTED: frozenset({DocStatus.DRAFTING, DocStatus.ISSUED}),
    DocStatus.ISSUED: frozenset({DocStatus.REPLACED}),
    DocStatus.REPLACED: frozenset(),
}
DOC_DONE = frozenset({DocStatus.ISSUED, DocStatus.REPLACED})


def doc_move_error(current: str, new: str) -> str | None:
    """None if a document may go from `current` to `new`, else the Vietnamese reason."""
    try:
        a, b = DocStatus(current), DocStatus(new)
    except ValueError:
        return f"Trạng thái không hợp lệ: {new!r}."
    if a == b:
        return None
    if b not in DOC_MOVES[a]:
        return f"Không chuyển được từ «{DOC_STATUS_LABELS[a]}» sang «{DOC_STATUS_LABELS[b]}»."
    return None


# --- problems raised by localities (vướng mắc, kiến nghị) ----------------------------------


class ProblemStatus(StrEnum):
    RAISED = "raised"
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"
    CLOSED = "closed"
    REOPENED = "reopened"


PROBLEM_STATUS_LABELS: dict[ProblemStatus, str] = {
    ProblemStatus.RAISED: "Mới gửi",
    ProblemStatus.ACKNOWLEDGED: "Đã tiếp nhận",
    ProblemStatus.ANSWERED: "Đã trả lời",
    ProblemStatus.CLOSED: "Đã đóng",
    ProblemStatus.REOPENED: "Mở lại",
}


class ProblemAction(StrEnum):
    ACKNOWLEDGE = "acknowledge"  # the ministry / department takes it (routed-to side)
    ANSWER = "answer"  # the routed-to side answers
    CLOSE = "close"  # the locality accepts the answer
    REOPEN = "reopen"  # the locality: the answer does not solve it


#: action → (states it may be taken from, state it leads to, who takes it: "routed" | "raiser").
PROBLEM_MOVES: dict[ProblemAction, tuple[frozenset[ProblemStatus], ProblemStatus, str]] = {
    ProblemAction.ACKNOWLEDGE: (frozenset({ProblemStatus.RAISED, ProblemStatus.REOPENED}),
                                ProblemStatus.ACKNOWLEDGED, "routed"),
    ProblemAction.ANSWER: (frozenset({ProblemStatus.RAISED, ProblemStatus.ACKNOWLEDGED, ProblemStatus.REOPENED}),
                           ProblemStatus.ANSWERED, "routed"),
    ProblemAction.CLOSE: (frozenset({ProblemStatus.ANSWERED}), ProblemStatus.CLOSED, "raiser"),
    ProblemAction.REOPEN: (frozenset({ProblemStatus.ANSWERED, ProblemStatus.CLOSED}), ProblemStatus.REOPENED,
                           "raiser"),
}
PROBLEM_OPEN = frozenset({ProblemStatus.RAISED, ProblemStatus.ACKNOWLEDGED, ProblemStatus.REOPENED})


def problem_move(current: str, action: str) -> ProblemStatus | str:
    """The new status, or the Vietnamese reason the action is not possible now."""
    try:
        act = ProblemAction(action)
    except ValueError:
        return f"Thao tác không hợp lệ: {action!r}."
    sources, target, _ = PROBLEM_MOVES[act]
    if ProblemStatus(current) not in sources:
        return f"Kiến nghị đang «{PROBLEM_STATUS_LABELS[ProblemStatus(current)]}», không thực hiện được thao tác này."
    return target


def response_due(raised_on: date, working_days: int, cal: Calendar) -> date:
    """The last day to answer a problem raised on `raised_on`: `working_days` working days,
    the first counted from the next working day (Civil Code 2015 Art. 147(1): the day of the
    event is not counted). The calendar counts: a start after closing time moves to the next
    working day's opening, and N days end at the N-th working day's closing."""
    start = datetime.combine(raised_on, time(23, 59), VN_TZ)
    return cal.add_working_days(start, working_days).date()


# --- the Government Office's four classes of a task ---------------------------------------


class TaskClass(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS = "in_progress"  # not done, deadline not passed
    OVERDUE = "overdue"  # not done, deadline passed


TASK_CLASS_LABELS: dict[TaskClass, str] = {
    TaskClass.DONE_ON_TIME: "Hoàn thành đúng hạn",
    TaskClass.DONE_LATE: "Hoàn thành quá hạn",
    TaskClass.IN_PROGRESS: "Đang thực hiện trong hạn",
    TaskClass.OVERDUE: "Quá hạn chưa hoàn thành",
}


def effective_deadline(deadline: date, cal: Calendar, *, roll_off_day: bool) -> date:
    """The last day a task may be done: `deadline` itself, or — when it falls on a weekly rest
    day or a holiday and `roll_off_day` — the next working day (Civil Code 2015 Art. 148(5),
    applied by analogy; configuration `roll_deadline_off_day`)."""
    if not roll_off_day:
        return deadline
    return cal.next_working_day(deadline, include=True)


def classify(deadline: date | None, done_on: date | None, today: date) -> TaskClass:
    """The Government Office's classes: done on or before the deadline → on time; done after →
    late; not done and today on or before the deadline → in progress (due today is not yet
    overdue); not done and today after it → overdue. `deadline` is the effective one; no
    deadline: never late."""
    if done_on is not None:
        return TaskClass.DONE_LATE if deadline is not None and done_on > deadline else TaskClass.DONE_ON_TIME
    if deadline is not None and today > deadline:
        return TaskClass.OVERDUE
    return TaskClass.IN_PROGRESS


def is_overdue(deadline: date | None, done_on: date | None, today: date) -> bool:
    """Not done and past the deadline (the class OVERDUE)."""
    return classify(deadline, done_on, today) is TaskClass.OVERDUE


def due_soon(deadline: date | None, done_on: date | None, today: date, within_working_days: int,
             cal: Calendar) -> bool:
    """Not done, not overdue, and at most `within_working_days` working days left (the reminder)."""
    if deadline is None or done_on is not None or today > deadline:
        return False
    return cal.working_days_in(today, deadline) <= within_working_days


# --- surplus premises and public assets (trụ sở, tài sản công dôi dư) ---------------------


class PremiseUse(StrEnum):
    HEALTH = "health"
    EDUCATION = "education"
    CULTURE_SPORT = "culture_sport"
    COMMUNE_POLICE = "commune_police"
    OTHER_PUBLIC = "other_public"
    ECONOMIC = "economic"  # sale, lease, transfer for economic use


PREMISE_USE_LABELS: dict[PremiseUse, str] = {
    PremiseUse.HEALTH: "Y tế",
    PremiseUse.EDUCATION: "Giáo dục, đào tạo",
    PremiseUse.CULTURE_SPORT: "Văn hóa, thể thao (sinh hoạt cộng đồng)",
    PremiseUse.COMMUNE_POLICE: "Trụ sở công an xã",
    PremiseUse.OTHER_PUBLIC: "Mục đích công cộng khác",
    PremiseUse.ECONOMIC: "Khai thác, bán, chuyển nhượng (kinh tế)",
}
#: Uses that count as "converted to community use" in the Ministry of Finance's report.
COMMUNITY_USES = frozenset({PremiseUse.HEALTH, PremiseUse.EDUCATION, PremiseUse.CULTURE_SPORT,
                            PremiseUse.OTHER_PUBLIC})


class PremiseStatus(StrEnum):
    IDLE = "idle"  # surplus, not yet planned
    PLANNED = "planned"  # re-use plan drafted
    APPROVED = "approved"  # plan approved by decision
    IN_PROGRESS = "in_progress"
    DONE = "done"  # handled: in its new use, sold or transferred


PREMISE_STATUS_LABELS: dict[PremiseStatus, str] = {
    PremiseStatus.IDLE: "Chưa có phương án",
    PremiseStatus.PLANNED: "Đã có phương án",
    PremiseStatus.APPROVED: "Phương án đã được phê duyệt",
    PremiseStatus.IN_PROGRESS: "Đang thực hiện",
    PremiseStatus.DONE: "Đã xử lý xong",
}
PREMISE_ORDER = tuple(PremiseStatus)


def premise_plan_error(status: str, use: str, decision_number: str, priority: tuple[str, ...],
                       justified_lower: bool) -> str | None:
    """The plan's consistency: a plan (from PLANNED on) names its use; from APPROVED on, the
    approving decision; a use later in the Government's order of priority than a public one
    (Official Dispatch 213/CĐ-TTg, configuration `premise_priority`) needs the reason the higher
    ones do not fit (`justified_lower`)."""
    st = PremiseStatus(status)
    if st is not PremiseStatus.IDLE and not use:
        return "Phương án phải nêu mục đích sử dụng."
    if use and use not in priority:
        return f"Mục đích sử dụng không hợp lệ: {use!r}."
    if PREMISE_ORDER.index(st) >= PREMISE_ORDER.index(PremiseStatus.APPROVED) and not decision_number:
        return "Phương án đã phê duyệt phải có số quyết định phê duyệt."
    if use == PremiseUse.ECONOMIC and not justified_lower:
        return ("Khai thác, bán, chuyển nhượng chỉ sau khi đã xem xét các mục đích công cộng ưu tiên "
                "(y tế, giáo dục, văn hóa, thể thao, công an xã): nêu lý do.")
    return None


def counts_as_community(status: str, use: str) -> bool:
    return PremiseStatus(status) is PremiseStatus.DONE and use in COMMUNITY_USES


def rule_value(rules: Mapping[str, object], key: str) -> object:
    """The value of configuration `key` (data/rules.json's {"value", "source", "tag"} or a bare value)."""
    entry = rules[key]
    return entry["value"] if isinstance(entry, Mapping) else entry
