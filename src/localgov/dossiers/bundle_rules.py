"""The rules of an interconnected bundle (liên thông), written once. Pure: no Django import.

One submission, one member dossier per agency, started group by group in the bundle's order
(members of one `parallel_group` run in parallel), each against its own sub-deadline; the
parent's state and clock derive from the members (Decree 63/2024 Arts. 5–7; land transfer per
Đồng Tháp 138/2025/QĐ-UBND Art. 30 with two appointments and the tax step outside the clock).

`Bundle` holds a parent and its members in memory and applies the rules to them: the first group
started when the parent is received, the parent re-derived after each member's step (a `derive`
event whenever its state or clock moves), the next group started once a group is decided, a
parent-level action cascaded to the members. Every event goes to the caller's `record`; the
engine (`dossiers/bundles.py`) then writes the rows it changed, the simulation's bulk writer
(`simulate/bulk_bundles.py`) keeps them for its batch. Each member's own transition is
`transitions.apply`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Protocol

from localgov.core.errors import IllegalTransition
from localgov.dossiers import clock, transitions
from localgov.dossiers.workflow import TRANSITIONS, Action, State, derive_parent_state

_NEW, _DONE, _RETURNED = int(State.NEW), int(State.DONE), int(State.RETURNED)
_ENDED = (State.DONE, State.RETURNED, State.REFUSED, State.STOPPED)
#: the states a parent-level action reaches a member from (TRANSITIONS[action].sources)
CASCADE_SOURCES = {a: frozenset(int(s) for s in TRANSITIONS[a].sources if s is not None)
                   for a in transitions.PARENT_CASCADE_ACTIONS}


class Record(Protocol):
    def __call__(self, d: Any, action: str, from_state: int | None, to_state: int, at: datetime, reason: str,
                 data: dict[str, Any], by_actor: bool) -> None:
        """One event of `d` (already changed): `by_actor` — done by the acting user (a parent-level
        action cascaded to the member), else by the interconnection software."""


def _group(d: Any) -> Any:
    return (d.form_data or {}).get("parallel_group", d.bundle_order)


def next_group(children: list[Any]) -> tuple[Any, list[Any]] | None:
    """(group, its members) of the lowest group not yet started, once every earlier group has
    ended; None while a group runs or when all have ended. `children` in bundle order."""
    groups = sorted({_group(c) for c in children})
    for group in groups:
        members = [c for c in children if _group(c) == group]
        if all(c.state in _ENDED for c in members):
            continue
        if any(c.state != State.NEW for c in members):
            return None  # this group is running
        return group, members
    return None


def accept_member(d: Any, at: datetime, deadline: clock.Deadline, group: Any,
                  cal: clock.CalendarLike) -> transitions.Effect:
    """A member accepted by the interconnection software (Mẫu 01 for its agency): its clock runs
    from `at` against its own sub-deadline (Art. 17(3)). Returns the event's (data, reason)."""
    start, due = clock.due_time(cal, at, deadline)
    d.accepted_at, d.clock_started_at, d.first_due_at, d.due_at = at, start, due, due
    d.calendar_version = cal.version
    return {"due_at": due.isoformat(), "group": group, "by": "liên thông"}, ""


def settle_parent(parent: Any, children: list[Any], derived: State, at: datetime,
                  calendar: Callable[[Any], clock.CalendarLike]) -> dict[str, Any]:
    """The parent's own fields when it derives `derived` from its members (before its state is
    set): decided or closed — its clock closed by `transitions.finish_clock` — or returned.
    Returns the event data this adds (the outcome)."""
    data: dict[str, Any] = {}
    if derived != parent.state and derived in (State.DONE, State.REFUSED, State.STOPPED) \
            and parent.state != State.RETURNED:
        parent.decided_at = at if derived == State.DONE else parent.decided_at
        parent.closed_at = at if derived != State.DONE else parent.closed_at
        # The 766 measurement of the bundle carries its members' supplement rounds and time.
        parent.supplement_seconds = max([parent.supplement_seconds, *(c.supplement_seconds for c in children)])
        parent.supplement_requests_after_acceptance = max(
            [parent.supplement_requests_after_acceptance, *(c.supplement_requests_after_acceptance for c in children)]
        )
        data.update(transitions.finish_clock(parent, at, calendar))
    if derived == State.RETURNED and parent.state != State.RETURNED:
        parent.returned_at = parent.closed_at = at
    return data


