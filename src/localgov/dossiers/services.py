"""The only code that changes a dossier. Every change is one transaction that writes the
dossier (optimistic locking on `version`), exactly one append-only event chained by hash,
and the oversight facts through the registered hooks.

What each action does is `transitions.py`'s (pure, shared with the bundle rules and the
simulation); this module reads the dossier, checks the version and the permission, applies it,
writes the row and the event, and tells the hooks. Submission is `submission.py`, routing and
numbering `routing.py`, bundles `bundles.py` (above this module: told through `hooks`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from localgov.access.policy import Actor, require_action
from localgov.access.roles import Role
from localgov.core.errors import Conflict, NotFound, ValidationFailed
from localgov.dossiers import clock, hooks, rows, transitions
from localgov.dossiers.events import canonical, chain, hasher_for, json_text
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.workflow import Action
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


def aware_now(now: datetime | None) -> datetime:
    """`now`, or the current time; a naive instant is refused."""
    value = now or timezone.now()
    if timezone.is_naive(value):
        raise ValidationFailed("Thời điểm phải có múi giờ.")
    return value


def calendar_of(dossier: Any) -> Any:
    """The calendar a dossier's clock counts by: the version stored on it while loaded, else the
    current one."""
    try:
        return get_calendar(dossier.calendar_version or None)
    except CalendarError:
        return get_calendar()


class ServiceEnv(transitions.Env):
    """What a transition reads besides the dossier, from the database and the actor."""

    __slots__ = ("actor",)

    def __init__(self, actor: Actor) -> None:
        self.actor = actor

    @property
    def approver(self) -> bool:  # type: ignore[override]
        return self.actor.system or self.actor.has(Role.APPROVER)

    def calendar(self, d: Any) -> Any:
        return calendar_of(d)

    def bundle_deadline(self, d: Any) -> clock.Deadline:
        return clock.Deadline(d.bundle.total_deadline_value, d.bundle.total_deadline_unit)

    def step_total(self, d: Any) -> int:
        return d.step_total if hasattr(d, "step_total") else d.procedure.steps.count()


def append_event(
    dossier: Dossier, *, action: str, from_state: int | None, to_state: int, actor: Actor, at: datetime,
    reason: str = "", data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Build the next event of `dossier` (not saved) and advance the dossier's chain head."""
    payload = data or {}
    seq, prev, digest = chain(dossier, hasher_for(actor.user_id, actor.label), json_text(dossier.code), action,
                              from_state, to_state, at, reason, canonical(payload))
    return DossierEvent(
        dossier=dossier, province_code=dossier.province_code, seq=seq, action=action, from_state=from_state,
        to_state=to_state, actor_id=actor.user_id, actor_label=actor.label, at=at, reason=reason, data=payload,
        prev_hash=prev, hash=digest,
    )


def transition(
    *, dossier_id: int, version: int, actor: Actor, action: Action, args: dict[str, Any] | None = None,
    now: datetime | None = None, check_permission: bool = True,
) -> Dossier:
    """Apply `action` with `args` (`transitions.PARAMETERS`) to the dossier at `version`:
    permission, legality, the change, one event, the facts, the bundle's rules — all or nothing.
    A stale `version` raises Conflict (HTTP 409)."""
    args = transitions.check_args(action, args or {})
    at = aware_now(now)
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
        if transitions.parent_cascades(dossier, action):
            # Refused before anything is written when illegal on the parent's own state.
            return hooks.cascade(dossier, action, actor, at, args.get("reason", ""), version)
        snapshot = {"state": dossier.state, "due_at": dossier.due_at, "paused_since": dossier.paused_since}
        loaded = rows.snapshot(dossier)
        before, after, reason, data = transitions.apply(dossier, action, at, args, ServiceEnv(actor))
        event = append_event(dossier, action=action.value, from_state=before, to_state=after,
                             actor=actor, at=at, reason=reason, data=data)
        # Only the columns this transition changed, under the optimistic lock.
        try:
            written = rows.write_transition(dossier, loaded, version=version, event=event)
        except IntegrityError:
            written = False
        if not written:
            raise Conflict("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang.")
        hooks.emit(dossier, event, snapshot)
        hooks.transitioned(dossier, action, actor, at)
    # DEBUG: the event row is the durable record of every transition, and the request log
    # (core/middleware.py) already names the path, the status and the request id at INFO.
    log.debug("dossier transition", extra={"dossier": dossier.code, "action": action.value,
                                          "from": before, "to": after, "actor": actor.label})
    return dossier


# --- the transitions (what each does: transitions.py) ----------------------------------------------


