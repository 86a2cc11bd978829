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
    assert "http://127.0.0.1:8123/ — 2 tiến trình × 3 luồng" in capsys.readouterr().out


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


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def _healthz(port: int) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return None


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads worker pids from /proc")
def test_a_killed_worker_is_started_again(tmp_path):
    """SIGKILL to one worker (what the OOM killer does): the server keeps serving with a new
    worker. Without granian's respawn_failed_workers the whole server shut down (bench/fault_drill.py)."""
    port = _free_port()
    env = {**os.environ, "LOCALGOV_VAR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "localgov.settings"}
    proc = subprocess.Popen([sys.executable, "-c", "from localgov.cli import main; main()", "serve", "--port",
                             str(port), "--workers", "2", "--threads", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while _healthz(port) != 200 or len(_children(proc.pid)) < 2:
            assert proc.poll() is None, proc.stdout.read().decode()[-2000:]
            assert time.monotonic() < deadline, "no answer within 60 s"
            time.sleep(0.3)
        workers = _children(proc.pid)
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while True:  # the respawn comes after granian's respawn interval (3.5 s)
            assert proc.poll() is None, "the server exited when one worker died"
            replaced = [p for p in _children(proc.pid) if p not in workers]
            if replaced and _healthz(port) == 200:
                break
            assert time.monotonic() < deadline, "no new worker within 30 s"
            time.sleep(0.3)
        for _ in range(6):  # both workers answer (the listening socket is shared)
            assert _healthz(port) == 200
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
