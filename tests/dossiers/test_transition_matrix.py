"""Every legal transition is accepted and every illegal one is refused with nothing written
(pure state machine), plus the service layer refusing an illegal one without an event."""

import pytest
from tests.dossiers.conftest import BA_DINH, vn

from localgov.core.errors import IllegalTransition
from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent
from localgov.dossiers.workflow import TRANSITIONS, Action, State, allowed_actions, next_state

ALL_STATES: list[State | None] = [None, *State]
CASES = [(s, a) for s in ALL_STATES for a in Action]


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s and s.name}-{a.value}" for s, a in CASES])
def test_every_pair_is_either_legal_or_refused(state, action):
    legal = state in TRANSITIONS[action].sources
    if legal:
        stage = "appraisal" if action is Action.SUPPLEMENT_RECEIVED else None
        result = next_state(state, action, supplement_stage=stage)
        target = TRANSITIONS[action].target
        assert result == (target if target is not None else (State.PROCESSING if stage else state))
        assert action in allowed_actions(state)
    else:
        with pytest.raises(IllegalTransition):
            next_state(state, action)
        assert action not in allowed_actions(state)


def test_terminal_states_allow_only_rating():
    for state in (State.REFUSED, State.STOPPED, State.RETURNED):
        assert allowed_actions(state) == [Action.RATE]


def test_supplement_received_returns_to_the_stage_it_came_from():
    assert next_state(State.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT_RECEIVED, supplement_stage="reception") == State.NEW
    assert (next_state(State.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT_RECEIVED, supplement_stage="appraisal")
            == State.PROCESSING)


def test_service_refuses_illegal_transition_and_writes_nothing(file_online, staff):
    s = staff(BA_DINH)
    d = file_online("1.004873", at=vn(2025, 8, 4, 9, 0)).dossier
    before = DossierEvent.objects.filter(dossier=d).count()
    with pytest.raises(IllegalTransition):
        services.decide(dossier_id=d.pk, version=d.version, actor=s["approver"], result_summary="x",
                        now=vn(2025, 8, 4, 10, 0))
    d.refresh_from_db()
    assert d.state == State.NEW and d.version == 1
    assert DossierEvent.objects.filter(dossier=d).count() == before
