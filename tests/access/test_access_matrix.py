"""The generated access matrix: for every role × (own unit, other unit in the province, other
province) × (view, list, export, personal data, receive, every transition), the outcome of the
real code — users with real grants, dossiers made and driven through services — matches the
policy table in docs/access.md. Any `deny` cell that succeeds fails the build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, applicant, centre_of, docs_for, vn

from localgov.access.policy import SYSTEM, Actor, filter_export, resolve_actor, sees_personal_data
from localgov.access.roles import ACTION_ROLES, Role
from localgov.access.services import create_user, grant_role
from localgov.core.errors import PermissionDenied
from localgov.dossiers import selectors, services
from localgov.dossiers.models import Dossier
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Action, Channel, ReturnMethod, State

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
POSITIONS = {"own unit": BA_DINH, "other unit, same province": HOAN_KIEM, "other province": SAI_GON}
READ_OPS = ["view", "list", "export", "personal_data", "receive"]
TRANSITIONS = [a.value for a in Action if a is not Action.SUBMIT]
OPS = READ_OPS + TRANSITIONS
PROCEDURE = "1.004873"  # xác nhận tình trạng hôn nhân: 3 working days, 4 internal steps


def parse_table(text: str) -> dict[tuple[str, str, str], bool]:
    """{(role, operation, position): allowed} from the table between the policy-table markers."""
    body = text.split("<!-- policy-table:start -->", 1)[1].split("<!-- policy-table:end -->", 1)[0]
    lines = [line.strip() for line in body.strip().splitlines() if line.strip().startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:2] == ["role", "operation"], header
    assert header[2:] == list(POSITIONS), header
    cells: dict[tuple[str, str, str], bool] = {}
    for line in lines[2:]:
        cols = [c.strip() for c in line.strip("|").split("|")]
        role, op, *verdicts = cols
        for position, verdict in zip(header[2:], verdicts, strict=True):
            assert verdict in ("allow", "deny"), line
            key = (role, op, position)
            assert key not in cells, f"duplicate row: {line}"
            cells[key] = verdict == "allow"
    return cells


TABLE = parse_table(DOC.read_text(encoding="utf-8"))


def test_the_table_covers_every_role_operation_and_position():
    expected = {(r.value, op, p) for r in Role for op in OPS for p in POSITIONS}
    assert set(TABLE) == expected
    # Every engine action with a role list is in the table (a new action needs a row).
    assert set(ACTION_ROLES) - {"submit"} == set(TRANSITIONS)


def test_the_table_is_not_trivially_permissive():
    # Nobody outside the nation-wide role reaches another province, and only overseers list a
    # neighbour commune's dossiers.
    other = {k for k, v in TABLE.items() if v and k[2] == "other province"}
    assert {k[0] for k in other} == {"national_overseer"}
    neighbour = {k[0] for k, v in TABLE.items() if v and k[2] == "other unit, same province"}
    assert neighbour == {"province_overseer", "national_overseer"}


def _actor(role: Role) -> Actor:
    user = create_user(username=f"matrix-{role.value}", password=None)
    scope: dict[str, Any] = {}
    if role in (Role.COUNTER_OFFICER,):
        scope = {"commune": BA_DINH, "centre_id": centre_of(BA_DINH)}
    elif role in (Role.SPECIALIST, Role.APPROVER, Role.HR_OFFICER, Role.FINANCE_OFFICER):
        scope = {"commune": BA_DINH}
    elif role in (Role.PROVINCE_OVERSEER, Role.ADMINISTRATOR):
        scope = {"province": "01"}
    if role is not Role.APPLICANT:
        grant_role(user=user, role=role, **scope)
    return resolve_actor(user)


class _Undo(Exception):
    """Raised inside a savepoint to roll an allowed attempt back."""


def _attempt(call: Callable[[], Any]) -> bool:
    """True if `call` succeeds (then rolled back), False if refused for permission."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return True
    except PermissionDenied:
        return False


def _file(commune: str, actor: Actor) -> Dossier:
    data = SubmitInput(procedure_code=PROCEDURE, channel=Channel.ONLINE, applicant=applicant(),
                       competent_commune_code=commune, documents=docs_for(PROCEDURE),
                       return_method=ReturnMethod.ONLINE)
    return submit(data, actor=actor, now=vn(2025, 8, 4, 9, 0)).dossier


