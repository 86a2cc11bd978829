"""Sessions expire (absolute age, browser close, idle timeout); cookies are HttpOnly; CSRF is
checked for session-authenticated API writes."""

from __future__ import annotations

import time

from django.conf import settings
from django.test import Client
from tests.dossiers.conftest import BA_DINH

from localgov.access.middleware import SEEN_KEY
from localgov.access.services import create_user


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert 0 < settings.LOCALGOV_SESSION_IDLE_SECONDS <= settings.SESSION_COOKIE_AGE
    assert "localgov.access.middleware.SessionIdleTimeoutMiddleware" in settings.MIDDLEWARE
    assert settings.AUTHENTICATION_BACKENDS == ["localgov.access.backends.LockoutModelBackend"]


def _set_seen(client: Client, ago: float) -> None:
    session = client.session
    session[SEEN_KEY] = time.time() - ago
    session.save()


def test_an_idle_session_is_logged_out(client, db, settings):
    settings.LOCALGOV_SESSION_IDLE_SECONDS = 600
    user = create_user(username="ngoi-lau", password=None)
    client.force_login(user)
    client.get("/api/v1/dossiers/")
    assert client.session.get("_auth_user_id") == str(user.pk)
    _set_seen(client, 300)  # 5 minutes idle: still signed in
    assert client.get("/api/v1/dossiers/").status_code == 200
    assert client.session.get("_auth_user_id") == str(user.pk)
    _set_seen(client, 601)  # past the idle limit
    response = client.get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_session_api_writes_need_csrf(db, world, file_online):
    d = file_online(commune=BA_DINH).dossier
    user = create_user(username="khong-csrf", password=None)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(f"/api/v1/dossiers/{d.code}/actions/request_withdrawal", {"version": d.version},
                           content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf"


def test_cookies_are_secure_in_production(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PRODUCTION": "1", "SECRET_KEY": "k" * 50, "LOCALGOV_VAR": str(tmp_path)}
    env.pop("DEBUG", None)
    env.pop("SECURE_COOKIES", None)
    code = ("import localgov.settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
            "s.SESSION_COOKIE_SAMESITE)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True", "True", "Lax"]
