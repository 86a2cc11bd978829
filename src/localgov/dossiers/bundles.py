"""Interconnected bundles (liên thông): one submission, one child dossier per member agency,
started group by group in the bundle's order (members of one `parallel_group` run in
parallel), each with its own sub-deadline; the parent's state and clock derive from the
children (docs/domain/one-stop-rules.md §2; Decree 63/2024 Arts. 5–7; land transfer per Đồng Tháp
138/2025/QĐ-UBND Art. 30 with two appointments and the tax step outside the clock).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from localgov.access.policy import SYSTEM, Actor
from localgov.catalog.models import Bundle, BundleMember
from localgov.dossiers import clock, hooks
from localgov.dossiers.models import Dossier
from localgov.dossiers.workflow import State, derive_parent_state

#: Automatic steps of the interconnection software are recorded under this actor label.
INTERCONNECT = SYSTEM


def create_children(parent: Dossier, bundle: Bundle, *, actor: Actor, at: datetime) -> list[Dossier]:
    from localgov.dossiers.services import append_event
    from localgov.dossiers.submission import next_code, resolve_agency

    children: list[Dossier] = []
    for member in bundle.members.select_related("procedure").order_by("order"):
        agency = resolve_agency(member.agency_kind, province_code=parent.province_code,
                                commune_code=parent.competent_commune_code)
        child = Dossier(
            code=next_code(agency.electronic_id, at), province_code=parent.province_code, procedure=member.procedure,
            bundle=bundle, parent=parent, bundle_order=member.order, state=int(State.NEW), channel=parent.channel,
            received_centre=parent.received_centre, received_province_code=parent.received_province_code,
            received_commune_code=parent.received_commune_code, competent_agency=agency,
            competent_commune_code=parent.competent_commune_code if agency.commune_id else None,
            return_method=parent.return_method, return_centre=parent.return_centre,
            return_address=parent.return_address, applicant_user_id=parent.applicant_user_id,
            applicant_name=parent.applicant_name, applicant_id_number=parent.applicant_id_number,
            applicant_phone=parent.applicant_phone, applicant_email=parent.applicant_email,
            applicant_address=parent.applicant_address, secret_hash=parent.secret_hash,
            form_data={"parallel_group": member.parallel_group, "stops_clock": member.stops_clock,
                       "sub_deadline": {"value": str(member.sub_deadline_value), "unit": member.sub_deadline_unit}},
            submitted_at=at,
        )
        event = append_event(child, action="submit", from_state=None, to_state=int(State.NEW), actor=actor, at=at,
                             data={"parent": parent.code, "member_order": member.order})
        child.save(force_insert=True)
        event.save(force_insert=True)
        hooks.emit(child, event, {"state": None, "due_at": None, "paused_since": None})
        children.append(child)
    return children


def _member_deadline(child: Dossier) -> clock.Deadline:
    sub = (child.form_data or {}).get("sub_deadline") or {}
    if sub:
        return clock.Deadline(clock.Decimal(str(sub["value"])), sub["unit"])
    return clock.Deadline(child.procedure.deadline_value, child.procedure.deadline_unit)


_ENDED = (State.DONE, State.RETURNED, State.REFUSED, State.STOPPED)


def next_group(children: list[Any]) -> tuple[Any, list[Any]] | None:
    """(group, its members) of the lowest group not yet started, once every earlier group has
    ended; None while a group runs or when all have ended. `children` in bundle order."""
    groups = sorted({(c.form_data or {}).get("parallel_group", c.bundle_order) for c in children})
    for group in groups:
        members = [c for c in children if (c.form_data or {}).get("parallel_group", c.bundle_order) == group]
        if all(c.state in _ENDED for c in members):
            continue
        if any(c.state != State.NEW for c in members):
            return None  # this group is running
        return group, members
    return None


def accept_member(d: Any, when: datetime, deadline: clock.Deadline, group: Any, cal: Any) -> dict[str, Any]:
    """A member accepted by the interconnection software: its clock runs from `when` against its
    own sub-deadline. Returns the event data (the `mutate` of its ACCEPT)."""
    start, due = clock.due_time(cal, when, deadline)
    d.accepted_at, d.clock_started_at, d.first_due_at, d.due_at = when, start, due, due
    d.calendar_version = cal.version
    return {"due_at": due.isoformat(), "group": group, "by": "liên thông"}


def start_next_group(parent: Dossier, *, actor: Actor, at: datetime) -> list[Dossier]:
    """Accept the children of the lowest group not yet started, once every earlier group is
    decided. Each child's clock runs from then against its own sub-deadline."""
    from localgov.dossiers.services import _calendar, transition
    from localgov.dossiers.workflow import Action

    found = next_group(list(parent.children.order_by("bundle_order")))
    if found is None:
        return []
    group, members = found
    started: list[Dossier] = []
    for child in members:
        def mutate(d: Dossier, when: datetime, deadline: clock.Deadline = _member_deadline(child)) -> dict[str, Any]:
            return accept_member(d, when, deadline, group, _calendar(d))

        started.append(transition(dossier_id=child.pk, version=child.version, actor=INTERCONNECT,
                                  action=Action.ACCEPT, now=at, mutate=mutate, check_permission=False))
    _pause_parent_for_clock_stops(parent, members, at)
    return started


