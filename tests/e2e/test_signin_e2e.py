"""Signing in, menus, signing out, error pages and the API docs in a real browser (Debian's
Chromium driven by Playwright) against the production server (`localgov serve`), with every
request that is not to this machine blocked and every CSP violation or console error counted.

Every demo account (demo/users.py, README.md) signs in from the home page on the one sign-in
page, lands on a 200 page of its own, opens every entry of its menu (each 200) and signs out.
Every error page (400, 403, 404, 500 — a real fault: a table the page needs is renamed away —
and the CSRF failure) is Vietnamese and in the site's layout. /api/docs renders Swagger UI and
its operations with the network cut."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests.e2e.e2e_server import run_script, running_server

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "localgov-demo-2025"  # README.md
LAYOUT = "localgov — Chính quyền địa phương hai cấp"
ENGLISH = ("Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification failed")

#: username → (where the person lands after signing in from the home page, their menu)
ROLES: dict[str, tuple[str, list[str]]] = {
    "tiepnhan.badinh": ("/can-bo/hang-doi/", ["Hàng đợi hồ sơ", "Tiếp nhận trực tiếp", "Số liệu", "Hồ sơ của tôi"]),
    "chuyenvien.badinh": ("/can-bo/hang-doi/", ["Hàng đợi hồ sơ", "Số liệu", "Hồ sơ của tôi"]),
    "lanhdao.badinh": ("/can-bo/hang-doi/", ["Hàng đợi hồ sơ", "Số liệu", "Nhân sự", "Hồ sơ của tôi"]),
    "giamsat.hanoi": ("/giam-sat/tinh/01/", ["Hàng đợi hồ sơ", "Số liệu", "Giám sát", "Nhân sự", "Chính sách 178",
                                             "Theo dõi chỉ đạo", "Hồ sơ của tôi"]),
    "giamsat.quocgia": ("/giam-sat/", ["Hàng đợi hồ sơ", "Số liệu", "Giám sát", "Nhân sự", "Chính sách 178",
                                       "Theo dõi chỉ đạo", "Hồ sơ của tôi"]),
    "nhansu.hanoi": ("/nhan-su/tinh/01/", ["Nhân sự", "Chính sách 178", "Hồ sơ của tôi"]),
    "taichinh.hanoi": ("/chinh-sach-178/", ["Chính sách 178", "Hồ sơ của tôi"]),
    "congdan": ("/ho-so-cua-toi/", ["Hồ sơ của tôi"]),
    "quantri": ("/admin/", ["Quản trị", "Hồ sơ của tôi"]),
}

#: More pages of that person's, whose inline <style> carries the response's CSP nonce.
NONCED = {
    "quantri": ["/admin/access/rolegrant/", "/admin/access/rolegrant/ai-giu-quyen/"],
    "giamsat.quocgia": ["/giam-sat/bao-cao/?format=html"],
}

#: Records securitypolicyviolation events of each document (the page's own scripts cannot hide them).
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile));
"""


@dataclass
class Watch:
    """What went wrong in a browser context: CSP violations, console errors, page errors, and
    requests to anything but this machine (blocked)."""

    problems: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    documents: list[tuple[str, int]] = field(default_factory=list)
    expected_status: set[int] = field(default_factory=set)


def open_context(browser, server) -> tuple[object, object, Watch]:
    watch = Watch()
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")

    def route(r):
        host = urlsplit(r.request.url).hostname
        if host in ("127.0.0.1", "localhost", "::1"):
            r.continue_()
        else:  # the network is cut: nothing from a CDN or any other host
            watch.blocked.append(r.request.url)
            r.abort()

    ctx.route("**/*", route)
    ctx.add_init_script(WATCH_CSP)
    page = ctx.new_page()

    def console(msg) -> None:
        if msg.type != "error":
            return
        # an error page's own status is expected when the test asks for it
        status = re.search(r"status of (\d{3})", msg.text)
        if status and int(status.group(1)) in watch.expected_status:
            return
        watch.problems.append(f"console: {msg.text} ({page.url})")

    page.on("console", console)
    page.on("pageerror", lambda exc: watch.problems.append(f"page error: {exc} ({page.url})"))
    page.on("response", lambda r: watch.documents.append((r.url, r.status))
            if r.request.resource_type == "document" and r.frame == page.main_frame else None)
    return ctx, page, watch


def settle(page, watch: Watch) -> tuple[str, int]:
    """After a navigation: the CSP violations of this document, and its (path, status)."""
    page.wait_for_load_state("load")
    for v in page.evaluate("window.__csp || []"):
        watch.problems.append(f"CSP: {v} ({page.url})")
    url, status = watch.documents[-1]
    return urlsplit(url).path, status


