from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

import localgov


def health(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness: the app answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        db_ok = True
    except Exception:  # noqa: BLE001 - report any database failure as not ready
        db_ok = False
    return JsonResponse(
        {"status": "ok" if db_ok else "degraded", "database": connection.vendor if db_ok else "unreachable",
         "version": localgov.__version__},
        status=200 if db_ok else 503,
    )


# --- Error pages: Vietnamese, in the site's layout (error.html extends base.html), with the
# reason and a way back (home; sign in, or the person's own home). -----------------------------

def error_page(request: HttpRequest | None, status: int, title: str, message: str) -> HttpResponse:
    """The error page. Without a request (the 500 page) no context processor runs, so nothing
    touches the database or the session: the page renders even when they are what failed."""
    context = {"status": status, "title": title, "message": message}
    if request is None:
        return HttpResponse(render_to_string("error.html", context), status=status)
    return render(request, "error.html", context, status=status)


def _message(exception: BaseException | None) -> str:
    """The exception's own message when it is one (our views raise them in Vietnamese)."""
    if exception is None:
        return ""
    text = getattr(exception, "message", None)
    if isinstance(text, str) and text:
        return text
    args = getattr(exception, "args", ())
    return args[0] if args and isinstance(args[0], str) else ""


@requires_csrf_token
def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    # The reason of a 400 (a suspicious request) is not shown: it may disclose what was checked.
    return error_page(request, 400, _("Yêu cầu không hợp lệ"),
                      _("Máy chủ không hiểu yêu cầu này (địa chỉ hoặc dữ liệu gửi lên không hợp lệ). "
                        "Vui lòng quay lại trang trước hoặc mở lại từ trang chủ."))


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    reason = _message(exception) or _("Bạn không có quyền mở trang này.")
    return error_page(request, 403, _("Không có quyền truy cập"), reason)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    reason = _message(exception) or _("Không tìm thấy trang bạn yêu cầu. Địa chỉ có thể đã thay đổi hoặc bị gõ sai.")
    return error_page(request, 404, _("Không tìm thấy"), reason)


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    return error_page(None, 500, _("Lỗi hệ thống"),
                      _("Hệ thống gặp sự cố khi xử lý yêu cầu này; lỗi đã được ghi lại. Vui lòng thử lại sau ít "
                        "phút. Dữ liệu bạn đã gửi trước đó không bị mất."))


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a form sent without its valid security token (an old page,
    cookies blocked, or a form from another site)."""
    return error_page(request, 403, _("Biểu mẫu đã hết hiệu lực"),
                      _("Biểu mẫu này đã cũ hoặc trình duyệt đang chặn cookie, nên hệ thống không nhận. Vui lòng "
                        "tải lại trang, nhập lại và gửi lần nữa (bật cookie cho trang này nếu đã tắt)."))
