"""The pure transition core (`transitions.apply`) and the services agree: random sequences of
actions — legal or not, with random arguments and instants — applied to a real dossier through
`services.*` (the database, the version check, the hash chain, the rollback of a refusal) and to a
plain copy of it through the core alone (`check_args`, `apply`, `events.chain`) give, after every
step, the same outcome (done, or refused with the same error and message), the same dossier
(every column but `created_at`) and the same event (hash included). Also: the one declaration of
each action's arguments (`transitions.PARAMETERS`) is what the services take and what the API
passes, and `services.ACTIONS` is what the API and the simulation offer."""

from __future__ import annotations

import copy
import inspect
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.dossiers.conftest import BA_DINH, vn

from localgov.access.policy import SYSTEM
from localgov.catalog.models import Procedure
from localgov.core.errors import DomainError
from localgov.dossiers import services, transitions
from localgov.dossiers.api import ActionName
from localgov.dossiers.events import canonical, chain, hasher_for, json_text
from localgov.dossiers.models import Dossier, DossierEvent
from localgov.dossiers.workflow import FINAL_STATES, Action, State, allowed_actions
from localgov.simulate.service_path import SERVICE_BY_ACTION

FIELDS = tuple(f.attname for f in Dossier._meta.concrete_fields if f.attname != "created_at")
INSTANTS = tuple(f for f in FIELDS if Dossier._meta.get_field(f).get_internal_type() == "DateTimeField")
#: the default procedure (marriage status, 4 internal steps) and land (its clock stops for taxes)
PROCEDURES = ("1.004873", "1.013831")

#: mostly good text (so lives go on), sometimes what the checks refuse
TEXT = st.sampled_from(["", "Thiếu bản sao.", "  có khoảng trắng  ", "Ghi chú.", "Đã nhận.", "<b>"])
REASON = st.sampled_from(["Không đủ điều kiện.", "  Lý do có khoảng trắng  ", "Theo yêu cầu.", "Đã xem xét.",
                          "Quá hạn bổ sung.", "", "<script>"])
ARGS: dict[Action, st.SearchStrategy[dict[str, Any]]] = {
    Action.ACCEPT: st.fixed_dictionaries({}),
    Action.REFUSE: st.fixed_dictionaries({"reason": REASON}),
    Action.ASSIGN: st.fixed_dictionaries({"assignee_id": st.none()}),
    Action.ADVANCE: st.fixed_dictionaries({"assignee_id": st.none(), "note": TEXT}),
    Action.REQUEST_SUPPLEMENT: st.fixed_dictionaries({
        "missing": st.lists(st.sampled_from(["Tờ khai", " Bản chính ", "", "CCCD"]), min_size=1, max_size=3),
        "reason": TEXT, "override_reason": st.sampled_from(["", "Lãnh đạo đồng ý bổ sung lần hai."])}),
    Action.SUPPLEMENT_RECEIVED: st.fixed_dictionaries({"note": TEXT}),
    Action.REQUEST_PAYMENT: st.fixed_dictionaries({"amount_vnd": st.one_of(st.integers(0, 50_000_000), st.just(-5)),
                                                   "reason": TEXT}),
    Action.PAYMENT_RECEIVED: st.fixed_dictionaries({"online": st.booleans()}),
    # seconds after the step's instant
    Action.EXTEND: st.fixed_dictionaries({"new_due": st.integers(-2 * 86400, 30 * 86400), "reason": REASON}),
    Action.REQUEST_WITHDRAWAL: st.fixed_dictionaries({"reason": TEXT}),
    Action.STOP: st.fixed_dictionaries({"reason": REASON}),
    Action.DECIDE: st.fixed_dictionaries({"result_summary": REASON, "electronic": st.booleans()}),
    Action.RETURN_RESULT: st.fixed_dictionaries({}),
    Action.RATE: st.fixed_dictionaries({"rating": st.integers(0, 6), "comment": TEXT}),
}
ENDINGS = frozenset({Action.REFUSE, Action.STOP, Action.REQUEST_WITHDRAWAL, Action.RATE})
ANY_ACTION = st.sampled_from(sorted(ARGS, key=list(Action).index))


def _draw_step(data: st.DataObject, state: int) -> tuple[Action, dict[str, Any], int]:
    """Mostly an action legal in the dossier's state (so whole lives are walked), sometimes any."""
    legal = [a for a in allowed_actions(State(state)) if a in ARGS]
    legal += [a for a in legal if a not in ENDINGS] * 3  # whole lives more often than early ends
    action = data.draw(st.sampled_from(legal) if legal and data.draw(st.integers(0, 9)) else ANY_ACTION)
    return action, data.draw(ARGS[action]), data.draw(st.integers(0, 4 * 86400))


