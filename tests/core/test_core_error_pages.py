"""Error pages (400, 403, 404, 500, CSRF failure): in Vietnamese, in the site's layout
(base.html: its header and footer), with the reason and a way back — never Django's English
defaults."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from localgov.access.services import create_user
from localgov.core.errors import PermissionDenied as DomainDenied

PASSWORD = "Mat-khau-thu-nghiem-2025"
LAYOUT = ("localgov — Chính quyền địa phương hai cấp", "<footer>")
ENGLISH = ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed",
           "The requested resource", "Request aborted")


def check_page(response, status: int, title: str, reason: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html and reason in html
    assert all(part in html for part in LAYOUT), "the page is in the site's layout"
    assert '<a href="/">Về trang chủ</a>' in html
    assert not any(word in html for word in ENGLISH), html
    return html


def test_the_project_wires_its_own_handlers():
    from django.urls import get_resolver

    from localgov.core import views

    resolver = get_resolver()
    assert resolver.resolve_error_handler(400) is views.bad_request
    assert resolver.resolve_error_handler(403) is views.permission_denied
    assert resolver.resolve_error_handler(404) is views.page_not_found
    assert resolver.resolve_error_handler(500) is views.server_error


def test_404_with_and_without_a_reason(db):
    html = check_page(Client().get("/khong-co-trang-nay/"), 404, "Không tìm thấy",
                      "Không tìm thấy trang bạn yêu cầu.")
    assert 'href="/dang-nhap/"' in html  # a way in for someone who is not signed in
    check_page(Client().get("/tinh/99/"), 404, "Không tìm thấy", "Không có tỉnh, thành phố này.")


def test_403_shows_the_reason_of_the_denial_and_a_way_back(db):
    create_user(username="nguoi-dan", password=PASSWORD)
    client = Client()
    assert client.login(username="nguoi-dan", password=PASSWORD)
    html = check_page(client.get("/giam-sat/"), 403, "Không có quyền truy cập",
                      "Trang giám sát dành cho cán bộ giám sát cấp tỉnh và toàn quốc.")
    assert '<a href="/ho-so-cua-toi/">Về trang làm việc của tôi</a>' in html
    assert 'action="/dang-xuat/"' in html  # signed in: the sign-out button is there too


def test_a_domain_error_escaping_a_page_is_its_own_status_and_message(db):
    from django.contrib.auth.models import AnonymousUser

    from localgov.core.middleware import DomainErrorPageMiddleware

    request = RequestFactory().get("/nhan-su/phuong-an/1/")
    request.user = AnonymousUser()
    middleware = DomainErrorPageMiddleware(lambda r: None)
    response = middleware.process_exception(request, DomainDenied("Chỉ cán bộ tổ chức - nhân sự được lập phương án."))
    check_page(response, 403, "Không có quyền truy cập", "Chỉ cán bộ tổ chức - nhân sự được lập phương án.")
    api = RequestFactory().get("/api/v1/units/")
    assert middleware.process_exception(api, DomainDenied("x")) is None  # the API answers in JSON itself
    assert middleware.process_exception(request, ValueError("x")) is None


def test_400_for_a_suspicious_request(db):
    query = "&".join(f"f{i}=1" for i in range(1100))  # over DATA_UPLOAD_MAX_NUMBER_FIELDS
    check_page(Client().get(f"/thu-tuc/?{query}"), 400, "Yêu cầu không hợp lệ", "Máy chủ không hiểu yêu cầu này")


@pytest.mark.urls("tests.core.error_urls")
def test_500_when_a_page_fails(db):
    response = Client(raise_request_exception=False).get("/_crash/")
    html = check_page(response, 500, "Lỗi hệ thống", "Hệ thống gặp sự cố khi xử lý yêu cầu này")
    assert "boom" not in html and "secret" not in html


def test_500_page_needs_no_database():
    """No `db` fixture: pytest-django makes any database access raise here."""
    from localgov.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    check_page(response, 500, "Lỗi hệ thống", "Vui lòng thử lại sau ít phút.")


def test_csrf_failure_is_explained_in_vietnamese(db):
    response = Client(enforce_csrf_checks=True).post("/dang-nhap/", {"username": "a", "password": "b"})
    check_page(response, 403, "Biểu mẫu đã hết hiệu lực", "tải lại trang")


@pytest.mark.parametrize("path", ["/khong-co/", "/tinh/99/"])
def test_error_pages_keep_the_csp(db, path):
    response = Client().get(path)
    assert "default-src 'self'" in response["Content-Security-Policy"]