def in_layout(page) -> None:
    assert LAYOUT in page.locator("header").inner_text()
    assert page.locator("footer").count() == 1
    text = page.locator("main").inner_text()
    assert not any(word in text for word in ENGLISH), text


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        # In CI (.ci/run installs it) a missing browser is a failure, never a silent skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Debian's chromium is not installed (.ci/apt-packages)")
    tmp = tmp_path_factory.mktemp("signin")
    with running_server(tmp) as srv:
        run_script(tmp, "from localgov.demo.users import ensure_demo_users\nensure_demo_users()\n")
        srv.tmp = tmp
        yield srv


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.mark.parametrize("username", list(ROLES))
def test_every_demo_role_signs_in_from_the_home_page_lands_on_its_own_page_and_signs_out(server, browser, username):
    home, menu = ROLES[username]
    ctx, page, watch = open_context(browser, server)
    page.goto(server.url + "/")
    settle(page, watch)
    page.locator("header").get_by_role("link", name="Đăng nhập").click()
    assert settle(page, watch) == ("/dang-nhap/", 200)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    assert settle(page, watch) == (home, 200), watch.documents

    # the menu: exactly the areas this person may open, each a 200 page of theirs
    page.goto(server.url + "/ho-so-cua-toi/")  # a page in the site's layout for every role
    settle(page, watch)
    entries = page.locator("nav.places a")
    assert entries.all_inner_texts() == menu
    for href in [entries.nth(i).get_attribute("href") for i in range(entries.count())]:
        page.goto(server.url + href)
        path, status = settle(page, watch)
        assert status == 200 and path.startswith(href), (href, watch.documents[-3:])
    for href in NONCED.get(username, []):
        page.goto(server.url + href)
        assert settle(page, watch)[1] == 200, href

    # sign out (a POST with its CSRF token, from the header of any page), then nothing of theirs opens
    page.goto(server.url + "/thu-tuc/")
    settle(page, watch)
    page.locator("header").get_by_role("button", name="Đăng xuất").click()
    assert settle(page, watch) == ("/dang-nhap/", 200)
    assert "Bạn đã đăng xuất." in page.locator("main").inner_text()
    page.goto(server.url + home)
    assert settle(page, watch) == ("/dang-nhap/", 200)
    assert page.get_by_label("Mật khẩu").is_visible()
    page.goto(server.url + "/")
    settle(page, watch)
    assert page.locator("header").get_by_role("link", name="Đăng nhập").is_visible()
    assert page.locator("nav.places").count() == 0
    ctx.close()
    assert watch.problems == [] and watch.blocked == []


def test_error_pages_are_vietnamese_in_the_layout_with_a_way_back(server, browser):
    ctx, page, watch = open_context(browser, server)
    watch.expected_status = {400, 403, 404, 500}

    page.goto(server.url + "/khong-co-trang-nay/")
    assert settle(page, watch)[1] == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Không tìm thấy"
    in_layout(page)
    assert page.get_by_role("link", name="Về trang chủ").is_visible()

    page.goto(server.url + "/thu-tuc/?" + "&".join(f"f{i}=1" for i in range(1100)))
    assert settle(page, watch)[1] == 400
    assert page.get_by_role("heading", level=1).inner_text() == "Yêu cầu không hợp lệ"
    in_layout(page)

    # the CSRF failure: the form's token is gone (cookies cleared), as after a long pause
    page.goto(server.url + "/dang-nhap/")
    settle(page, watch)
    ctx.clear_cookies()
    page.get_by_label("Tên đăng nhập").fill("chuyenvien.badinh")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    assert settle(page, watch) == ("/dang-nhap/", 403)
    assert page.get_by_role("heading", level=1).inner_text() == "Biểu mẫu đã hết hiệu lực"
    in_layout(page)

    # 403 with the reason of the denial, for someone signed in who may not open the page
    page.goto(server.url + "/dang-nhap/")
    settle(page, watch)
    page.get_by_label("Tên đăng nhập").fill("chuyenvien.badinh")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page, watch)
    page.goto(server.url + "/giam-sat/")
    assert settle(page, watch) == ("/giam-sat/", 403)
    assert page.get_by_role("heading", level=1).inner_text() == "Không có quyền truy cập"
    assert "Trang giám sát dành cho cán bộ giám sát cấp tỉnh và toàn quốc." in page.locator("main").inner_text()
    in_layout(page)
    page.get_by_role("link", name="Về trang làm việc của tôi").click()
    assert settle(page, watch) == ("/can-bo/hang-doi/", 200)

    # 500: a real fault — the table of procedure fields, which the home page lists, is gone
    table = run_script(server.tmp, "from localgov.catalog.models import Field\nprint(Field._meta.db_table)").strip()
    rename = "from django.db import connection\nconnection.cursor().execute('ALTER TABLE {} RENAME TO {}')\n"
    run_script(server.tmp, rename.format(table, f"{table}_gone"))
    try:
        page.goto(server.url + "/")
        assert settle(page, watch) == ("/", 500)
    finally:
        run_script(server.tmp, rename.format(f"{table}_gone", table))
    assert page.get_by_role("heading", level=1).inner_text() == "Lỗi hệ thống"
    in_layout(page)
    page.get_by_role("link", name="Về trang chủ").click()
    assert settle(page, watch) == ("/", 200)
    ctx.close()
    assert watch.problems == [] and watch.blocked == []


def test_api_docs_render_with_the_network_cut(server, browser):
    ctx, page, watch = open_context(browser, server)
    page.goto(server.url + "/api/docs")
    settle(page, watch)
    page.locator(".opblock").first.wait_for(timeout=30_000)
    operations = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/dossiers" in op for op in operations), operations
    assert any("/api/v1/units" in op for op in operations), operations
    assert page.locator(".info .title").inner_text().startswith("localgov API")
    ctx.close()
    assert watch.problems == [] and watch.blocked == []
