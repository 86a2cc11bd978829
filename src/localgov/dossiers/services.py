"""The only code that changes a dossier. Every change is one transaction that writes the
dossier (optimistic locking on `version`), exactly one append-only event chained by hash,
and the oversight facts through the registered hooks.

Submission and routing live in `submission.py`, bundles in `bundles.py`; this module holds
the transitions and the machinery they share.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from localgov.access.policy import Actor, require_action
from localgov.core.errors import Conflict, IllegalTransition, NotFound, ValidationFailed
from localgov.dossiers import clock, hooks, rows
from localgov.dossiers.events import GENESIS, event_hash
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.validation import text_problem
from localgov.dossiers.workflow import (
    CLOCK_STATES,
    Action,
    State,
    check_supplement_request,
    next_state,
)
from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.core import CalendarError

log = logging.getLogger("localgov.dossiers")

_preloaded: ContextVar[Dossier | None] = ContextVar("localgov_preloaded_dossier", default=None)


@contextmanager
def preloaded(dossier: Dossier) -> Iterator[None]:
    """Within this block, the transition of `dossier.pk` starts from `dossier` as the caller
    read it (`rows.load_dossier`, or a select_related read with procedure and agency) instead
    of reading the row again. Used once; the version check and the conditional UPDATE are
    unchanged, so a row that moved meanwhile still gives Conflict."""
    token = _preloaded.set(dossier)
    try:
        yield
    finally:
        _preloaded.reset(token)


def _take_preloaded(dossier_id: int) -> Dossier | None:
    dossier = _preloaded.get()
    if dossier is None or dossier.pk != dossier_id:
        return None
    _preloaded.set(None)
    return dossier


@dataclass
class Change:
    """What a transition did, for the event's `data` and the facts hooks."""

    data: dict[str, Any]


def _now(now: datetime | None) -> datetime:
    value = now or timezone.now()
    if timezone.is_naive(value):
        raise ValidationFailed("Thời điểm phải có múi giờ.")
    return value


def _calendar(dossier: Dossier) -> Any:
    try:
        return get_calendar(dossier.calendar_version or None)
    except CalendarError:
        return get_calendar()


def _deadline_of(d: Dossier) -> clock.Deadline:
    """The period a dossier's clock counts: a bundle parent's is the bundle's total, a
    member's is its sub-deadline in the bundle (not the procedure's own period when filed
    alone), anything else the procedure's."""
    if d.bundle_id and d.parent_id is None:
        return clock.Deadline(d.bundle.total_deadline_value, d.bundle.total_deadline_unit)
    if d.parent_id:
        from localgov.dossiers.bundles import _member_deadline

        return _member_deadline(d)
    return clock.Deadline(d.procedure.deadline_value, d.procedure.deadline_unit)