class _PlainEnv(transitions.Env):
    """The environment of the plain dossier: the same calendars, the procedure's steps as a number,
    the SYSTEM actor (an approver)."""

    def __init__(self, steps: int) -> None:
        self.steps = steps

    def calendar(self, d: Any) -> Any:
        return services.calendar_of(d)

    def step_total(self, d: Any) -> int:
        return self.steps


def _plain(d: Dossier) -> SimpleNamespace:
    p = d.procedure
    state = SimpleNamespace(**{f: copy.deepcopy(getattr(d, f)) for f in FIELDS})
    state.procedure = SimpleNamespace(supplement_clock=p.supplement_clock, clock_stops=list(p.clock_stops or []),
                                      deadline_value=p.deadline_value, deadline_unit=p.deadline_unit)
    return state


def _stored(state: SimpleNamespace) -> None:
    """The plain dossier as the database gives it back: its instants in UTC."""
    for name in INSTANTS:
        value = getattr(state, name)
        if value is not None:
            setattr(state, name, value.astimezone(UTC))


def _outcome(call: Any) -> tuple[str, ...]:
    try:
        call()
    except DomainError as exc:
        return type(exc).__name__, exc.message, repr(exc.fields)
    return ("done",)


def _arguments(action: Action, args: dict[str, Any], at: datetime) -> dict[str, Any]:
    if action is Action.EXTEND:
        return {**args, "new_due": at + timedelta(seconds=args["new_due"])}
    return dict(args)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(procedure=st.sampled_from(PROCEDURES), pause=st.booleans(), length=st.integers(1, 20), data=st.data())
def test_core_and_services_agree(file_online, procedure: str, pause: bool, length: int, data: st.DataObject) -> None:
    # a supplement that pauses (sectoral law) as well as the Art. 19(5) restart
    Procedure.objects.filter(code=procedure).update(supplement_clock="pause" if pause else "restart")
    at = vn(2025, 8, 4, 9, 0)
    d = file_online(procedure, commune=BA_DINH, at=at, actor=SYSTEM).dossier
    d = Dossier.objects.select_related("procedure").get(pk=d.pk)
    state = _plain(d)
    env = _PlainEnv(d.procedure.steps.count())
    hash_event = hasher_for(SYSTEM.user_id, SYSTEM.label)
    for _ in range(length):
        if state.state in FINAL_STATES and state.rating is not None:
            break  # nothing more can happen
        action, raw, gap = _draw_step(data, state.state)
        at = at + timedelta(seconds=gap)
        args = _arguments(action, raw, at)
        version = Dossier.objects.values_list("version", flat=True).get(pk=d.pk)
        by_service = _outcome(lambda: services.ACTIONS[action](  # noqa: B023 - called at once
            dossier_id=d.pk, version=version, actor=SYSTEM, now=at, **args))  # noqa: B023
        before = copy.deepcopy(vars(state))
        made: list[tuple[Any, ...]] = []

        def by_core() -> None:
            checked = transitions.check_args(action, args)  # noqa: B023 - called at once
            start, end, reason, data = transitions.apply(state, action, at, checked, env)  # noqa: B023
            seq, prev, digest = chain(state, hash_event, json_text(state.code), action.value, start, end,  # noqa: B023
                                      at, reason, canonical(data))  # noqa: B023
            made.append((seq, action.value, start, end, reason, data, prev, digest))  # noqa: B023

        by_pure = _outcome(by_core)
        assert by_pure == by_service, (action, args)
        if by_pure != ("done",):
            assert vars(state) == before  # a refusal changes nothing
            continue
        _stored(state)
        row = Dossier.objects.get(pk=d.pk)
        assert {f: getattr(row, f) for f in FIELDS} == {f: getattr(state, f) for f in FIELDS}, action
        event = DossierEvent.objects.get(dossier_id=d.pk, seq=row.event_count)
        assert made == [(event.seq, event.action, event.from_state, event.to_state, event.reason, event.data,
                         event.prev_hash, event.hash)]


def test_one_declaration_of_the_arguments() -> None:
    """`transitions.PARAMETERS` is exactly what each service takes besides the dossier, its
    version, the actor and the instant; the API's actions and the simulation's are `ACTIONS`."""
    for action, service in services.ACTIONS.items():
        taken = tuple(name for name in inspect.signature(service).parameters
                      if name not in ("dossier_id", "version", "actor", "now"))
        assert taken == transitions.PARAMETERS[action], action
    assert set(transitions.PARAMETERS) == set(services.ACTIONS) == set(transitions.EFFECTS)
    assert set(get_args(ActionName)) == {a.value for a in services.ACTIONS}
    assert SERVICE_BY_ACTION == {a.value: f for a, f in services.ACTIONS.items()}
