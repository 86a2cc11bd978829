"""The bulk path's interconnected bundles (Decree 63/2024 Arts. 5–7): `submission.submit` of a
bundle with `bundles.create_children`, then each planned step with what `services.transition` and
`dossiers/bundles.py` do around it, in memory:

* the parent's receipt starts the first group (`services.accept` → `bundles.start_next_group`,
  each member accepted by the interconnection software against its sub-deadline, then
  `bundles._record_appointment`);
* after every member's step the parent is re-derived (`bundles.after_child_change`): a `derive`
  event when its state changes (with the clock closed by `services._finish_clock` when all are
  decided), and the next group started once a group is decided;
* the result returned on the parent is cascaded to the members (`bundles.cascade`), then the
  parent derived once.

* a refusal, a withdrawal request or a stop on the parent is cascaded to the members the
  workflow allows (`bundles.cascade`, its `_cascade_children`), then the parent derived once.

For the lifecycle the planner gives bundles (`Planner._plan_bundle`: assign, sometimes a supplement
at appraisal — the member's period restarts and the parent's deadline moves with it
(`bundles.shift_parent_due`), or the papers never come and the member is stopped — and decide or
refuse per member; a refusal on the parent of the members a stopped or refused one leaves
unstartable; the applicant's withdrawal and its stop on the parent; return, rate; the parent's
clock paused while a clock-stopping member runs — the land transfer's tax step — and resumed
with its total moved when it is decided). Each function names the code it mirrors;
`tests/simulate/test_simulate_equivalence.py` proves the rows equal the service path's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from localgov.core.errors import IllegalTransition
from localgov.dossiers import clock
from localgov.dossiers.bundles import accept_member, next_appointments, next_group, settle_parent, shift_parent_due
from localgov.dossiers.events import canonical, json_text
from localgov.dossiers.submission import COMMUNE_AGENCY_KINDS
from localgov.dossiers.workflow import TRANSITIONS, Action, State, derive_parent_state, next_state
from localgov.simulate.planner import BundleMemberSpec, DossierPlan, Step

if TYPE_CHECKING:
    from localgov.simulate.bulk_path import BulkWriter, SimDossier

_DONE, _RETURNED = int(State.DONE), int(State.RETURNED)
#: the states a parent-level action reaches a member from (`bundles.cascade`: TRANSITIONS[action].sources)
_CASCADE_SOURCES = {a: frozenset(int(s) for s in TRANSITIONS[a].sources)
                    for a in (Action.RETURN_RESULT, Action.REFUSE, Action.REQUEST_WITHDRAWAL, Action.STOP)}
#: a parent step → the parent-level action it cascades (services.PARENT_CASCADE_ACTIONS)
_PARENT_CASCADES = {a.value: a for a in _CASCADE_SOURCES}
#: `parent_id` of a member until the write gives the parent its id (`BulkWriter._flush`): not None,
#: so the rules that leave bundle parents out (`bundle_id and parent_id is None`) count the member
PARENT_PENDING = -1


class _Bundle:
    """One bundle being built: the parent, its members by order, and the events of the batch."""

    def __init__(self, w: BulkWriter, plan: DossierPlan, events: list[list[Any]], docs: list[list[Any]]) -> None:
        from localgov.simulate.bulk_path import SimDossier

        assert plan.bundle is not None
        self.w, self.events, self.spec = w, events, plan.bundle
        self.parent = w._submit(plan, events, docs)
        self.codes = {id(self.parent): json_text(self.parent.code)}
        self.members: dict[int, BundleMemberSpec] = {m.order: m for m in self.spec.members}
        self.children: list[SimDossier] = []
        self.cascading = False
        self._create_children(SimDossier, plan.submit_at)

    # --- bundles.create_children ------------------------------------------------------------
    def _create_children(self, sim: type, at: datetime) -> None:
        from localgov.simulate.bulk_path import _NEW, _append_event, _utc

        p, w = self.parent, self.w
        for m in self.spec.members:
            procedure = w.procedures[m.procedure.code]
            commune_level = m.agency_kind in COMMUNE_AGENCY_KINDS
            agency_pk, agency_eid = w.agencies[(m.agency_kind, p.province_code,
                                                p.competent_commune_code if commune_level else "")]
            child = sim(
                code=w._next_code(agency_eid, at), province_code=p.province_code, procedure=procedure,
                procedure_id=procedure.pk, bundle_id=self.spec.pk, parent_id=PARENT_PENDING, bundle_order=m.order,
                state=_NEW, channel=p.channel, received_centre_id=p.received_centre_id,
                received_province_code=p.received_province_code, received_commune_code=p.received_commune_code,
                competent_agency_id=agency_pk,
                competent_commune_code=p.competent_commune_code if commune_level else None,
                return_method=p.return_method, return_centre_id=p.return_centre_id, return_address=p.return_address,
                applicant_user_id=p.applicant_user_id, applicant_name=p.applicant_name,
                applicant_id_number=p.applicant_id_number, applicant_phone=p.applicant_phone,
                applicant_email=p.applicant_email, applicant_address=p.applicant_address, secret_hash=p.secret_hash,
                form_data={"parallel_group": m.parallel_group, "stops_clock": m.stops_clock,
                           "sub_deadline": {"value": str(m.sub_deadline.value), "unit": m.sub_deadline.unit}},
                submitted_at=at,
            )
            child.bundle_parent = p  # its id, once written, is the member's parent_id (BulkWriter._flush)
            child.sub_deadline = m.sub_deadline  # its period (services._deadline_of: bundles._member_deadline)
            self.codes[id(child)] = json_text(child.code)
            payload = {"parent": p.code, "member_order": m.order}
            _append_event(child, self.events, self.codes[id(child)], "submit", None, _NEW, at, "", payload,
                          canonical(payload))
            _utc(child)
            self.children.append(child)

    # --- services.transition (the state machine, the event) ----------------------------------
    def _step(self, d: SimDossier, name: str, at: datetime,
              mutate: Callable[[], tuple[dict[str, Any], str]]) -> None:
        from localgov.simulate.bulk_path import _ACTIONS, _STATES, _append_event, _utc

        before = d.state
        after = int(next_state(_STATES[before], _ACTIONS[name], supplement_stage=d.supplement_stage or None))
        data, reason = mutate()
        d.state = after
        d.version += 1
        payload = data or {}
        _append_event(d, self.events, self.codes[id(d)], name, before, after, at, reason, payload,
                      canonical(payload) if payload else "{}")
        d.updated_at = at
        _utc(d)

    def apply(self, step: Step) -> None:
        w = self.w
        if step.member:
            child = self.children[step.member - 1]
            self._step(child, step.action, step.at, lambda: w.apply[step.action](child, step))
            self._after_child_change(child, step.at)
        elif step.action == "accept":
            self._accept_parent(step.at)
        elif step.action in _PARENT_CASCADES:  # the reason as services._clean_reason leaves it
            self._cascade(_PARENT_CASCADES[step.action], step.at, (step.args.get("reason") or "").strip())
        elif step.action == "rate":
            self._step(self.parent, "rate", step.at, lambda: w._rate(self.parent, step))
        else:
            raise IllegalTransition(f"Bundle step not simulated: {step.action}")

    # --- services.accept on the parent (its `then`: the first group) --------------------------
    def _accept_parent(self, at: datetime) -> None:
        p = self.parent

        def mutate() -> tuple[dict[str, Any], str]:  # services.accept's, with _deadline_of(parent)
            cal = self.w._calendar(p)
            start, due = clock.due_time(cal, at, self.spec.deadline)
            p.accepted_at, p.clock_started_at = at, start
            p.first_due_at = p.first_due_at or due
            p.due_at = due
            p.calendar_version = cal.version
            p.supplement_stage = ""
            return {"clock_started_at": start.isoformat(), "due_at": due.isoformat(),
                    "calendar_version": cal.version}, ""

        self._step(p, "accept", at, mutate)
        self._record_appointment(self._start_next_group(at), at)

    # --- bundles.start_next_group (its rules: bundles.next_group, bundles.accept_member) ---------
    def _start_next_group(self, at: datetime) -> list[SimDossier]:
        found = next_group(self.children)
        if found is None:
            return []
        group, members = found
        for child in members:
            deadline = self.members[child.bundle_order].sub_deadline

            def mutate(d: SimDossier = child, deadline: clock.Deadline = deadline) -> tuple[dict[str, Any], str]:
                return accept_member(d, at, deadline, group, self.w._calendar(d)), ""

            self._step(child, "accept", at, mutate)
            self._after_child_change(child, at)  # `transition` re-derives after a member's step
        # bundles._pause_parent_for_clock_stops (in UTC, as the engine reads it back from the database)
        if any(self.members[c.bundle_order].stops_clock for c in members) and self.parent.paused_since is None:
            self.parent.paused_since = at.astimezone(UTC)
        return members

    # --- bundles._record_appointment (its rule: bundles.next_appointments) ------------------------
    def _record_appointment(self, started: list[SimDossier], at: datetime) -> None:
        p = self.parent
        appointments = next_appointments(p.form_data, list(self.spec.appointments), started, at,
                                         lambda: self.w._calendar(p))
        if appointments is not None:
            p.form_data = {**p.form_data, "appointments": appointments}

    # --- bundles.after_child_change ------------------------------------------------------------
    def _after_child_change(self, child: SimDossier, at: datetime) -> None:
        if self.cascading:
            return
        from localgov.simulate.bulk_path import _append_event, _utc

        p, children = self.parent, self.children
        data: dict[str, Any] = {}
        paused_before = p.paused_since
        if child.state in (_DONE, _RETURNED) and child.form_data.get("stops_clock") and p.paused_since:
            cal = self.w._calendar(p)  # the clock resumes; the total moves by the paused working time
            p.due_at = clock.extend_due_after_pause(cal, p.due_at, p.paused_since, at)
            p.paused_seconds += cal.working_seconds_between(p.paused_since, at)
            p.paused_since = None
            data["clock_resumed"] = {"due_at": p.due_at.isoformat(), "paused_seconds": p.paused_seconds}
        shift = shift_parent_due(p, child, children, lambda: self.w._calendar(child))  # bundles._member_shift
        if shift:
            data["due_shifted"] = shift
        if p.state != int(State.NEW) and child.state in (_DONE, _RETURNED):
            group = child.form_data.get("parallel_group")
            same = [c for c in children if c.form_data.get("parallel_group") == group]
            if all(c.state in (_DONE, _RETURNED) for c in same):
                started = self._start_next_group(at)
                if started:
                    self._record_appointment(started, at)
                    data["started"] = [c.code for c in started]
                    if p.paused_since and p.paused_since != paused_before:
                        data["clock_stopped"] = p.paused_since.isoformat()
        derived = int(derive_parent_state([State(c.state) for c in children]))
        if derived == p.state and not ({"clock_resumed", "clock_stopped", "due_shifted"} & data.keys()):
            return
        from_state = p.state
        data["derived_from"] = [c.code for c in children]
        data.update(settle_parent(p, children, State(derived), at, self.w._calendar(p)))
        p.state = derived
        p.version += 1
        _append_event(p, self.events, self.codes[id(p)], "derive", from_state, derived, at, "", data,
                      canonical(data))
        p.updated_at = at
        _utc(p)

    # --- services.transition on a parent for RETURN_RESULT or REFUSE → bundles.cascade ------------
    def _cascade(self, action: Action, at: datetime, reason: str = "") -> None:
        from localgov.dossiers.services import _finish_clock

        next_state(State(self.parent.state), action)  # legal on the parent's own state
        targets = [c for c in self.children if c.state in _CASCADE_SOURCES[action]]
        if not targets:
            raise IllegalTransition(f"Không có hồ sơ thành phần nào có thể «{action.label}».")
        self.cascading = True
        try:
            for child in targets:
                def mutate(d: SimDossier = child) -> tuple[dict[str, Any], str]:  # bundles._cascade_children's
                    if action in (Action.REFUSE, Action.STOP):
                        d.closed_at = at
                        if action is Action.REFUSE:
                            d.refusal_reason = reason
                        else:
                            d.stop_reason = reason
                        return _finish_clock(d, at, self.w._calendar(d)), reason
                    if action is Action.RETURN_RESULT:
                        d.returned_at = d.closed_at = at
                    return {}, reason

                self._step(child, action.value, at, mutate)
        finally:
            self.cascading = False
        self._after_child_change(targets[-1], at)


def build(w: BulkWriter, plan: DossierPlan, events: list[list[Any]], docs: list[list[Any]]) -> list[SimDossier]:
    """The parent and its members, with every event of the plan, and the members' facts."""
    first = len(events)
    bundle = _Bundle(w, plan, events, docs)
    for step in plan.steps:
        bundle.apply(step)
    if w.facts is not None:
        for child in bundle.children:  # bundle parents are not counted (oversight.live.on_dossier_event)
            w._add_facts(child, [ev for ev in events[first:] if ev[1] is child], 0)
    w.bundle_children.extend(bundle.children)
    return [bundle.parent, *bundle.children]