def _clean_reason(reason: str, *, required: bool, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationFailed("Vui lòng nêu rõ lý do.", fields={field: ["Bắt buộc nhập lý do."]})
    problem = text_problem(reason)
    if problem:
        raise ValidationFailed(problem, fields={field: [problem]})
    return reason


def append_event(
    dossier: Dossier, *, action: str, from_state: int | None, to_state: int, actor: Actor, at: datetime,
    reason: str = "", data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Build the next event of `dossier` (not saved) and advance the dossier's chain head."""
    seq = dossier.event_count + 1
    prev = dossier.last_event_hash or GENESIS
    payload = data or {}
    digest = event_hash(
        dossier_code=dossier.code, seq=seq, action=action, from_state=from_state, to_state=to_state,
        actor_id=actor.user_id, actor_label=actor.label, at=at, reason=reason, data=payload, prev_hash=prev,
    )
    dossier.event_count = seq
    dossier.last_event_hash = digest
    return DossierEvent(
        dossier=dossier, province_code=dossier.province_code, seq=seq, action=action, from_state=from_state,
        to_state=to_state, actor_id=actor.user_id, actor_label=actor.label, at=at, reason=reason, data=payload,
        prev_hash=prev, hash=digest,
    )


def transition(
    *, dossier_id: int, version: int, actor: Actor, action: Action, now: datetime | None = None,
    reason: str = "", mutate: Callable[[Dossier, datetime], dict[str, Any]] | None = None,
    check_permission: bool = True, then: Callable[[Dossier, datetime], None] | None = None,
) -> Dossier:
    """Apply `action` to the dossier at `version`: permission, legality, the change, one
    event, the facts — all or nothing. A stale `version` raises Conflict (HTTP 409).
    `then` runs in the same transaction once the event is written (a bundle parent's
    receipt starts its first group there, without a nested savepoint)."""
    at = _now(now)
    with transaction.atomic():
        # The procedure drives the clocks; the agency is named in every answer; the number of
        # internal steps comes in the same statement (rows.load_dossier). The bundle (rare)
        # loads lazily where a parent needs it. The API hands over the row it has just read
        # (`preloaded`): optimistic locking makes a read outside this transaction as good as
        # one inside it (the UPDATE below is conditional on the version that was read).
        dossier = _take_preloaded(dossier_id) or rows.load_dossier(pk=dossier_id)
        if dossier is None:
            raise NotFound("Không tìm thấy hồ sơ.")
        if dossier.version != version:
            raise Conflict(
                "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang để xem trạng thái mới nhất.",
                fields={"version": [f"Phiên bản hiện tại là {dossier.version}."]},
            )
        if check_permission:
            require_action(actor, action.value, dossier)
        before = State(dossier.state)
        if dossier.bundle_id and dossier.parent_id is None and action not in PARENT_OWN_ACTIONS:
            if action in PARENT_CASCADE_ACTIONS:
                from localgov.dossiers import bundles

                # Legal on the parent's own (derived) state too: e.g. no return of the result
                # while a member is still processing. Refused before anything is written.
                next_state(before, action)
                return bundles.cascade(dossier, action=action, actor=actor, at=at, reason=reason, version=version)
            raise IllegalTransition("Thao tác này thực hiện trên từng hồ sơ thành phần của hồ sơ liên thông.",
                                    code="bundle_parent")
        if (dossier.bundle_id and dossier.parent_id is None and action is Action.REQUEST_SUPPLEMENT
                and before != State.NEW):
            raise IllegalTransition("Sau khi tiếp nhận, yêu cầu bổ sung trên hồ sơ thành phần.", code="bundle_parent")
        after = next_state(before, action, supplement_stage=dossier.supplement_stage or None)
        snapshot = {f: getattr(dossier, f) for f in ("state", "due_at", "paused_since")}
        loaded = rows.snapshot(dossier)
        data = mutate(dossier, at) if mutate else {}
        dossier.state = int(after)
        dossier.version = version + 1
        event = append_event(dossier, action=action.value, from_state=int(before), to_state=int(after),
                             actor=actor, at=at, reason=reason, data=data)
        dossier.updated_at = at
        # Only the columns this transition changed, under the optimistic lock.
        try:
            written = rows.write_transition(dossier, loaded, version=version, event=event)
        except IntegrityError:
            written = False
        if not written:
            raise Conflict("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.")
        hooks.emit(dossier, event, snapshot)
        if then is not None:
            then(dossier, at)
        if dossier.parent_id and not action == Action.RATE:
            from localgov.dossiers import bundles

            bundles.after_child_change(dossier, actor=actor, at=at)
    # DEBUG: the event row is the durable record of every transition, and the request log
    # (core/middleware.py) already names the path, the status and the request id at INFO.
    log.debug("dossier transition", extra={"dossier": dossier.code, "action": action.value,
                                          "from": int(before), "to": int(after), "actor": actor.label})
    return dossier


#: A bundle parent's own transitions; the cascading ones apply to every child where legal
#: and the parent's state is then derived from the children.
PARENT_OWN_ACTIONS = frozenset({Action.ACCEPT, Action.REQUEST_SUPPLEMENT, Action.SUPPLEMENT_RECEIVED, Action.RATE})
PARENT_CASCADE_ACTIONS = frozenset({Action.REFUSE, Action.REQUEST_WITHDRAWAL, Action.STOP, Action.RETURN_RESULT})


# --- the transitions ----------------------------------------------------------------------


def accept(*, dossier_id: int, version: int, actor: Actor, now: datetime | None = None) -> Dossier:
    """Mẫu 01: receive a complete, valid dossier; the clock starts (Decree 118 Art. 17(3))."""

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        cal = _calendar(d)
        start, due = clock.due_time(cal, at, _deadline_of(d))
        d.accepted_at = at
        d.clock_started_at = start
        d.first_due_at = d.first_due_at or due
        d.due_at = due
        d.calendar_version = cal.version
        d.supplement_stage = ""
        return {"clock_started_at": start.isoformat(), "due_at": due.isoformat(), "calendar_version": cal.version}

    def start_first_group(d: Dossier, at: datetime) -> None:
        # In the parent's own transaction: a failure while starting the children leaves the
        # parent unaccepted (all or nothing).
        if d.bundle_id and d.parent_id is None:
            from localgov.dossiers import bundles

            started = bundles.start_next_group(d, actor=actor, at=at)
            bundles._record_appointment(d, started, at)

    dossier = transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.ACCEPT, now=now,
                         mutate=mutate, then=start_first_group)
    if dossier.bundle_id and dossier.parent_id is None:
        dossier.refresh_from_db()
    return dossier


def refuse(*, dossier_id: int, version: int, actor: Actor, reason: str, now: datetime | None = None) -> Dossier:
    """Mẫu 03: refusal at reception (Art. 17(1)(c)) or after appraisal (Art. 19(3))."""
    reason = _clean_reason(reason, required=True)

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        d.refusal_reason = reason
        d.closed_at = at
        return _finish_clock(d, at)

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REFUSE, now=now,
                      reason=reason, mutate=mutate)


