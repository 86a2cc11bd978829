"""A complaint in a real browser (Debian's Chromium through Playwright, the production server):
a citizen files one about a procedure on the portal, the competent commune's specialist finds it
in the complaint queue with its deadline and answers it, the citizen reads the answer and says
they are satisfied."""

from __future__ import annotations

import re

import pytest
from tests.e2e.test_e2e_one_stop import BA_DINH, PROCEDURE, browser, login, server  # noqa: F401

pytestmark = pytest.mark.e2e


def test_citizen_files_officer_answers(server, browser):  # noqa: F811
    citizen = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = citizen.new_page()
    page.goto(f"{server.url}/phan-anh/")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.get_by_label("Về quy định, thủ tục hành chính").check()
    page.get_by_label("Mã thủ tục (nếu phản ánh về quy định, thủ tục)").fill(PROCEDURE)
    page.get_by_label("Mã xã, phường nơi thực hiện thủ tục").fill(BA_DINH)
    page.get_by_label("Tiêu đề").fill("Giấy tờ yêu cầu chưa rõ")
    page.get_by_label("Nội dung").fill("Thành phần hồ sơ trên cổng không nói rõ bản sao hay bản chính.")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_role("button", name="Gửi phản ánh").click()
    page.wait_for_url(re.compile(r"/phan-anh/PA-"))
    code = page.url.rstrip("/").rsplit("/", 1)[1]
    assert page.locator("#status").inner_text() == "Đang xử lý"

    ctx, officer = login(browser, server, "specialist_bd")
    officer.goto(f"{server.url}/can-bo/phan-anh/")
    row = officer.locator("#complaints tr", has_text=code)
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}", row.inner_text())  # its deadline
    row.get_by_role("link", name=code).click()
    officer.get_by_label("Thao tác").select_option("answer")
    officer.get_by_label(re.compile("Nội dung")).fill("Nộp bản sao có chứng thực hoặc bản chụp kèm bản chính.")
    officer.get_by_role("button", name="Thực hiện").click()
    officer.wait_for_load_state()
    assert officer.locator("#status").inner_text() == "Đã trả lời"
    ctx.close()

    page.reload()
    assert "bản chụp kèm bản chính" in page.locator("#answer").inner_text()
    page.get_by_role("button", name="Hài lòng", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#status").inner_text() == "Đã kết thúc"
    citizen.close()
