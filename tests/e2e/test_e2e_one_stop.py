"""The one-stop shop in a real browser (Debian's Chromium, headless, driven by Playwright):
a citizen files online (a rejected first try keeps what was typed and attached); a counter
officer at ANOTHER commune receives a walk-in for the first commune; a specialist requests a
supplement; the citizen supplements online (opening the dossier as the receipt's QR does);
the approver accepts, decides and returns the result; the citizen downloads it and rates.
Screenshots go to $LOCALGOV_SCREENSHOTS (set it to docs/screenshots to refresh the docs' pictures),
by default to a folder under the system's temporary directory, so `make test` leaves the tree as it was."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from tests.e2e.e2e_server import running_server

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("LOCALGOV_SCREENSHOTS") or Path(tempfile.gettempdir()) / "localgov-screenshots")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: commune level, boundary-free in the province
BA_DINH, HOAN_KIEM = "00004", "00070"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        # In CI (.ci/run installs it) a missing browser is a failure, never a silent skip.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("Debian's chromium is not installed (.ci/apt-packages)")
    with running_server(tmp_path_factory.mktemp("e2e")) as srv:
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


def pdf_to_png(pdf: bytes, out: Path, tmp: Path) -> str:
    src = tmp / "doc.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", "-f", "1", str(src), str(tmp / "page")],
                   check=True, timeout=60)
    shutil.copy(tmp / "page.png", out)
    return subprocess.run(["pdftotext", str(src), "-"], check=True, capture_output=True, text=True).stdout


def login(browser, server, username):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = ctx.new_page()
    page.goto(f"{server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(server.password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/can-bo/hang-doi/"))
    return ctx, page


def do_action(page, action, fill=None):
    details = page.locator(f"#action-{action}")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    if fill:
        fill(details)
    details.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_citizen_and_officers_through_one_dossier(server, browser, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    files = tmp_path / "files"
    files.mkdir()
    for name in ("to-khai.pdf", "can-cuoc.pdf", "bo-sung.pdf"):
        (files / name).write_bytes(PDF)

    # --- 1. the citizen, on a 360 px wide phone, finds the procedure and files online -----------
    citizen = browser.new_context(viewport={"width": 360, "height": 760}, locale="vi-VN", is_mobile=True)
    page = citizen.new_page()
    page.goto(server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dịch vụ công trực tuyến"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    page.screenshot(path=str(SHOTS / "portal-home.png"), full_page=True)
    page.get_by_label("Bạn cần làm thủ tục gì?").fill("xác nhận tình trạng hôn nhân")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Cấp Giấy xác nhận tình trạng hôn nhân").first.click()
    assert "3 ngày làm việc" in page.content()
    assert "không phụ thuộc địa giới hành chính" in page.content()
    page.get_by_label("Tỉnh, thành phố nơi giải quyết").select_option("01")
    page.get_by_role("button", name="Nộp trực tuyến").click()

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân").fill("12345")  # wrong on purpose
    page.get_by_label("Xã/phường có thẩm quyền giải quyết").select_option(BA_DINH)
    page.locator("#id_doc-d1").set_input_files(str(files / "to-khai.pdf"))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    # rejected: inline errors next to the fields, typed values and the attached file kept
    assert page.locator("#error-summary").is_visible()
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in page.locator("#field-applicant_id_number").inner_text()
    assert "Vui lòng đính kèm giấy tờ bắt buộc" in page.locator("#field-doc-d2").inner_text()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Văn An"
    assert "Đã đính kèm: to-khai.pdf" in page.locator("#field-doc-d1").inner_text()
    page.get_by_label("Số định danh cá nhân").fill("001090012345")
    page.locator("#id_doc-d2").set_input_files(str(files / "can-cuoc.pdf"))
    page.get_by_role("button", name="Nộp hồ sơ").click()

    page.wait_for_url(re.compile(r"/bien-nhan/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Đã nộp hồ sơ"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    code = page.locator("#dossier-code").inner_text().strip()
    secret = page.locator("#dossier-secret").inner_text().strip()
    assert re.fullmatch(r".+-\d{6}-\d{4,}", code) and len(secret) == 10
    receipt = citizen.request.get(f"{server.url}/ho-so/{code}/bien-nhan.pdf")
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    text = pdf_to_png(receipt.body(), SHOTS / "receipt-mau01.png", tmp_path)
    assert code in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text and secret in text

    # --- 2. a counter officer at ANOTHER commune (Hoàn Kiếm) receives a walk-in for Ba Đình ----
    counter_ctx, desk = login(browser, server, "counter_hk")
    desk.goto(f"{server.url}/can-bo/tiep-nhan/")
    desk.get_by_label("Thủ tục").select_option(PROCEDURE)
    desk.get_by_role("button", name="Tiếp tục").click()
    desk.get_by_label("Xã/phường có thẩm quyền giải quyết").select_option(BA_DINH)
    desk.get_by_label("Họ và tên").fill("Trần Thị Bình")
    desk.get_by_label("Số định danh cá nhân").fill("001190012345")
    desk.get_by_role("checkbox", name="Tờ khai (hoặc biểu mẫu điện tử)").check()
    desk.get_by_role("checkbox", name=re.compile(r"^Giấy tờ tùy thân")).check()
    desk.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()
    desk.wait_for_url(re.compile(r"/can-bo/ho-so/"))
    walk_in = desk.locator("h1 .code").inner_text().strip()
    assert walk_in.startswith("X01.00004") or BA_DINH in walk_in  # coded for Ba Đình's agency
    assert desk.locator("#state").inner_text() == "Được tiếp nhận"
    assert "Hoàn Kiếm" in desk.locator("dl.facts").first.inner_text()  # received at the other commune's centre
    slip = counter_ctx.request.get(f"{server.url}/can-bo/ho-so/{walk_in}/mau/01.pdf")
    assert slip.ok and slip.body().startswith(b"%PDF")
    counter_ctx.close()

    # --- 3. the specialist of Ba Đình sees both in the unit queue and requests a supplement ----
    spec_ctx, spec = login(browser, server, "specialist_bd")
    queue = spec.locator("#queue")
    assert code in queue.inner_text() and walk_in in queue.inner_text()
    spec.screenshot(path=str(SHOTS / "office-queue.png"), full_page=True)
    spec.get_by_role("link", name=code).click()
    summaries = spec.locator(".actions summary").all_inner_texts()
    assert "Đã có kết quả giải quyết" not in summaries and "Yêu cầu bổ sung, hoàn thiện hồ sơ" in summaries
    do_action(spec, "request_supplement")  # nothing chosen: refused inline
    assert "Chọn hoặc ghi ít nhất một nội dung cần bổ sung" in spec.locator("#action-request_supplement").inner_text()

    def missing(form):
        form.get_by_role("checkbox", name=re.compile(r"^Giấy xác nhận tình trạng hôn nhân cũ")).check()

    do_action(spec, "request_supplement", missing)
    assert spec.locator("#state").inner_text() == "Yêu cầu bổ sung giấy tờ"
    letter = spec_ctx.request.get(f"{server.url}/can-bo/ho-so/{code}/mau/02.pdf")
    assert letter.ok and letter.body().startswith(b"%PDF")
    spec_ctx.close()

    # --- 4. the citizen opens the dossier as the QR code does and supplements online ----------
    phone = browser.new_context(viewport={"width": 360, "height": 760}, locale="vi-VN", is_mobile=True)
    page = phone.new_page()
    page.goto(f"{server.url}/tra-cuu/?ma={code}")
    assert page.get_by_label("Mã hồ sơ").input_value() == code
    page.get_by_label("Mã tra cứu").fill(secret)
    page.get_by_role("button", name="Tra cứu").click()
    page.wait_for_url(re.compile(rf"/ho-so/{re.escape(code)}/$"))
    assert "Cơ quan yêu cầu bổ sung, hoàn thiện hồ sơ." in page.content()
    page.get_by_label("Giấy xác nhận tình trạng hôn nhân cũ").set_input_files(str(files / "bo-sung.pdf"))
    page.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    assert "Đã gửi hồ sơ bổ sung" in page.content()
    assert page.locator("#state").inner_text() == "Mới đăng ký"

    # --- 5. the approver accepts, assigns, decides, returns the result --------------------------
    appr_ctx, appr = login(browser, server, "approver_bd")
    appr.goto(f"{server.url}/can-bo/ho-so/{code}/")
    do_action(appr, "accept")
    assert appr.locator("#state").inner_text() == "Được tiếp nhận"
    do_action(appr, "assign")
    assert appr.locator("#state").inner_text() == "Đang xử lý"
    assert appr.locator("#id-number").inner_text() == "001090012345"  # full data for the officer in charge
    appr.screenshot(path=str(SHOTS / "office-dossier.png"), full_page=True)
    do_action(appr, "decide", lambda f: f.get_by_label("Nội dung kết quả giải quyết").fill(
        "Đã cấp Giấy xác nhận tình trạng hôn nhân số 123/XN"))
    assert appr.locator("#state").inner_text() == "Đã xử lý xong"
    do_action(appr, "return_result")
    assert appr.locator("#state").inner_text() == "Đã trả kết quả"
    appr_ctx.close()

    # --- 6. the citizen downloads the electronic result and rates the service ------------------
    page.goto(f"{server.url}/ho-so/{code}/")
    assert page.locator("#state").inner_text() == "Đã trả kết quả"
    result = phone.request.get(f"{server.url}/ho-so/{code}/ket-qua.pdf")
    assert result.ok and result.body().startswith(b"%PDF")
    page.get_by_label("5 — Rất hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    assert "Bạn đã đánh giá 5/5" in page.content()
    timeline = page.locator(".timeline").inner_text()
    for step in ("Hồ sơ đã được nộp trực tuyến.", "Đã nhận giấy tờ bổ sung", "Đã có kết quả giải quyết.",
                 "Đã trả kết quả.", "Bạn đã đánh giá mức độ hài lòng: 5/5."):
        assert step in timeline
    page.screenshot(path=str(SHOTS / "portal-dossier.png"), full_page=True)
    citizen.close()
    phone.close()