def assign(*, dossier_id: int, version: int, actor: Actor, assignee_id: int | None = None,
           now: datetime | None = None) -> Dossier:
    """Hand the dossier to the competent agency / a specialist (Art. 18; Mẫu 06)."""

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        d.assignee_id = assignee_id if assignee_id is not None else d.assignee_id
        d.current_step = max(d.current_step, 1)
        return {"assignee_id": d.assignee_id, "step": d.current_step}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.ASSIGN, now=now,
                      mutate=mutate)


def advance(*, dossier_id: int, version: int, actor: Actor, assignee_id: int | None = None, note: str = "",
            now: datetime | None = None) -> Dossier:
    """Move to the next internal step of the procedure (catalogue steps; Mẫu 06)."""
    note = _clean_reason(note, required=False, field="note")

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        steps = d.step_total if hasattr(d, "step_total") else d.procedure.steps.count()
        steps = steps or 0
        if steps and d.current_step >= steps:
            raise IllegalTransition("Hồ sơ đã ở bước xử lý cuối cùng; hãy ghi nhận kết quả giải quyết.")
        d.current_step += 1
        if assignee_id is not None:
            d.assignee_id = assignee_id
        return {"step": d.current_step, "assignee_id": d.assignee_id}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.ADVANCE, now=now,
                      reason=note, mutate=mutate)


def request_supplement(*, dossier_id: int, version: int, actor: Actor, missing: list[str], reason: str = "",
                       override_reason: str = "", now: datetime | None = None) -> Dossier:
    """Mẫu 02. At reception the clock has not started (Art. 17(3)); at appraisal the request
    must state everything at once (Art. 11(2)(c)) and the period will restart from zero on
    receipt of the complete dossier (Art. 19(5)). A second request after acceptance needs an
    approver's written override and makes the dossier count as late (Decision 766)."""
    cleaned = [m.strip() for m in missing if m and m.strip()]
    if not cleaned:
        raise ValidationFailed("Phải liệt kê đầy đủ giấy tờ cần bổ sung (một lần).",
                               fields={"missing": ["Nhập ít nhất một nội dung cần bổ sung."]})
    for item in cleaned:
        problem = text_problem(item, max_length=500)
        if problem:
            raise ValidationFailed(problem, fields={"missing": [problem]})
    reason = _clean_reason(reason, required=False)
    override_reason = _clean_reason(override_reason, required=False, field="override_reason")

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        stage = "reception" if d.state == State.NEW else "appraisal"
        repeat = check_supplement_request(
            requests_after_acceptance=d.supplement_requests_after_acceptance, stage=stage,
            override_reason=override_reason, actor_is_approver=actor.system or _is_approver(actor),
        )
        d.supplement_stage = stage
        d.supplement_requests += 1
        if stage == "appraisal":
            d.supplement_requests_after_acceptance += 1
        d.repeat_supplement = d.repeat_supplement or repeat
        d.supplement_requested_at = at
        d.supplement_missing = cleaned
        if stage == "appraisal" and d.procedure.supplement_clock == "pause":
            d.paused_since = at
        return {"stage": stage, "missing": cleaned, "repeat": repeat, "override_reason": override_reason}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REQUEST_SUPPLEMENT,
                      now=now, reason=reason or override_reason, mutate=mutate)


