"""Opening a dossier's uploaded document (the scans the officers appraise): for the applicant
(portal, with the receipt's secret) and for the officers in charge (office). A scan cannot be
masked, so it opens only for those who see the applicant's personal data in full
(`policy.sees_personal_data`: the applicant and the counter officers, specialists and
approvers of the dossier's units — not overseers), and every opening is recorded
(`access.personal_data.record_document_access`).

The type served is what the stored bytes are (`dossiers.uploads.sniff`), never what was
declared: PDF and images open in the browser (inline), anything else — only files stored
before content checks existed — downloads as an opaque attachment. `nosniff` stops the
browser from guessing otherwise; the name is sent both as ASCII and as exact UTF-8.
"""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from localgov.access.personal_data import record_document_access
from localgov.access.policy import Actor, sees_personal_data
from localgov.dossiers import uploads
from localgov.dossiers.models import Dossier

DENIED = ("Giấy tờ đính kèm chứa dữ liệu cá nhân không che được: chỉ người nộp hồ sơ và công chức tiếp nhận, "
          "xử lý, phê duyệt hồ sơ này được mở.")
NOT_FOUND = "Không tìm thấy tệp giấy tờ này trong hồ sơ."
GONE = "Tệp giấy tờ không còn trên máy chủ; vui lòng liên hệ Bộ phận Một cửa."
PURPOSE_OPEN = "mở giấy tờ"
PURPOSE_DOWNLOAD = "tải giấy tờ"


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "error.html", {"message": message}, status=status)


def document_response(request: HttpRequest, actor: Actor, dossier: Dossier, document_id: int, *,
                      download: bool = False, channel: str = "web") -> HttpResponse:
    """The file of document `document_id` of `dossier`, if `actor` may open it (403 if not,
    404 if the dossier has no such file), the opening recorded."""
    doc = dossier.documents.filter(pk=document_id, presented_on_paper=False).first()
    if doc is None or not doc.file:
        return _refuse(request, NOT_FOUND, 404)
    if not sees_personal_data(actor, dossier):
        return _refuse(request, DENIED, 403)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        return _refuse(request, GONE, 404)
    kind = uploads.sniff(handle.read(16))
    handle.seek(0)
    attachment = download or kind is None
    record_document_access(actor, dossier, doc, purpose=PURPOSE_DOWNLOAD if attachment else PURPOSE_OPEN,
                           request=request, channel=channel)
    response = FileResponse(handle, content_type=kind.content_type if kind else "application/octet-stream")
    name = uploads.display_name(doc.original_name or doc.name, kind, fallback=f"{dossier.code}-{doc.doc_code}")
    response["Content-Disposition"] = uploads.content_disposition(name, attachment=attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
