"""The pages under /theo-doi/: summary, lists with htmx filters, create/edit forms with errors
next to the fields, a record's page with its history and actions, XLSX export, template and
import (a bad row named with its line, nothing written) — and the denials."""

from __future__ import annotations

import io

from django.test import Client
from openpyxl import Workbook, load_workbook
from tests.followup.conftest import doc_data, problem_data

from localgov.followup import services
from localgov.followup.models import GuidanceDoc, Premise, Problem


def _ui(people, who: str) -> Client:
    c = Client()
    c.force_login(people.users[who])
    return c


def test_create_edit_and_act_through_the_pages(people):
    btc, badinh, saigon = _ui(people, "btc"), _ui(people, "badinh"), _ui(people, "saigon")
    page = btc.get("/theo-doi/")
    assert page.status_code == 200 and "Văn bản hướng dẫn" in page.content.decode()
    bad = btc.post("/theo-doi/van-ban/moi/", {**doc_data(), "due_date": "", "ministry": "BXX"})
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "Bắt buộc." in html and "Không có bộ, ngành này" in html and GuidanceDoc.objects.count() == 0
    ok = btc.post("/theo-doi/van-ban/moi/", doc_data())
    assert ok.status_code == 302
    doc = GuidanceDoc.objects.get()
    edit = btc.post(f"/theo-doi/van-ban/{doc.pk}/",
                    {"thao_tac": "sua", "status": "drafting", "late_cause": "Chờ ý kiến"})
    assert edit.status_code == 302
    detail = btc.get(f"/theo-doi/van-ban/{doc.pk}/").content.decode()
    assert "Lịch sử" in detail and "Chờ ý kiến" in detail
    # another ministry: the page shows, the change is refused
    assert _ui(people, "bgd").post(f"/theo-doi/van-ban/{doc.pk}/", {"thao_tac": "sua", "status": "consulting"}
                                   ).status_code == 403
    assert GuidanceDoc.objects.get(pk=doc.pk).status == "drafting"
    res = badinh.post("/theo-doi/kien-nghi/moi/", problem_data(waiting_for=str(doc.pk)))
    assert res.status_code == 302
    p = Problem.objects.get()
    assert saigon.get(f"/theo-doi/kien-nghi/{p.pk}/").status_code == 404
    assert btc.post(f"/theo-doi/kien-nghi/{p.pk}/", {"thao_tac": "answer", "answer": ""}).status_code == 422
    assert btc.post(f"/theo-doi/kien-nghi/{p.pk}/", {"thao_tac": "answer", "answer": "Đã hướng dẫn"}).status_code == 302
    assert Problem.objects.get().status == "answered"
    rows = badinh.get("/theo-doi/kien-nghi/", {"linh_vuc": "finance_accounting"}, HTTP_HX_REQUEST="true")
    assert rows.status_code == 200 and "<table>" in rows.content.decode() and "<html" not in rows.content.decode()
    assert p.title in rows.content.decode()
    assert p.title not in saigon.get("/theo-doi/kien-nghi/").content.decode()


def test_people_without_a_follow_up_role_are_refused():
    from localgov.access.roles import Role
    from localgov.access.services import create_user, grant_role

    user = create_user(username="fu-hr", password=None)
    grant_role(user=user, role=Role.HR_OFFICER, province="01")
    c = Client()
    c.force_login(user)
    assert c.get("/theo-doi/").status_code == 403
    assert c.get("/theo-doi/van-ban/xuat.xlsx").status_code == 403


def test_xlsx_template_export_and_import_all_or_nothing(people):
    ui = _ui(people, "badinh")
    template = load_workbook(io.BytesIO(ui.get("/theo-doi/tru-so/mau.xlsx").content))
    header = [c.value for c in template.active[1]]
    assert header[0] == "Mã" and "Tên cơ sở (*)" in header
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    good = [None, "Trụ sở xã cũ", "UBND xã cũ", "Thôn 1", "01", "00004", 500, 300, "Trụ sở", "Bỏ trống",
            None, None, None, None, None, None, None]
    ws.append(good)
    ws.append([None, "Nhà văn hóa cũ", "UBND xã cũ", "Thôn 2", "79", "26740", -3, 0, "Nhà văn hóa", "", None, None,
               None, None, None, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    buf.name = "tru-so.xlsx"
    buf.seek(0)
    res = ui.post("/theo-doi/tru-so/nhap/", {"file": buf})
    assert res.status_code == 422
    html = res.content.decode()
    assert "Dòng 3" in html and "Diện tích đất" in html and "chưa ghi dòng nào" in html
    assert Premise.objects.count() == 0
    wb2 = Workbook()
    wb2.active.append(header)
    wb2.active.append(good)
    buf2 = io.BytesIO()
    wb2.save(buf2)
    buf2.name = "tru-so.xlsx"
    buf2.seek(0)
    assert ui.post("/theo-doi/tru-so/nhap/", {"file": buf2}).status_code == 200
    assert Premise.objects.count() == 1
    exported = load_workbook(io.BytesIO(ui.get("/theo-doi/tru-so/xuat.xlsx").content)).active
    assert exported.cell(2, 2).value == "Trụ sở xã cũ"
    services.ensure_ministries()