def _is_approver(actor: Actor) -> bool:
    from localgov.access.roles import Role

    return actor.has(Role.APPROVER)


def supplement_received(*, dossier_id: int, version: int, actor: Actor, note: str = "",
                        now: datetime | None = None) -> Dossier:
    """The complete dossier is back. Reception stage → back to the desk (NEW); appraisal
    stage → the period restarts from zero (Art. 19(5)) or resumes where the procedure's
    sectoral law says "pause"."""
    note = _clean_reason(note, required=False, field="note")

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        appraisal = d.supplement_stage == "appraisal"
        return clock.supplement_back(_calendar(d) if appraisal else None, d, at, _deadline_of(d) if appraisal else None)

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.SUPPLEMENT_RECEIVED,
                      now=now, reason=note, mutate=mutate)


def request_payment(*, dossier_id: int, version: int, actor: Actor, amount_vnd: int, reason: str = "",
                    now: datetime | None = None) -> Dossier:
    """Financial obligation (Art. 24). The clock stops only where the procedure's sectoral
    law excludes that time (catalogue `clock_stops`, e.g. land under Decree 151/2025)."""
    if not isinstance(amount_vnd, int) or amount_vnd < 0:
        raise ValidationFailed("Số tiền phải là số nguyên không âm (đồng).", fields={"amount_vnd": ["Không hợp lệ."]})
    reason = _clean_reason(reason, required=False)

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        d.payment_requested_at = at
        d.payment_amount_vnd = amount_vnd
        stops = "financial_obligation" in (d.procedure.clock_stops or [])
        if stops:
            d.paused_since = at
        return {"amount_vnd": amount_vnd, "clock_stopped": stops}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REQUEST_PAYMENT, now=now,
                      reason=reason, mutate=mutate)


def payment_received(*, dossier_id: int, version: int, actor: Actor, online: bool = False,
                     now: datetime | None = None) -> Dossier:
    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        return clock.payment_back(_calendar(d) if d.paused_since else None, d, at, online=online)

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.PAYMENT_RECEIVED, now=now,
                      mutate=mutate)


def extend(*, dossier_id: int, version: int, actor: Actor, new_due: datetime, reason: str,
           now: datetime | None = None) -> Dossier:
    """Mẫu 04: apology and a new appointment, at least one working day before the due time,
    once only (Art. 19(6), Art. 12(5))."""
    reason = _clean_reason(reason, required=True)
    if timezone.is_naive(new_due):
        raise ValidationFailed("Ngày hẹn mới phải có múi giờ.", fields={"new_due": ["Không hợp lệ."]})

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        cal = _calendar(d)
        clock.check_extension(cal, now=at, due=d.due_at, new_due=new_due, extensions_so_far=d.extension_count)
        d.extended_due_at = new_due
        d.extension_count += 1
        return {"old_due": d.due_at.isoformat(), "new_due": new_due.isoformat()}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.EXTEND, now=now,
                      reason=reason, mutate=mutate)


def request_withdrawal(*, dossier_id: int, version: int, actor: Actor, reason: str = "",
                       now: datetime | None = None) -> Dossier:
    """The applicant asks to withdraw (Art. 21). Processing stops by Mẫu 05 (`stop`)."""
    reason = _clean_reason(reason, required=False)
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REQUEST_WITHDRAWAL,
                      now=now, reason=reason, mutate=lambda d, at: {"prior_state": d.state})


