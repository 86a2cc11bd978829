"""dossiers/uploads.py on its own: a file's kind comes from its bytes (real PDF, JPEG and PNG
files are accepted whatever they are called; a renamed program or web page is refused with
what it really is), the limits, and the names a document is served under."""

from __future__ import annotations

import io
import subprocess
import sys
from urllib.parse import unquote

import pytest
from PIL import Image

from localgov.core.errors import ValidationFailed
from localgov.dossiers import uploads


def image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format=fmt)
    return buf.getvalue()


def real_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Giấy khai sinh</p>").write_pdf()


def test_real_files_are_recognised_by_their_bytes():
    assert uploads.sniff(real_pdf()) is uploads.PDF
    assert uploads.sniff(image("JPEG")) is uploads.JPEG
    assert uploads.sniff(image("PNG")) is uploads.PNG
    for content in (real_pdf(), image("JPEG"), image("PNG")):
        assert uploads.problem(content) is None


@pytest.mark.parametrize(("content", "what"), [
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "một chương trình"),  # a Windows .exe renamed .pdf
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "một chương trình"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "một trang web"),
    (b"\xef\xbb\xbf  <html><body onload=x()>", "một trang web"),  # BOM and spaces before the tag
    (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "một trang web"),
    (b"PK\x03\x04\x14\x00\x06\x00", "tệp nén hoặc tệp Office"),
    (b"GIF89a\x01\x00\x01\x00", "định dạng ảnh không được nhận"),
])
def test_impostors_are_refused_and_named(content, what):
    assert uploads.sniff(content) is None
    reason = uploads.problem(content)
    assert reason is not None and what in reason and "chỉ nhận tệp PDF, JPG hoặc PNG" in reason


def test_a_signature_alone_is_not_enough():
    # the PNG signature without its IHDR chunk, "%PDF" without a version, FF D8 FF FF
    for content in (b"\x89PNG\r\n\x1a\n<html>", b"%PDF<html>", b"\xff\xd8\xff\xff<html>", b"text %PDF-1.4"):
        assert uploads.sniff(content) is None
        assert "không phải PDF, JPG hoặc PNG" in uploads.problem(content)


def test_size_and_count_limits():
    assert uploads.problem(b"") == "Tệp rỗng."
    assert uploads.problem(real_pdf(), max_bytes=100) == (
        f"Tệp quá lớn ({uploads._megabytes(len(real_pdf()))} MB); mỗi tệp tối đa 0 MB.")
    assert uploads.size_problem(12_900_000, max_bytes=10 * 1024 * 1024) == (
        "Tệp quá lớn (12,3 MB); mỗi tệp tối đa 10 MB.")
    assert uploads.size_problem(10 * 1024 * 1024, max_bytes=10 * 1024 * 1024) is None
    assert uploads.count_problem(20, max_count=20) is None
    assert uploads.count_problem(21, max_count=20) == "Quá nhiều tệp đính kèm (21); mỗi lần nộp tối đa 20 tệp."


def test_require_kinds_names_every_refused_file_before_anything():
    with pytest.raises(ValidationFailed) as exc:
        uploads.require_kinds([real_pdf(), b"<html>", image("PNG"), b"MZ"])
    assert set(exc.value.fields) == {"documents.1", "documents.3"}
    assert uploads.require_kinds([image("JPEG"), real_pdf()]) == [uploads.JPEG, uploads.PDF]


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Giấy khai sinh.pdf", uploads.PDF, "Giấy khai sinh.pdf"),
    ("scan.exe", uploads.PDF, "scan.exe.pdf"),  # a PDF called .exe is served as a PDF
    ("ảnh.JPEG", uploads.JPEG, "ảnh.JPEG"),
    ("ảnh.png", uploads.JPEG, "ảnh.png.jpg"),
    ("../../etc/passwd", uploads.PDF, "passwd.pdf"),
    ('C:\\Users\\An\\"tờ khai"\r\n.pdf', uploads.PDF, "tờ khai_.pdf"),
    ("", uploads.PNG, "giay-to.png"),
    ("a" * 300 + ".pdf", uploads.PDF, "a" * 116 + ".pdf"),
])
def test_display_names_are_safe_and_end_with_the_real_extension(name, kind, expected):
    assert uploads.display_name(name, kind) == expected


def test_content_disposition_carries_the_exact_vietnamese_name():
    name = "Giấy chứng nhận đăng ký kết hôn (bản sao).pdf"
    header = uploads.content_disposition(name, attachment=False)
    assert header.isascii()  # an HTTP header: the UTF-8 name is percent-encoded (RFC 8187)
    kind, *params = [p.strip() for p in header.split(";")]
    values = dict(p.split("=", 1) for p in params)
    assert kind == "inline"
    assert values["filename"] == '"Giay chung nhan dang ky ket hon (ban sao).pdf"'  # ASCII fallback
    charset, _language, encoded = values["filename*"].split("'", 2)
    assert charset == "UTF-8" and unquote(encoded, encoding="utf-8") == name
    assert uploads.content_disposition("Đơn.pdf", attachment=True).startswith('attachment; filename="Don.pdf"')


def test_the_module_imports_no_django():
    code = ("import sys\nimport localgov.dossiers.uploads\n"
            "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)
