"""Documents in a real browser (Debian's Chromium, Playwright, the production server): a web
page disguised as a PNG is refused next to its field; the specialist in charge opens the
citizen's scan (an image shows in the tab) and downloads the PDF under its exact Vietnamese
name, as Chromium reads the Content-Disposition header."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from tests.e2e.test_e2e_one_stop import BA_DINH, PDF, browser, login, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e


def test_scans_are_checked_on_upload_and_open_for_the_officer_in_charge(server, browser, tmp_path):  # noqa: F811
    files = tmp_path / "files"
    files.mkdir()
    (files / "Tờ khai đăng ký.pdf").write_bytes(PDF)
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 90, 160)).save(buf, format="PNG")
    (files / "Căn cước công dân.png").write_bytes(buf.getvalue())
    (files / "anh.png").write_bytes(b"<!DOCTYPE html><html><script>alert(1)</script></html>")

    citizen = browser.new_context(locale="vi-VN")
    page = citizen.new_page()
    page.goto(f"{server.url}/thu-tuc/1.004873/nop/?tinh=01")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Số định danh cá nhân").fill("001090012345")
    page.get_by_label("Xã/phường có thẩm quyền giải quyết").select_option(BA_DINH)
    page.locator("#id_doc-d1").set_input_files(str(files / "Tờ khai đăng ký.pdf"))
    page.locator("#id_doc-d2").set_input_files(str(files / "anh.png"))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    assert "Nội dung tệp là một trang web (HTML/XML/SVG), không phải giấy tờ" in \
        page.locator("#field-doc-d2").inner_text()
    page.locator("#id_doc-d2").set_input_files(str(files / "Căn cước công dân.png"))
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/bien-nhan/$"))
    code = page.locator("#dossier-code").inner_text().strip()
    citizen.close()

    ctx, spec = login(browser, server, "specialist_bd")
    spec.goto(f"{server.url}/can-bo/ho-so/{code}/")
    image_link = spec.get_by_role("link", name="Căn cước công dân.png")
    href = image_link.get_attribute("href")
    response = spec.goto(server.url + href)
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert spec.evaluate("document.images.length === 1 && document.images[0].naturalWidth") == 40  # shown inline
    spec.goto(f"{server.url}/can-bo/ho-so/{code}/")
    row = spec.locator("tr", has_text="Tờ khai đăng ký.pdf")
    with spec.expect_download() as download:
        row.get_by_role("link", name="Tải về").click()
    assert download.value.suggested_filename == "Tờ khai đăng ký.pdf"
    assert open(download.value.path(), "rb").read() == PDF  # noqa: SIM115
    ctx.close()