def stop(*, dossier_id: int, version: int, actor: Actor, reason: str, now: datetime | None = None) -> Dossier:
    """Mẫu 05: stop on the applicant's request, or close a dossier whose supplement did not
    arrive within 15 days (Art. 19(5), Art. 21, Circular 03 Art. 7)."""
    reason = _clean_reason(reason, required=True)

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        d.stop_reason = reason
        d.closed_at = at
        if d.supplement_requested_at:
            # The applicant never returned: the request date ends processing (766 method).
            d.supplement_seconds += max(0.0, (at - d.supplement_requested_at).total_seconds())
        return _finish_clock(d, at)

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.STOP, now=now,
                      reason=reason, mutate=mutate)


def decide(*, dossier_id: int, version: int, actor: Actor, result_summary: str, electronic: bool = True,
           now: datetime | None = None) -> Dossier:
    """The competent authority decides; the result exists (electronic where possible,
    Art. 22). The dossier is classified early / on time / late."""
    result_summary = _clean_reason(result_summary, required=True, field="result_summary")

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        d.decided_at = at
        d.result_summary = result_summary
        d.result_electronic = electronic
        return _finish_clock(d, at)

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.DECIDE, now=now,
                      reason=result_summary, mutate=mutate)


def return_result(*, dossier_id: int, version: int, actor: Actor, now: datetime | None = None) -> Dossier:
    """Art. 22: the result is handed over where the applicant chose."""

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        d.returned_at = at
        d.closed_at = at
        return {"return_method": d.return_method, "return_centre_id": d.return_centre_id}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.RETURN_RESULT, now=now,
                      mutate=mutate)


def rate(*, dossier_id: int, version: int, actor: Actor, rating: int, comment: str = "",
         now: datetime | None = None) -> Dossier:
    """Art. 33: the applicant rates the handling (1 = very dissatisfied … 5 = very satisfied)."""
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed("Mức đánh giá từ 1 đến 5.", fields={"rating": ["Chọn từ 1 đến 5."]})
    comment = _clean_reason(comment, required=False, field="comment")

    def mutate(d: Dossier, at: datetime) -> dict[str, Any]:
        if d.rating is not None:
            raise IllegalTransition("Hồ sơ đã được đánh giá.", code="already_rated")
        d.rating = rating
        d.rating_comment = comment
        return {"rating": rating}

    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.RATE, now=now,
                      reason=comment, mutate=mutate)


def _finish_clock(d: Dossier, at: datetime, cal: Any = None) -> dict[str, Any]:
    """Close the clock: classify against the legal due time and by the 766 rule. `cal`: the
    dossier's calendar (`_calendar(d)`) when the caller holds it (the bulk simulation); None:
    looked up here."""
    if d.state not in CLOCK_STATES or d.due_at is None:
        return {}
    if cal is None:
        cal = _calendar(d)
    if d.paused_since:
        d.paused_seconds += cal.working_seconds_between(d.paused_since, at)
        d.paused_since = None
    legal = clock.classify(cal, completed_at=at, due=d.due_at)
    measured = clock.classify_766(
        completed_at=at, appointment=d.first_due_at or d.due_at,
        supplement_time=timedelta(seconds=d.supplement_seconds),
        supplement_requests=d.supplement_requests_after_acceptance,
    )
    d.outcome = legal.value
    d.outcome_766 = measured.value
    return {"outcome": legal.value, "outcome_766": measured.value}


#: Name → service, for the API and the UI (one place lists what an action calls).
ACTIONS: dict[Action, Callable[..., Dossier]] = {
    Action.ACCEPT: accept,
    Action.REFUSE: refuse,
    Action.ASSIGN: assign,
    Action.ADVANCE: advance,
    Action.REQUEST_SUPPLEMENT: request_supplement,
    Action.SUPPLEMENT_RECEIVED: supplement_received,
    Action.REQUEST_PAYMENT: request_payment,
    Action.PAYMENT_RECEIVED: payment_received,
    Action.EXTEND: extend,
    Action.REQUEST_WITHDRAWAL: request_withdrawal,
    Action.STOP: stop,
    Action.DECIDE: decide,
    Action.RETURN_RESULT: return_result,
    Action.RATE: rate,
}
