"""Receipt Mẫu 01 (page and a real PDF with the code inside and a QR code of the tracking
URL), tracking by code + secret and by the QR URL, the plain-Vietnamese timeline."""

import shutil
import subprocess

import pytest
import segno
from tests.portal.conftest import opened

from localgov.portal.ui import qr_data_uri

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_receipt_page_shows_code_secret_and_qr_of_the_tracking_url(client, file_online):
    sub = file_online("1.004873")
    opened(client, sub)
    html = client.get(f"/ho-so/{sub.dossier.code}/bien-nhan/").content.decode()
    url = f"http://testserver/tra-cuu/?ma={sub.dossier.code}"
    assert sub.dossier.code in html and sub.secret in html
    assert qr_data_uri(url) in html
    # the QR encodes exactly that URL (segno's matrix for the same text, byte-mode)
    qr = segno.make(url, error="m")
    assert qr.designator.endswith("-M") and qr.mode == "byte"


def test_receipt_pdf_is_a_real_pdf_with_the_code(client, file_online, tmp_path):
    sub = file_online("1.004873")
    opened(client, sub)
    response = client.get(f"/ho-so/{sub.dossier.code}/bien-nhan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert sub.dossier.code in text and "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Nguyễn Văn An" in text and sub.secret in text


def test_receipt_without_the_secret_goes_to_the_lookup(client, file_online):
    sub = file_online("1.004873")
    response = client.get(f"/ho-so/{sub.dossier.code}/bien-nhan.pdf")
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu/?ma={sub.dossier.code}"


def test_qr_url_prefills_the_code(client, file_online):
    sub = file_online("1.004873")
    html = client.get("/tra-cuu/", {"ma": sub.dossier.code}).content.decode()
    assert f'value="{sub.dossier.code}"' in html


def test_wrong_secret_and_unknown_code_get_the_same_inline_error(client, file_online):
    sub = file_online("1.004873")
    wrong = client.post("/tra-cuu/", {"ma": sub.dossier.code, "secret": "AAAAAAAAAA"})
    unknown = client.post("/tra-cuu/", {"ma": "X-000000-0000", "secret": sub.secret})
    assert wrong.status_code == unknown.status_code == 422
    for r in (wrong, unknown):
        assert 'id="id_secret_error">Mã hồ sơ hoặc mã tra cứu không đúng.' in r.content.decode()


def test_right_secret_opens_the_timeline_in_plain_words(client, file_online, staff):
    from localgov.dossiers import services

    sub = file_online("1.004873")
    s = staff("00004")
    services.accept(dossier_id=sub.dossier.pk, version=1, actor=s["counter"])
    response = client.post("/tra-cuu/", {"ma": sub.dossier.code, "secret": sub.secret.lower()})
    assert response.status_code == 302 and response["Location"] == f"/ho-so/{sub.dossier.code}/"
    html = client.get(response["Location"]).content.decode()
    assert "Hồ sơ đã được nộp trực tuyến." in html
    assert "Hồ sơ đã được tiếp nhận. Hẹn trả kết quả:" in html
    assert "Được tiếp nhận" in html
    assert s["counter"].username not in html  # no staff names for the public


def test_lookups_are_rate_limited(client, file_online, settings):
    """Wrong secrets refuse the address that gave them (429 with Retry-After); the owner, from
    their own address, still gets in with the right secret."""
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 2
    sub = file_online("1.004873")
    responses = [client.post("/tra-cuu/", {"ma": sub.dossier.code, "secret": "BBBBBBBBBB"}) for _ in range(3)]
    assert [r.status_code for r in responses] == [422, 422, 429]
    refused = responses[-1]
    assert 595 <= int(refused["Retry-After"]) <= 600
    assert "thử lại sau 10 phút" in refused.content.decode()
    assert "Retry-After" not in responses[0]
    owner = client.post("/tra-cuu/", {"ma": sub.dossier.code, "secret": sub.secret}, REMOTE_ADDR="203.0.113.8")
    assert owner.status_code == 302 and owner["Location"] == f"/ho-so/{sub.dossier.code}/"
