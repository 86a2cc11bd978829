"""The pages: a citizen files a complaint on the portal (Vietnamese errors next to the fields),
the unit's officer answers and publishes it from the complaint queue, the citizen rates it; the
published answer shows no personal data; the officer's dossier page records trips; the
dashboards show the figures with links to the lists; the tracking page says what the office
waits for."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.dossiers.conftest import BA_DINH, HOAN_KIEM, centre_of

from localgov.access.roles import Role
from localgov.feedback.models import Complaint, Trip


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    from django.core.cache import cache

    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def test_citizen_files_officer_answers_citizen_rates(file_online, unit, db):
    dossier = file_online(commune=BA_DINH).dossier
    citizen = Client()
    bad = citizen.post("/phan-anh/gui/", {"kind": "dossier", "title": "", "content": "x", "name": "A",
                                         "dossier_code": dossier.code})
    assert bad.status_code == 422 and "Nhập tiêu đề" in bad.content.decode()
    r = citizen.post("/phan-anh/gui/", {"kind": "dossier", "title": "Hồ sơ chậm", "name": "Đỗ Thị Hoa",
                                       "phone": "0987654321", "content": "Đã quá hẹn mà chưa có kết quả.",
                                       "dossier_code": dossier.code})
    assert r.status_code == 302
    c = Complaint.objects.get()
    page = citizen.get(r["Location"]).content.decode()
    assert c.code in page and 'id="secret"' in page
    staff = unit(BA_DINH)
    spec, _ = staff["specialist"]
    queue = spec.get("/can-bo/phan-anh/").content.decode()
    assert c.code in queue
    other, _ = unit(HOAN_KIEM)["specialist"]
    assert other.get(f"/can-bo/phan-anh/{c.code}/").status_code == 404
    assert c.code not in other.get("/can-bo/phan-anh/").content.decode()
    assert spec.post(f"/can-bo/phan-anh/{c.code}/xu-ly/", {"action": "answer", "text": ""}).status_code == 422
    r = spec.post(f"/can-bo/phan-anh/{c.code}/xu-ly/", {"action": "answer", "text": "Hồ sơ đã có kết quả."})
    assert r.status_code == 302
    approver, _ = staff["approver"]
    approver.post(f"/can-bo/phan-anh/{c.code}/xu-ly/", {"action": "publish", "text": "Hỏi về tiến độ hồ sơ."})
    public = Client().get(f"/phan-anh/{c.code}/").content.decode()
    assert "Hồ sơ đã có kết quả." in public and "Đỗ Thị Hoa" not in public and "0987654321" not in public
    assert c.code in Client().get("/phan-anh/").content.decode()
    citizen.post(f"/phan-anh/{c.code}/", {"action": "satisfied"})
    c.refresh_from_db()
    assert (c.status, c.rating) == ("closed", "satisfied")


def test_counter_takes_a_complaint_and_records_trips(file_online, unit, db):
    dossier = file_online(commune=BA_DINH).dossier
    counter, _ = unit(BA_DINH)["counter"]
    r = counter.post("/can-bo/phan-anh/tiep-nhan/", {"kind": "conduct", "title": "Thái độ", "name": "Vũ F",
                                                    "content": "Cán bộ không hướng dẫn đầy đủ."})
    assert r.status_code == 302
    assert Complaint.objects.get().centre_id == centre_of(BA_DINH)
    page = counter.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Ghi nhận lượt đến" in page
    counter.post(f"/can-bo/ho-so/{dossier.code}/luot-den/", {"purpose": "ask"})
    counter.post(f"/can-bo/ho-so/{dossier.code}/luot-den/", {"purpose": "supplement"})
    assert Trip.objects.filter(dossier=dossier).count() == 2
    assert counter.post(f"/can-bo/ho-so/{dossier.code}/luot-den/", {"purpose": "x"}).status_code == 422
    spec, _ = unit(BA_DINH)["specialist"]
    assert spec.post(f"/can-bo/ho-so/{dossier.code}/luot-den/", {"purpose": "ask"}).status_code == 403
    page = counter.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert re.search(r'id="trip-count">2<', page)


def test_dashboard_and_lists(file_online, officer, unit, db):
    dossier = file_online(commune=BA_DINH).dossier
    counter, _ = unit(BA_DINH)["counter"]
    counter.post(f"/can-bo/ho-so/{dossier.code}/luot-den/", {"purpose": "ask"})
    counter.post(f"/can-bo/ho-so/{dossier.code}/luot-den/", {"purpose": "supplement"})
    overseer, _ = officer(Role.NATIONAL_OVERSEER)
    page = overseer.get("/giam-sat/?period=custom&from=2025-08-01&to=2025-08-31").content.decode()
    assert 'id="multi-trips">1<' in page
    trips = overseer.get("/giam-sat/di-lai/?from=2025-08-01&to=2025-08-31").content.decode()
    assert dossier.code in trips
    assert overseer.get("/giam-sat/phan-anh/?measure=late").status_code == 200
    assert overseer.get("/giam-sat/tre-han-chua-xin-loi/").status_code == 200
    spec, _ = unit(BA_DINH)["specialist"]
    assert spec.get("/giam-sat/di-lai/").status_code == 403


def test_tracking_page_says_who_the_office_waits_for(file_online, db):
    sub = file_online(commune=BA_DINH)
    client = Client()
    client.post("/tra-cuu/", {"ma": sub.dossier.code, "secret": sub.secret})
    page = client.get(f"/ho-so/{sub.dossier.code}/").content.decode()
    assert 'id="waiting"' in page and "Tiếp nhận, kiểm tra hồ sơ" in page
