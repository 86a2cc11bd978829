"""Progress, province and case pages and the PDF statement, through the access policy."""

from datetime import date

import pytest
from payouts_helpers import record

from localgov.access.policy import SYSTEM
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.payouts import services

pytestmark = [pytest.mark.django_db, pytest.mark.urls("payouts_urls")]


@pytest.fixture
def world(provinces):
    a = services.create_case(actor=SYSTEM, data=record(official_ref="A1"))
    services.approve(actor=SYSTEM, case_id=a.pk, funding_source="local")
    services.record_payment(actor=SYSTEM, case_id=a.pk, amount_vnd=a.total_vnd, paid_on=date(2025, 7, 1))
    b = services.create_case(actor=SYSTEM, data=record(official_ref="B1", province_code="79",
                                                      agency_name="UBND phường Bến Thành"))
    services.approve(actor=SYSTEM, case_id=b.pk, funding_source="local")
    return a, b


def login(client, role, province):
    user = create_user(username=f"{role}-{province}", password="Mk-demo-2025!x")
    grant_role(user=user, role=role, province=province, starts_on=date(2025, 1, 1))
    client.force_login(user)


def test_progress_page_by_province(client, world):
    login(client, Role.PROVINCE_OVERSEER, "79")
    page = client.get("/chinh-sach-178/?ngay=2025-10-20").content.decode()
    assert "Thành phố Hồ Chí Minh" in page and "Thành phố Hà Nội" not in page
    assert "<strong>1</strong> người có quyết định" in page and "quá hạn" in page


def test_national_view_shows_paid_and_unpaid(client, world):
    user = create_user(username="tw", password="Mk-demo-2025!x")
    grant_role(user=user, role=Role.NATIONAL_OVERSEER, starts_on=date(2025, 1, 1))
    client.force_login(user)
    page = client.get("/chinh-sach-178/?ngay=2025-10-01").content.decode()
    assert "Thành phố Hà Nội" in page and "Thành phố Hồ Chí Minh" in page
    assert "đã chi trả đủ <strong>1</strong>" in page and "chưa chi trả <strong>1</strong>" in page


def test_case_page_and_statement(client, world):
    a, b = world
    login(client, Role.FINANCE_OFFICER, "01")
    page = client.get(f"/chinh-sach-178/ho-so/{a.pk}/").content.decode()
    assert "786.854.250" in page and "Trợ cấp tìm việc làm" in page
    pdf = client.get(f"/chinh-sach-178/ho-so/{a.pk}/thong-bao.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert client.get(f"/chinh-sach-178/ho-so/{b.pk}/").status_code == 404  # another province
    assert client.get("/chinh-sach-178/tinh/79/").status_code == 403
    assert client.get("/chinh-sach-178/tinh/01/").status_code == 200


def test_denied_and_anonymous(client, world):
    assert client.get("/chinh-sach-178/").status_code == 302
    user = create_user(username="cz", password="Mk-demo-2025!x")
    client.force_login(user)
    assert client.get("/chinh-sach-178/").status_code == 403
