"""Every API error in the documented format — `{"code", "message", "fields"}`, the message in
Vietnamese — whoever answers it: a body that is not JSON, parameters that do not validate, an
unknown address, a method the address does not take, a body too large, too many requests, a
server error; through both middleware lanes of the WSGI application (a browser's or anonymous
call, and a bearer token's, localgov/wsgi.py). And the three server errors and wrong refusals
found by fuzzing the API, each now a reasoned 4xx or a working answer."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import RequestFactory

from localgov.access.roles import Role

VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def call(app: Callable[..., Any], method: str, path: str, *, body: bytes = b"", token: str | None = None,
         content_type: str = "application/json", query: str = "", **meta: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one call to the WSGI `app`; `meta`: more environ entries."""
    environ = RequestFactory()._base_environ(
        PATH_INFO=path, REQUEST_METHOD=method, QUERY_STRING=query, CONTENT_TYPE=content_type,
        CONTENT_LENGTH=str(len(body)), **{"wsgi.input": io.BytesIO(body)}, **meta)
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        started["status"], started["headers"] = int(status.split()[0]), dict(headers)

    chunks = app(environ, start_response)
    try:
        content = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    return started["status"], started["headers"], content


def error_of(status: int, headers: dict[str, str], content: bytes, expected: int) -> dict[str, Any]:
    """The error body, checked against the documented format."""
    assert status == expected, (status, content[:300])
    assert headers["Content-Type"].startswith("application/json"), headers
    body = json.loads(content)
    assert set(body) == {"code", "message", "fields"}, body
    assert isinstance(body["code"], str) and body["code"] and isinstance(body["fields"], dict)
    assert VIETNAMESE & set(body["message"].lower()), body["message"]  # a Vietnamese sentence
    for messages in body["fields"].values():
        assert all(VIETNAMESE & set(m.lower()) for m in messages), body["fields"]
    return body


LANES = ["anonymous", "token"]


@pytest.fixture
def lane(request: pytest.FixtureRequest, tokens: dict[str, str]) -> str | None:
    return tokens[Role.COUNTER_OFFICER.value] if request.param == "token" else None


@pytest.mark.parametrize("lane", LANES, indirect=True)
@pytest.mark.parametrize("path", ["/api/v1/dossiers/", "/api/v1/payouts/calc",
                                  "/api/v1/dossiers/X01.00004.01-250804-0001/actions/accept"])
@pytest.mark.parametrize("body", [b"{", b"\x00", b"\xff\xfe", b"{\"version\": 1,}"])
def test_malformed_json_body(wsgi_app: Any, lane: str | None, path: str, body: bytes) -> None:
    got = error_of(*call(wsgi_app, "POST", path, body=body, token=lane), 400)
    assert got["code"] == "malformed_body"
    assert got["message"] == "Nội dung yêu cầu không phải JSON hợp lệ (UTF-8)."


@pytest.mark.parametrize("lane", LANES, indirect=True)
def test_validation_errors_name_each_field_in_vietnamese(wsgi_app: Any, lane: str | None) -> None:
    got = error_of(*call(wsgi_app, "GET", "/api/v1/dossiers/", query="limit=abc&offset=-1&sort=x", token=lane), 422)
    assert got["code"] == "validation_failed"
    assert got["fields"] == {"limit": ["Phải là số nguyên."], "offset": ["Phải lớn hơn hoặc bằng 0."],
                             "sort": ["Phải là một trong: 'due', '-due', 'submitted', '-submitted', 'code'."]}
    body = json.dumps({"version": "x", "rating": 9, "missing": "a"}).encode()
    got = error_of(*call(wsgi_app, "POST", "/api/v1/dossiers/X01.00004.01-250804-0001/actions/rate", body=body,
                         token=lane), 422)
    assert got["fields"] == {"version": ["Phải là số nguyên."], "rating": ["Phải nhỏ hơn hoặc bằng 5."],
                             "missing": ["Phải là một danh sách."]}