def _receive(commune: str, actor: Actor) -> None:
    data = SubmitInput(procedure_code=PROCEDURE, channel=Channel.IN_PERSON, applicant=applicant(),
                       competent_commune_code=commune, received_centre_id=centre_of(commune),
                       documents=docs_for(PROCEDURE), return_method=ReturnMethod.CENTRE)
    submit(data, actor=actor, now=vn(2025, 8, 4, 9, 5))


def _in_list(actor: Actor, dossier: Dossier) -> bool:
    rows, _ = selectors.list_dossiers(actor, selectors.DossierFilter(), limit=200)
    return dossier.pk in {d.pk for d in rows}


def _view(actor: Actor, dossier: Dossier) -> bool:
    try:
        selectors.get_dossier(actor, dossier.code)
    except PermissionDenied:
        return False
    return True


#: The arguments each transition needs besides the dossier, version, actor and time.
ARGS: dict[str, dict[str, Any]] = {
    "refuse": {"reason": "Hồ sơ không đủ điều kiện"},
    "request_supplement": {"missing": ["Bản sao giấy khai sinh"]},
    "request_payment": {"amount_vnd": 50_000},
    "extend": {"new_due": vn(2025, 8, 8, 9, 30), "reason": "Cần xác minh thêm"},
    "request_withdrawal": {"reason": "Tôi xin rút hồ sơ"},
    "stop": {"reason": "Theo đề nghị của người nộp"},
    "decide": {"result_summary": "Đã cấp giấy xác nhận"},
    "rate": {"rating": 5},
}

#: The dossier's path (driven by the system) and the actions tried at each stop: every
#: transition is tried once, in a state where it is legal.
PATH: list[tuple[str | None, dict[str, Any], tuple[int, int], tuple[int, int], list[str]]] = [
    (None, {}, (9, 0), (9, 10), ["accept", "refuse", "request_supplement", "request_withdrawal"]),
    ("accept", {}, (9, 30), (9, 40), ["assign", "extend"]),
    ("assign", {}, (10, 0), (10, 10), ["advance", "request_payment", "decide"]),
    ("request_payment", {"amount_vnd": 50_000}, (10, 30), (10, 40), ["payment_received"]),
    ("payment_received", {}, (11, 0), (11, 0), []),
    ("request_supplement", {"missing": ["Tờ khai"]}, (11, 10), (11, 20), ["supplement_received", "stop"]),
    ("supplement_received", {}, (11, 30), (11, 30), []),
    ("decide", {"result_summary": "Xong"}, (13, 30), (13, 40), ["return_result"]),
    ("return_result", {}, (14, 0), (14, 10), ["rate"]),
]


def _outcomes(role: Role, actor: Actor, commune: str, dossier: Dossier) -> dict[str, bool]:
    got = {
        "view": _view(actor, dossier),
        "list": _in_list(actor, dossier),
        "export": filter_export(actor, "dossier", Dossier.objects.filter(pk=dossier.pk)).exists(),
        "personal_data": sees_personal_data(actor, dossier),
        "receive": _attempt(lambda: _receive(commune, actor)),
    }
    for step, step_args, step_at, try_at, tries in PATH:
        if step is not None:
            dossier = services.ACTIONS[Action(step)](dossier_id=dossier.pk, version=dossier.version, actor=SYSTEM,
                                                     now=vn(2025, 8, 4, *step_at), **step_args)
        for op in tries:

            def call(op: str = op, d: Dossier = dossier, at: tuple[int, int] = try_at) -> None:
                services.ACTIONS[Action(op)](dossier_id=d.pk, version=d.version, actor=actor,
                                             now=vn(2025, 8, 4, *at), **ARGS.get(op, {}))

            got[op] = _attempt(call)
    assert Dossier.objects.get(pk=dossier.pk).state == State.RETURNED
    return got


CASES = [(r, p) for r in Role for p in POSITIONS]


@pytest.mark.parametrize(("role", "position"), CASES, ids=[f"{r.value}-{p.replace(' ', '_')}" for r, p in CASES])
def test_every_cell_matches_the_policy_table(db, world, role, position):
    actor = _actor(role)
    commune = POSITIONS[position]
    owner = actor if (role is Role.APPLICANT and position == "own unit") else Actor(user_id=None, username="")
    dossier = _file(commune, owner)
    got = _outcomes(role, actor, commune, dossier)
    assert set(got) == set(OPS)
    wrong = [
        f"{role.value} × {op} × {position}: table says {'allow' if TABLE[(role.value, op, position)] else 'deny'}, "
        f"code {'allows' if got[op] else 'denies'}"
        for op in OPS if got[op] != TABLE[(role.value, op, position)]
    ]
    assert not wrong, "\n".join(wrong)