def accept(*, dossier_id: int, version: int, actor: Actor, now: datetime | None = None) -> Dossier:
    """Mẫu 01: receive a complete, valid dossier; the clock starts (Decree 118 Art. 17(3)). A
    bundle's parent starts its first group (bundles.py, in the same transaction)."""
    dossier = transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.ACCEPT, now=now)
    if dossier.bundle_id and dossier.parent_id is None:
        dossier.refresh_from_db()
    return dossier


def refuse(*, dossier_id: int, version: int, actor: Actor, reason: str, now: datetime | None = None) -> Dossier:
    """Mẫu 03: refusal at reception (Art. 17(1)(c)) or after appraisal (Art. 19(3))."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REFUSE, now=now,
                      args={"reason": reason})


def assign(*, dossier_id: int, version: int, actor: Actor, assignee_id: int | None = None,
           now: datetime | None = None) -> Dossier:
    """Hand the dossier to the competent agency / a specialist (Art. 18; Mẫu 06)."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.ASSIGN, now=now,
                      args={"assignee_id": assignee_id})


def advance(*, dossier_id: int, version: int, actor: Actor, assignee_id: int | None = None, note: str = "",
            now: datetime | None = None) -> Dossier:
    """Move to the next internal step of the procedure (catalogue steps; Mẫu 06)."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.ADVANCE, now=now,
                      args={"assignee_id": assignee_id, "note": note})


def request_supplement(*, dossier_id: int, version: int, actor: Actor, missing: list[str], reason: str = "",
                       override_reason: str = "", now: datetime | None = None) -> Dossier:
    """Mẫu 02: everything missing at once (Art. 11(2)(c)); after acceptance the period restarts
    on the complete dossier (Art. 19(5)); a second request needs an approver's written override."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REQUEST_SUPPLEMENT,
                      now=now, args={"missing": missing, "reason": reason, "override_reason": override_reason})


def supplement_received(*, dossier_id: int, version: int, actor: Actor, note: str = "",
                        now: datetime | None = None) -> Dossier:
    """The complete dossier is back: to the desk (reception) or the period restarts (Art. 19(5))."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.SUPPLEMENT_RECEIVED,
                      now=now, args={"note": note})


def request_payment(*, dossier_id: int, version: int, actor: Actor, amount_vnd: int, reason: str = "",
                    now: datetime | None = None) -> Dossier:
    """Financial obligation (Art. 24); the clock stops only where the sectoral law says so."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REQUEST_PAYMENT, now=now,
                      args={"amount_vnd": amount_vnd, "reason": reason})


def payment_received(*, dossier_id: int, version: int, actor: Actor, online: bool = False,
                     now: datetime | None = None) -> Dossier:
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.PAYMENT_RECEIVED, now=now,
                      args={"online": online})


def extend(*, dossier_id: int, version: int, actor: Actor, new_due: datetime, reason: str,
           now: datetime | None = None) -> Dossier:
    """Mẫu 04: apology and a new appointment, once, a working day ahead (Art. 19(6), 12(5))."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.EXTEND, now=now,
                      args={"new_due": new_due, "reason": reason})


def request_withdrawal(*, dossier_id: int, version: int, actor: Actor, reason: str = "",
                       now: datetime | None = None) -> Dossier:
    """The applicant asks to withdraw (Art. 21). Processing stops by Mẫu 05 (`stop`)."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.REQUEST_WITHDRAWAL,
                      now=now, args={"reason": reason})


def stop(*, dossier_id: int, version: int, actor: Actor, reason: str, now: datetime | None = None) -> Dossier:
    """Mẫu 05: stop on request, or close after 15 days without the supplement (Art. 19(5), 21)."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.STOP, now=now,
                      args={"reason": reason})


def decide(*, dossier_id: int, version: int, actor: Actor, result_summary: str, electronic: bool = True,
           signed: bool | None = None, digitised: bool = False, reused: bool = False,
           identity_verified: bool = False, now: datetime | None = None) -> Dossier:
    """The competent authority decides (Art. 22); classified early / on time / late. The officer
    also records what Decision 766 group 4 counts: the e-result signed (default: when electronic),
    the inputs digitised, data reused, the identity verified through VNeID."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.DECIDE, now=now,
                      args={"result_summary": result_summary, "electronic": electronic,
                            "signed": electronic if signed is None else signed, "digitised": digitised,
                            "reused": reused, "identity_verified": identity_verified})


def return_result(*, dossier_id: int, version: int, actor: Actor, now: datetime | None = None) -> Dossier:
    """Art. 22: the result is handed over where the applicant chose."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.RETURN_RESULT, now=now)


def rate(*, dossier_id: int, version: int, actor: Actor, rating: int, comment: str = "",
         now: datetime | None = None) -> Dossier:
    """Art. 33: the applicant rates the handling (1 = very dissatisfied … 5 = very satisfied)."""
    return transition(dossier_id=dossier_id, version=version, actor=actor, action=Action.RATE, now=now,
                      args={"rating": rating, "comment": comment})


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
