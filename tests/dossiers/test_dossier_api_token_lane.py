"""The two lanes of `localgov.wsgi.application`: bearer-token calls to /api/ run the short
`settings.API_TOKEN_MIDDLEWARE` chain — still with the security headers, the request log's
X-Request-ID and the same answers and errors — while browsers and session calls keep the full
chain (sessions, CSRF). Called through the real WSGI callable, as gunicorn and granian do (the
test Client would build its own handler)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.conf import settings
from tests.dossiers.conftest import BA_DINH, b64, centre_of, docs_for

from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.access.tokens import issue_token
from localgov.dossiers.models import DossierEvent
from localgov.wsgi import application, is_token_api_call

PROC = "1.004873"


def _wsgi(method: str, path: str, body: Any = None, **headers: str) -> tuple[int, dict[str, str], bytes]:
    data = json.dumps(body).encode() if body is not None else b""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "testserver", "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data)), "CONTENT_TYPE": "application/json",
        "wsgi.errors": io.StringIO(), "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()},
    }
    seen: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        seen["status"] = int(status.split()[0])
        seen["headers"] = {k.lower(): v for k, v in response_headers}

    content = b"".join(application(environ, start_response))
    return seen["status"], seen["headers"], content


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test Client: the handler's request_started/request_finished must not close
    the connection that holds the test's transaction (PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, world) -> str:
    user = create_user(username="lane-officer", password=None)
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
    grant_role(user=user, role=Role.SPECIALIST, commune=BA_DINH)
    _, raw = issue_token(user=user, name="lane", scopes=["dossiers:read", "dossiers:write"])
    return raw


def _submission() -> dict[str, Any]:
    return {"procedure_code": PROC, "channel": 2, "competent_commune_code": BA_DINH,
            "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
            "documents": [{"doc_code": u.doc_code, "name": u.name, "content_type": u.content_type,
                           "content_base64": b64(u.content)} for u in docs_for(PROC)]}


def test_only_bearer_calls_to_the_api_take_the_token_lane():
    assert is_token_api_call({"PATH_INFO": "/api/v1/dossiers/", "HTTP_AUTHORIZATION": "Bearer lg_x"})
    assert not is_token_api_call({"PATH_INFO": "/api/v1/dossiers/"})
    assert not is_token_api_call({"PATH_INFO": "/giam-sat/", "HTTP_AUTHORIZATION": "Bearer lg_x"})
    assert not is_token_api_call({"PATH_INFO": "/api/v1/dossiers/", "HTTP_AUTHORIZATION": "Basic eDp5"})
    assert set(settings.API_TOKEN_MIDDLEWARE) < set(settings.MIDDLEWARE) | {
        "localgov.core.middleware.TokenLaneMiddleware"}


def test_a_token_call_submits_and_acts_with_the_security_headers_and_no_session(token):
    status, headers, content = _wsgi("POST", "/api/v1/dossiers/", _submission(), authorization=f"Bearer {token}",
                                     cookie="sessionid=whatever")
    assert status == 201, content
    dossier = json.loads(content)["dossier"]
    status, headers, content = _wsgi("POST", f"/api/v1/dossiers/{dossier['code']}/actions/accept",
                                     {"version": dossier["version"]}, authorization=f"Bearer {token}")
    assert status == 200, content
    assert json.loads(content)["version"] == dossier["version"] + 1
    assert DossierEvent.objects.filter(dossier__code=dossier["code"]).count() == 2
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-request-id"]
    assert "set-cookie" not in headers and "cookie" not in headers.get("vary", "").lower()


def test_token_lane_errors_are_the_apis(token, client):
    status, _, content = _wsgi("POST", "/api/v1/dossiers/", _submission(), authorization="Bearer lg_unknown")
    assert status == 401 and json.loads(content)["code"] == "unauthenticated"
    status, _, content = _wsgi("POST", "/api/v1/dossiers/", {"procedure_code": PROC}, authorization=f"Bearer {token}")
    assert status == 422 and "applicant" in json.loads(content)["fields"]
    # The token decides, not a session cookie riding along: no session is read in this lane (the
    # full chain would have used it). This token lacks the scope of the payout progress.
    client.force_login(create_user(username="lane-cookie", password="mat-khau-dai-2025"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    status, _, content = _wsgi("GET", "/api/v1/payouts/progress", authorization=f"Bearer {token}", cookie=cookie)
    assert status == 403 and json.loads(content)["code"] == "scope"
    status, _, content = _wsgi("GET", "/api/v1/payouts/progress", cookie=cookie)
    assert status == 403 and json.loads(content)["message"] == "Bạn không có quyền xem tiến độ chi trả."


def test_session_calls_keep_the_full_chain_with_csrf(db, world, client):
    user = create_user(username="lane-session", password="mat-khau-dai-2025")
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=BA_DINH, centre_id=centre_of(BA_DINH))
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    status, headers, content = _wsgi("POST", "/api/v1/dossiers/", _submission(),
                                     cookie=f"{settings.SESSION_COOKIE_NAME}={session}")
    assert status == 403 and json.loads(content)["code"] == "csrf"
    assert "cookie" in headers.get("vary", "").lower()
