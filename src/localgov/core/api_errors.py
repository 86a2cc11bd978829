"""The API's one error format, for every error: `{"code", "message", "fields"}` — `code` stable
for machines, `message` Vietnamese for people, `fields` a Vietnamese message per bad field
(`core.errors.DomainError.as_dict`). The domain errors map to it in api/api.py; this module
gives the same shape to what the framework answers itself — a body that is not JSON, a
parameter that does not validate (pydantic's English messages put into Vietnamese), an unknown
address, a method the address does not take, a body too large, a server error — and the
OpenAPI declarations of those answers (`FRAME_ERRORS`)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Schema

log = logging.getLogger("localgov.api")


class ErrorOut(Schema):
    """Every API error: `code` (stable, English), `message` (Vietnamese), `fields` (field → messages)."""

    code: str
    message: str
    fields: dict[str, list[str]] = {}


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """`response={200: X, **errors(403, 404)}`: the error answers an endpoint declares."""
    return dict.fromkeys(statuses, ErrorOut)


#: What any operation can answer whatever its handler does, declared in the OpenAPI by
#: `document_frame_errors`: 400 a body that is not JSON (operations with a body), 404 an address
#: whose path parameter does not route (operations with one; e.g. a "/" in it), 422 parameters
#: or body that do not validate (operations with either), 413 a body over the size limit, 429
#: too many requests, 500 a server error — all in the one format.
FRAME_ERRORS = {"body": (400, 413), "path": (404,), "input": (422,), "any": (429, 500)}

MESSAGES = {
    400: ("bad_request", "Yêu cầu không hợp lệ."),
    401: ("unauthenticated", "Cần đăng nhập hoặc mã truy cập API hợp lệ."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", "Không có địa chỉ API này."),
    405: ("method_not_allowed", "Địa chỉ này không nhận phương thức {method}."),
    413: ("too_large", "Nội dung yêu cầu quá lớn."),
    429: ("rate_limited", "Quá nhiều yêu cầu; vui lòng thử lại sau."),
    500: ("server_error", "Lỗi máy chủ; lỗi đã được ghi lại, vui lòng thử lại sau."),
}


def body(status: int, *, method: str = "", message: str | None = None, code: str | None = None,
         fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    default_code, default_message = MESSAGES.get(status, ("error", "Yêu cầu không thực hiện được."))
    return {"code": code or default_code, "message": message or default_message.format(method=method),
            "fields": fields or {}}


def json_response(status: int, payload: dict[str, Any]) -> HttpResponse:
    return HttpResponse(json.dumps(payload, ensure_ascii=False), status=status,
                        content_type="application/json; charset=utf-8")


# --- validation messages in Vietnamese --------------------------------------------------------

_TEMPLATES: dict[str, str] = {
    "missing": "Bắt buộc.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "float_parsing": "Phải là số.",
    "float_type": "Phải là số.",
    "finite_number": "Phải là số hữu hạn.",
    "decimal_parsing": "Phải là số.",
    "decimal_type": "Phải là số.",
    "bool_parsing": "Phải là true hoặc false.",
    "bool_type": "Phải là true hoặc false.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_unicode": "Phải là chuỗi ký tự Unicode hợp lệ.",
    "string_too_short": "Tối thiểu {min_length} ký tự.",
    "string_too_long": "Tối đa {max_length} ký tự.",
    "string_pattern_mismatch": "Không đúng định dạng.",
    "literal_error": "Phải là một trong: {expected}.",
    "enum": "Phải là một trong: {expected}.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "too_short": "Tối thiểu {min_length} mục.",
    "too_long": "Tối đa {max_length} mục.",
    "list_type": "Phải là một danh sách.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "datetime_parsing": "Ngày giờ không hợp lệ (ISO 8601, ví dụ 2025-08-04T09:00:00+07:00).",
    "datetime_from_date_parsing": "Ngày giờ không hợp lệ (ISO 8601, ví dụ 2025-08-04T09:00:00+07:00).",
    "datetime_type": "Ngày giờ không hợp lệ (ISO 8601, ví dụ 2025-08-04T09:00:00+07:00).",
    "date_parsing": "Ngày không hợp lệ (YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (YYYY-MM-DD).",
    "date_type": "Ngày không hợp lệ (YYYY-MM-DD).",
    "json_invalid": "Không phải JSON hợp lệ.",
    "json_type": "Không phải JSON hợp lệ.",
    "extra_forbidden": "Trường này không được phép.",
}


def vietnamese(error: dict[str, Any]) -> str:
    """One pydantic error as a Vietnamese message (its own text for the project's validators,
    which already speak Vietnamese: `value_error` carries the message they raised)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error") or error.get("msg", ""))
        return text.removeprefix("Value error, ").removeprefix("Assertion failed, ") or "Giá trị không hợp lệ."
    template = _TEMPLATES.get(kind)
    if template is None:
        return "Giá trị không hợp lệ."
    if "expected" in ctx:
        ctx = {**ctx, "expected": str(ctx["expected"]).replace("' or '", "', '")}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template.split("{")[0].rstrip(" :") + "."


