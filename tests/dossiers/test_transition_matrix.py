"""The state machine against the law's table: for every state × action, the next state the law
allows — or a refusal with nothing written. The table below is written from the articles (Decree
118/2025, docs/domain/decree-118-2025.md; Circular 03/2025 for the forms), not read from
`workflow.TRANSITIONS`, so a change to the machine that the law does not allow fails here."""

import pytest
from tests.dossiers.conftest import BA_DINH, vn

from localgov.core.errors import IllegalTransition
from localgov.dossiers import services
from localgov.dossiers.models import DossierEvent
from localgov.dossiers.workflow import TRANSITIONS, Action, State, allowed_actions, next_state

NEW, ACCEPTED, REFUSED, PROCESSING = State.NEW, State.ACCEPTED, State.REFUSED, State.PROCESSING
SUPPLEMENT, PAYMENT, WITHDRAWAL = State.SUPPLEMENT_REQUESTED, State.FINANCIAL_OBLIGATION, State.WITHDRAWAL_REQUESTED
STOPPED, DONE, RETURNED = State.STOPPED, State.DONE, State.RETURNED
SAME = "same"  # the state does not change
BY_STAGE = "by stage"  # back where the supplement was asked: reception → NEW, appraisal → PROCESSING

#: action → (legal basis, form of Circular 03/2025 Appendix I, {state it may be taken in: next state}).
#: Any state not listed refuses the action.
LAW: dict[Action, tuple[str, str | None, dict[State | None, State | str]]] = {
    Action.SUBMIT: ("Art. 15: in person, by post or online", None, {None: NEW}),
    Action.ACCEPT: ("Art. 17(1)(c), 17(3): complete and valid → receipt; the clock starts", "01",
                    {NEW: ACCEPTED}),
    Action.REFUSE: ("Art. 17(1)(c) at reception; Art. 19(3) after appraisal, within the period", "03",
                    {NEW: REFUSED, ACCEPTED: REFUSED, PROCESSING: REFUSED}),
    Action.ASSIGN: ("Art. 18: forwarded to the competent agency", "06", {ACCEPTED: PROCESSING, PROCESSING: PROCESSING}),
    Action.ADVANCE: ("internal steps under the control slip", "06", {PROCESSING: PROCESSING}),
    Action.REQUEST_SUPPLEMENT: ("Art. 17(1)(c), 17(2)(a) at reception; Art. 19(5) at appraisal", "02",
                                {NEW: SUPPLEMENT, ACCEPTED: SUPPLEMENT, PROCESSING: SUPPLEMENT}),
    Action.SUPPLEMENT_RECEIVED: ("Art. 19(5): the period restarts once the complete dossier arrives", None,
                                 {SUPPLEMENT: BY_STAGE}),
    Action.REQUEST_PAYMENT: ("Art. 24(2): fees fixed and paid after the receipt", None, {PROCESSING: PAYMENT}),
    Action.PAYMENT_RECEIVED: ("Art. 24: the obligation met, processing resumes", None, {PAYMENT: PROCESSING}),
    Action.EXTEND: ("Art. 19(6), 12(5): apology and a new date while the period runs", "04",
                    {ACCEPTED: SAME, PROCESSING: SAME, PAYMENT: SAME}),
    Action.REQUEST_WITHDRAWAL: ("Art. 21(1)-(2): from the receipt until the decision", None,
                                {NEW: WITHDRAWAL, ACCEPTED: WITHDRAWAL, PROCESSING: WITHDRAWAL,
                                 SUPPLEMENT: WITHDRAWAL, PAYMENT: WITHDRAWAL}),
    Action.STOP: ("Art. 21, Circular 03 Art. 7: on request, no decision yet; Art. 19(5): 15 days without "
                  "the supplement", "05", {WITHDRAWAL: STOPPED, SUPPLEMENT: STOPPED}),
    Action.DECIDE: ("Art. 19: the competent authority decides", None, {PROCESSING: DONE}),
    Action.RETURN_RESULT: ("Art. 22: the result returned as on the receipt", None, {DONE: RETURNED}),
    Action.RATE: ("Art. 33: the applicant rates the handling once it has ended", None,
                  {RETURNED: SAME, REFUSED: SAME, STOPPED: SAME}),
}

ALL_STATES: list[State | None] = [None, *State]
CASES = [(s, a) for s in ALL_STATES for a in Action]


def test_the_table_covers_every_action():
    assert set(LAW) == set(Action)


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s and s.name}-{a.value}" for s, a in CASES])
def test_every_pair_follows_the_law(state, action):
    _basis, _form, allowed = LAW[action]
    if state not in allowed:
        with pytest.raises(IllegalTransition):
            next_state(state, action)
        assert action not in allowed_actions(state)
        return
    assert action in allowed_actions(state)
    expected = allowed[state]
    if expected == BY_STAGE:
        assert next_state(state, action, supplement_stage="reception") == NEW
        assert next_state(state, action, supplement_stage="appraisal") == PROCESSING
    else:
        assert next_state(state, action) == (state if expected == SAME else expected)


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_each_action_issues_its_form(action):
    assert TRANSITIONS[action].form == LAW[action][1]


def test_ended_dossiers_allow_only_rating():
    for state in (REFUSED, STOPPED, RETURNED):
        assert allowed_actions(state) == [Action.RATE]


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
