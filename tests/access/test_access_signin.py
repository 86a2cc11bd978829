"""One sign-in page for every role (/dang-nhap/): each demo account (demo/users.py) lands on its
own home, `next` is followed only when it is a local page the person may open, and the menu lists
exactly the areas that person may open — every entry answers 200, every other area 403."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from localgov.demo.users import DEMO_PASSWORD, ensure_demo_users

pytestmark = pytest.mark.django_db

#: Written out here, not read from access/areas.py: the expected behaviour, per demo account.
HOMES = {
    "quantri": "/admin/",
    "tiepnhan.badinh": "/can-bo/hang-doi/",
    "tiepnhan.hoankiem": "/can-bo/hang-doi/",
    "chuyenvien.badinh": "/can-bo/hang-doi/",
    "lanhdao.badinh": "/can-bo/hang-doi/",
    "giamsat.hanoi": "/giam-sat/",
    "giamsat.quocgia": "/giam-sat/",
    "nhansu.hanoi": "/nhan-su/",
    "taichinh.hanoi": "/chinh-sach-178/",
    "congdan": "/ho-so-cua-toi/",
    "vpcp": "/theo-doi/",
    "botaichinh": "/theo-doi/",
    "tonghop.hanoi": "/theo-doi/",
    "tonghop.badinh": "/theo-doi/",
}

ALL = {"Hàng đợi hồ sơ": "/can-bo/hang-doi/", "Tiếp nhận trực tiếp": "/can-bo/tiep-nhan/",
       "Số liệu": "/can-bo/tong-quan/", "Giám sát": "/giam-sat/", "Nhân sự": "/nhan-su/",
       "Chính sách 178": "/chinh-sach-178/", "Theo dõi chỉ đạo": "/theo-doi/",
       "Quản trị": "/admin/", "Hồ sơ của tôi": "/ho-so-cua-toi/"}
MENUS = {
    "quantri": {"Quản trị", "Hồ sơ của tôi"},
    "tiepnhan.badinh": {"Hàng đợi hồ sơ", "Tiếp nhận trực tiếp", "Số liệu", "Hồ sơ của tôi"},
    "chuyenvien.badinh": {"Hàng đợi hồ sơ", "Số liệu", "Hồ sơ của tôi"},
    "lanhdao.badinh": {"Hàng đợi hồ sơ", "Số liệu", "Nhân sự", "Hồ sơ của tôi"},
    "giamsat.hanoi": {"Hàng đợi hồ sơ", "Số liệu", "Giám sát", "Nhân sự", "Chính sách 178", "Theo dõi chỉ đạo",
                      "Hồ sơ của tôi"},
    "giamsat.quocgia": {"Hàng đợi hồ sơ", "Số liệu", "Giám sát", "Nhân sự", "Chính sách 178", "Theo dõi chỉ đạo",
                        "Hồ sơ của tôi"},
    "nhansu.hanoi": {"Nhân sự", "Chính sách 178", "Hồ sơ của tôi"},
    "taichinh.hanoi": {"Chính sách 178", "Hồ sơ của tôi"},
    "congdan": {"Hồ sơ của tôi"},
    "vpcp": {"Theo dõi chỉ đạo", "Hồ sơ của tôi"},
    "botaichinh": {"Theo dõi chỉ đạo", "Hồ sơ của tôi"},
    "tonghop.badinh": {"Theo dõi chỉ đạo", "Hồ sơ của tôi"},
}


@pytest.fixture(scope="module")
def demo_users(world, django_db_blocker):
    """The demo accounts, once per module (inside `world`'s module transaction, rolled back)."""
    with django_db_blocker.unblock():
        ensure_demo_users()


@pytest.fixture
def demo(db, demo_users):
    return None


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def menu(html: str) -> dict[str, str]:
    """The entries of the person's menu (<nav class="places">) as label → href."""
    m = re.search(r'<nav class="places"[^>]*>(.*?)</nav>', html, re.S)
    if m is None:
        return {}
    return {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', m.group(1))}


@pytest.mark.parametrize("username", sorted(HOMES))
def test_every_demo_account_signs_in_on_one_page_and_lands_on_its_own_home(demo, username):
    client = Client()
    page = client.get("/dang-nhap/")
    assert page.status_code == 200 and 'action="/dang-nhap/"' in page.content.decode()
    response = client.post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == HOMES[username]
    landed = client.get(response["Location"], follow=True)
    assert landed.status_code == 200, landed.redirect_chain
    # the sign-out button is on the page the person lands on (the admin has its own)
    html = landed.content.decode()
    assert ('action="/dang-xuat/"' in html) or (username == "quantri" and "/admin/logout/" in html)


def test_the_overseers_correct_password_is_accepted_where_the_admin_login_refused_it(demo):
    client = Client()
    response = client.get("/giam-sat/", follow=True)
    assert response.redirect_chain[-1][0] == "/dang-nhap/?next=/giam-sat/"
    signed = client.post("/dang-nhap/", {"username": "giamsat.hanoi", "password": DEMO_PASSWORD,
                                         "next": "/giam-sat/"}, follow=True)
    assert signed.status_code == 200 and signed.redirect_chain[0] == ("/giam-sat/", 302)
    assert signed.redirect_chain[-1][0] == "/giam-sat/tinh/01/"


@pytest.mark.parametrize("username", sorted(MENUS))
def test_the_menu_lists_exactly_what_the_person_may_open(demo, username):
    client = signed_in(username)
    entries = menu(client.get("/").content.decode())
    assert set(entries) == MENUS[username]
    for label, href in ALL.items():
        response = client.get(href, follow=True)
        if label in MENUS[username]:
            assert entries[label] == href
            assert response.status_code == 200, (label, response.redirect_chain)
        elif href == "/admin/":  # the admin's gate is its own: back to the sign-in page, told why
            assert response.redirect_chain[-1][0] == "/dang-nhap/?next=%2Fadmin%2F"
            assert "Bạn đang đăng nhập với tài khoản" in response.content.decode()
        else:
            assert response.status_code == 403, (label, response.redirect_chain)


def test_anonymous_visitors_have_no_menu_but_a_sign_in_link(db):
    html = Client().get("/thu-tuc/").content.decode()
    assert menu(html) == {}
    assert '<a href="/dang-nhap/?next=/thu-tuc/">Đăng nhập</a>' in html
    assert 'action="/dang-xuat/"' not in html


@pytest.mark.parametrize("wanted", [
    "https://evil.example/", "//evil.example/", "///evil.example/", "/\\evil.example/", "\\\\evil.example",
    "http:/evil.example", "javascript:alert(1)", " //evil.example", "/\t/evil.example", "https:evil.example",
    "/dang-nhap/", "/dang-xuat/", "/admin/login/", "", "/", "/?x=1",
])
def test_an_unsafe_next_lands_on_the_home_instead(demo, wanted):
    client = Client()
    response = client.post("/dang-nhap/", {"username": "chuyenvien.badinh", "password": DEMO_PASSWORD,
                                           "next": wanted})
    assert response.status_code == 302 and response["Location"] == "/can-bo/hang-doi/"


def test_a_safe_next_of_ones_own_is_followed(demo):
    client = Client()
    wanted = "/can-bo/hang-doi/?hang=overdue&sap_xep=due"
    response = client.post(f"/dang-nhap/?next={wanted.replace('&', '%26')}",
                           {"username": "chuyenvien.badinh", "password": DEMO_PASSWORD})
    assert response["Location"] == wanted
    public = Client().post("/dang-nhap/", {"username": "congdan", "password": DEMO_PASSWORD, "next": "/tra-cuu/"})
    assert public["Location"] == "/tra-cuu/"


def test_a_next_the_person_may_not_open_lands_on_their_home_not_a_403(demo):
    for username, wanted in [("chuyenvien.badinh", "/giam-sat/"), ("chuyenvien.badinh", "/can-bo/tiep-nhan/"),
                             ("nhansu.hanoi", "/giam-sat/tinh/01/"), ("congdan", "/admin/")]:
        response = Client().post("/dang-nhap/", {"username": username, "password": DEMO_PASSWORD, "next": wanted})
        assert response["Location"] == HOMES[username], (username, wanted)


def test_the_form_carries_only_a_local_next(db):
    html = Client().get("/dang-nhap/?next=https://evil.example/").content.decode()
    assert 'name="next" value=""' in html and 'name="next" value="https://evil' not in html
    html = Client().get("/dang-nhap/?next=/tra-cuu/").content.decode()
    assert 'name="next" value="/tra-cuu/"' in html


def test_the_page_a_person_was_sent_from_survives_the_form(demo):
    """Anonymous, sent from an area page: the form keeps it; once signed in, the person goes there."""
    client = Client()
    wanted = "/nhan-su/tinh/01/?ngay=2025-09-30"
    first = client.get("/nhan-su/tinh/01/?ngay=2025-09-30")
    assert first["Location"] == "/dang-nhap/?next=%2Fnhan-su%2Ftinh%2F01%2F%3Fngay%3D2025-09-30"
    html = client.get(first["Location"]).content.decode()
    assert f'name="next" value="{wanted}"' in html
    response = client.post(first["Location"], {"username": "nhansu.hanoi", "password": DEMO_PASSWORD,
                                               "next": wanted})
    assert response["Location"] == wanted


def test_safe_next_refuses_control_characters_and_foreign_hosts(demo):
    from django.contrib.auth import get_user_model

    from localgov.access.web import safe_next

    request = RequestFactory().get("/dang-nhap/")
    request.user = get_user_model().objects.get(username="tiepnhan.badinh")
    assert safe_next(request, "/can-bo/tiep-nhan/") == "/can-bo/tiep-nhan/"
    for bad in ["/ok\r\nLocation: https://evil.example", "/x\x00", "https://testserver/can-bo/",
                "//testserver/can-bo/", "/" + "a" * 2100]:
        assert safe_next(request, bad) is None, bad


def test_the_admins_own_login_is_the_one_sign_in_page_without_a_loop(demo):
    anonymous = Client().get("/admin/", follow=True)
    assert anonymous.redirect_chain[-1][0] == "/dang-nhap/?next=%2Fadmin%2F"
    admin = Client()
    response = admin.post("/dang-nhap/?next=/admin/", {"username": "quantri", "password": DEMO_PASSWORD})
    assert response["Location"] == "/admin/" and admin.get("/admin/").status_code == 200
    citizen = signed_in("congdan")
    page = citizen.get("/admin/", follow=True)
    assert page.status_code == 200 and len(page.redirect_chain) == 2  # /admin/login/, then here
    assert 'href="/ho-so-cua-toi/">Về trang làm việc của bạn' in page.content.decode()


def test_the_citizen_sees_and_opens_their_own_dossiers_only(demo, file_online):
    from django.contrib.auth import get_user_model

    from localgov.access.policy import resolve_actor

    User = get_user_model()
    mine = file_online(actor=resolve_actor(User.objects.get(username="congdan"))).dossier
    other = file_online().dossier
    client = signed_in("congdan")
    html = client.get("/ho-so-cua-toi/").content.decode()
    assert mine.code in html and other.code not in html
    assert client.get(f"/ho-so/{mine.code}/").status_code == 200
    # someone else's dossier: the same answer as for a wrong code (the tracking form), no leak
    response = client.get(f"/ho-so/{other.code}/")
    assert response.status_code == 302 and response["Location"].startswith("/tra-cuu/")
    assert signed_in("chuyenvien.badinh").get(f"/ho-so/{mine.code}/").status_code == 302
