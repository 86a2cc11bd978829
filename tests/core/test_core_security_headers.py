"""Security headers: a Content-Security-Policy on every response (pages, static files, JSON,
errors, both middleware lanes), nothing inline that it would block, the API docs' assets served
by the application; HSTS and secure cookies when PRODUCTION is set."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client

CSP = "Content-Security-Policy"


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


@pytest.mark.parametrize("path", ["/", "/dang-nhap/", "/tra-cuu/", "/don-vi/", "/healthz", "/api/docs",
                                  "/api/openapi.json", "/static/localgov/site.css",
                                  "/static/ninja/swagger-ui-bundle.js", "/khong-co/", "/admin/login/"])
def test_every_response_has_the_csp(db, path):
    response = Client().get(path)
    policy = directives(response[CSP])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name] and "'unsafe-eval'" not in policy[name]
    assert not any(v.startswith(("http:", "https:")) or "." in v for vs in policy.values() for v in vs
                   if v != "data:"), "no outside host is allowed"


def test_the_bearer_token_lane_has_the_csp_too(db):
    """Calls with `Authorization: Bearer` run their own middleware list (localgov/wsgi.py)."""
    from django.test.client import RequestFactory

    from localgov.wsgi import application

    environ = RequestFactory()._base_environ(PATH_INFO="/api/v1/calendar/day/2025-09-01",
                                            HTTP_AUTHORIZATION="Bearer not-a-token")
    seen: dict[str, str] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
        seen.update(headers)

    b"".join(application(environ, start_response))
    assert "default-src 'self'" in seen[CSP]


PAGES = ["/", "/dang-nhap/", "/tra-cuu/", "/don-vi/", "/thu-tuc/", "/khong-co/", "/api/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_nothing_inline_without_the_nonce(db, path):
    """What the browser test checks by listening for violations, checked here on the HTML: every
    <script> that runs and every <style> carries this response's nonce; no style="" attribute,
    no on…="" handler."""
    response = Client().get(path)
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", response[CSP])
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", html):
        if 'type="application/json"' in tag or " src=" in tag:
            continue
        assert nonce and f'nonce="{nonce.group(1)}"' in tag, tag
    assert not re.search(r"<[^>]+\sstyle=", html)
    assert not re.search(r"<[^>]+\son[a-z]+=", html)


def test_the_api_docs_load_swagger_ui_from_this_server(db):
    html = Client().get("/api/docs").content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js">' in html
    assert 'href="/static/ninja/swagger-ui.css"' in html
    assert not re.search(r"(src|href)=\"https?://", html), "nothing from a CDN"
    settings = json.loads(re.search(r'<script type="application/json" id="swagger-settings">(.*?)</script>',
                                    html, re.S).group(1))
    assert settings["url"] == "/api/openapi.json" and settings["validatorUrl"] is None
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        response = Client().get(f"/static/ninja/{asset}")
        assert response.status_code == 200, asset
        assert b"".join(response.streaming_content if response.streaming else [response.content])


def _production(code: str, tmp_path, **extra: str) -> str:
    env = {**os.environ, "PRODUCTION": "1", "SECRET_KEY": "k" * 50, "LOCALGOV_VAR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "localgov.settings", **extra}
    for name in ("DEBUG", "SECURE_COOKIES", "DATABASE_URL", "LOCALGOV_HSTS_SECONDS"):
        env.pop(name, None)
    env.update(extra)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          timeout=120).stdout


REQUEST = """
import django, json
django.setup()
from django.test import Client
r = Client().get("/dang-nhap/", secure=True, headers={"X-Forwarded-Proto": "https"})
c = r.cookies["csrftoken"]
print(json.dumps({"hsts": r.get("Strict-Transport-Security"), "csp": r.get("Content-Security-Policy"),
                  "csrf_secure": bool(c["secure"]), "status": r.status_code,
                  "plain": Client().get("/dang-nhap/").get("Strict-Transport-Security")}))
"""


def test_production_sends_hsts_and_secure_cookies(tmp_path):
    out = json.loads(_production(REQUEST, tmp_path))
    assert out["status"] == 200
    assert out["hsts"] == "max-age=31536000; includeSubDomains"
    assert out["csrf_secure"] is True and "default-src 'self'" in out["csp"]
    assert out["plain"] is None  # HSTS is only sent over HTTPS (the browser would ignore it on HTTP)
    settings = _production("import localgov.settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
                           tmp_path)
    assert settings.split() == ["True", "True"]


def test_production_behind_a_tls_proxy_trusts_its_header_only_when_told(tmp_path):
    code = REQUEST.replace('secure=True, ', '')
    assert json.loads(_production(code, tmp_path))["hsts"] is None
    assert json.loads(_production(code, tmp_path, LOCALGOV_TLS_PROXY="1"))["hsts"].startswith("max-age=31536000")


def test_no_hsts_outside_production(tmp_path):
    env = {**os.environ, "LOCALGOV_VAR": str(tmp_path)}
    env.pop("PRODUCTION", None)
    out = subprocess.run([sys.executable, "-c", "import localgov.settings as s; "
                          "print(getattr(s, 'SECURE_HSTS_SECONDS', 0), s.SESSION_COOKIE_SECURE)"],
                         env=env, capture_output=True, text=True, check=True, timeout=60).stdout
    assert out.split() == ["0", "False"]
