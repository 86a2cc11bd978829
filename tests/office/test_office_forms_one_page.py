"""Mẫu 01–05 (Phụ lục I, Thông tư 03/2025/TT-VPCP; docs/domain/one-stop-rules.md) each fit on ONE A4
page for a dossier with five documents, as the circular's templates do, and the national heading
"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" stays on one line. The real PDFs are read back with poppler
(pdfinfo for the page count and size, pdftotext for the lines)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tests.dossiers.conftest import applicant, pdf
from tests.office.conftest import BA_DINH, actor_of

from localgov.dossiers import services

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#: a long but real-looking address and reasons: the forms must hold them on their one page
ADDRESS = "Số 18, ngõ 112, phố Nguyễn Trường Tộ, tổ dân phố số 7, phường Ba Đình, thành phố Hà Nội"
MISSING = ["Bản sao giấy chứng sinh có chứng thực", "Văn bản ủy quyền có công chứng",
           "Giấy tờ chứng minh nơi cư trú của người mẹ", "Tờ khai đăng ký khai sinh ký đủ họ tên",
           "Biên bản xác nhận của công an cấp xã nơi trẻ bị bỏ rơi"]


def read_back(content: bytes, tmp_path: Path, name: str) -> tuple[int, str, str]:
    """(pages, page size line, text) of a PDF."""
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils (pdfinfo, pdftotext) not installed")
    assert content.startswith(b"%PDF")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return pages, size, text


def test_each_form_is_one_a4_page_with_the_heading_on_one_line(file_online, unit, tmp_path):
    u = unit(BA_DINH)
    at = datetime(2025, 8, 4, 9, 0, tzinfo=VN)
    five = [pdf(f"d{i}") for i in range(1, 6)]
    person = applicant(name="Nguyễn Thị Phương Thảo", address=ADDRESS)
    counter, approver = actor_of(u["counter"][1]), actor_of(u["approver"][1])
    specialist = actor_of(u["specialist"][1])

    def five_document_dossier():
        return file_online("2.000806", at=at, documents=list(five), applicant=person).dossier

    receipt = five_document_dossier()
    assert receipt.documents.count() == 5
    supplement = services.request_supplement(dossier_id=receipt.pk, version=receipt.version, actor=specialist,
                                             missing=MISSING)
    refused = five_document_dossier()
    refused = services.refuse(dossier_id=refused.pk, version=refused.version, actor=counter,
                              reason="Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường Ba Đình "
                                     "theo quy định tại Luật Hộ tịch và các văn bản hướng dẫn thi hành")
    late = five_document_dossier()
    late = services.accept(dossier_id=late.pk, version=late.version, actor=counter, now=at)
    late = services.extend(dossier_id=late.pk, version=late.version, actor=approver,
                           reason="Cần xác minh thông tin khai sinh tại nơi cư trú cũ của người mẹ ở tỉnh khác",
                           new_due=datetime(2025, 8, 12, 16, 0, tzinfo=VN), now=datetime(2025, 8, 5, 9, 0, tzinfo=VN))
    stopped = services.stop(dossier_id=supplement.pk, version=supplement.version, actor=counter,
                            reason="Quá 15 ngày kể từ ngày thông báo mà người nộp chưa bổ sung hồ sơ")
    forms = {"01": (receipt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"),
             "02": (stopped, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
             "03": (refused, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
             "04": (late, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
             "05": (stopped, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")}
    client = u["approver"][0]
    for number, (dossier, title) in forms.items():
        response = client.get(f"/can-bo/ho-so/{dossier.code}/mau/{number}.pdf")
        assert response.status_code == 200, number
        pages, size, text = read_back(response.content, tmp_path, f"mau{number}")
        assert pages == 1, f"Mẫu {number}: {pages} pages"
        assert re.match(r"595\.\d* x 841\.\d* pts", size), f"Mẫu {number}: {size}"  # A4 in points
        assert any(HEADING in line for line in text.splitlines()), f"Mẫu {number}: heading broken\n{text}"
        assert title in text.upper(), number
        assert "Độc lập - Tự do - Hạnh phúc" in text
    # the receipt really lists the five documents, and the five missing items are on Mẫu 02
    _, _, receipt_text = read_back(client.get(f"/can-bo/ho-so/{receipt.code}/mau/01.pdf").content, tmp_path, "r")
    rows = [line for line in receipt_text.splitlines() if re.match(r"\s*[1-5]\s{3,}\S.*Bản điện tử\s*$", line)]
    assert len(rows) == 5 and "Văn bản đồng ý của cơ quan, đơn vị" in rows[4], receipt_text
    _, _, letter = read_back(client.get(f"/can-bo/ho-so/{stopped.code}/mau/02.pdf").content, tmp_path, "s")
    assert all(m.split()[0] in letter for m in MISSING) and "nơi trẻ bị bỏ rơi" in letter
