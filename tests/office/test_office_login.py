"""The officers' former sign-in address, sign-in errors, and signing out (the sign-in page for
every role, landing and menus: tests/access/test_access_signin.py)."""

import pytest
from django.test import Client
from tests.office.conftest import PASSWORD

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_one_sign_in_page(client, world):
    response = client.get("/can-bo/hang-doi/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=%2Fcan-bo%2Fhang-doi%2F"


def test_the_former_officer_address_leads_to_the_same_page_with_its_next(client, world):
    response = client.get("/can-bo/dang-nhap/?next=/can-bo/hang-doi/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/?next=/can-bo/hang-doi/"


def test_wrong_password_is_an_inline_error(client, world):
    create_user(username="a1", password=PASSWORD)
    response = client.post("/dang-nhap/", {"username": "a1", "password": "sai-mat-khau"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'role="alert"' in html and "Tên đăng nhập hoặc mật khẩu không đúng." in html
    assert 'value="a1"' in html  # the username typed is kept


def test_officer_lands_on_the_queue_and_can_sign_out(world):
    user = create_user(username="c1", password=PASSWORD)
    grant_role(user=user, role=Role.SPECIALIST, commune="00004")
    client = Client()
    response = client.post("/dang-nhap/", {"username": "c1", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/can-bo/hang-doi/"
    assert "Hàng đợi hồ sơ" in response.content.decode()
    assert client.get("/dang-xuat/").status_code == 405  # signing out is a POST (with its CSRF token)
    out = client.post("/dang-xuat/", follow=True)
    assert out.redirect_chain == [("/dang-nhap/", 302)]
    assert "Bạn đã đăng xuất." in out.content.decode()
    assert client.get("/can-bo/hang-doi/").status_code == 302
    # the former address signs out too
    client.post("/dang-nhap/", {"username": "c1", "password": PASSWORD})
    assert client.post("/can-bo/dang-xuat/").status_code == 302
    assert client.get("/can-bo/hang-doi/").status_code == 302


def test_can_bo_is_the_persons_home(world):
    user = create_user(username="o1", password=PASSWORD)
    grant_role(user=user, role=Role.PROVINCE_OVERSEER, province="01")
    client = Client()
    client.login(username="o1", password=PASSWORD)
    response = client.get("/can-bo/")
    assert response.status_code == 302 and response["Location"] == "/giam-sat/"
    overview = client.get("/can-bo/tong-quan/")
    assert overview.status_code == 200 and "Số liệu hồ sơ trong phạm vi phụ trách" in overview.content.decode()


def test_login_form_is_the_lockout_aware_one_when_available():
    from localgov.office.auth import login_form_class

    try:
        from localgov.access.forms import LockoutAuthenticationForm
    except ImportError:
        from django.contrib.auth.forms import AuthenticationForm as LockoutAuthenticationForm
    assert login_form_class() is LockoutAuthenticationForm
