"""The dossier state machine. Pure: no Django import.

States are the national portal's `TrangThai` codes 1–10 and channels its `KenhThucHien`
codes 1–3 (docs/domain/one-stop-rules.md §1.4, [T, S22]; identical in several provincial systems), so
reports and synchronisation with DVCQG use them unchanged.

Each action names the legal step it implements; the guards that need data (the
supplement-once rule, the apology deadline) are pure functions here too, and
`dossiers/services.py` feeds them the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from localgov.access.roles import Phase
from localgov.core.errors import IllegalTransition, ValidationFailed


class State(IntEnum):
    """`TrangThai` codes of the national portal (docs/domain/one-stop-rules.md §1.4)."""

    NEW = 1  # Mới đăng ký
    ACCEPTED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5  # Yêu cầu bổ sung giấy tờ
    FINANCIAL_OBLIGATION = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWAL_REQUESTED = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    DONE = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


STATE_LABELS: dict[State, str] = {
    State.NEW: "Mới đăng ký",
    State.ACCEPTED: "Được tiếp nhận",
    State.REFUSED: "Không được tiếp nhận",
    State.PROCESSING: "Đang xử lý",
    State.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung giấy tờ",
    State.FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    State.WITHDRAWAL_REQUESTED: "Công dân yêu cầu rút hồ sơ",
    State.STOPPED: "Dừng xử lý",
    State.DONE: "Đã xử lý xong",
    State.RETURNED: "Đã trả kết quả",
}

#: States in which nothing more happens to the dossier except rating.
FINAL_STATES = frozenset({State.REFUSED, State.STOPPED, State.RETURNED})
#: States in which the legal processing clock has started (after the receipt, Mẫu 01).
CLOCK_STATES = frozenset(
    {State.ACCEPTED, State.PROCESSING, State.SUPPLEMENT_REQUESTED, State.FINANCIAL_OBLIGATION,
     State.WITHDRAWAL_REQUESTED}
)
#: Decree 118 Art. 19(5): the desk closes a dossier whose supplement has not come back 15 days
#: after the request (calendar or working days is not stated: docs/domain/decree-118-2025.md §2.4).
SUPPLEMENT_CLOSE_DAYS = 15
#: End states for Decision 766 indicator 2.1: refused, stopped, done, returned, withdrawn.
END_STATES_766 = frozenset({State.REFUSED, State.STOPPED, State.DONE, State.RETURNED})


class Channel(IntEnum):
    """`KenhThucHien` (docs/domain/one-stop-rules.md §1.4; Decree 118 Art. 15)."""

    IN_PERSON = 1  # Trực tiếp
    ONLINE = 2  # Trực tuyến
    POST = 3  # Bưu chính công ích

    @property
    def label(self) -> str:
        return {1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}[int(self)]


class ReturnMethod(StrEnum):
    """Where the result goes (Decree 118 Art. 22(3)): a centre, by post, or online."""

    CENTRE = "centre"
    POST = "post"
    ONLINE = "online"


class Action(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"  # Mẫu 01, Art. 17(1)(c), 17(3): the clock starts
    REFUSE = "refuse"  # Mẫu 03, Art. 17(1)(c) at reception, Art. 19(3) after appraisal
    ASSIGN = "assign"  # hand to the competent agency / a specialist (Art. 18)
    ADVANCE = "advance"  # next internal step (Mẫu 06 control slip)
    REQUEST_SUPPLEMENT = "request_supplement"  # Mẫu 02, Art. 17(1)(c) / Art. 19(5)
    SUPPLEMENT_RECEIVED = "supplement_received"  # Art. 19(5): the period restarts from zero
    REQUEST_PAYMENT = "request_payment"  # financial obligation (Art. 24; sectoral law may stop the clock)
    PAYMENT_RECEIVED = "payment_received"
    EXTEND = "extend"  # Mẫu 04, Art. 19(6), Art. 12(5): apology and a new date, once
    REQUEST_WITHDRAWAL = "request_withdrawal"  # Art. 21
    STOP = "stop"  # Mẫu 05, Art. 21, Circular 03 Art. 7
    DECIDE = "decide"  # the competent authority decides; the result exists
    RETURN_RESULT = "return_result"  # Art. 22
    RATE = "rate"  # Art. 33: the applicant rates the service

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, str] = {
    Action.SUBMIT: "Nộp hồ sơ",
    Action.ACCEPT: "Tiếp nhận hồ sơ, hẹn trả kết quả",
    Action.REFUSE: "Từ chối giải quyết hồ sơ",
    Action.ASSIGN: "Chuyển xử lý",
    Action.ADVANCE: "Chuyển bước xử lý",
    Action.REQUEST_SUPPLEMENT: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    Action.SUPPLEMENT_RECEIVED: "Đã nhận hồ sơ bổ sung",
    Action.REQUEST_PAYMENT: "Yêu cầu thực hiện nghĩa vụ tài chính",
    Action.PAYMENT_RECEIVED: "Đã thực hiện nghĩa vụ tài chính",
    Action.EXTEND: "Xin lỗi và hẹn lại ngày trả kết quả",
    Action.REQUEST_WITHDRAWAL: "Công dân yêu cầu rút hồ sơ",
    Action.STOP: "Dừng giải quyết hồ sơ",
    Action.DECIDE: "Đã có kết quả giải quyết",
    Action.RETURN_RESULT: "Trả kết quả",
    Action.RATE: "Đánh giá mức độ hài lòng",
}


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State | None]
    target: State | None  # None: the state does not change
    #: The Mẫu (form of Circular 03/2025 Appendix I) issued by this transition, if any.
    form: str | None = None


_S = State
TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(Action.SUBMIT, frozenset({None}), _S.NEW),
        Transition(Action.ACCEPT, frozenset({_S.NEW}), _S.ACCEPTED, "01"),
        Transition(Action.REFUSE, frozenset({_S.NEW, _S.ACCEPTED, _S.PROCESSING}), _S.REFUSED, "03"),
        Transition(Action.ASSIGN, frozenset({_S.ACCEPTED, _S.PROCESSING}), _S.PROCESSING, "06"),
        Transition(Action.ADVANCE, frozenset({_S.PROCESSING}), _S.PROCESSING, "06"),
        Transition(Action.REQUEST_SUPPLEMENT, frozenset({_S.NEW, _S.ACCEPTED, _S.PROCESSING}),
                   _S.SUPPLEMENT_REQUESTED, "02"),
        Transition(Action.SUPPLEMENT_RECEIVED, frozenset({_S.SUPPLEMENT_REQUESTED}), None),
        Transition(Action.REQUEST_PAYMENT, frozenset({_S.PROCESSING}), _S.FINANCIAL_OBLIGATION),
        Transition(Action.PAYMENT_RECEIVED, frozenset({_S.FINANCIAL_OBLIGATION}), _S.PROCESSING),
        Transition(Action.EXTEND, frozenset({_S.ACCEPTED, _S.PROCESSING, _S.FINANCIAL_OBLIGATION}), None, "04"),
        Transition(Action.REQUEST_WITHDRAWAL,
                   frozenset({_S.NEW, _S.ACCEPTED, _S.PROCESSING, _S.SUPPLEMENT_REQUESTED,
                              _S.FINANCIAL_OBLIGATION}),
                   _S.WITHDRAWAL_REQUESTED),
        # Stop on the applicant's request, or close after 15 days without the supplement
        # (Art. 19(5)); only while no decision exists (Circular 03 Art. 7).
        Transition(Action.STOP, frozenset({_S.WITHDRAWAL_REQUESTED, _S.SUPPLEMENT_REQUESTED}), _S.STOPPED, "05"),
        Transition(Action.DECIDE, frozenset({_S.PROCESSING}), _S.DONE),
        Transition(Action.RETURN_RESULT, frozenset({_S.DONE}), _S.RETURNED),
        Transition(Action.RATE, frozenset({_S.RETURNED, _S.REFUSED, _S.STOPPED}), None),
    ]
}


def allowed_actions(state: State | None) -> list[Action]:
    """Actions whose source states include `state`, in declaration order."""
    return [a for a, t in TRANSITIONS.items() if state in t.sources]


def next_state(state: State | None, action: Action, *, supplement_stage: str | None = None) -> State:
    """The state after `action`, or IllegalTransition (nothing changes).

    `supplement_stage` is where the dossier was when supplement was requested
    ("reception" → back to NEW, "appraisal" → back to PROCESSING); it is needed only for
    SUPPLEMENT_RECEIVED.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(f"Thao tác không tồn tại: {action}", code="unknown_action")
    if state not in transition.sources:
        current = State(state).label if state is not None else "chưa có"
        raise IllegalTransition(
            f"Không thể thực hiện «{action.label}» khi hồ sơ ở trạng thái «{current}».",
            fields={"action": [str(action)], "state": [str(int(state)) if state else ""]},
        )
    if transition.target is not None:
        return transition.target
    if action is Action.SUPPLEMENT_RECEIVED:
        if supplement_stage == "reception":
            return State.NEW
        if supplement_stage == "appraisal":
            return State.PROCESSING
        raise ValidationFailed("Không rõ hồ sơ được yêu cầu bổ sung ở giai đoạn nào.")
    assert state is not None
    return state


