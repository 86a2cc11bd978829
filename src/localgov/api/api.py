"""The JSON API at /api/v1, assembled from each domain app's router. OpenAPI at
/api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError as NinjaValidationError

from localgov.core.errors import DomainError, error_headers

api = NinjaAPI(
    title="localgov API",
    version="1",
    description="Một cửa và giám sát chính quyền địa phương hai cấp / one-stop shop and oversight.",
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
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload")]
        fields.setdefault(".".join(loc) or "_", []).append(str(err.get("msg", "invalid")))
    body = {"code": "validation_failed", "message": "Dữ liệu không hợp lệ.", "fields": fields}
    return api.create_response(request, body, status=422)


def _mount() -> None:
    from localgov.dossiers.api import router as dossiers_router
    from localgov.units.api import router as units_router
    from localgov.workcalendar.api import router as calendar_router

    api.add_router("/v1/units", units_router)
    api.add_router("/v1/calendar", calendar_router)
    api.add_router("/v1/dossiers", dossiers_router)
    from localgov.catalog.api import router as catalog_router
    from localgov.payouts.api import router as payouts_router

    api.add_router("/v1/catalog", catalog_router)
    api.add_router("/v1/payouts", payouts_router)


_mount()
