"""The generated access matrix: for every role × the dossier's relation to the person's unit
(competent unit, received at another desk, receiving desk only, returning desk only, neither,
other province) × every operation (view, list, export, personal data, receive, and every
transition in each phase where the policy may judge it differently), the outcome of the real
code matches the policy table in docs/access.md — through the services, through the API
(`/api/v1/dossiers/...` with a Bearer token) and through the office UI (the officer dossier
page: the button is offered, and its POST is accepted, exactly when the table says allow).
Users hold real grants, dossiers are made and driven through the services; each attempt runs
in a savepoint that is rolled back. Any `deny` cell that succeeds fails the build."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, SAI_GON, applicant, b64, centre_of, docs_for, vn

from localgov.access.policy import ANONYMOUS, SYSTEM, Actor, filter_export, resolve_actor, sees_personal_data
from localgov.access.roles import ACTION_ROLES, ACTION_UNITS, Role
from localgov.access.services import create_user, grant_role
from localgov.access.tokens import issue_token
from localgov.core.errors import PermissionDenied
from localgov.dossiers import selectors, services
from localgov.dossiers.models import Dossier
from localgov.dossiers.submission import SubmitInput, submit
from localgov.dossiers.workflow import Action, Channel, ReturnMethod, State, phase_of
from localgov.office.dossier import NOT_HERE
from localgov.office.forms import ACTION_FORMS
from localgov.units.models import Agency

DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
PROCEDURE = "1.004873"  # xác nhận tình trạng hôn nhân: 3 working days, 4 internal steps
API = "/api/v1/dossiers"


@dataclass(frozen=True)
class Position:
    """A dossier's three places: competent commune, the desk (commune centre) that received it
    (None: filed online) and the desk its result returns to (None: online)."""

    competent: str
    received_at: str | None
    returned_at: str | None

    @property
    def receive_at(self) -> str:
        """Where `receive` is tried: the dossier's receiving desk, else the competent unit's."""
        return self.received_at or self.competent


#: The holder's unit is Ba Đình ward (a counter officer also holds its centre).
POSITIONS: dict[str, Position] = {
    "competent unit": Position(BA_DINH, None, None),
    "competent unit, received elsewhere": Position(BA_DINH, HOAN_KIEM, HOAN_KIEM),
    "receiving desk only": Position(HOAN_KIEM, BA_DINH, HOAN_KIEM),
    "returning desk only": Position(HOAN_KIEM, HOAN_KIEM, BA_DINH),
    "neither, same province": Position(HOAN_KIEM, HOAN_KIEM, HOAN_KIEM),
    "other province": Position(SAI_GON, SAI_GON, SAI_GON),
}
FIRST = next(iter(POSITIONS))

#: The dossier's path, driven by the system: (system step, its arguments, at, branch?, tries
#: at the stop reached). A branch's step and tries are rolled back; the path goes on from
#: before it. Every operation is tried once, in a state where it is legal.
Step = tuple[str | None, dict[str, Any], tuple[int, int], bool, list[str]]
PATH: list[Step] = [
    (None, {}, (9, 0), False,
     ["accept", "refuse:reception", "request_supplement:reception", "request_withdrawal:reception"]),
    ("request_withdrawal", {}, (9, 15), True, ["stop:reception"]),
    ("request_supplement", {"missing": ["Tờ khai"]}, (9, 20), False, ["supplement_received:reception"]),
    ("supplement_received", {}, (9, 30), False, []),
    ("accept", {}, (9, 30), False, ["assign:handover", "extend"]),
    ("assign", {}, (10, 0), False,
     ["advance", "assign:processing", "refuse:processing", "request_supplement:processing", "request_payment",
      "request_withdrawal:processing", "decide"]),
    ("request_payment", {"amount_vnd": 50_000}, (10, 30), False, ["payment_received"]),
    ("payment_received", {}, (11, 0), False, []),
    ("request_supplement", {"missing": ["Tờ khai"]}, (11, 10), False,
     ["supplement_received:processing", "stop:processing"]),
    ("supplement_received", {}, (11, 30), False, []),
    ("decide", {"result_summary": "Xong"}, (13, 30), False, ["return_result"]),
    ("return_result", {}, (14, 0), False, ["rate"]),
]
ACTION_OPS = [op for *_, tries in PATH for op in tries]
READ_OPS = ["view", "list", "export", "personal_data", "receive"]
OPS = READ_OPS + ACTION_OPS


def action_of(op: str) -> Action:
    return Action(op.split(":")[0])


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
    # Every engine action with a role list is tried (a new action needs rows), and no action
    # is tried twice in one phase.
    assert set(ACTION_ROLES) - {"submit"} == {action_of(op).value for op in ACTION_OPS} == set(ACTION_UNITS)
    assert len(set(ACTION_OPS)) == len(ACTION_OPS)


def test_the_table_is_not_trivially_permissive():
    # Nobody outside the nation-wide role reaches another province, and only overseers reach
    # a dossier that is in no way their unit's.
    other = {k for k, v in TABLE.items() if v and k[2] == "other province"}
    assert {k[0] for k in other} == {"national_overseer"}
    neighbour = {k[0] for k, v in TABLE.items() if v and k[2] == "neither, same province"}
    assert neighbour == {"province_overseer", "national_overseer"}
    # The receiving desk of another unit's dossier takes none of the competent unit's steps
    # (Decree 118 Art. 19, Art. 20(1)(b)); the returning desk only returns the result.
    substance = ["advance", "decide", "refuse:processing", "extend", "request_supplement:processing",
                 "request_payment", "assign:processing"]
    for role in Role:
        for op in substance:
            assert not TABLE[(role.value, op, "receiving desk only")], (role, op)
        acts = {op for op in ACTION_OPS if TABLE[(role.value, op, "returning desk only")]}
        assert acts <= {"return_result"}, (role, acts)


def test_every_phase_the_policy_distinguishes_is_tried():
    tried = {(action_of(op).value, phase) for op, phase in _phases_tried().items()}
    for action, rule in ACTION_UNITS.items():
        for phase in rule:
            if phase is not None:
                assert (action, phase) in tried, (action, phase)


def _phases_tried() -> dict[str, Any]:
    """The phase each operation is tried in, from the states of the PATH (no database)."""
    accepted, state, phases = False, State.NEW, {}
    for step, _args, _at, branch, tries in PATH:
        before = (accepted, state)
        if step == "accept":
            accepted, state = True, State.ACCEPTED
        elif step == "assign" or step == "payment_received" or (step == "supplement_received" and accepted):
            state = State.PROCESSING
        elif step == "supplement_received":
            state = State.NEW
        elif step is not None:
            state = {"request_withdrawal": State.WITHDRAWAL_REQUESTED, "request_supplement": State.SUPPLEMENT_REQUESTED,
                     "request_payment": State.FINANCIAL_OBLIGATION, "decide": State.DONE,
                     "return_result": State.RETURNED}[step]
        for op in tries:
            phases[op] = phase_of(state, accepted=accepted)
        if branch:
            accepted, state = before
    return phases


# --- the people ---------------------------------------------------------------------------


@dataclass
class Person:
    role: Role
    actor: Actor
    ui: Client
    token: str


def _person(role: Role) -> Person:
    user = create_user(username=f"matrix-{role.value}", password=None)
    scope: dict[str, Any] = {}
    if role is Role.COUNTER_OFFICER:
        scope = {"commune": BA_DINH, "centre_id": centre_of(BA_DINH)}
    elif role in (Role.SPECIALIST, Role.APPROVER, Role.HR_OFFICER, Role.FINANCE_OFFICER):
        scope = {"commune": BA_DINH}
    elif role in (Role.PROVINCE_OVERSEER, Role.ADMINISTRATOR):
        scope = {"province": "01"}
    elif role is Role.FOLLOWUP_OFFICER:
        scope = {"commune": BA_DINH}
    elif role is Role.MINISTRY_OFFICER:
        scope = {"agency_id": Agency.objects.filter(commune_id=BA_DINH).order_by("pk").values_list(
            "pk", flat=True).first()}
    if role is not Role.APPLICANT:
        grant_role(user=user, role=role, **scope)
    ui = Client()
    ui.force_login(user)
    _, token = issue_token(user=user, name="ma trận", scopes=["dossiers:read", "dossiers:write"])
    return Person(role, resolve_actor(user), ui, token)


def _api(person: Person, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {person.token}"}
    if method == "GET":
        return person.ui.get(path, **auth)
    import json

    return Client().post(path, data=json.dumps(body or {}), content_type="application/json", **auth)


# --- attempts, rolled back ----------------------------------------------------------------


class _Undo(Exception):
    """Raised inside a savepoint to roll an attempt back."""


def _rolled_back(call: Callable[[], Any]) -> Any:
    from django.db import transaction

    box: list[Any] = []
    try:
        with transaction.atomic():
            box.append(call())
            raise _Undo
    except _Undo:
        pass
    return box[0]


def _service(call: Callable[[], Any]) -> bool:
    """True if `call` succeeds (then rolled back), False if refused for permission."""

    def attempt() -> bool:
        try:
            call()
        except PermissionDenied:
            return False
        return True

    return _rolled_back(attempt)


def _verdict(response: Any, what: str) -> bool:
    """An HTTP answer as allowed (2xx, or the redirect after a form) or refused (403). A
    transition run through HTTP takes the wall clock as its time, so an extension of this
    2025 dossier passes the policy and is then refused by the clock (409): allowed here."""
    if response.status_code in (200, 201, 302):
        return True
    if response.status_code == 403:
        return False
    if what == "extend" and response.status_code == 409:
        return True
    raise AssertionError(f"{what}: HTTP {response.status_code} {response.content[:400]!r}")


# --- the dossier and the operations -----------------------------------------------------


def _file(pos: Position, owner: Actor) -> Dossier:
    online = pos.received_at is None
    data = SubmitInput(
        procedure_code=PROCEDURE, channel=Channel.ONLINE if online else Channel.IN_PERSON, applicant=applicant(),
        competent_commune_code=pos.competent, documents=docs_for(PROCEDURE),
        received_centre_id=None if online else centre_of(pos.received_at),
        return_method=ReturnMethod.ONLINE if pos.returned_at is None else ReturnMethod.CENTRE,
        return_centre_id=None if pos.returned_at is None else centre_of(pos.returned_at))
    return submit(data, actor=owner if online else SYSTEM, now=vn(2025, 8, 4, 9, 0), accept_now=False).dossier


def _receive_input(pos: Position) -> SubmitInput:
    centre = centre_of(pos.receive_at)
    return SubmitInput(procedure_code=PROCEDURE, channel=Channel.IN_PERSON, applicant=applicant(),
                       competent_commune_code=pos.competent, received_centre_id=centre,
                       documents=docs_for(PROCEDURE), return_method=ReturnMethod.CENTRE, return_centre_id=centre)


def _ui_receive(person: Person, pos: Position) -> bool:
    """The counter page receives at the officer's own centre only: allowed if it opens, its
    centre is the one asked for, and the walk-in is received."""
    page = person.ui.get(f"/can-bo/tiep-nhan/?thu_tuc={PROCEDURE}")
    if not _verdict(page, "receive") or page.context["centre"].pk != centre_of(pos.receive_at):
        return False
    form = {"thu_tuc": PROCEDURE, "competent_commune": pos.competent, "applicant_name": "Trần Thị Bình",
            "applicant_id_number": "001190012345", "return_method": "centre", "presented": ["d1", "d2"]}
    return _rolled_back(lambda: _verdict(person.ui.post("/can-bo/tiep-nhan/", form), "receive"))


def _api_receive(person: Person, pos: Position) -> bool:
    data = _receive_input(pos)
    body = {"procedure_code": PROCEDURE, "channel": 1, "competent_commune_code": pos.competent,
            "received_centre_id": data.received_centre_id, "return_method": "centre",
            "return_centre_id": data.return_centre_id,
            "applicant": {"name": "Trần Thị Bình", "id_number": "001190012345"},
            "documents": [{"doc_code": u.doc_code, "name": u.name, "content_type": u.content_type,
                           "content_base64": b64(u.content)} for u in data.documents]}
    return _rolled_back(lambda: _verdict(_api(person, "POST", f"{API}/", body), "receive"))


def _reads(person: Person, pos: Position, d: Dossier) -> dict[str, dict[str, bool]]:
    actor = person.actor
    full = f'id="id-number">{d.applicant_id_number}<'
    service = {
        "view": _service(lambda: selectors.get_dossier(actor, d.code)),
        "list": d.pk in {x.pk for x in selectors.list_dossiers(actor, selectors.DossierFilter(), limit=200)[0]},
        "export": filter_export(actor, "dossier", Dossier.objects.filter(pk=d.pk)).exists(),
        "personal_data": sees_personal_data(actor, d),
        "receive": _service(lambda: submit(_receive_input(pos), actor=actor, now=vn(2025, 8, 4, 9, 5))),
    }
    one = _api(person, "GET", f"{API}/{d.code}")
    listed = _api(person, "GET", f"{API}/?limit=200")
    api = {
        "view": _verdict(one, "view"),
        "list": d.code in {x["code"] for x in listed.json()["items"]},
        "personal_data": one.status_code == 200 and one.json()["applicant"]["id_number"] == d.applicant_id_number,
        "receive": _api_receive(person, pos),
    }
    page = person.ui.get(f"/can-bo/ho-so/{d.code}/")
    ui = {
        "view": _verdict(page, "view"),
        "personal_data": full in page.content.decode(),
        "receive": _ui_receive(person, pos),
    }
    return {"service": service, "api": api, "ui": ui}


#: What each transition needs besides the dossier, version, actor and time (services and API).
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
#: The office form's fields for each action (prefixed with the action, as the page posts them).
FORM: dict[str, dict[str, Any]] = {
    "refuse": {"reason": "Hồ sơ không đủ điều kiện"},
    "request_supplement": {"missing_other": "Bản sao giấy khai sinh"},
    "request_payment": {"amount_vnd": "50000"},
    "extend": {"new_due_date": "2025-08-08", "new_due_time": "09:30", "reason": "Cần xác minh thêm"},
    "request_withdrawal": {"reason": "Tôi xin rút hồ sơ"},
    "stop": {"reason": "Theo đề nghị của người nộp"},
    "decide": {"result_summary": "Đã cấp giấy xác nhận"},
}
#: Actions the officer dossier page offers (applicants rate on the portal, not here).
UI_ACTIONS = {a.value for a in ACTION_FORMS if a not in NOT_HERE}


def _api_body(action: str, version: int) -> dict[str, Any]:
    body: dict[str, Any] = {"version": version, **ARGS.get(action, {})}
    if "new_due" in body:
        body["new_due"] = body["new_due"].isoformat()
    return body


def _try(person: Person, d: Dossier, op: str, at: tuple[int, int], offered: set[str]) -> dict[str, bool]:
    action = action_of(op).value

    def service_call() -> None:
        services.ACTIONS[Action(action)](dossier_id=d.pk, version=d.version, actor=person.actor,
                                         now=vn(2025, 8, 4, *at), **ARGS.get(action, {}))

    api = _rolled_back(lambda: _verdict(
        _api(person, "POST", f"{API}/{d.code}/actions/{action}", _api_body(action, d.version)), action))
    form = {f"{action}-{k}": v for k, v in {"version": d.version, **FORM.get(action, {})}.items()}
    posted = _rolled_back(lambda: _verdict(person.ui.post(f"/can-bo/ho-so/{d.code}/thao-tac/{action}/", form), action))
    assert posted == (action in offered), f"{op}: button {'shown' if action in offered else 'hidden'}, POST " \
                                          f"{'accepted' if posted else 'refused'}"
    return {"service": _service(service_call), "api": api, "ui": posted}


def _offered(person: Person, d: Dossier) -> set[str]:
    page = person.ui.get(f"/can-bo/ho-so/{d.code}/")
    return set(re.findall(r'id="action-([a-z_]+)"', page.content.decode())) if page.status_code == 200 else set()


def _walk(person: Person, d: Dossier) -> dict[str, dict[str, bool]]:
    got: dict[str, dict[str, bool]] = {"service": {}, "api": {}, "ui": {}}

    def record(op: str, outcome: dict[str, bool]) -> None:
        for channel, value in outcome.items():
            got[channel][op] = value

    def stop_at(d: Dossier, tries: list[str], at: tuple[int, int]) -> None:
        offered = _offered(person, d) if tries else set()
        for op in tries:
            record(op, _try(person, d, op, (at[0], at[1] + 5), offered))

    for step, args, at, branch, tries in PATH:
        def advance(d: Dossier = d, step: str | None = step, args: dict[str, Any] = args,
                    at: tuple[int, int] = at) -> Dossier:
            if step is None:
                return d
            return services.ACTIONS[Action(step)](dossier_id=d.pk, version=d.version, actor=SYSTEM,
                                                  now=vn(2025, 8, 4, *at), **args)

        if branch:
            _rolled_back(lambda advance=advance, tries=tries, at=at: stop_at(advance(), tries, at))
        else:
            d = advance()
            stop_at(d, tries, at)
    assert Dossier.objects.get(pk=d.pk).state == State.RETURNED
    return got


def _on_the_officer_page(role: Role, op: str) -> bool:
    """The officer page offers the officers' forms (applicants rate on the portal); it shows the
    personal data in full exactly as the policy's one decision says (`sees_personal_data`), so
    an applicant who opens their own dossier there sees theirs (docs/personal-data.md)."""
    if op in ACTION_OPS:
        return action_of(op).value in UI_ACTIONS
    return True


CASES = [(r, p) for r in Role for p in POSITIONS]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path


@pytest.mark.parametrize(("role", "position"), CASES, ids=[f"{r.value}-{p.replace(' ', '_')}" for r, p in CASES])
def test_every_cell_matches_the_policy_table(db, world, role, position):
    person = _person(role)
    pos = POSITIONS[position]
    owner = person.actor if (role is Role.APPLICANT and position == FIRST) else ANONYMOUS
    d = _file(pos, owner)
    got = _reads(person, pos, d)
    for channel, outcome in _walk(person, d).items():
        got[channel].update(outcome)
    assert set(got["service"]) == set(OPS)
    wrong = []
    for channel, outcome in got.items():
        for op, allowed in outcome.items():
            expected = TABLE[(role.value, op, position)]
            if channel == "ui":
                expected = expected and _on_the_officer_page(role, op)
            if allowed != expected:
                wrong.append(f"{role.value} × {op} × {position} via {channel}: table says "
                             f"{'allow' if expected else 'deny'}, code {'allows' if allowed else 'denies'}")
    assert not wrong, "\n".join(wrong)
