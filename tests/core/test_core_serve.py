"""`localgov serve` (granian + localgov.wsgi): bad arguments are refused with a clear message,
and the real server answers /healthz and tags the answer with a request id."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.parametrize(("args", "message"), [
    (["--port", "x"], "--port phải là số nguyên"),
    (["--port", "70000"], "--port phải trong khoảng 1–65535"),
    (["--workers", "0"], "--workers phải trong khoảng 1–64"),
    (["--threads", "-2"], "--threads phải trong khoảng 1–64"),
    (["--host", " "], "--host không được để trống"),
])
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("serve", *args, "--dry-run")


def test_dry_run_prints_the_configuration(capsys):
    call_command("serve", "--port", "8123", "--workers", "2", "--threads", "3", "--dry-run")
    assert "http://127.0.0.1:8123/ — 2 workers × 3 threads" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_server_answers(tmp_path):
    port = _free_port()
    env = {**os.environ, "LOCALGOV_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "localgov.settings"}
    proc = subprocess.Popen([sys.executable, "-c", "from localgov.cli import main; main()", "serve", "--port",
                             str(port), "--workers", "1", "--threads", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                res = conn.getresponse()
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()[-2000:]
                assert time.monotonic() < deadline, "no answer within 60 s"
                time.sleep(0.3)
        assert res.status == 200
        assert json.loads(res.read())["status"] == "ok"
        assert res.getheader("X-Request-ID")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
