"""A real server for the browser test, on its own database (never pytest-django's test
database, which other tests share): migrate, load the reference data, create the officers,
then run the production server (`localgov serve`). SQLite by default; with
DATABASE_URL=postgres://... a throwaway database `<name>_e2e_<pid>` on the same server,
dropped afterwards."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Mat-khau-thu-nghiem-2025"
SETUP = r"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load", "units", "calendar", "catalog", verbosity=0)
from localgov.access.roles import Role
from localgov.access.services import create_user, grant_role
from localgov.units.models import ServiceCentre
PASSWORD = os.environ["E2E_PASSWORD"]
def centre(commune):
    return ServiceCentre.objects.filter(commune_id=commune).order_by("pk").first().pk
people = {
    "counter_hk": (Role.COUNTER_OFFICER, {"commune": "00070", "centre_id": centre("00070")}),
    "specialist_bd": (Role.SPECIALIST, {"commune": "00004"}),
    "approver_bd": (Role.APPROVER, {"commune": "00004"}),
}
for name, (role, scope) in people.items():
    user = create_user(username=name, password=PASSWORD, full_name=name)
    grant_role(user=user, role=role, **scope)
print(json.dumps(sorted(people)))
"""


@dataclass
class Server:
    url: str
    password: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def server_env(tmp: Path) -> dict[str, str]:
    """The environment of the server `running_server(tmp)` starts (its database too), for a
    script that sets up or changes that server's data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"LOCALGOV_VAR": str(tmp / "var"), "E2E_PASSWORD": PASSWORD, "DEBUG": "0", "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "localgov.settings", "LOCALGOV_HOME": str(tmp)})
    db_url = os.environ.get("DATABASE_URL", "")
    if db_url.startswith("postgres"):
        parts = urlsplit(db_url)
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{_pg_name(db_url)}"))
    else:
        env.pop("DATABASE_URL", None)
    return env


def _pg_name(db_url: str) -> str:
    return f"{urlsplit(db_url).path.lstrip('/') or 'localgov'}_e2e_{os.getpid()}"


def run_script(tmp: Path, code: str, timeout: int = 300) -> str:
    """Run Python `code` against the server's database (Django set up); its standard output."""
    prelude = "import django\ndjango.setup()\n"  # DJANGO_SETTINGS_MODULE is in server_env
    return subprocess.run([sys.executable, "-c", prelude + code], env=server_env(tmp), cwd=tmp, check=True,
                          capture_output=True, text=True, timeout=timeout).stdout


@contextmanager
def running_server(tmp: Path) -> Iterator[Server]:
    env = server_env(tmp)
    db_url = os.environ.get("DATABASE_URL", "")
    pg_db = None
    if db_url.startswith("postgres"):
        pg_db = _pg_name(db_url)
        _admin(db_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        _admin(db_url, f'CREATE DATABASE "{pg_db}"')
    proc = None
    try:
        subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=tmp, check=True, capture_output=True, timeout=300)
        port = _free_port()
        proc = subprocess.Popen(
            # the production server (`localgov serve`: granian, ADR 0007), as deployed
            [sys.executable, "-m", "django", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
             "--threads", "4"],
            env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=open(tmp / "server.log", "wb"),  # noqa: SIM115
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as r:  # noqa: S310 - our own server
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError((tmp / "server.log").read_text()[-3000:]) from None
                time.sleep(0.2)
        yield Server(url=url, password=PASSWORD)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if pg_db:
            _admin(db_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')


if __name__ == "__main__":  # manual use: python tests/e2e/e2e_server.py, then open the printed URL
    import tempfile

    with running_server(Path(tempfile.mkdtemp())) as server:
        print(json.dumps({"url": server.url, "password": server.password}), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
