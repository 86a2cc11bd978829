"""What an uploaded file IS, from its bytes — never from its name or the type the browser or
the calling system declared (a renamed program or web page is refused) — plus the limits
(size per file, files per submission) and the names used to store and serve it. Pure: no
Django, so it is tested on its own and called by every path that stores a document
(`submission._store_documents`, the portal's temporary store, the API).

Accepted: PDF and images of papers (Circular 01/2023/TT-VPCP on digitising dossiers uses PDF;
scans may be JPEG or PNG) — the three formats the procedures' forms ask for. Signatures:
PDF — the header line `%PDF-1.n` / `%PDF-2.0` (ISO 32000-2 §7.5.2); JPEG — the SOI marker
FF D8 followed by another marker (ITU-T T.81 Annex B); PNG — the 8-byte signature followed by
the IHDR chunk, which must come first (PNG specification §5.2, §11.2.2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from localgov.core.errors import ValidationFailed

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_COUNT = 20


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    label: str


PDF = Kind("application/pdf", ".pdf", "PDF")
JPEG = Kind("image/jpeg", ".jpg", "JPG")
PNG = Kind("image/png", ".png", "PNG")
KINDS: tuple[Kind, ...] = (PDF, JPEG, PNG)
#: Content types a browser may show inline (the document opens in a tab); anything else is
#: served as an attachment.
INLINE_TYPES = frozenset(k.content_type for k in KINDS)
#: Extensions that name the same kind (a scan called «scan.jpeg» keeps its name).
_ALIASES = {".jpeg": JPEG, ".jpe": JPEG, ".jfif": JPEG}

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: Recognisable things that are not documents, to say what the file really is.
_IMPOSTORS: tuple[tuple[tuple[bytes, ...], str], ...] = (
    ((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!"), "một chương trình hoặc tệp lệnh"),
    ((b"<!doctype", b"<html", b"<?xml", b"<svg", b"<script", b"<head", b"<body", b"<iframe"),
     "một trang web (HTML/XML/SVG)"),
    ((b"PK\x03\x04",), "một tệp nén hoặc tệp Office (ZIP, DOCX, XLSX)"),
    ((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b"), "một tệp nén"),
    ((b"GIF8", b"II*\x00", b"MM\x00*", b"RIFF", b"BM"), "một định dạng ảnh không được nhận (GIF, TIFF, WEBP, BMP)"),
)


def sniff(content: bytes) -> Kind | None:
    """The kind of `content` from its first bytes, or None when it is none of PDF, JPEG, PNG."""
    if _PDF_HEADER.match(content):
        return PDF
    if len(content) >= 4 and content[:3] == b"\xff\xd8\xff" and 0xC0 <= content[3] <= 0xFE:
        return JPEG
    if content.startswith(_PNG_SIGNATURE) and content[12:16] == b"IHDR":
        return PNG
    return None


def _impostor(content: bytes) -> str | None:
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for signatures, what in _IMPOSTORS:
        if any(head.startswith(s.lower()) for s in signatures):
            return what
    return None


def _megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


def size_problem(size: int, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    if size <= 0:
        return "Tệp rỗng."
    if size > max_bytes:
        return f"Tệp quá lớn ({_megabytes(size)} MB); mỗi tệp tối đa {_megabytes(max_bytes)} MB."
    return None


def content_problem(content: bytes) -> str | None:
    """None if `content` is a PDF, JPEG or PNG, else why not (Vietnamese, for the form)."""
    if not content:
        return "Tệp rỗng."
    if sniff(content) is not None:
        return None
    what = _impostor(content)
    if what:
        return f"Nội dung tệp là {what}, không phải giấy tờ; chỉ nhận tệp PDF, JPG hoặc PNG."
    return "Nội dung tệp không phải PDF, JPG hoặc PNG (tệp bị đổi tên hoặc hỏng); chỉ nhận tệp PDF, JPG hoặc PNG."


def problem(content: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The first reason to refuse `content` (size, then content), or None."""
    return size_problem(len(content), max_bytes=max_bytes) or content_problem(content)


def count_problem(count: int, *, max_count: int = DEFAULT_MAX_COUNT) -> str | None:
    if count > max_count:
        return f"Quá nhiều tệp đính kèm ({count}); mỗi lần nộp tối đa {max_count} tệp."
    return None


def require_kinds(contents: list[bytes]) -> list[Kind]:
    """The kind of each file; if any is refused, ValidationFailed naming each refused file
    (`documents.<index>`) — raised before the caller writes anything."""
    kinds: list[Kind] = []
    refused: dict[str, list[str]] = {}
    for i, content in enumerate(contents):
        kind = sniff(content)
        if kind is None:
            refused[f"documents.{i}"] = [content_problem(content) or "Tệp không hợp lệ."]
        else:
            kinds.append(kind)
    if refused:
        raise ValidationFailed("Tệp đính kèm không hợp lệ; xem thông báo bên cạnh từng tệp.", fields=refused)
    return kinds


_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')


def display_name(name: str, kind: Kind | None, *, fallback: str = "giay-to") -> str:
    """A safe file name for storing and serving: no path, no control or reserved characters,
    NFC, at most 120 characters, ending with the extension of what the file really is
    («scan.exe» holding a PDF is served as «scan.exe.pdf»)."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", base).strip(" ._") or fallback
    if kind is not None:
        stem, dot, ext = base.rpartition(".")
        ext = f".{ext.lower()}" if dot else ""
        if ext != kind.extension and _ALIASES.get(ext) is not kind:
            base = f"{base}{kind.extension}"
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = f"{stem[: 119 - len(ext)]}.{ext}" if dot and len(ext) < 10 else base[:120]
    return base


def ascii_name(name: str) -> str:
    """The Vietnamese name without diacritics (đ → d), for clients that ignore `filename*`."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._ ()-]+", "_", plain).strip() or "giay-to"


def content_disposition(name: str, *, attachment: bool) -> str:
    """`inline` or `attachment` with an ASCII fallback `filename` and the exact UTF-8 name in
    `filename*` (RFC 6266 §4.3, RFC 8187), so «Giấy khai sinh.pdf» keeps its diacritics."""
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
