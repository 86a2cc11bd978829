"""What each dossier action does, written once. Pure: no Django import.

For every action there is one function of the dossier's state (any object with the attributes
of `Dossier` — a model instance, the simulation's in-memory dossier, a plain namespace in the
tests), the instant, the action's arguments and the environment (`Env`: the dossier's calendar,
the period its clock counts, whether the actor is an approver). It checks the action is legal,
changes the state, and returns what the event records: `(from_state, to_state, reason, data)`.
A refusal raises `IllegalTransition` / `ValidationFailed` with its Vietnamese reason before
anything is changed.

Who calls it: `services.transition` (then writes the row and the event in one transaction),
the bundle rules (`bundle_rules.py`: the members the interconnection starts, the cascades), the
simulation's bulk writer (`simulate/bulk_path.py`, in memory) and, for the clock arithmetic of
the plans, the planner (`simulate/planner.py`, through `clock.restart_due` and `clock.pause_due`, the rules
`clock.supplement_back` and `clock.payment_back` apply here). None restates it.

The legal sources: the state machine and the supplement-once rule (`workflow.py`), the clocks
(`clock.py`): receipt starts the clock (Decree 118/2025 Art. 17(3)); a supplement at appraisal
restarts the period from zero (Art. 19(5)); a financial obligation stops the clock where the
procedure's sectoral law excludes that time (Art. 24; Decree 151/2025); the apology once, at
least a working day before the due time (Art. 19(6), Art. 12(5)).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from localgov.core.errors import IllegalTransition, ValidationFailed
from localgov.dossiers import clock
from localgov.dossiers.validation import text_problem
from localgov.dossiers.workflow import CLOCK_STATES, Action, State, check_supplement_request, next_state

#: What an action returns for its event: (data, reason).
Effect = tuple[dict[str, Any], str]


class Env:
    """What a transition reads besides the dossier. The services and the simulation each give
    their own: where the calendar comes from (by the dossier's `calendar_version`), a bundle's
    total period, how many internal steps the procedure has, whether the actor is an approver."""

    #: the actor may override the supplement-once rule with a written reason (Art. 11(2)(c))
    approver: bool = True

    def calendar(self, d: Any) -> clock.CalendarLike:
        raise NotImplementedError

    def bundle_deadline(self, d: Any) -> clock.Deadline:
        """A bundle parent's total period (catalogue `Bundle.total_deadline_*`)."""
        raise NotImplementedError

    def step_total(self, d: Any) -> int:
        """The procedure's internal steps (0: not declared)."""
        return 0

    def deadline(self, d: Any) -> clock.Deadline:
        return deadline_of(d, self.bundle_deadline)


def deadline_of(d: Any, bundle_deadline: Callable[[Any], clock.Deadline]) -> clock.Deadline:
    """The period a dossier's clock counts: a bundle parent's is the bundle's total, a member's
    its sub-deadline in the bundle (not the procedure's own period when filed alone), anything
    else the procedure's."""
    if d.parent_id:
        return member_deadline(d)
    if d.bundle_id:
        return bundle_deadline(d)
    return clock.Deadline(d.procedure.deadline_value, d.procedure.deadline_unit)


def member_deadline(child: Any) -> clock.Deadline:
    """A bundle member's sub-deadline, as written on it when the bundle was filed."""
    sub = (child.form_data or {}).get("sub_deadline") or {}
    if sub:
        return clock.Deadline(Decimal(str(sub["value"])), sub["unit"])
    return clock.Deadline(child.procedure.deadline_value, child.procedure.deadline_unit)


def finish_clock(d: Any, at: datetime, calendar: Callable[[Any], clock.CalendarLike], *,
                 end: str = clock.END_DONE) -> dict[str, Any]:
    """Close the clock: classify against the legal due time (`clock.legal_outcome`: none for a
    stop) and by the Decision 766 rule. `calendar(d)` is looked up only when the clock ran.
    Returns the event data."""
    if d.state not in CLOCK_STATES or d.due_at is None:
        return {}
    cal = calendar(d)
    if d.paused_since:
        d.paused_seconds += cal.working_seconds_between(d.paused_since, at)
        d.paused_since = None
    legal = clock.legal_outcome(cal, end=end, completed_at=at, due=d.due_at)
    measured = clock.classify_766(
        completed_at=at, appointment=d.first_due_at or d.due_at,
        supplement_time=timedelta(seconds=d.supplement_seconds),
        supplement_requests=d.supplement_requests_after_acceptance,
    )
    d.outcome = legal.value if legal is not None else ""
    d.outcome_766 = measured.value
    if legal is None:
        return {"outcome_766": measured.value}
    return {"outcome": legal.value, "outcome_766": measured.value}


# --- the actions ---------------------------------------------------------------------------------
# Each: (dossier, instant, arguments as `check_args` leaves them, environment) → (event data,
# reason). Called by `apply` after the state machine said the action is legal.


def _accept(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Mẫu 01: receive a complete, valid dossier; the clock starts (Art. 17(3))."""
    cal = env.calendar(d)
    start, due = clock.due_time(cal, at, env.deadline(d))
    d.accepted_at = at
    d.clock_started_at = start
    d.first_due_at = d.first_due_at or due
    d.due_at = due
    d.calendar_version = cal.version
    d.supplement_stage = ""
    return {"clock_started_at": start.isoformat(), "due_at": due.isoformat(), "calendar_version": cal.version}, ""


def _refuse(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Mẫu 03: refusal at reception (Art. 17(1)(c)) or after appraisal (Art. 19(3))."""
    reason = args["reason"].strip()
    d.refusal_reason = reason
    d.closed_at = at
    return finish_clock(d, at, env.calendar, end=clock.END_REFUSED), reason


def _assign(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Hand the dossier to the competent agency / a specialist (Art. 18; Mẫu 06)."""
    assignee = args.get("assignee_id")
    if assignee is not None:
        d.assignee_id = assignee
    d.current_step = max(d.current_step, 1)
    return {"assignee_id": d.assignee_id, "step": d.current_step}, ""


def _advance(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """The next internal step of the procedure (catalogue steps; Mẫu 06)."""
    steps = env.step_total(d) or 0
    if steps and d.current_step >= steps:
        raise IllegalTransition("Hồ sơ đã ở bước xử lý cuối cùng; hãy ghi nhận kết quả giải quyết.")
    d.current_step += 1
    assignee = args.get("assignee_id")
    if assignee is not None:
        d.assignee_id = assignee
    return {"step": d.current_step, "assignee_id": d.assignee_id}, (args.get("note") or "").strip()


def _request_supplement(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Mẫu 02. At reception the clock has not started (Art. 17(3)); at appraisal everything at
    once (Art. 11(2)(c)), and the period restarts on the complete dossier (Art. 19(5)); a second
    request after acceptance needs an approver's written override and counts as late (766)."""
    cleaned = [m.strip() for m in args["missing"] if m and m.strip()]
    override = (args.get("override_reason") or "").strip()
    stage = "reception" if d.state == State.NEW else "appraisal"
    repeat = check_supplement_request(requests_after_acceptance=d.supplement_requests_after_acceptance, stage=stage,
                                      override_reason=override, actor_is_approver=env.approver)
    d.supplement_stage = stage
    d.supplement_requests += 1
    if stage == "appraisal":
        d.supplement_requests_after_acceptance += 1
    d.repeat_supplement = d.repeat_supplement or repeat
    d.supplement_requested_at = at
    d.supplement_missing = cleaned
    if stage == "appraisal" and d.procedure.supplement_clock == "pause":
        d.paused_since = at
    return ({"stage": stage, "missing": cleaned, "repeat": repeat, "override_reason": override},
            (args.get("reason") or "").strip() or override)


def _supplement_received(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """The complete dossier is back (`clock.supplement_back`: the period restarts, Art. 19(5))."""
    appraisal = d.supplement_stage == "appraisal"
    data = clock.supplement_back(env.calendar(d) if appraisal else None, d, at, env.deadline(d) if appraisal else None)
    return data, (args.get("note") or "").strip()


def _request_payment(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Financial obligation (Art. 24). The clock stops only where the procedure's sectoral law
    excludes that time (catalogue `clock_stops`, e.g. land under Decree 151/2025)."""
    amount = args["amount_vnd"]
    d.payment_requested_at = at
    d.payment_amount_vnd = amount
    stops = clock.payment_stops_clock(d.procedure.clock_stops)
    if stops:
        d.paused_since = at
    return {"amount_vnd": amount, "clock_stopped": stops}, (args.get("reason") or "").strip()


def _payment_received(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    return clock.payment_back(env.calendar(d) if d.paused_since else None, d, at, online=args.get("online", False)), ""


def _extend(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Mẫu 04: apology and a new appointment, at least one working day before the due time,
    once only (Art. 19(6), Art. 12(5))."""
    new_due = args["new_due"]
    clock.check_extension(env.calendar(d), now=at, due=d.due_at, new_due=new_due, extensions_so_far=d.extension_count)
    d.extended_due_at = new_due
    d.extension_count += 1
    return {"old_due": d.due_at.isoformat(), "new_due": new_due.isoformat()}, args["reason"].strip()


def _request_withdrawal(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """The applicant asks to withdraw (Art. 21). Processing stops by Mẫu 05 (`stop`)."""
    return {"prior_state": d.state}, (args.get("reason") or "").strip()


def _stop(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Mẫu 05: stop on the applicant's request, or close a dossier whose supplement did not
    arrive within 15 days (Art. 19(5), Art. 21, Circular 03 Art. 7)."""
    reason = args["reason"].strip()
    d.stop_reason = reason
    d.closed_at = at
    if d.supplement_requested_at:
        # The applicant never returned: the request date ends processing (766 method).
        d.supplement_seconds += max(0.0, (at - d.supplement_requested_at).total_seconds())
    return finish_clock(d, at, env.calendar, end=clock.END_STOPPED), reason


def _decide(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """The competent authority decides; the result exists (electronic where possible, Art. 22).
    The dossier is classified early / on time / late."""
    summary = args["result_summary"].strip()
    d.decided_at = at
    d.result_summary = summary
    d.result_electronic = electronic = bool(args.get("electronic", True))
    # Decision 766 group 4 (docs/domain/decision-766.md §2, indicators 4.1–4.5): what the officer
    # records when issuing the result; a flag already set stays set.
    d.result_signed = electronic and bool(args.get("signed", electronic))
    d.inputs_digitised = bool(d.inputs_digitised or args.get("digitised", False))
    d.data_reused = bool(d.data_reused or args.get("reused", False))
    d.identity_verified = bool(d.identity_verified or args.get("identity_verified", False))
    return finish_clock(d, at, env.calendar), summary


def _return_result(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Art. 22: the result is handed over where the applicant chose."""
    d.returned_at = d.closed_at = at
    return {"return_method": d.return_method, "return_centre_id": d.return_centre_id}, ""


def _rate(d: Any, at: datetime, args: Mapping[str, Any], env: Env) -> Effect:
    """Art. 33: the applicant rates the handling (1 = very dissatisfied … 5 = very satisfied)."""
    if d.rating is not None:
        raise IllegalTransition("Hồ sơ đã được đánh giá.", code="already_rated")
    d.rating = args["rating"]
    comment = (args.get("comment") or "").strip()
    d.rating_comment = comment
    return {"rating": d.rating}, comment


EFFECTS: dict[Action, Callable[[Any, datetime, Mapping[str, Any], Env], Effect]] = {
    Action.ACCEPT: _accept,
    Action.REFUSE: _refuse,
    Action.ASSIGN: _assign,
    Action.ADVANCE: _advance,
    Action.REQUEST_SUPPLEMENT: _request_supplement,
    Action.SUPPLEMENT_RECEIVED: _supplement_received,
    Action.REQUEST_PAYMENT: _request_payment,
    Action.PAYMENT_RECEIVED: _payment_received,
    Action.EXTEND: _extend,
    Action.REQUEST_WITHDRAWAL: _request_withdrawal,
    Action.STOP: _stop,
    Action.DECIDE: _decide,
    Action.RETURN_RESULT: _return_result,
    Action.RATE: _rate,
}

#: The arguments each action takes besides the dossier, its version, the actor and the instant
#: (the services' keyword parameters, the API's body fields), in that order.
PARAMETERS: dict[Action, tuple[str, ...]] = {
    Action.ACCEPT: (),
    Action.REFUSE: ("reason",),
    Action.ASSIGN: ("assignee_id",),
    Action.ADVANCE: ("assignee_id", "note"),
    Action.REQUEST_SUPPLEMENT: ("missing", "reason", "override_reason"),
    Action.SUPPLEMENT_RECEIVED: ("note",),
    Action.REQUEST_PAYMENT: ("amount_vnd", "reason"),
    Action.PAYMENT_RECEIVED: ("online",),
    Action.EXTEND: ("new_due", "reason"),
    Action.REQUEST_WITHDRAWAL: ("reason",),
    Action.STOP: ("reason",),
    Action.DECIDE: ("result_summary", "electronic", "signed", "digitised", "reused", "identity_verified"),
    Action.RETURN_RESULT: (),
    Action.RATE: ("rating", "comment"),
}

#: (state, action, supplement stage) → the state code after it: `next_state` is a pure function
#: of these three, so each legal result is computed once; an illegal one raises every time.
_NEXT: dict[tuple[int, Action, str | None], int] = {}
_STATES: dict[int, State] = {int(s): s for s in State}


def next_code(state: int, action: Action, stage: str | None) -> int:
    """`int(next_state(State(state), action, supplement_stage=stage))`, memoised."""
    after = _NEXT.get((state, action, stage))
    if after is None:
        after = _NEXT[(state, action, stage)] = int(next_state(_STATES[state], action, supplement_stage=stage))
    return after


def move(d: Any, action: Action, at: datetime, effect: Callable[..., Effect], *effect_args: Any) -> tuple[
        int, int, str, dict[str, Any]]:
    """The frame of every transition: legal (`workflow.next_state`, else IllegalTransition and
    nothing changes), `effect(d, at, *effect_args)` → (event data, reason), the new state and
    version. Returns the event's (from_state, to_state, reason, data)."""
    before = d.state
    after = next_code(before, action, d.supplement_stage or None)
    data, reason = effect(d, at, *effect_args)
    d.state = after
    d.version += 1
    d.updated_at = at
    return before, after, reason, data


def apply(d: Any, action: Action, at: datetime, args: Mapping[str, Any], env: Env) -> tuple[
        int, int, str, dict[str, Any]]:
    """Apply `action` with its arguments (as `check_args` leaves them) to `d` at `at` (`move` with
    the action's effect). Returns the event's (from_state, to_state, reason, data)."""
    return move(d, action, at, EFFECTS[action], args, env)


# --- the arguments, checked before anything is read ------------------------------------------------


def clean_text(value: str, *, required: bool, field: str = "reason") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed("Vui lòng nêu rõ lý do.", fields={field: ["Bắt buộc nhập lý do."]})
    problem = text_problem(value)
    if problem:
        raise ValidationFailed(problem, fields={field: [problem]})
    return value


def check_args(action: Action, args: dict[str, Any]) -> dict[str, Any]:
    """The action's arguments checked and cleaned (reasons stripped, the list of missing papers
    without blanks), or ValidationFailed naming the field — before the dossier is read, so a bad
    argument is a 400 whatever the dossier's state or version."""
    out = dict(args)
    if action is Action.REFUSE or action is Action.STOP:
        out["reason"] = clean_text(args.get("reason", ""), required=True)
    elif action is Action.REQUEST_SUPPLEMENT:
        cleaned = [m.strip() for m in args.get("missing") or [] if m and m.strip()]
        if not cleaned:
            raise ValidationFailed("Phải liệt kê đầy đủ giấy tờ cần bổ sung (một lần).",
                                   fields={"missing": ["Nhập ít nhất một nội dung cần bổ sung."]})
        for item in cleaned:
            problem = text_problem(item, max_length=500)
            if problem:
                raise ValidationFailed(problem, fields={"missing": [problem]})
        out["missing"] = cleaned
        out["reason"] = clean_text(args.get("reason", ""), required=False)
        out["override_reason"] = clean_text(args.get("override_reason", ""), required=False, field="override_reason")
    elif action in (Action.ADVANCE, Action.SUPPLEMENT_RECEIVED):
        out["note"] = clean_text(args.get("note", ""), required=False, field="note")
    elif action is Action.REQUEST_PAYMENT:
        amount = args.get("amount_vnd")
        if not isinstance(amount, int) or amount < 0:
            raise ValidationFailed("Số tiền phải là số nguyên không âm (đồng).",
                                   fields={"amount_vnd": ["Không hợp lệ."]})
        out["reason"] = clean_text(args.get("reason", ""), required=False)
    elif action is Action.EXTEND:
        out["reason"] = clean_text(args.get("reason", ""), required=True)
        new_due = args.get("new_due")
        if not isinstance(new_due, datetime) or new_due.tzinfo is None or new_due.utcoffset() is None:
            raise ValidationFailed("Ngày hẹn mới phải có múi giờ.", fields={"new_due": ["Không hợp lệ."]})
    elif action is Action.REQUEST_WITHDRAWAL:
        out["reason"] = clean_text(args.get("reason", ""), required=False)
    elif action is Action.DECIDE:
        out["result_summary"] = clean_text(args.get("result_summary", ""), required=True, field="result_summary")
    elif action is Action.RATE:
        rating = args.get("rating")
        if not isinstance(rating, int) or not 1 <= rating <= 5:
            raise ValidationFailed("Mức đánh giá từ 1 đến 5.", fields={"rating": ["Chọn từ 1 đến 5."]})
        out["comment"] = clean_text(args.get("comment", ""), required=False, field="comment")
    return out


# --- a bundle parent's own actions ------------------------------------------------------------------

#: A bundle parent's own transitions; the cascading ones apply to every member where legal and the
#: parent's state is then derived from the members (`bundle_rules.Bundle.cascade`).
PARENT_OWN_ACTIONS = frozenset({Action.ACCEPT, Action.REQUEST_SUPPLEMENT, Action.SUPPLEMENT_RECEIVED, Action.RATE})
PARENT_CASCADE_ACTIONS = frozenset({Action.REFUSE, Action.REQUEST_WITHDRAWAL, Action.STOP, Action.RETURN_RESULT})


def parent_cascades(d: Any, action: Action) -> bool:
    """For a bundle parent: True when `action` cascades to its members (legal on the parent's own,
    derived, state too — e.g. no return of the result while a member is still processing), False
    when it is the parent's own; IllegalTransition otherwise. False for any other dossier."""
    if not d.bundle_id or d.parent_id is not None:
        return False
    if action in PARENT_CASCADE_ACTIONS:
        next_state(State(d.state), action)
        return True
    if action not in PARENT_OWN_ACTIONS:
        raise IllegalTransition("Thao tác này thực hiện trên từng hồ sơ thành phần của hồ sơ liên thông.",
                                code="bundle_parent")
    if action is Action.REQUEST_SUPPLEMENT and d.state != State.NEW:
        raise IllegalTransition("Sau khi tiếp nhận, yêu cầu bổ sung trên hồ sơ thành phần.", code="bundle_parent")
    return False