def _pause_parent_for_clock_stops(parent: Dossier, members: list[Dossier], at: datetime) -> None:
    """A member that stops the clock (e.g. the tax step of a land transfer) pauses the
    parent's clock while it runs (Decree 151/2025 annexes: the time of financial
    obligations is not counted)."""
    if any((m.form_data or {}).get("stops_clock") for m in members) and parent.paused_since is None:
        Dossier.objects.filter(pk=parent.pk).update(paused_since=at)
        parent.paused_since = at


#: Set while `cascade()` walks the children of one parent: the parent is derived once at
#: the end, not after each child (otherwise a parent refused from ACCEPTED would pass
#: through a derived NEW on the way, with an event for each intermediate state).
_cascading: ContextVar[bool] = ContextVar("localgov_bundle_cascading", default=False)


def after_child_change(child: Dossier, *, actor: Actor, at: datetime) -> None:
    """Re-derive the parent after a child's transition; start the next group when a group
    is decided; resume the parent's clock after a clock-stopping member. Any change of the
    parent's state or clock is one `derive` event on the parent (every change is one event,
    docs/adr/0002-event-chain-and-optimistic-locking.md; the facts hooks see the clock move)."""
    from localgov.dossiers.services import _calendar, append_event

    if _cascading.get():
        return
    # Lock the parent: children of one parallel group may change at the same moment.
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the outer join to the bundle.
    parent = Dossier.objects.select_for_update(of=("self",)).select_related("procedure", "bundle").get(
        pk=child.parent_id)
    before = {"state": parent.state, "due_at": parent.due_at, "paused_since": parent.paused_since}
    data: dict[str, Any] = {}
    children = list(parent.children.order_by("bundle_order"))
    stops_clock = (child.form_data or {}).get("stops_clock")
    if child.state in (State.DONE, State.RETURNED) and stops_clock and parent.paused_since:
        cal = _calendar(parent)
        parent.due_at = clock.extend_due_after_pause(cal, parent.due_at, parent.paused_since, at)
        parent.paused_seconds += cal.working_seconds_between(parent.paused_since, at)
        parent.paused_since = None
        Dossier.objects.filter(pk=parent.pk).update(due_at=parent.due_at, paused_since=None,
                                                    paused_seconds=parent.paused_seconds)
        data["clock_resumed"] = {"due_at": parent.due_at.isoformat(), "paused_seconds": parent.paused_seconds}
    shift = _member_shift(parent, child, children)
    if shift:
        data["due_shifted"] = shift
    if parent.state not in (State.NEW,) and child.state in (State.DONE, State.RETURNED):
        group = (child.form_data or {}).get("parallel_group")
        same = [c for c in children if (c.form_data or {}).get("parallel_group") == group]
        if all(c.state in (State.DONE, State.RETURNED) for c in same):
            started = start_next_group(parent, actor=actor, at=at)
            if started:
                _record_appointment(parent, started, at)
                parent.refresh_from_db()
                children = list(parent.children.order_by("bundle_order"))
                data["started"] = [c.code for c in started]
                if parent.paused_since and parent.paused_since != before["paused_since"]:
                    data["clock_stopped"] = parent.paused_since.isoformat()
    derived = derive_parent_state([State(c.state) for c in children])
    if parent.state == State.NEW and derived == State.NEW:
        derived = State.NEW
    clock_changed = bool({"clock_resumed", "clock_stopped", "due_shifted"} & data.keys())
    if derived == parent.state and not clock_changed:
        return
    from_state = parent.state
    data["derived_from"] = [c.code for c in children]
    data.update(settle_parent(parent, children, derived, at))
    parent.state = int(derived)
    parent.version += 1
    event = append_event(parent, action="derive", from_state=from_state, to_state=int(derived), actor=INTERCONNECT,
                         at=at, data=data)
    Dossier.objects.filter(pk=parent.pk).update(
        state=parent.state, version=parent.version, event_count=parent.event_count,
        last_event_hash=parent.last_event_hash, outcome=parent.outcome, outcome_766=parent.outcome_766,
        decided_at=parent.decided_at, returned_at=parent.returned_at, closed_at=parent.closed_at,
        paused_since=parent.paused_since, paused_seconds=parent.paused_seconds,
        supplement_seconds=parent.supplement_seconds,
        supplement_requests_after_acceptance=parent.supplement_requests_after_acceptance, updated_at=at,
    )
    event.save(force_insert=True)
    hooks.emit(parent, event, before)


