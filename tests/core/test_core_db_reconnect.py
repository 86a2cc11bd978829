"""PostgreSQL: a kept database connection that the server has ended (PostgreSQL restarted, the
backend terminated) is replaced before the next request uses it — the request answers 200 instead
of a 500 (bench/fault_drill.py found one 500 per worker thread after each such event). Through
the real server (`localgov serve`), on the API's prepared-statement path and on /healthz."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection
from tests.dossiers.pg_support import pg_reference  # noqa: F401

from localgov.access.services import create_user
from localgov.access.tokens import issue_token

pytestmark = pytest.mark.postgres
PROBE = "localgov_reconnect_probe"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    host = s["HOST"] or "localhost"
    host = quote(host, safe="") if host.startswith("/") else host
    return f"postgres://{auth}@{host}:{s['PORT'] or 5432}/{s['NAME']}?application_name={PROBE}"


def _get(port: int, path: str, token: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Authorization": f"Bearer {token}"} if token else {})
    res = conn.getresponse()
    body = res.read()
    conn.close()
    return res.status, body


def _terminate() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [PROBE])
        ended = sum(1 for (ok,) in cursor.fetchall() if ok)
        for _ in range(100):  # until the backend has gone (pg_terminate_backend only signals it)
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [PROBE])
            if cursor.fetchone()[0] == 0:
                break
            time.sleep(0.05)
    return ended


def test_a_terminated_connection_is_replaced_before_use(pg_reference, transactional_db, tmp_path):  # noqa: F811
    user = create_user(username="probe-officer", password=None)
    _, token = issue_token(user=user, name="probe", scopes=["dossiers:read"])
    port = _free_port()
    env = {**os.environ, "LOCALGOV_VAR": str(tmp_path), "DATABASE_URL": _url(), "DEBUG": "0",
           "DJANGO_SETTINGS_MODULE": "localgov.settings"}
    proc = subprocess.Popen([sys.executable, "-c", "from localgov.cli import main; main()", "serve", "--port",
                             str(port), "--workers", "1", "--threads", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(port, "/api/v1/dossiers/", token)
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()[-2000:]
                assert time.monotonic() < deadline, "no answer within 60 s"
                time.sleep(0.3)
        assert status == 200
        # The API: token authentication is the request's first statement (a prepared one).
        assert _terminate() == 1
        status, body = _get(port, "/api/v1/dossiers/", token)
        assert status == 200, body[:300]
        assert json.loads(body)["total"] == 0
        # A page through Django's own cursor.
        assert _terminate() == 1
        status, body = _get(port, "/healthz")
        assert status == 200 and json.loads(body)["status"] == "ok", body[:300]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
