"""The /nhan-su/ pages: balance with summaries, plan with approval (HR officer only), capacity."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from localgov.access.roles import Role
from localgov.workforce import selectors
from localgov.workforce.models import PlanStatus, RebalancePlan


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_anonymous_is_sent_to_login(units) -> None:
    r = Client().get("/nhan-su/")
    assert r.status_code == 302 and "dang-nhap" in r["Location"]


def test_national_and_province_balance(demo_ha_tinh, person) -> None:
    user, _ = person(Role.NATIONAL_OVERSEER)
    page = client_for(user).get("/nhan-su/")
    html = page.content.decode()
    assert page.status_code == 200 and "xã thiếu công chức" in html and "Tỉnh Hà Tĩnh" in html
    prov = client_for(user).get("/nhan-su/tinh/42/")
    assert prov.status_code == 200 and "Cân đối nhân sự — Tỉnh Hà Tĩnh" in prov.content.decode()
    assert "Lập phương án" not in prov.content.decode()  # an overseer does not plan
    commune = selectors.units_index().facts
    code = next(f.code for f in commune if f.province_code == "42")
    page = client_for(user).get(f"/nhan-su/xa/{code}/")
    assert page.status_code == 200 and "Năng lực: tỷ lệ chưa đạt" in page.content.decode()
    cap = client_for(user).get("/nhan-su/nang-luc/?tinh=42")
    assert cap.status_code == 200 and "Kỹ năng số" in cap.content.decode()
    csv = client_for(user).get("/nhan-su/nang-luc/?tinh=42&tai=csv")
    assert csv.status_code == 200 and csv.content.decode().startswith("Mã cán bộ")


def test_other_province_is_denied(demo_ha_tinh, person) -> None:
    user, _ = person(Role.HR_OFFICER, province="20")
    assert client_for(user).get("/nhan-su/tinh/42/").status_code == 403
    assert client_for(user).get("/nhan-su/").status_code == 302  # to their own province
    user2, _ = person(Role.SPECIALIST, commune="00004")
    assert client_for(user2).get("/nhan-su/").status_code == 403


def test_plan_created_and_approved_by_hr_only(demo_ha_tinh, person) -> None:
    hr_user, _ = person(Role.HR_OFFICER, province="42")
    hr = client_for(hr_user)
    page = hr.get("/nhan-su/tinh/42/")
    assert "Lập phương án" in page.content.decode()
    r = hr.post("/nhan-su/tinh/42/lap-phuong-an/")
    plan = RebalancePlan.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/nhan-su/phuong-an/{plan.pk}/"
    assert "Phê duyệt" in hr.get(r["Location"]).content.decode()
    xlsx = hr.get(f"/nhan-su/phuong-an/{plan.pk}/?xlsx=1")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    overseer_user, _ = person(Role.PROVINCE_OVERSEER, province="42")
    overseer = client_for(overseer_user)
    view = overseer.get(f"/nhan-su/phuong-an/{plan.pk}/")
    assert view.status_code == 200 and 'value="approve"' not in view.content.decode()
    effective = (plan.as_of + timedelta(days=1)).isoformat()
    denied = overseer.post(f"/nhan-su/phuong-an/{plan.pk}/quyet-dinh/", {"decision": "approve",
                                                                          "effective_on": effective})
    assert denied.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT

    ok = hr.post(f"/nhan-su/phuong-an/{plan.pk}/quyet-dinh/", {"decision": "approve", "effective_on": effective})
    assert ok.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decided_by == hr_user


def test_downloads_and_import_page(demo_ha_tinh, person) -> None:
    user, _ = person(Role.HR_OFFICER, province="42")
    c = client_for(user)
    assert c.get("/nhan-su/mau-danh-sach-can-bo.xlsx").content[:2] == b"PK"
    assert c.get("/nhan-su/danh-sach.xlsx?tinh=42").content[:2] == b"PK"
    assert c.get("/nhan-su/nhap/").status_code == 200
    bad = c.post("/nhan-su/nhap/", {"file": _upload(b"not xlsx")})
    assert bad.status_code == 422 and "lỗi — chưa nhập dòng nào" in bad.content.decode()


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("ds.xlsx", content)