def check_supplement_request(*, requests_after_acceptance: int, stage: str, override_reason: str | None,
                             actor_is_approver: bool) -> bool:
    """The supplement-once rule (Decree 118 Art. 11(2)(c), 16(3), 17(2)(a): "chỉ được yêu
    cầu sửa đổi, bổ sung một lần"; Construction Law Art. 102).

    A second request after acceptance is refused unless an approver overrides it with a
    written reason. Returns True when the request is a repeat (the Decision 766 rule then
    counts the dossier as late: "Yêu cầu bổ sung hồ sơ hơn 01 lần thì tính quá hạn").
    """
    if stage == "reception":
        return False
    if requests_after_acceptance < 1:
        return False
    if not actor_is_approver or not (override_reason and override_reason.strip()):
        raise IllegalTransition(
            "Hồ sơ đã được yêu cầu bổ sung một lần. Chỉ lãnh đạo được yêu cầu bổ sung lần nữa, "
            "kèm lý do bằng văn bản (Nghị định 118/2025, Điều 11 khoản 2 điểm c).",
            code="supplement_once",
        )
    return True


def derive_parent_state(children: list[State]) -> State:
    """The state of an interconnected bundle's parent from its children's states
    (docs/domain/one-stop-rules.md §2: one submission, child dossiers per agency, the parent derived)."""
    if not children:
        raise ValidationFailed("Hồ sơ liên thông không có hồ sơ thành phần.")
    states = set(children)
    if states <= {State.REFUSED}:
        return State.REFUSED
    if states <= {State.REFUSED, State.STOPPED}:
        return State.STOPPED
    if states <= {State.DONE, State.RETURNED, State.REFUSED, State.STOPPED}:
        return State.RETURNED if states <= {State.RETURNED, State.REFUSED, State.STOPPED} else State.DONE
    for waiting in (State.SUPPLEMENT_REQUESTED, State.FINANCIAL_OBLIGATION, State.WITHDRAWAL_REQUESTED):
        if waiting in states:
            return waiting
    if states & {State.PROCESSING, State.DONE, State.RETURNED}:
        return State.PROCESSING
    if State.ACCEPTED in states:
        return State.ACCEPTED
    if states & {State.REFUSED, State.STOPPED}:
        # A member ended on its own while the later groups have not started: the bundle was
        # accepted and is still in hand (never back to "newly submitted"); an officer refuses
        # or stops the rest on the parent.
        return State.PROCESSING
    return State.NEW


def phase_of(state: int, *, accepted: bool) -> Phase:
    """The phase of a dossier in `state`, for the unit an action is judged against
    (`access.roles.ACTION_UNITS`); `accepted`: it has a receipt (Mẫu 01, Art. 17(3))."""
    current = State(state)
    if current in FINAL_STATES:
        return Phase.CLOSED
    if current is State.DONE:
        return Phase.RESULT
    if not accepted:
        return Phase.RECEPTION
    if current is State.ACCEPTED:
        return Phase.HANDOVER
    return Phase.PROCESSING
