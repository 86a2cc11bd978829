"""The complaint API: a citizen files one (no account), an officer of the unit answers and
publishes it through a Bearer token, the citizen rates it with the secret; errors in the
project's format ({"code", "message", "fields"}); the indicators from the same records."""

from __future__ import annotations

from django.test import Client
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.access.tokens import issue_token

API = "/api/v1/complaints"


def bearer(role, commune, scopes=("dossiers:read", "dossiers:write", "oversight:read")):
    user = create_user(username=f"api-{role.value}-{commune}", password=None)
    grant_role(user=user, role=role, commune=commune)
    token = issue_token(user=user, name="t", scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {token[1] if isinstance(token, tuple) else token}"}


def test_file_answer_publish_rate_through_the_api(file_online, db):
    dossier = file_online(commune=BA_DINH).dossier
    client = Client()
    r = client.post(API + "/", {"kind": "dossier", "title": "Chậm", "content": "Hồ sơ quá hẹn chưa có kết quả.",
                                "name": "Ngô E", "dossier_code": dossier.code}, content_type="application/json")
    assert r.status_code == 201, r.content
    code, secret = r.json()["code"], r.json()["secret"]
    bad = client.post(API + "/", {"kind": "dossier", "title": "x", "content": "ngắn", "name": "A",
                                  "dossier_code": "KHONG"}, content_type="application/json")
    assert bad.status_code == 422 and set(bad.json()) == {"code", "message", "fields"}
    other = bearer(Role.SPECIALIST, HOAN_KIEM)
    denied = client.post(f"{API}/{code}/actions/answer", {"text": "Đã xử lý xong."},
                         content_type="application/json", **other)
    assert denied.status_code == 403 and denied.json()["code"]
    assert client.get(f"{API}/{code}", **other).status_code == 404
    approver = bearer(Role.APPROVER, BA_DINH)
    assert client.get(API + "/?queue=open", **approver).json()["total"] == 1
    r = client.post(f"{API}/{code}/actions/answer", {"text": "Đã xử lý xong."}, content_type="application/json",
                    **approver)
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = client.post(f"{API}/{code}/actions/publish", {"text": "Hỏi về tiến độ."}, content_type="application/json",
                    **approver)
    assert r.status_code == 200
    pub = client.get(API + "/published").json()
    assert [p["code"] for p in pub] == [code] and "Ngô" not in str(pub)
    assert client.post(f"{API}/{code}/actions/satisfied", {"secret": "sai"},
                       content_type="application/json").status_code == 403
    r = client.post(f"{API}/{code}/actions/satisfied", {"secret": secret}, content_type="application/json")
    assert r.status_code == 200 and r.json()["rating"] == "satisfied"
    ind = client.get(API + "/indicators", **approver).json()
    assert ind["total"] == 1 and ind["dossiers_with_complaints"] == 1
    assert client.post(f"{API}/{code}/actions/fly", {}, content_type="application/json").status_code == 422
