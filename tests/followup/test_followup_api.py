"""The follow-up API: create, change, read, list with filters, history, the problems' actions,
progress reports, XLSX import/export in base64 — through real tokens and the one error format."""

from __future__ import annotations

import base64
import io

from django.test import Client
from openpyxl import load_workbook
from tests.followup.conftest import commitment_data, doc_data, premise_data, problem_data

from localgov.access.tokens import issue_token
from localgov.followup.models import GuidanceDoc, Problem

API = "/api/v1/followup"


def _client(people, who: str, scopes=("followup:read", "followup:write")) -> Client:
    _, raw = issue_token(user=people.users[who], name="t", scopes=list(scopes))
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_documents_through_the_api(people):
    btc, bgd = _client(people, "btc"), _client(people, "bgd")
    res = btc.post(f"{API}/documents", doc_data(), content_type="application/json")
    assert res.status_code == 201, res.content
    doc = res.json()
    assert doc["ministry"] == "BTC" and doc["status"] == "not_started"
    bad = btc.post(f"{API}/documents", doc_data(due_date="2025-13-40", ministry="XYZ"), content_type="application/json")
    assert bad.status_code == 422
    assert set(bad.json()["fields"]) == {"due_date", "ministry"} and bad.json()["code"] == "validation_failed"
    denied = bgd.patch(f"{API}/documents/{doc['id']}", {"status": "drafting"}, content_type="application/json")
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    ok = btc.patch(f"{API}/documents/{doc['id']}", {"status": "drafting"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "drafting"
    hist = btc.get(f"{API}/documents/{doc['id']}/history").json()
    assert [h["action"] for h in hist] == ["create", "status"]
    listed = bgd.get(f"{API}/documents", {"unit": "BTC", "as_of": "2025-12-01", "overdue": "true"}).json()
    assert [d["id"] for d in listed] == [doc["id"]] and listed[0]["task_class"] == "overdue"
    assert bgd.get(f"{API}/documents", {"as_of": "2025-08-01", "overdue": "true"}).json() == []
    read_only = _client(people, "btc", scopes=("followup:read",))
    assert read_only.patch(f"{API}/documents/{doc['id']}", {"late_cause": "x"},
                           content_type="application/json").status_code == 403
    assert Client().get(f"{API}/documents").status_code == 401


def test_problems_commitments_premises_through_the_api(people):
    badinh, btc, gov, saigon = (_client(people, w) for w in ("badinh", "btc", "gov", "saigon"))
    p = badinh.post(f"{API}/problems", problem_data(), content_type="application/json").json()
    assert saigon.get(f"{API}/problems/{p['id']}").status_code == 404  # not theirs: not even seen
    assert saigon.get(f"{API}/problems").json() == []
    res = btc.post(f"{API}/problems/{p['id']}/actions", {"action": "answer", "answer": "Đã có hướng dẫn."},
                   content_type="application/json")
    assert res.status_code == 200 and res.json()["status"] == "answered"
    assert badinh.post(f"{API}/problems/{p['id']}/actions", {"action": "fly"},
                       content_type="application/json").status_code == 422
    c = gov.post(f"{API}/commitments", commitment_data(responsible_agency="BTC"), content_type="application/json")
    assert c.status_code == 201
    rep = btc.post(f"{API}/commitments/{c.json()['id']}/reports", {"percent": 100, "done_on": "2025-10-14"},
                   content_type="application/json")
    assert rep.json()["task_class"] == "done_on_time"
    assert btc.post(f"{API}/commitments", commitment_data(), content_type="application/json").status_code == 403
    pr = badinh.post(f"{API}/premises", premise_data(), content_type="application/json")
    assert pr.status_code == 201 and pr.json()["land_area_m2"] == 850.5
    s = gov.get(f"{API}/summary", {"as_of": "2025-12-01"}).json()
    assert s["problems_total"] == 1 and s["problems_answered"] == 1 and s["premises_idle"] == 1


def test_xlsx_export_then_import_through_the_api(people):
    btc = _client(people, "btc")
    btc.post(f"{API}/documents", doc_data(), content_type="application/json")
    out = btc.get(f"{API}/documents/export")
    assert out.status_code == 200, out.content
    out = out.json()
    wb = load_workbook(io.BytesIO(base64.b64decode(out["xlsx_base64"])))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][0] == "Mã" and rows[1][3] == "BTC"
    # re-import as a new record: clear the id; a second row with a bad date → nothing written
    header = rows[0]
    from openpyxl import Workbook

    new = Workbook()
    ws = new.active
    ws.append(header)
    ws.append((None, *rows[1][1:]))
    ws.append((None, *rows[1][1:8], "ngày mai", *rows[1][9:]))
    buf = io.BytesIO()
    new.save(buf)
    before = GuidanceDoc.objects.count()
    res = btc.post(f"{API}/documents/import", {"xlsx_base64": base64.b64encode(buf.getvalue()).decode()},
                   content_type="application/json")
    assert res.status_code == 422
    assert list(res.json()["fields"]) == ["Dòng 3"] and "Hạn theo căn cứ" in res.json()["fields"]["Dòng 3"][0]
    assert GuidanceDoc.objects.count() == before
    assert Problem.objects.count() == 0
    bad = btc.post(f"{API}/documents/import", {"xlsx_base64": "!!"}, content_type="application/json")
    assert bad.status_code == 422
