"""Oversight in the JSON API: figures, 766 scores, workforce balance and the briefing, for the
nation, a province and a commune, through the access policy — the matrix of roles × areas below
is tried on every endpoint, through a session and through an API token; every denial is
checked; a bad date, format or unit is a declared error in the one format."""

import io
import json

import openpyxl
import pytest
from tests.oversight.conftest import BA_DINH, HOAN_KIEM

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.access.tokens import issue_token

PLANS = [{"procedure": "1.004873", "commune": c, "channel": 2, "start_hours": h,
          "steps": [(0, 1, True, 5), (2, 1, True, 5), (3, 20, True, 4), (0, 2, True, 5)]}
         for c, h in [(BA_DINH, 5), (BA_DINH, 50), (HOAN_KIEM, 900)]]
Q = "date_from=2025-07-01&date_to=2025-09-30"
ENDPOINTS = ["figures", "scores", "workforce-balance", "briefing"]
AREAS = {"nation": "", "province 01": "province=01", "province 79": "province=79",
         "Ba Đình": f"commune={BA_DINH}", "Hoàn Kiếm": f"commune={HOAN_KIEM}"}
#: who (role, grant scope) → the areas they may read; every other area is a 403.
MATRIX = [
    ("national overseer", Role.NATIONAL_OVERSEER, {}, set(AREAS)),
    ("province overseer 01", Role.PROVINCE_OVERSEER, {"province": "01"}, {"province 01", "Ba Đình", "Hoàn Kiếm"}),
    ("province overseer 79", Role.PROVINCE_OVERSEER, {"province": "79"}, {"province 79"}),
    ("approver of Ba Đình", Role.APPROVER, {"commune": BA_DINH}, {"Ba Đình"}),
    ("specialist of Ba Đình", Role.SPECIALIST, {"commune": BA_DINH}, {"Ba Đình"}),
    ("applicant", Role.APPLICANT, {}, set()),
    ("HR officer 01", Role.HR_OFFICER, {"province": "01"}, set()),
    ("finance officer 01", Role.FINANCE_OFFICER, {"province": "01"}, set()),
]


@pytest.fixture
def loaded(workload):
    return workload(PLANS)


def _user(name, role, scope):
    user = create_user(username=f"oapi-{name.replace(' ', '-')}", password=None)
    grant_role(user=user, role=role, **scope)
    return user


@pytest.mark.parametrize(("name", "role", "scope", "allowed"), MATRIX, ids=[m[0] for m in MATRIX])
def test_matrix_roles_by_area_on_every_endpoint(loaded, client, name, role, scope, allowed):
    user = _user(name, role, scope)
    client.force_login(user)
    for endpoint in ENDPOINTS:
        for area, query in AREAS.items():
            r = client.get(f"/api/v1/oversight/{endpoint}?{query}&{Q}")
            expected = 200 if area in allowed else 403
            assert r.status_code == expected, (endpoint, area, r.status_code, r.content[:200])
            if expected == 403:
                body = r.json()
                assert body["code"] == "forbidden" and body["message"] and "fields" in body


def test_token_needs_the_scope(loaded, client):
    user = _user("tok", Role.NATIONAL_OVERSEER, {})
    raw = issue_token(user=user, name="t", scopes=["dossiers:read"])[1]
    r = client.get(f"/api/v1/oversight/figures?{Q}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert r.status_code == 403 and r.json()["code"] == "scope"
    raw = issue_token(user=user, name="t2", scopes=["oversight:read"])[1]
    assert client.get(f"/api/v1/oversight/figures?{Q}", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert client.get(f"/api/v1/oversight/figures?{Q}").status_code == 401


def test_figures_scores_and_briefing_for_a_commune(loaded, client):
    client.force_login(_user("po01", Role.PROVINCE_OVERSEER, {"province": "01"}))
    f = client.get(f"/api/v1/oversight/figures?commune={BA_DINH}&{Q}").json()
    assert f["area"] == {"level": "commune", "province": "01", "commune": BA_DINH} and f["totals"]["received"] == 2
    assert client.get(f"/api/v1/oversight/figures?province=01&{Q}").json()["totals"]["received"] == 3
    s = client.get(f"/api/v1/oversight/scores?province=01&{Q}").json()
    assert {u["unit"] for u in s["units"]} == {BA_DINH, HOAN_KIEM} and s["own"]["unit"] == "01"
    b = client.get(f"/api/v1/oversight/briefing?commune={BA_DINH}&{Q}&format=json")
    assert json.loads(b.content)["totals"]["received"] == 2
    x = client.get(f"/api/v1/oversight/briefing?commune={BA_DINH}&{Q}&format=xlsx")
    assert x["Content-Type"].startswith("application/vnd.openxml")
    assert openpyxl.load_workbook(io.BytesIO(x.content)).sheetnames[0] == "Tổng hợp"
    p = client.get(f"/api/v1/oversight/briefing?commune={BA_DINH}&{Q}&format=pdf")
    assert p.content.startswith(b"%PDF")
    w = client.get(f"/api/v1/oversight/workforce-balance?commune={BA_DINH}&day=2025-09-30").json()
    assert all(r["commune_code"] == BA_DINH for r in w["rows"])


@pytest.mark.parametrize(("query", "status", "field"), [
    ("date_from=2025-02-30", 422, "from"), ("date_to=30/09/2025", 422, "to"),
    ("date_from=2025-09-30&date_to=2025-07-01", 422, "from"), ("date_from=2020-01-01&date_to=2025-01-01", 422, "to"),
    ("province=99", 404, None), ("commune=99999", 404, None), (f"province=79&commune={BA_DINH}", 404, None),
])
def test_bad_input_is_a_declared_error(loaded, client, query, status, field):
    client.force_login(_user("nat", Role.NATIONAL_OVERSEER, {}))
    r = client.get(f"/api/v1/oversight/figures?{query}")
    assert r.status_code == status and r.json()["message"]
    if field:
        assert field in r.json()["fields"]
    r = client.get(f"/api/v1/oversight/briefing?format=docx&{Q}")
    assert r.status_code == 422 and "format" in r.json()["fields"]


def test_openapi_declares_the_errors():
    from localgov.api.api import api

    paths = api.get_openapi_schema()["paths"]
    for endpoint in ENDPOINTS:
        op = paths[f"/api/v1/oversight/{endpoint}"]["get"]
        assert {"401", "403", "404", "422"} <= {str(k) for k in op["responses"]}, endpoint
    responses = {str(k): v for k, v in paths["/api/v1/oversight/briefing"]["get"]["responses"].items()}
    assert "application/pdf" in responses["200"]["content"]
    for path in ("/api/v1/reconcile/report", "/api/v1/reconcile/imports", "/api/v1/centres",
                 "/api/v1/centres/{code}/changes"):
        assert path in paths
