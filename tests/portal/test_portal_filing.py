"""Filing online: inline Vietnamese errors next to each field, and nothing typed or
uploaded is lost when the form is rejected (uploads kept server-side, shown as attached)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.portal.conftest import BA_DINH, pdf_file

from localgov.dossiers.models import Dossier, DossierDocument
from localgov.dossiers.workflow import State

pytestmark = pytest.mark.django_db
URL = "/thu-tuc/1.004873/nop/?tinh=01"
BASE = {"tinh": "01", "applicant_name": "Nguyễn Văn An", "competent_commune": BA_DINH, "return_method": "online",
        "idem": "t1"}


def field_block(html: str, name: str) -> str:
    match = re.search(rf'<div class="field[^"]*" id="field-{re.escape(name)}">(.*?)</div>', html, re.S)
    assert match, name
    return match.group(1)


def test_rejected_form_keeps_typed_values_and_uploaded_files(client, world):
    response = client.post(URL, {**BASE, "applicant_id_number": "123", "doc-d1": pdf_file("to-khai.pdf")})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Số định danh cá nhân phải gồm đúng 12 chữ số." in field_block(html, "applicant_id_number")
    assert "Vui lòng đính kèm giấy tờ bắt buộc" in field_block(html, "doc-d2")
    assert "Đã đính kèm: to-khai.pdf" in field_block(html, "doc-d1")
    assert 'value="Nguyễn Văn An"' in html
    assert 'role="alert"' in html and 'aria-live="assertive"' in html
    assert not Dossier.objects.exists()

    # second try: fix the number, add the missing file; the first file is not sent again
    response = client.post(URL, {**BASE, "applicant_id_number": "001090012345", "doc-d2": pdf_file("cccd.pdf")})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.state == State.NEW and dossier.channel == 2
    assert sorted(DossierDocument.objects.filter(dossier=dossier).values_list("original_name", flat=True)) == [
        "cccd.pdf", "to-khai.pdf"]
    assert response["Location"] == f"/ho-so/{dossier.code}/bien-nhan/"


def test_a_file_that_is_not_a_pdf_or_image_is_refused_inline(client, world):
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document", content_type="application/pdf")
    response = client.post(URL, {**BASE, "applicant_id_number": "001090012345", "doc-d1": bad,
                                 "doc-d2": pdf_file()})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Nội dung tệp là một chương trình hoặc tệp lệnh, không phải giấy tờ; chỉ nhận tệp PDF, JPG hoặc PNG." in \
        field_block(html, "doc-d1")
    assert "Đã đính kèm" in field_block(html, "doc-d2")


def test_commune_of_another_province_is_refused(client, world):
    response = client.post(URL, {**BASE, "competent_commune": "26740", "applicant_id_number": "001090012345"})
    assert response.status_code == 422
    assert "Xã/phường không thuộc tỉnh đã chọn." in field_block(response.content.decode(), "competent_commune")


def test_post_return_needs_an_address(client, world):
    response = client.post(URL, {**BASE, "applicant_id_number": "001090012345", "return_method": "post"})
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in field_block(response.content.decode(),
                                                                               "return_address")


def test_province_is_asked_first(client, world):
    html = client.get("/thu-tuc/1.004873/nop/").content.decode()
    assert '<select id="tinh" name="tinh">' in html
    assert client.get("/thu-tuc/1.004873/nop/?tinh=99").status_code == 422


def test_procedure_without_online_service_cannot_be_filed(client, world):
    assert client.get("/thu-tuc/1.000419/nop/?tinh=01").status_code == 409
