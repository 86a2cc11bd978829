"""Uploads are checked by what their bytes are, with a size and a count limit, on every path
that stores documents — online filing, the counter, a supplement, the API: each refusal gives
its Vietnamese reason next to the field, and nothing is written (no dossier, no document row,
no file in the media store, no transition)."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from tests.dossiers.conftest import centre_of
from tests.portal.conftest import BA_DINH, PDF, opened, pdf_file
from tests.portal.test_portal_filing import BASE, URL, field_block

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.dossiers import services
from localgov.dossiers.models import Dossier, DossierDocument, DossierEvent
from localgov.dossiers.workflow import State
from localgov.portal.uploads import SESSION_FILES

pytestmark = pytest.mark.django_db
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/can-bo/')</script></body></html>"


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 0, 0)).save(buf, format="PNG")
    return buf.getvalue()


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_written() -> None:
    assert not Dossier.objects.exists() and not DossierDocument.objects.exists()
    assert not DossierEvent.objects.exists() and media_files() == []


FILED = {**BASE, "applicant_id_number": "001090012345"}


@pytest.mark.parametrize(("upload", "reason"), [
    (SimpleUploadedFile("to-khai.pdf", EXE, content_type="application/pdf"),
     "Nội dung tệp là một chương trình hoặc tệp lệnh, không phải giấy tờ; chỉ nhận tệp PDF, JPG hoặc PNG."),
    (SimpleUploadedFile("anh.png", HTML, content_type="image/png"),
     "Nội dung tệp là một trang web (HTML/XML/SVG), không phải giấy tờ; chỉ nhận tệp PDF, JPG hoặc PNG."),
    (SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + HTML, content_type="image/png"),
     "Nội dung tệp không phải PDF, JPG hoặc PNG (tệp bị đổi tên hoặc hỏng)"),
])
def test_filing_refuses_by_content_next_to_the_field(client, world, upload, reason):
    response = client.post(URL, {**FILED, "doc-d1": upload, "doc-d2": pdf_file()})
    assert response.status_code == 422
    html = response.content.decode()
    assert reason in field_block(html, "doc-d1")
    assert "Đã đính kèm" not in field_block(html, "doc-d1")  # the refused file is not kept
    assert "Đã đính kèm" in field_block(html, "doc-d2")
    nothing_written()


def test_a_real_image_is_accepted_whatever_the_browser_declares(client, world):
    scan = SimpleUploadedFile("cccd.png", png(), content_type="application/octet-stream")
    response = client.post(URL, {**FILED, "doc-d1": pdf_file(), "doc-d2": scan})
    assert response.status_code == 302
    assert DossierDocument.objects.get(doc_code="d2").content_type == "image/png"


def test_filing_refuses_a_file_over_the_size_limit(client, world, settings):
    settings.LOCALGOV_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    big = SimpleUploadedFile("to-khai.pdf", PDF + b"0" * (3 * 1024 * 1024), content_type="application/pdf")
    response = client.post(URL, {**FILED, "doc-d1": big, "doc-d2": pdf_file()})
    assert response.status_code == 422
    assert "Tệp quá lớn (3 MB); mỗi tệp tối đa 2 MB." in field_block(response.content.decode(), "doc-d1")
    nothing_written()


def test_filing_refuses_files_over_the_count_limit(client, world, settings):
    settings.LOCALGOV_MAX_UPLOAD_COUNT = 1
    response = client.post(URL, {**FILED, "doc-d1": pdf_file("a.pdf"), "doc-d2": pdf_file("b.pdf")})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Quá nhiều tệp đính kèm (2); mỗi lần nộp tối đa 1 tệp." in field_block(html, "doc-d2")
    nothing_written()


def test_the_counter_refuses_a_disguised_scan(client, world):
    user = create_user(username="mot-cua-ba-dinh", password=None)
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
    client.force_login(user)
    form = {"thu_tuc": "1.004873", "competent_commune": BA_DINH, "applicant_name": "Trần Thị Bình",
            "applicant_id_number": "001190012345", "return_method": "centre", "idem": "c1", "presented": ["d2"]}
    scan = SimpleUploadedFile("to-khai.pdf", HTML, content_type="application/pdf")
    response = client.post("/can-bo/tiep-nhan/", {**form, "scan-d1": scan})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_scan-d1_error"' in html and "Nội dung tệp là một trang web" in html
    nothing_written()


def to_supplement(file_online, staff):
    sub = file_online("1.004873")
    d = services.request_supplement(dossier_id=sub.dossier.pk, version=1, actor=staff(BA_DINH)["specialist"],
                                    missing=["Giấy xác nhận tình trạng hôn nhân cũ"])
    return sub, d


def test_a_supplement_refused_by_content_changes_nothing(client, file_online, staff):
    sub, d = to_supplement(file_online, staff)
    before = (DossierDocument.objects.count(), DossierEvent.objects.count(), len(media_files()))
    opened(client, sub)
    bad = SimpleUploadedFile("xac-nhan.pdf", EXE, content_type="application/pdf")
    response = client.post(f"/ho-so/{d.code}/bo-sung/", {"version": d.version, "sup-0": bad})
    assert response.status_code == 422
    assert 'id="id_sup-0_error">Nội dung tệp là một chương trình' in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).state == State.SUPPLEMENT_REQUESTED
    assert (DossierDocument.objects.count(), DossierEvent.objects.count(), len(media_files())) == before


def test_the_store_path_checks_again_and_rolls_the_supplement_back(client, file_online, staff):
    """A file changed in the temporary store after it was accepted (or any other caller of the
    engine's store) is refused where documents are written: the transition is rolled back."""
    sub, d = to_supplement(file_online, staff)
    opened(client, sub)
    kept = client.post(f"/ho-so/{d.code}/bo-sung/", {"version": d.version, "sup-0": pdf_file(), "note": "x" * 2001})
    assert kept.status_code == 422 and "Đã đính kèm" in kept.content.decode()  # refused for the note, file kept
    before = (DossierDocument.objects.count(), DossierEvent.objects.count(), len(media_files()))
    stored = next(iter(client.session[SESSION_FILES][f"sup:{d.code}"].values()))
    Path(stored["path"]).write_bytes(HTML)
    response = client.post(f"/ho-so/{d.code}/bo-sung/", {"version": d.version, "note": ""})
    assert response.status_code == 422
    assert "Nội dung tệp là một trang web" in response.content.decode()
    assert Dossier.objects.get(pk=d.pk).state == State.SUPPLEMENT_REQUESTED
    assert (DossierDocument.objects.count(), DossierEvent.objects.count(), len(media_files())) == before


def test_the_api_refuses_by_content_and_count(db, world, settings):
    from django.test import Client

    from localgov.access.tokens import issue_token

    user = create_user(username="he-thong-khac", password=None)
    _, token = issue_token(user=user, name="test", scopes=["dossiers:read", "dossiers:write"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def post(documents: list[tuple[str, bytes, str]]):
        body = {"procedure_code": "1.004873", "channel": 2, "competent_commune_code": BA_DINH,
                "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
                "documents": [{"doc_code": c, "name": f"{c}.pdf", "content_type": t,
                               "content_base64": base64.b64encode(b).decode()} for c, b, t in documents]}
        return client.post("/api/v1/dossiers/", data=json.dumps(body), content_type="application/json")

    bad = post([("d1", PDF, "application/pdf"), ("d2", EXE, "application/pdf")])
    assert bad.status_code == 422
    assert "Nội dung tệp là một chương trình" in bad.json()["fields"]["documents.1"][0]
    html = post([("d1", HTML, "image/png"), ("d2", PDF, "application/pdf")])
    assert "Nội dung tệp là một trang web" in html.json()["fields"]["documents.0"][0]
    settings.LOCALGOV_MAX_UPLOAD_COUNT = 2
    many = post([("d1", PDF, "application/pdf"), ("d2", PDF, "application/pdf"), ("d3", PDF, "application/pdf")])
    assert many.status_code == 422
    assert many.json()["fields"]["documents"] == ["Quá nhiều tệp đính kèm (3); mỗi lần nộp tối đa 2 tệp."]
    nothing_written()
    # content decides: a real PNG declared as a PDF is stored as what it is
    ok = post([("d1", PDF, "application/pdf"), ("d2", png(), "application/pdf")])
    assert ok.status_code == 201, ok.content
    assert DossierDocument.objects.get(doc_code="d2").content_type == "image/png"


def test_session_keeps_no_refused_file(client, world):
    client.post(URL, {**FILED, "doc-d1": SimpleUploadedFile("x.pdf", EXE, content_type="application/pdf")})
    assert not any(client.session.get(SESSION_FILES, {}).values())