def shift_parent_due(parent: Any, child: Any, children: list[Any],
                     calendar: Callable[[], Any]) -> dict[str, Any] | None:
    """The parent's deadline derives from its members': when a member's own due time moves
    later (its period restarted after a supplement, Art. 19(5), or excluded time such as a
    financial obligation), the parent's moves by the same working time. Parallel members
    of one group count once (the largest shift of the group), so two members restarting
    at once do not push the parent twice. The tax step that stops the parent's clock is
    already excluded as a whole and is skipped here. Sets the parent's `due_at` and its
    `form_data["due_shifts"]` and returns the event data, or None when nothing moves;
    `calendar()` is the member's calendar, looked up only then (`child` is one of `children`,
    or the same dossier by id)."""
    form = child.form_data or {}
    if form.get("stops_clock") or not (child.first_due_at and child.due_at) or child.due_at <= child.first_due_at:
        return None
    if parent.due_at is None:
        return None
    cal = calendar()
    group = str(form.get("parallel_group", child.bundle_order))
    members = [c for c in children if str((c.form_data or {}).get("parallel_group", c.bundle_order)) == group]
    members = [child if c is child or (c.id is not None and c.id == child.id) else c for c in members]
    # both instants in UTC: the same instants give the same float whether a dossier's times were
    # just set (local time) or read back from the database (UTC) — the calendar's arithmetic takes
    # another path for each, and a difference of 1e-7 s must not read as a new shift
    widest = max(
        (cal.working_seconds_between(c.first_due_at.astimezone(UTC), c.due_at.astimezone(UTC)) for c in members
         if c.first_due_at and c.due_at and c.due_at > c.first_due_at),
        default=0.0,
    )
    parent_form = dict(parent.form_data or {})
    shifts = dict(parent_form.get("due_shifts", {}))
    delta = widest - float(shifts.get(group, 0.0))
    if delta <= 0:
        return None
    shifts[group] = widest
    parent_form["due_shifts"] = shifts
    parent.due_at = cal.add_working_seconds(parent.due_at, delta)
    parent.form_data = parent_form
    return {"group": group, "seconds": delta, "due_at": parent.due_at.isoformat()}


def next_appointments(form_data: dict[str, Any] | None, declared: Sequence[dict[str, Any]], started: list[Any],
                      at: datetime, calendar: Callable[[], Any]) -> list[dict[str, Any]] | None:
    """The bundle's appointments with the applicant once the group `started` starts at `at`, or
    None when it gives none: the 1st at acceptance (counted from the receipt), a later one when
    the group after a clock-stopping member starts (e.g. the land transfer's 2nd appointment,
    counted from the proof of tax payment). A clock-stopping group (the tax step) is no
    appointment, and no more appointments are given than the bundle declares (Đồng Tháp
    138/2025 Art. 30). `calendar()`: the parent's calendar, looked up only for a declared
    deadline."""
    if not started or all((c.form_data or {}).get("stops_clock") for c in started):
        return None
    appointments = list((form_data or {}).get("appointments", []))
    if declared and len(appointments) >= len(declared):
        return None
    due = max((c.due_at for c in started if c.due_at), default=None)
    entry: dict[str, Any] = {}
    if declared:
        spec = declared[len(appointments)]
        entry["name"] = spec.get("name", "")
        deadline = spec.get("deadline") or {}
        if deadline:
            due = clock.due_time(calendar(), at, clock.Deadline(Decimal(str(deadline["value"])),
                                                                deadline["unit"]))[1]
    if due is None:
        return None
    entry.update({"from": at.isoformat(), "due": due.isoformat(), "children": [c.code for c in started]})
    appointments.append(entry)
    return appointments


def cascade_effect(d: Any, at: datetime, action: Action, reason: str,
                   calendar: Callable[[Any], clock.CalendarLike]) -> transitions.Effect:
    """A parent-level action's change on one member: a refusal or a stop closes it (its clock
    classified), a return hands its result over; a withdrawal request only moves its state.
    Returns the event's (data, reason)."""
    if action is Action.REFUSE or action is Action.STOP:
        d.closed_at = at
        if action is Action.REFUSE:
            d.refusal_reason = reason
        else:
            d.stop_reason = reason
        return transitions.finish_clock(d, at, calendar), reason
    if action is Action.RETURN_RESULT:
        d.returned_at = d.closed_at = at
    return {}, reason