def validation_fields(errors: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "header",
                                                              "filters")]
        messages = fields.setdefault(".".join(loc) or "_", [])
        text = vietnamese(err)
        if text not in messages:
            messages.append(text)
    return fields


# --- OpenAPI ---------------------------------------------------------------------------------

def document_frame_errors(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    """Add FRAME_ERRORS to every operation of the OpenAPI `schema` (in place; returned), each
    answering the error schema at `ref`, where the operation does not declare them already."""
    descriptions = {400: "Nội dung không phải JSON hợp lệ", 404: "Không có địa chỉ này",
                    413: "Nội dung quá lớn", 422: "Dữ liệu không hợp lệ", 429: "Quá nhiều yêu cầu",
                    500: "Lỗi máy chủ"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            params = operation.get("parameters") or []
            statuses = list(FRAME_ERRORS["any"])
            if "requestBody" in operation:
                statuses += FRAME_ERRORS["body"]
            if params or "requestBody" in operation:
                statuses += FRAME_ERRORS["input"]
            if any(p.get("in") == "path" for p in params):
                statuses += FRAME_ERRORS["path"]
            responses = operation["responses"]
            for status in sorted(statuses):
                # ninja keys its own answers by int: one key per status, or the JSON document has
                # the status twice (a duplicated key, which Swagger UI's parser refuses).
                if status in responses or str(status) in responses:
                    continue
                responses.setdefault(str(status), {
                    "description": descriptions[status],
                    "content": {"application/json": {"schema": {"$ref": ref}}},
                })
    return schema


# --- answers the framework gives outside the handlers ----------------------------------------

def _nul_in(value: Any, at: str, out: list[str]) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            out.append(at or "_")
    elif isinstance(value, dict):
        for k, v in value.items():
            _nul_in(k, at or "_", out)
            _nul_in(v, f"{at}.{k}" if at else str(k), out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _nul_in(v, f"{at}.{i}" if at else str(i), out)


def nul_fields(request: HttpRequest) -> list[str]:
    """Where a request to the API carries a NUL character (0x00): the path, a query parameter, a
    JSON string. PostgreSQL refuses NUL in text, so it reached the database as a server error;
    it is refused up front instead, on both databases, with the fields named."""
    out: list[str] = []
    if "\x00" in request.path:
        out.append("path")
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            out.append(key.replace("\x00", "") or "_")
    try:
        raw = request.body
    except Exception:  # noqa: BLE001 - too large or unreadable: the API answers it (413, 400)
        return out
    if b"\\u0000" in raw:
        try:
            data = json.loads(raw)
        except ValueError:
            return out  # not JSON: the API's malformed-body answer
        _nul_in(data, "", out)
    return sorted(set(out))


class ApiErrorMiddleware:
    """Under /api/: an error answer that is not JSON (Django's 404 for an unknown address, the
    405 of a method the address does not take, a 500 page, a 413) is given the API's format,
    keeping its status and headers (Allow, X-Request-ID). In both middleware lanes (settings)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            where = nul_fields(request)
            if where:
                return json_response(422, body(422, code="validation_failed", fields=dict.fromkeys(
                    where, ["Không được chứa ký tự NUL (0x00)."]),
                    message="Dữ liệu chứa ký tự NUL (0x00), không được nhận."))
        response = self.get_response(request)
        if (response.status_code >= 400 and request.path.startswith("/api/")
                and not response.get("Content-Type", "").startswith("application/json")):
            payload = body(response.status_code, method=request.method or "")
            if response.status_code == 405 and response.get("Allow"):
                payload["message"] += f" Phương thức được nhận: {response['Allow']}."
            if getattr(response, "streaming", False):  # pragma: no cover - no streamed error answers
                return json_response(response.status_code, payload)
            response.content = json.dumps(payload, ensure_ascii=False).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
        return response
