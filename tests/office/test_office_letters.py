"""Letters Mẫu 02–05 as real PDFs from templates, once the event that issues them exists."""

import shutil
import subprocess

import pytest
from tests.office.conftest import BA_DINH, actor_of

from localgov.dossiers import services

pytestmark = pytest.mark.django_db


def text_of(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    (tmp_path / "x.pdf").write_bytes(content)
    return subprocess.run(["pdftotext", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_supplement_letter_and_stop_notice(file_online, unit, tmp_path):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    client = u["counter"][0]
    assert client.get(f"/can-bo/ho-so/{d.code}/mau/02.pdf").status_code == 404  # not issued yet
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=actor_of(u["specialist"][1]),
                                    missing=["Bản sao giấy khai sinh"])
    text = text_of(client.get(f"/can-bo/ho-so/{d.code}/mau/02.pdf").content, tmp_path)
    assert d.code in text and "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text and "Bản sao giấy khai sinh" in text
    d = services.stop(dossier_id=d.pk, version=d.version, actor=actor_of(u["counter"][1]),
                      reason="Quá 15 ngày chưa bổ sung")
    text = text_of(client.get(f"/can-bo/ho-so/{d.code}/mau/05.pdf").content, tmp_path)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text and "Quá 15 ngày chưa bổ sung" in text
    page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert f"/can-bo/ho-so/{d.code}/mau/02.pdf" in page and f"/can-bo/ho-so/{d.code}/mau/05.pdf" in page
    assert client.get(f"/can-bo/ho-so/{d.code}/mau/09.pdf").status_code == 404


def test_refusal_letter(file_online, unit, tmp_path):
    u = unit(BA_DINH)
    d = file_online("1.004873").dossier
    d = services.refuse(dossier_id=d.pk, version=d.version, actor=actor_of(u["counter"][1]),
                        reason="Không thuộc thẩm quyền")
    text = text_of(u["counter"][0].get(f"/can-bo/ho-so/{d.code}/mau/03.pdf").content, tmp_path)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Không thuộc thẩm quyền" in text


def test_apology_letter_with_the_new_date(file_online, unit, tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    vn = ZoneInfo("Asia/Ho_Chi_Minh")
    u = unit(BA_DINH)
    d = file_online("1.004873", at=datetime(2025, 8, 4, 9, 0, tzinfo=vn)).dossier
    counter, approver = actor_of(u["counter"][1]), actor_of(u["approver"][1])
    d = services.accept(dossier_id=d.pk, version=d.version, actor=counter, now=datetime(2025, 8, 4, 9, 0, tzinfo=vn))
    d = services.extend(dossier_id=d.pk, version=d.version, actor=approver, reason="Cần xác minh tại nơi cư trú cũ",
                        new_due=datetime(2025, 8, 12, 16, 0, tzinfo=vn), now=datetime(2025, 8, 5, 9, 0, tzinfo=vn))
    text = text_of(u["approver"][0].get(f"/can-bo/ho-so/{d.code}/mau/04.pdf").content, tmp_path)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text and "12/08/2025" in text