def settle_parent(parent: Any, children: list[Any], derived: State, at: datetime, cal: Any = None) -> dict[str, Any]:
    """The parent's own fields when it derives `derived` from its children (before its state is
    set): decided or closed — its clock closed by `services._finish_clock`, `cal` its calendar
    when the caller holds it — or returned. Returns the event data this adds (the outcome)."""
    from localgov.dossiers.services import _finish_clock

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
        data.update(_finish_clock(parent, at, cal))
    if derived == State.RETURNED and parent.state != State.RETURNED:
        parent.returned_at = parent.closed_at = at
    return data


def _member_shift(parent: Dossier, child: Dossier, children: list[Dossier]) -> dict[str, Any] | None:
    """The parent's deadline after a member's step (`shift_parent_due`), saved."""
    from localgov.dossiers.services import _calendar

    shift = shift_parent_due(parent, child, children, lambda: _calendar(child))
    if shift:
        Dossier.objects.filter(pk=parent.pk).update(due_at=parent.due_at, form_data=parent.form_data)
    return shift


def shift_parent_due(parent: Any, child: Any, children: list[Any],
                     calendar: Callable[[], Any]) -> dict[str, Any] | None:
    """The parent's deadline derives from its members': when a member's own due time moves
    later (its period restarted after a supplement, Art. 19(5), or excluded time such as a
    financial obligation), the parent's moves by the same working time. Parallel members
    of one group count once (the largest shift of the group), so two members restarting
    at once do not push the parent twice. The tax step that stops the parent's clock is
    already excluded as a whole and is skipped here. Sets the parent's `due_at` and its
    `form_data["due_shifts"]` in memory and returns the event data, or None when nothing moves;
    `calendar()` is the member's calendar, looked up only then. One rule for the engine and the
    simulation's bulk path (`child` is one of `children`, or the same dossier by id)."""
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