@pytest.mark.parametrize("lane", LANES, indirect=True)
@pytest.mark.parametrize("path", ["/api/v2/dossiers/", "/api/v1/nothing", "/api/", "/api/v1/units/provinces/01/x"])
def test_unknown_api_address(wsgi_app: Any, lane: str | None, path: str) -> None:
    got = error_of(*call(wsgi_app, "GET", path, token=lane), 404)
    assert got == {"code": "not_found", "message": "Không có địa chỉ API này.", "fields": {}}


@pytest.mark.parametrize("lane", LANES, indirect=True)
def test_method_not_allowed_keeps_the_allow_header(wsgi_app: Any, lane: str | None) -> None:
    status, headers, content = call(wsgi_app, "DELETE", "/api/v1/units/provinces", token=lane)
    got = error_of(status, headers, content, 405)
    assert got["code"] == "method_not_allowed" and headers["Allow"] == "GET"
    assert got["message"] == "Địa chỉ này không nhận phương thức DELETE. Phương thức được nhận: GET."


@pytest.mark.parametrize("lane", LANES, indirect=True)
def test_body_too_large(wsgi_app: Any, lane: str | None, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    got = error_of(*call(wsgi_app, "POST", "/api/v1/payouts/calc", body=b"{\"a\": \"" + b"x" * 2000 + b"\"}",
                         token=lane), 413)
    assert got["code"] == "too_large"


def test_too_many_requests(wsgi_app: Any, settings: Any, file_online: Any) -> None:
    settings.LOCALGOV_LOOKUP_LIMIT_PER_CLIENT = 2
    code = file_online().dossier.code
    answers = [call(wsgi_app, "GET", f"/api/v1/dossiers/{code}", HTTP_X_DOSSIER_SECRET="WRONG") for _ in range(4)]
    assert answers[0][0] == 404
    got = error_of(*answers[-1], 429)
    assert got["code"] == "rate_limited"


@pytest.mark.parametrize("lane", LANES, indirect=True)
def test_server_error(wsgi_app: Any, lane: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from localgov.units import selectors

    def broken() -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr(selectors, "provinces_with_counts", broken)
    got = error_of(*call(wsgi_app, "GET", "/api/v1/units/provinces", token=lane), 500)
    assert got == {"code": "server_error", "message": "Lỗi máy chủ; lỗi đã được ghi lại, vui lòng thử lại sau.",
                   "fields": {}}


def test_server_error_still_raises_in_the_test_client(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 500 is signalled as Django signals an unhandled exception: a test client sees it."""
    from localgov.units import selectors

    monkeypatch.setattr(selectors, "provinces_with_counts", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        client.get("/api/v1/units/provinces")


def test_the_openapi_declares_the_error_answers(client: Any) -> None:
    schema = client.get("/api/openapi.json").json()
    error_ref = {"$ref": "#/components/schemas/ErrorOut"}
    assert schema["components"]["schemas"]["ErrorOut"]["required"] == ["code", "message"]
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            responses = op["responses"]
            assert {"429", "500"} <= set(responses), (method, path)
            if "requestBody" in op:
                assert {"400", "413", "422"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for status, answer in responses.items():
                if int(status) >= 400:
                    assert answer["content"]["application/json"]["schema"] == error_ref, (method, path, status)


# --- the three found by fuzzing --------------------------------------------------------------

@pytest.mark.parametrize("offset", ["9223372036854775808", "9223372036854775807", "2147483648", "-1"])
def test_a_huge_offset_is_422_not_500(wsgi_app: Any, tokens: dict[str, str], offset: str) -> None:
    token = tokens[Role.NATIONAL_OVERSEER.value]
    got = error_of(*call(wsgi_app, "GET", "/api/v1/dossiers/", query=f"offset={offset}", token=token), 422)
    assert got["fields"] == {"offset": ["Phải nhỏ hơn hoặc bằng 2147483647." if offset != "-1"
                                        else "Phải lớn hơn hoặc bằng 0."]}
    status, _, content = call(wsgi_app, "GET", "/api/v1/dossiers/", query="offset=2147483647", token=token)
    assert status == 200 and json.loads(content)["items"] == []


@pytest.mark.parametrize("field", ["version", "assignee_id", "amount_vnd"])
def test_huge_numbers_in_an_action_are_422(wsgi_app: Any, tokens: dict[str, str], file_online: Any,
                                           field: str) -> None:
    code = file_online().dossier.code
    body = {"version": 1, field: 2**64}
    got = error_of(*call(wsgi_app, "POST", f"/api/v1/dossiers/{code}/actions/accept", body=json.dumps(body).encode(),
                         token=tokens[Role.COUNTER_OFFICER.value]), 422)
    assert list(got["fields"]) == [field]


def test_payout_progress_answers_a_token(wsgi_app: Any, tokens: dict[str, str], db: Any) -> None:
    """It read the session's user: every token was refused with 403 «Cần đăng nhập»."""
    status, _, content = call(wsgi_app, "GET", "/api/v1/payouts/progress", token=tokens[Role.FINANCE_OFFICER.value])
    assert status == 200 and isinstance(json.loads(content), list)
    status, _, content = call(wsgi_app, "GET", "/api/v1/payouts/progress", token=tokens[Role.NATIONAL_OVERSEER.value])
    assert status == 200
    # the roles decide: a counter officer's token is refused for the role, not for a missing sign-in
    got = error_of(*call(wsgi_app, "GET", "/api/v1/payouts/progress", token=tokens[Role.COUNTER_OFFICER.value]), 403)
    assert got["message"] == "Bạn không có quyền xem tiến độ chi trả."
    got = error_of(*call(wsgi_app, "GET", "/api/v1/payouts/progress"), 401)
    assert got["code"] == "unauthenticated"


def test_payout_progress_needs_the_oversight_scope(wsgi_app: Any, people: Any, db: Any) -> None:
    from django.contrib.auth import get_user_model

    from localgov.access.tokens import issue_token

    actor = people(Role.FINANCE_OFFICER, province="01")
    user = get_user_model().objects.get(pk=actor.user_id)
    _, raw = issue_token(user=user, name="chỉ hồ sơ", scopes=["dossiers:read"])
    got = error_of(*call(wsgi_app, "GET", "/api/v1/payouts/progress", token=raw), 403)
    assert got["code"] == "scope" and "oversight:read" in got["message"]


def test_the_openapi_document_names_each_status_once(client):
    """ninja keys its answers by int and the error frame adds strings: one key per status, or
    the JSON document holds a duplicated key that Swagger UI's parser refuses (a blank /api/docs)."""
    duplicated: list[tuple[str, str]] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in items]
        duplicated.extend((k, str(keys)) for k in set(keys) if keys.count(k) > 1)
        return dict(items)

    json.loads(client.get("/api/openapi.json").content, object_pairs_hook=pairs)
    assert duplicated == []


@pytest.mark.parametrize("lane", LANES, indirect=True)
def test_a_nul_character_is_refused_before_the_database(wsgi_app: Any, lane: str | None) -> None:
    """PostgreSQL refuses NUL in text: a query parameter, a path or a JSON string carrying one was
    a server error there (found by tools/fuzz_api.py on PostgreSQL); now a 422 on both."""
    got = error_of(*call(wsgi_app, "GET", "/api/v1/dossiers/", query="procedure=%00x&q=ok", token=lane), 422)
    assert got["fields"] == {"procedure": ["Không được chứa ký tự NUL (0x00)."]}
    got = error_of(*call(wsgi_app, "GET", "/api/v1/catalog/procedures/a\x00b", token=lane), 422)
    assert list(got["fields"]) == ["path"]
    body = json.dumps({"procedure_code": "1.001193", "applicant": {"name": "A\x00n", "id_number": "0"}}).encode()
    assert b"\\u0000" in body
    got = error_of(*call(wsgi_app, "POST", "/api/v1/dossiers/", body=body, token=lane), 422)
    assert got["fields"] == {"applicant.name": ["Không được chứa ký tự NUL (0x00)."]}
