"""Officers in charge open the documents they appraise; the applicant opens their own; nobody
else does. PDF and images open inline, the type is what the bytes are, the name keeps its
Vietnamese letters, and every opening is in the personal-data access log."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image
from tests.office.conftest import BA_DINH, PDF, SAI_GON, centre_of

from localgov.access.audit import access_records
from localgov.access.models import PersonalDataAccess
from localgov.access.roles import Role
from localgov.dossiers.models import DossierDocument
from localgov.dossiers.validation import Upload
from localgov.portal.documents import DENIED

pytestmark = pytest.mark.django_db


def image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (6, 4), (10, 120, 200)).save(buf, format=fmt)
    return buf.getvalue()


PNG, JPEG = image("PNG"), image("JPEG")


@pytest.fixture
def filed(file_online):
    """A dossier of Ba Đình with a PDF, a PNG and a JPEG under Vietnamese names."""
    sub = file_online("1.004873", documents=[
        Upload("d1", "Tờ khai đăng ký.pdf", PDF, "application/pdf"),
        Upload("d2", "Căn cước công dân.png", PNG, "image/png"),
        Upload("d3", "ảnh chụp giấy tờ.jpg", JPEG, "application/octet-stream"),  # declared type is ignored
    ])
    docs = {d.doc_code: d for d in DossierDocument.objects.filter(dossier=sub.dossier)}
    return sub, docs


def url(code: str, doc: DossierDocument, *, office: bool = True) -> str:
    return f"{'/can-bo' if office else ''}/ho-so/{code}/giay-to/{doc.pk}/"


def filename_of(response) -> str:
    header = response["Content-Disposition"]
    encoded = header.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


@pytest.mark.parametrize("role", ["counter", "specialist", "approver"])
def test_officers_in_charge_open_each_document_inline_and_it_is_recorded(filed, unit, role):
    sub, docs = filed
    client, user = unit(BA_DINH)[role]
    expected = {"d1": ("application/pdf", PDF, "Tờ khai đăng ký.pdf"),
                "d2": ("image/png", PNG, "Căn cước công dân.png"),
                "d3": ("image/jpeg", JPEG, "ảnh chụp giấy tờ.jpg")}
    for code, (content_type, content, name) in expected.items():
        response = client.get(url(sub.dossier.code, docs[code]))
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline;")
        assert filename_of(response) == name
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == content
    records = PersonalDataAccess.objects.filter(dossier_code=sub.dossier.code, user=user).order_by("pk")
    assert [r.fields for r in records if r.purpose == "mở giấy tờ"] == [["document:d1"], ["document:d2"],
                                                                       ["document:d3"]]
    assert all(r.channel == "web" for r in records)


def test_download_is_an_attachment_and_recorded(filed, unit):
    sub, docs = filed
    client, user = unit(BA_DINH)["specialist"]
    response = client.get(url(sub.dossier.code, docs["d1"]) + "?tai-ve=1")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert filename_of(response) == "Tờ khai đăng ký.pdf"
    rows = access_records(sub.dossier.code)
    assert rows[-1]["why"] == "tải giấy tờ" and rows[-1]["what"] == f"{sub.dossier.code}: document:d1"
    assert rows[-1]["who"] == user.username


def test_the_officers_page_links_the_documents(filed, unit):
    sub, docs = filed
    html = unit(BA_DINH)["counter"][0].get(f"/can-bo/ho-so/{sub.dossier.code}/").content.decode()
    assert f'href="{url(sub.dossier.code, docs["d1"])}"' in html and "Tờ khai đăng ký.pdf" in html


@pytest.mark.parametrize(("role", "scope", "status", "message"), [
    (Role.PROVINCE_OVERSEER, {"province": "01"}, 403, DENIED),
    (Role.NATIONAL_OVERSEER, {}, 403, DENIED),
    (Role.SPECIALIST, {"commune": SAI_GON}, 403, "Bạn không có quyền xem dữ liệu này."),
    (Role.COUNTER_OFFICER, {"commune": SAI_GON, "centre_id": None}, 403, "Bạn không có quyền xem dữ liệu này."),
    (Role.HR_OFFICER, {"province": "01"}, 403, "Bạn không có quyền xem dữ liệu này."),
])
def test_others_are_refused_with_a_reason_and_nothing_recorded(filed, officer, role, scope, status, message):
    sub, docs = filed
    if scope.get("centre_id", 0) is None:
        scope = {**scope, "centre_id": centre_of(SAI_GON)}
    client, user = officer(role, **scope)
    for doc in docs.values():
        for suffix in ("", "?tai-ve=1"):
            response = client.get(url(sub.dossier.code, doc) + suffix)
            assert response.status_code == status
            assert message in response.content.decode()
            assert not response.has_header("Content-Disposition")
    assert not PersonalDataAccess.objects.filter(user=user).exists()
    page = client.get(f"/can-bo/ho-so/{sub.dossier.code}/")
    assert url(sub.dossier.code, docs["d1"]) not in page.content.decode()


def test_anonymous_is_sent_to_sign_in(filed):
    sub, docs = filed
    response = Client().get(url(sub.dossier.code, docs["d1"]))
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_unknown_or_foreign_document_is_404(filed, file_online, unit):
    sub, docs = filed
    other = file_online("1.004873").dossier
    client, _ = unit(BA_DINH)["counter"]
    foreign = DossierDocument.objects.filter(dossier=other).first()
    assert client.get(url(sub.dossier.code, foreign)).status_code == 404  # another dossier's document
    missing = client.get(f"/can-bo/ho-so/{sub.dossier.code}/giay-to/999999/")
    assert missing.status_code == 404 and "Không tìm thấy tệp giấy tờ này trong hồ sơ." in missing.content.decode()


def test_a_stored_file_that_is_not_a_document_downloads_as_opaque_bytes(filed, unit):
    """A file stored before content checks existed, declared text/html: never served as HTML."""
    sub, _docs = filed
    doc = DossierDocument(dossier=sub.dossier, province_code=sub.dossier.province_code, doc_code="d9",
                          name="cu.html", original_name="cu.html", content_type="text/html", size=40)
    doc.file.save("legacy", ContentFile(b"<html><script>alert(1)</script></html>"), save=True)
    response = unit(BA_DINH)["counter"][0].get(url(sub.dossier.code, doc))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_applicant_opens_their_own_documents_on_the_portal(filed, unit):
    sub, docs = filed
    client = Client()
    url_ = url(sub.dossier.code, docs["d2"], office=False)
    refused = client.get(url_)
    assert refused.status_code == 404 and "Vui lòng nhập mã hồ sơ và mã tra cứu." in refused.content.decode()
    session = client.session
    session["portal_access"] = {sub.dossier.code: sub.secret}
    session.save()
    page = client.get(f"/ho-so/{sub.dossier.code}/").content.decode()
    assert f'href="{url_}"' in page
    response = client.get(url_)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;") and b"".join(response.streaming_content) == PNG
    record = PersonalDataAccess.objects.get(dossier_code=sub.dossier.code)
    assert record.fields == ["document:d2"] and "applicant" in record.roles
    # the secret of another dossier opens nothing here
    session = client.session
    session["portal_access"] = {sub.dossier.code: "SAI-MA-TRA-CUU"}
    session.save()
    assert client.get(url_).status_code == 404
