"""The dossier API over HTTP: submit with base64 documents (201, the secret once), replay by
Idempotency-Key (200, same code), bad input → 422 with a message per field and nothing
written, stale version → 409, another commune's officer → 403, applicant read with code +
secret, and every 4xx the API can return is declared in /api/openapi.json."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, PDF, b64, centre_of, docs_for

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.access.tokens import issue_token
from localgov.dossiers.models import Dossier, DossierCounter, DossierDocument, DossierEvent

BASE = "/api/v1/dossiers"
PROC = "1.004873"


def _officer(commune: str, name: str) -> str:
    user = create_user(username=name, password=None)
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=commune, centre_id=centre_of(commune))
    grant_role(user=user, role=Role.SPECIALIST, commune=commune)
    grant_role(user=user, role=Role.APPROVER, commune=commune)
    _, raw = issue_token(user=user, name="test", scopes=["dossiers:read", "dossiers:write"])
    return raw


@pytest.fixture
def api(db, world):
    client = Client()

    def call(method: str, path: str, body: Any = None, *, token: str | None = None, **headers: str):
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        if token:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        if method == "GET":
            return client.get(path, **extra)
        data = body if isinstance(body, str) else json.dumps(body)
        return client.post(path, data=data, content_type="application/json", **extra)

    return call


def _payload(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "procedure_code": PROC, "channel": 2, "competent_commune_code": BA_DINH,
        "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678",
                      "address": "12 Phố Huế, Hà Nội"},
        "documents": [{"doc_code": u.doc_code, "name": u.name, "content_type": u.content_type,
                       "content_base64": b64(u.content)} for u in docs_for(PROC)],
    }
    applicant = over.pop("applicant", None)
    if applicant:
        body["applicant"] = {**body["applicant"], **applicant}
    body.update(over)
    return body


def _written() -> tuple[int, int, int, int]:
    return (Dossier.objects.count(), DossierDocument.objects.count(), DossierEvent.objects.count(),
            sum(DossierCounter.objects.values_list("value", flat=True)))


def test_submit_returns_the_secret_once_and_replays_by_key(api):
    first = api("POST", f"{BASE}/", _payload(), **{"Idempotency-Key": "portal-42"})
    assert first.status_code == 201, first.content
    body = first.json()
    code, secret = body["dossier"]["code"], body["secret"]
    assert secret and len(secret) == 10 and body["replayed"] is False
    assert body["dossier"]["state"] == 1 and body["dossier"]["procedure_code"] == PROC
    d = Dossier.objects.get(code=code)
    assert d.documents.count() == len(docs_for(PROC))
    assert {doc.sha256 for doc in d.documents.all()} and all(doc.size == len(PDF) for doc in d.documents.all())

    again = api("POST", f"{BASE}/", _payload(), **{"Idempotency-Key": "portal-42"})
    assert again.status_code == 200
    assert again.json()["dossier"]["code"] == code and again.json()["secret"] is None
    assert again.json()["replayed"] is True
    assert Dossier.objects.filter(idempotency_key="portal-42").count() == 1

    other = api("POST", f"{BASE}/", _payload(applicant={"name": "Trần Thị Bình"}), **{"Idempotency-Key": "portal-42"})
    assert other.status_code == 409 and other.json()["code"] == "idempotency_mismatch"


def test_applicant_reads_with_code_and_secret(api):
    body = api("POST", f"{BASE}/", _payload()).json()
    code, secret = body["dossier"]["code"], body["secret"]
    got = api("GET", f"{BASE}/{code}", **{"X-Dossier-Secret": secret})
    assert got.status_code == 200
    assert got.json()["code"] == code and got.json()["applicant"]["id_number"] == "001090012345"
    assert "secret" not in got.json()
    events = api("GET", f"{BASE}/{code}/events", **{"X-Dossier-Secret": secret})
    assert events.status_code == 200 and [e["action"] for e in events.json()] == ["submit"]
    wrong = api("GET", f"{BASE}/{code}", **{"X-Dossier-Secret": "WRONGWRONG"})
    assert wrong.status_code == 404 and wrong.json()["code"] == "not_found_or_wrong_secret"
    nobody = api("GET", f"{BASE}/{code}")
    assert nobody.status_code == 403


BAD_SUBMISSIONS = [
    ("id_not_12_digits", {"applicant": {"id_number": "12345"}}, "applicant.id_number"),
    ("id_bad_province", {"applicant": {"id_number": "999090012345"}}, "applicant.id_number"),
    ("id_bad_century_digit", {"applicant": {"id_number": "001990012345"}}, "applicant.id_number"),
    ("unknown_procedure", {"procedure_code": "9.999999"}, "procedure_code"),
    ("missing_required_documents", {"documents": []}, "documents"),
    ("disallowed_type", {"documents": [{"doc_code": "d1", "name": "x.exe", "content_type": "application/x-msdownload",
                                       "content_base64": b64(b"MZ\x90\x00")}]}, "documents.0"),
    ("content_not_matching_type", {"documents": [{"doc_code": "d1", "name": "x.pdf", "content_type": "application/pdf",
                                                  "content_base64": b64(b"GIF89a")}]}, "documents.0"),
    ("not_base64", {"documents": [{"doc_code": "d1", "name": "x.pdf", "content_type": "application/pdf",
                                   "content_base64": "%%%not base64%%%"}]}, "documents.0"),
    ("markup_in_name", {"applicant": {"name": "<b>An</b>"}}, "applicant.name"),
    ("markup_in_address", {"applicant": {"address": "<script>alert(1)</script>"}}, "applicant.address"),
    ("bad_channel", {"channel": 7}, "channel"),
    ("unknown_commune", {"competent_commune_code": "99999"}, "competent_commune_code"),
]


@pytest.mark.parametrize(("over", "field"), [c[1:] for c in BAD_SUBMISSIONS], ids=[c[0] for c in BAD_SUBMISSIONS])
def test_bad_submission_422_per_field_nothing_written(api, over, field):
    before = _written()
    res = api("POST", f"{BASE}/", _payload(**json.loads(json.dumps(over))))
    assert res.status_code == 422, res.content
    body = res.json()
    assert body["code"] == "validation_failed" and body["message"]
    assert field in body["fields"] and all(isinstance(m, str) and m for m in body["fields"][field])
    assert _written() == before


def test_file_too_large_422(api, settings):
    settings.LOCALGOV_MAX_UPLOAD_BYTES = 1000
    payload = _payload()
    payload["documents"][0]["content_base64"] = b64(b"%PDF-" + b"0" * 4000)
    before = _written()
    res = api("POST", f"{BASE}/", payload)
    assert res.status_code == 422 and "documents.0" in res.json()["fields"]
    assert "quá lớn" in res.json()["fields"]["documents.0"][0]
    assert _written() == before


def test_malformed_json_is_a_declared_4xx(api):
    res = api("POST", f"{BASE}/", "{not json")
    assert res.status_code in (400, 422)


def _submitted(api, token: str) -> tuple[str, int]:
    body = api("POST", f"{BASE}/", _payload(), token=token).json()
    return body["dossier"]["code"], body["dossier"]["version"]


def test_stale_version_409_and_nothing_written(api):
    token = _officer(BA_DINH, "ba-dinh-officer")
    code, version = _submitted(api, token)
    ok = api("POST", f"{BASE}/{code}/actions/accept", {"version": version}, token=token)
    assert ok.status_code == 200 and ok.json()["version"] == version + 1 and ok.json()["state"] == 2
    events = DossierEvent.objects.filter(dossier__code=code).count()
    stale = api("POST", f"{BASE}/{code}/actions/assign", {"version": version}, token=token)
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert "version" in stale.json()["fields"]
    assert DossierEvent.objects.filter(dossier__code=code).count() == events


def test_illegal_transition_409(api):
    token = _officer(BA_DINH, "ba-dinh-officer")
    code, version = _submitted(api, token)
    res = api("POST", f"{BASE}/{code}/actions/decide", {"version": version, "result_summary": "x"}, token=token)
    assert res.status_code == 409 and res.json()["code"] == "illegal_transition"


def test_officer_of_another_commune_403(api):
    ours = _officer(BA_DINH, "ba-dinh-officer")
    theirs = _officer(HOAN_KIEM, "hoan-kiem-officer")
    code, version = _submitted(api, ours)
    assert api("GET", f"{BASE}/{code}", token=theirs).status_code == 403
    res = api("POST", f"{BASE}/{code}/actions/accept", {"version": version}, token=theirs)
    assert res.status_code == 403 and res.json()["code"] == "forbidden"
    assert Dossier.objects.get(code=code).state == 1
    listed = api("GET", f"{BASE}/", token=theirs).json()
    assert code not in [d["code"] for d in listed["items"]]
    assert code in [d["code"] for d in api("GET", f"{BASE}/", token=ours).json()["items"]]


def test_bad_token_401(api):
    assert api("GET", f"{BASE}/", token="lg_not-a-token").status_code == 401


@pytest.mark.parametrize("new_due", ["31/12/2025", "2025-13-45T10:00:00", "ngày mai", None])
def test_malformed_dates_for_extend_422(api, new_due):
    token = _officer(BA_DINH, "ba-dinh-officer")
    code, version = _submitted(api, token)
    version = api("POST", f"{BASE}/{code}/actions/accept", {"version": version}, token=token).json()["version"]
    events = DossierEvent.objects.filter(dossier__code=code).count()
    body = {"version": version, "reason": "Cần xác minh thêm"}
    if new_due is not None:
        body["new_due"] = new_due
    res = api("POST", f"{BASE}/{code}/actions/extend", body, token=token)
    assert res.status_code == 422, res.content
    assert "new_due" in res.json()["fields"]
    assert DossierEvent.objects.filter(dossier__code=code).count() == events


def test_markup_in_a_reason_422(api):
    token = _officer(BA_DINH, "ba-dinh-officer")
    code, version = _submitted(api, token)
    res = api("POST", f"{BASE}/{code}/actions/refuse", {"version": version, "reason": "<img src=x onerror=1>"},
              token=token)
    assert res.status_code == 422 and "reason" in res.json()["fields"]
    assert Dossier.objects.get(code=code).state == 1


def _all_statuses() -> set[int]:
    from localgov.core.errors import DomainError
    from localgov.dossiers import api_auth  # noqa: F401  (defines Unauthenticated)

    found: set[int] = set()
    stack = [DomainError]
    while stack:
        cls = stack.pop()
        found.add(cls.http_status)
        stack.extend(cls.__subclasses__())
    return found | {422}  # request validation (ninja) is mapped to 422


def test_every_4xx_is_declared_in_openapi(client, db):
    schema = client.get("/api/openapi.json").json()
    statuses = {s for s in _all_statuses() if 400 <= s < 500}
    assert {401, 403, 404, 409, 422, 429} <= statuses
    operations = [(path, method, op) for path, ops in schema["paths"].items() if path.startswith(BASE)
                  for method, op in ops.items()]
    assert len(operations) >= 5
    for path, method, op in operations:
        declared = {int(k) for k in op["responses"] if k.isdigit()}
        missing = statuses - declared
        assert not missing, f"{method.upper()} {path} does not declare {sorted(missing)}"
        for status in statuses:
            ref = json.dumps(op["responses"][str(status)])
            assert "ErrorOut" in ref, (path, status)
