"""The JSON API at /api/v1, assembled from each domain app's router. OpenAPI at
/api/openapi.json, interactive docs at /api/docs. Every error answer has one format,
`{"code", "message", "fields"}` with Vietnamese messages (core/api_errors.py), and every operation
declares the error answers it can give."""

from __future__ import annotations

from typing import Any

from django.core import signals
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from localgov.catalog.api import router as catalog_router
from localgov.core import api_errors as errors
from localgov.core.errors import DomainError, error_headers
from localgov.dossiers.api import router as dossiers_router
from localgov.feedback.api import router as complaints_router
from localgov.followup.api import router as followup_router
from localgov.oversight.api import router as oversight_router
from localgov.oversight.centres_api import router as centres_router
from localgov.payouts.api import router as payouts_router
from localgov.reconcile.api import router as reconcile_router
from localgov.units.api import router as units_router
from localgov.workcalendar.api import router as calendar_router


class LocalgovAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "ErrorOut" not in components:
            components["ErrorOut"] = errors.ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        errors.document_frame_errors(schema, "#/components/schemas/ErrorOut")
        return schema


api = LocalgovAPI(
    title="localgov API",
    version="1",
    description="Một cửa và giám sát chính quyền địa phương hai cấp / one-stop shop and oversight. "
                "Mọi lỗi trả về cùng một dạng JSON: `{\"code\", \"message\", \"fields\"}` — `code` ổn định cho máy, "
                "`message` tiếng Việt cho người, `fields` thông báo theo từng trường.",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI's files come from django-ninja's own static files ("ninja" in INSTALLED_APPS),
    # served by this server (WhiteNoise): no CDN, the docs work offline. No online validator
    # (its badge would be fetched from swagger.io).
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    response = api.create_response(request, exc.as_dict(), status=exc.http_status)
    for name, value in error_headers(exc).items():
        response[name] = value
    return response


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields = errors.validation_fields(exc.errors)
    return api.create_response(request, errors.body(422, code="validation_failed", message="Dữ liệu không hợp lệ.",
                                                    fields=fields), status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """The framework's own errors: a body it cannot parse (400), authentication (401/403),
    throttling (429) — their English text replaced by the Vietnamese one."""
    status = exc.status_code
    if status == 400 and str(exc).startswith("Cannot parse request body"):
        payload = errors.body(400, code="malformed_body",
                              message="Nội dung yêu cầu không phải JSON hợp lệ (UTF-8).")
    else:
        payload = errors.body(status)
    return api.create_response(request, payload, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, errors.body(404, message="Không tìm thấy."), status=404)


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything else. A body over the size limit (413) and a request Django finds suspicious
    (400) are the caller's; the rest is a server error (500): logged with its traceback and the
    request id, signalled as Django signals an unhandled exception (so the test client raises
    it), answered in the one format."""
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, errors.body(413), status=413)
    if isinstance(exc, SuspiciousOperation):
        return api.create_response(request, errors.body(400), status=400)
    errors.log.error("api: server error on %s %s", request.method, request.path, exc_info=exc,
                     extra={"request_id": getattr(request, "request_id", "")})
    signals.got_request_exception.send(sender=None, request=request)
    return api.create_response(request, errors.body(500), status=500)


def _mount() -> None:

    api.add_router("/v1/units", units_router)
    api.add_router("/v1/calendar", calendar_router)
    api.add_router("/v1/dossiers", dossiers_router)

    api.add_router("/v1/catalog", catalog_router)
    api.add_router("/v1/payouts", payouts_router)
    api.add_router("/v1/complaints", complaints_router)
    api.add_router("/v1/followup", followup_router)
    api.add_router("/v1/oversight", oversight_router)
    api.add_router("/v1/reconcile", reconcile_router)
    api.add_router("/v1/centres", centres_router)


_mount()