def _record_appointment(parent: Dossier, started: list[Dossier], at: datetime) -> None:
    """Record the bundle's next appointment with the applicant when a group starts: the 1st
    at acceptance (counted from the receipt), a later one when the group after a
    clock-stopping member starts (e.g. the land transfer's 2nd appointment, counted from the
    proof of tax payment). A clock-stopping group (the tax step) is no appointment, and no
    more appointments are given than the bundle declares (Đồng Tháp 138/2025 Art. 30)."""
    from localgov.dossiers.services import _calendar

    if not started:
        return  # nothing started: no appointment, and no need to read the bundle
    declared = list(parent.bundle.appointments or []) if parent.bundle_id else []
    appointments = next_appointments(parent.form_data, declared, started, at, lambda: _calendar(parent))
    if appointments is None:
        return
    form = dict(parent.form_data or {})
    form["appointments"] = appointments
    Dossier.objects.filter(pk=parent.pk).update(form_data=form)
    parent.form_data = form


def next_appointments(form_data: dict[str, Any] | None, declared: list[dict[str, Any]], started: list[Any],
                      at: datetime, calendar: Callable[[], Any]) -> list[dict[str, Any]] | None:
    """The parent's appointments with the one the group `started` at `at` gives (the rule of
    `_record_appointment`), or None when it gives none. `calendar()`: the parent's calendar,
    looked up only for a declared deadline."""
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
            due = clock.due_time(calendar(), at, clock.Deadline(clock.Decimal(str(deadline["value"])),
                                                                deadline["unit"]))[1]
    if due is None:
        return None
    entry.update({"from": at.isoformat(), "due": due.isoformat(), "children": [c.code for c in started]})
    appointments.append(entry)
    return appointments


def members_of(bundle: Bundle) -> list[BundleMember]:
    return list(bundle.members.select_related("procedure").order_by("order"))


def cascade(parent: Dossier, *, action: Any, actor: Actor, at: datetime, reason: str,
            version: int | None = None) -> Dossier:
    """Apply a parent-level action (refuse, withdraw, stop, return) to every child where the
    workflow allows it; the parent's state then derives from the children. Permission was
    checked on the parent for the real actor; the children's events name the same actor."""
    from localgov.access.policy import require_action
    from localgov.core.errors import Conflict
    from localgov.dossiers.workflow import TRANSITIONS

    require_action(actor, action.value, parent)
    # Hold the parent for the whole cascade: of two officers acting on it at the same
    # version, the second gets the conflict (HTTP 409), not a half-applied second cascade.
    locked = Dossier.objects.select_for_update().filter(pk=parent.pk)
    if version is not None and not locked.filter(version=version).exists():
        raise Conflict("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.",
                       fields={"version": ["Phiên bản đã thay đổi."]})
    targets = [c for c in parent.children.order_by("bundle_order") if State(c.state) in TRANSITIONS[action].sources]
    if not targets:
        from localgov.core.errors import IllegalTransition

        raise IllegalTransition(f"Không có hồ sơ thành phần nào có thể «{action.label}».")
    fields: dict[str, Any] = {}
    token = _cascading.set(True)
    try:
        last = _cascade_children(targets, action=action, actor=actor, at=at, reason=reason, fields=fields)
    finally:
        _cascading.reset(token)
    after_child_change(last, actor=actor, at=at)  # the parent derives once, from all children
    parent.refresh_from_db()
    return parent


def _cascade_children(targets: list[Dossier], *, action: Any, actor: Actor, at: datetime, reason: str,
                      fields: dict[str, Any]) -> Dossier:
    from localgov.dossiers.services import transition

    last = targets[0]
    for child in targets:
        child = Dossier.objects.get(pk=child.pk)

        def mutate(d: Dossier, when: datetime) -> dict[str, Any]:
            from localgov.dossiers.services import _finish_clock

            if action.value in ("refuse", "stop"):
                d.closed_at = when
                if action.value == "refuse":
                    d.refusal_reason = reason
                else:
                    d.stop_reason = reason
                return _finish_clock(d, when)
            if action.value == "return_result":
                d.returned_at = d.closed_at = when
            return fields

        last = transition(dossier_id=child.pk, version=child.version, actor=actor, action=action, now=at,
                          reason=reason, mutate=mutate, check_permission=False)
    return last