class Bundle:
    """A bundle's parent and members (in bundle order) in memory, with the rules that move them.

    `env` gives the calendars and periods (`transitions.Env`); `record` receives every event;
    `stored(d)` makes a dossier's instants what reading it back from the database gives (UTC),
    after each of its steps — the event data written from them is then the same however the
    dossier was obtained; `declared`: the bundle's appointments (catalogue `Bundle.appointments`).
    """

    def __init__(self, parent: Any, children: list[Any], env: transitions.Env, record: Record,
                 stored: Callable[[Any], None], declared: Sequence[dict[str, Any]] = ()) -> None:
        self.parent, self.children, self.env = parent, children, env
        self.record, self.stored, self.declared = record, stored, declared

    # --- one dossier's step (transitions.apply / move), recorded -------------------------------
    def step(self, d: Any, action: Action, at: datetime, args: dict[str, Any]) -> None:
        self._moved(d, action, at, transitions.apply(d, action, at, args, self.env), True)

    def _moved(self, d: Any, action: Action, at: datetime, moved: tuple[int, int, str, dict[str, Any]],
               by_actor: bool) -> None:
        before, after, reason, data = moved
        self.record(d, action.value, before, after, at, reason, data, by_actor)
        self.stored(d)

    def member_step(self, child: Any, action: Action, at: datetime, args: dict[str, Any]) -> None:
        """A member's own transition, then what follows it (`after_member_step`)."""
        self.step(child, action, at, args)
        self.after_member_step(child, action, at)

    def after_member_step(self, child: Any, action: Action, at: datetime) -> None:
        """After a member's own transition its parent is re-derived (not after its rating)."""
        if action is not Action.RATE:
            self.after_child_change(child, at)

    def parent_step(self, action: Action, at: datetime, args: dict[str, Any]) -> None:
        """The parent's own transition (`transitions.PARENT_OWN_ACTIONS`), then what follows it."""
        self.step(self.parent, action, at, args)
        self.after_parent_change(action, at)

    def after_parent_change(self, action: Action, at: datetime) -> None:
        """The parent received (Mẫu 01): its first group starts, with the 1st appointment."""
        if action is Action.ACCEPT:
            self.start_first_group(at)

    # --- the groups -------------------------------------------------------------------------------
    def start_first_group(self, at: datetime) -> None:
        """The parent was received (Mẫu 01): its first group starts, with the 1st appointment."""
        self.record_appointment(self.start_next_group(at), at)

    def start_next_group(self, at: datetime) -> list[Any]:
        """Accept the members of the lowest group not yet started, once every earlier group has
        ended; each member's clock runs from `at` against its own sub-deadline. A member that
        stops the clock (e.g. the tax step of a land transfer) pauses the parent's clock while it
        runs (Decree 151/2025 annexes: the time of financial obligations is not counted)."""
        found = next_group(self.children)
        if found is None:
            return []
        group, members = found
        env = self.env
        for child in members:
            # the member's period: its sub-deadline (transitions.member_deadline); by the interconnection
            moved = transitions.move(child, Action.ACCEPT, at, accept_member, env.deadline(child), group,
                                     env.calendar(child))
            self._moved(child, Action.ACCEPT, at, moved, False)
            self.after_child_change(child, at)
        if any((m.form_data or {}).get("stops_clock") for m in members) and self.parent.paused_since is None:
            self.parent.paused_since = at.astimezone(UTC)  # as read back from the database
        return members

    def record_appointment(self, started: list[Any], at: datetime) -> None:
        p = self.parent
        appointments = next_appointments(p.form_data, self.declared, started, at, lambda: self.env.calendar(p))
        if appointments is not None:
            p.form_data = {**(p.form_data or {}), "appointments": appointments}

    # --- the parent, derived ------------------------------------------------------------------------
    def after_child_change(self, child: Any, at: datetime) -> None:
        """Re-derive the parent after a member's transition; start the next group when a group
        is decided; resume the parent's clock after a clock-stopping member. Any change of the
        parent's state or clock is one `derive` event on the parent (every change is one event;
        the facts see the clock move)."""
        p, children, env = self.parent, self.children, self.env
        data: dict[str, Any] = {}
        paused_before = p.paused_since
        form = child.form_data or {}
        if child.state in (_DONE, _RETURNED) and form.get("stops_clock") and p.paused_since:
            cal = env.calendar(p)  # the clock resumes; the total moves by the paused working time
            p.due_at = clock.pause_due(cal, p.due_at, p.paused_since, at)
            p.paused_seconds += cal.working_seconds_between(p.paused_since, at)
            p.paused_since = None
            data["clock_resumed"] = {"due_at": p.due_at.isoformat(), "paused_seconds": p.paused_seconds}
        shift = shift_parent_due(p, child, children, lambda: env.calendar(child))
        if shift:
            data["due_shifted"] = shift
        if p.state != _NEW and child.state in (_DONE, _RETURNED):
            group = form.get("parallel_group")
            same = [c for c in children if (c.form_data or {}).get("parallel_group") == group]
            if all(c.state in (_DONE, _RETURNED) for c in same):
                started = self.start_next_group(at)
                if started:
                    self.record_appointment(started, at)
                    data["started"] = [c.code for c in started]
                    if p.paused_since and p.paused_since != paused_before:
                        data["clock_stopped"] = p.paused_since.isoformat()
        derived = derive_parent_state([State(c.state) for c in children])
        if derived == p.state and not ({"clock_resumed", "clock_stopped", "due_shifted"} & data.keys()):
            return
        from_state = p.state
        data["derived_from"] = [c.code for c in children]
        data.update(settle_parent(p, children, derived, at, env.calendar))
        p.state = int(derived)
        p.version += 1
        p.updated_at = at
        self.record(p, "derive", from_state, int(derived), at, "", data, False)
        self.stored(p)

    # --- a parent-level action ------------------------------------------------------------------------
    def cascade(self, action: Action, at: datetime, reason: str) -> None:
        """Apply a parent-level action (refuse, withdraw, stop, return) to every member where the
        workflow allows it; the parent's state then derives from the members, once (never
        through the intermediate states). Legal on the parent's own state too."""
        transitions.next_code(self.parent.state, action, None)
        targets = [c for c in self.children if c.state in CASCADE_SOURCES[action]]
        if not targets:
            raise IllegalTransition(f"Không có hồ sơ thành phần nào có thể «{action.label}».")
        for child in targets:
            moved = transitions.move(child, action, at, cascade_effect, action, reason, self.env.calendar)
            self._moved(child, action, at, moved, True)
        self.after_child_change(targets[-1], at)
