"""GET /procedures, /procedures/{code}, /fields, /bundles, /bundles/{code}: shapes, 404 and 422.

Uses /api/v1/catalog when the lead has mounted the router; otherwise a test-only NinjaAPI with
the same error mapping as api/api.py."""

from functools import cache

import pytest
from django.urls import Resolver404, resolve

pytestmark = pytest.mark.django_db
PREFIX = "/api/v1/catalog"


@cache
def _test_client():
    from ninja import NinjaAPI
    from ninja.testing import TestClient

    from localgov.catalog.api import router
    from localgov.core.errors import DomainError

    api = NinjaAPI(urls_namespace="catalog_test_api")

    @api.exception_handler(DomainError)
    def _domain_error(request, exc):
        return api.create_response(request, exc.as_dict(), status=exc.http_status)

    api.add_router("/", router)
    return TestClient(api)


@pytest.fixture
def get(client):
    try:
        resolve(f"{PREFIX}/fields")
        mounted = True
    except Resolver404:
        mounted = False

    def do(path, params=None):
        if mounted:
            return client.get(PREFIX + path, params or {})
        return _test_client().get(path, query_params=params or {})

    return do


def test_search(catalog, get):
    r = get("/procedures", {"q": "dang ky khai sinh", "limit": 3})
    assert r.status_code == 200
    body = r.json()
    assert body[0]["code"] == "1.001193" and body[0]["field_name"] == "Hộ tịch" and len(body) <= 3


def test_detail_and_404(catalog, get):
    r = get("/procedures/1.013831")
    assert r.status_code == 200
    body = r.json()
    assert body["clock_stops"] == ["financial_obligation"]
    assert float(body["deadline"]["value"]) == 8 and body["deadline"]["basis"]
    assert [s["order"] for s in body["steps"]] == [1, 2, 3, 4, 5, 6]
    missing = get("/procedures/9.999999")
    assert missing.status_code == 404 and missing.json()["code"] == "procedure_not_found"


def test_fields_and_bundles(catalog, get):
    assert {"slug": "land", "name_vi": "Đất đai", "name_en": "Land"} in get("/fields").json()
    bundles = get("/bundles").json()
    assert "2.002621" in {b["code"] for b in bundles}
    group1 = get("/bundles/2.002621").json()
    assert [m["procedure_code"] for m in group1["members"]] == ["1.001193", "1.004222", "1.014137"]
    assert get("/bundles/NOPE").status_code == 404


def test_bad_query_is_422(catalog, get):
    assert get("/procedures", {"limit": 0}).status_code == 422
    assert get("/procedures", {"level": "district"}).status_code == 422


def test_openapi_documents_404_and_422(client):
    try:
        resolve(f"{PREFIX}/fields")
        schema = client.get("/api/openapi.json").json()
        prefix = PREFIX
    except Resolver404:
        schema = _test_client().router_or_app.get_openapi_schema(path_prefix="/api")
        prefix = "/api"
    paths = schema["paths"]
    detail = {str(k) for k in paths[f"{prefix}/procedures/{{code}}"]["get"]["responses"]}
    assert "404" in detail
    assert "422" in {str(k) for k in paths[f"{prefix}/procedures"]["get"]["responses"]}
