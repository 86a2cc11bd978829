"""Two real servers (`localgov serve`, granian) on ONE database of their own — SQLite file, or
a throwaway PostgreSQL database when DATABASE_URL is postgres:// — with the limits' counters
in that database or in Redis; and a small HTTP client that chooses its source address
(127.0.0.x) and its X-Forwarded-For, keeps cookies and does not follow redirects.

Both servers trust 127.0.0.1 as their reverse proxy (LOCALGOV_TRUST_X_FORWARDED_FOR=127.0.0.1):
a request from 127.0.0.1 plays the proxy and names the citizen in X-Forwarded-For; a request
from 127.0.0.2 is a client that is not a proxy, whose header must be ignored."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from tests.e2e.e2e_server import _admin, _free_port

PASSWORD = "Mat-khau-thu-nghiem-2025"
LOGIN_PER_CLIENT = 8
SETUP = r"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load", "units", "calendar", "catalog", verbosity=0)
from localgov.access.policy import Actor
from localgov.access.services import create_user
from localgov.catalog.models import Procedure
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
procedure = Procedure.objects.get(code="1.001193")
docs = [Upload(doc_code=d["code"], name=d["code"] + ".pdf", content=PDF, content_type="application/pdf")
        for d in procedure.documents if d.get("required")]
dossiers = []
for i in range(3):
    data = SubmitInput(procedure_code="1.001193", channel=Channel.ONLINE, competent_commune_code="00004",
                       applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678",
                                           address="12 Phố Huế, Hà Nội"),
                       documents=docs, return_method=ReturnMethod.ONLINE)
    done = submit(data, actor=Actor(user_id=None, username=""))
    dossiers.append({"code": done.dossier.code, "secret": done.secret})
officers = [f"canbo{i}" for i in range(3)]
for name in officers:
    create_user(username=name, password=os.environ["E2E_PASSWORD"], full_name=name)
print(json.dumps({"dossiers": dossiers, "officers": officers}))
"""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


@dataclass
class Client:
    """One citizen or stranger: from `source`, through the proxy (X-Forwarded-For) or not."""

    forwarded_for: str | None = None
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, base: str, path: str, *, method: str = "GET", form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=(self.source, 0))
        sent = dict(headers or {})
        if self.forwarded_for is not None:
            sent["X-Forwarded-For"] = self.forwarded_for
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(value)
                self.cookies.update({k: m.value for k, m in jar.items()})
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, text)
        finally:
            conn.close()

    def post_form(self, base: str, path: str, form: dict[str, str]) -> Answer:
        """GET the page for its CSRF token, then POST the form (as a browser does)."""
        page = self.request(base, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None, page.status
        return self.request(base, path, method="POST", form={**form, "csrfmiddlewaretoken": token.group(1)})


@dataclass
class Pair:
    urls: list[str]
    env: dict[str, str]
    dossiers: list[dict[str, str]]
    officers: list[str]
    password: str

    def django(self, code: str) -> str:
        """Run Python with Django set up, on the servers' database and store; its output."""
        script = "import django; django.setup()\n" + code
        done = subprocess.run([sys.executable, "-c", script], env=self.env, cwd=self.env["LOCALGOV_HOME"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def localgov(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "django", *args], env=self.env,
                              cwd=self.env["LOCALGOV_HOME"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as r:  # noqa: S310 - our own server
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:]) from None
            time.sleep(0.2)


@dataclass
class Database:
    env: dict[str, str]
    made: dict[str, list]


@contextmanager
def prepared_database(tmp: Path) -> Iterator[Database]:
    """A database of the servers' own, migrated, with reference data, 3 dossiers, 3 officers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"LOCALGOV_VAR": str(tmp / "var"), "E2E_PASSWORD": PASSWORD, "DEBUG": "0", "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "localgov.settings", "LOCALGOV_HOME": str(tmp),
                "LOCALGOV_TRUST_X_FORWARDED_FOR": "127.0.0.1",
                # 8 instead of 20 wrong sign-ins per client: each one costs an Argon2 hash
                "LOCALGOV_LOGIN_MAX_FAILURES_PER_CLIENT": str(LOGIN_PER_CLIENT)})
    env.pop("REDIS_URL", None)
    db_url = os.environ.get("DATABASE_URL", "")
    pg_db = None
    if db_url.startswith("postgres"):
        parts = urlsplit(db_url)
        pg_db = f"{parts.path.lstrip('/') or 'localgov'}_limits_{os.getpid()}"
        _admin(db_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        _admin(db_url, f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{pg_db}"))
    else:
        env.pop("DATABASE_URL", None)
    try:
        done = subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=tmp, check=True, capture_output=True,
                              text=True, timeout=600)
        yield Database(env=env, made=json.loads(done.stdout.strip().splitlines()[-1]))
    finally:
        if pg_db:
            _admin(db_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')


@contextmanager
def two_servers(database: Database, *, store: str, redis_url: str = "", prefix: str = "") -> Iterator[Pair]:
    """Server A (two worker processes) and server B (one) on `database`, counters in `store`."""
    env = {**database.env, "LOCALGOV_THROTTLE_STORE": store}
    if store == "redis":
        env.update({"REDIS_URL": redis_url, "LOCALGOV_THROTTLE_PREFIX": prefix})
    tmp = Path(env["LOCALGOV_HOME"])
    with ExitStack() as stack:
        urls = []
        for name, workers in (("a", 2), ("b", 1)):
            port = _free_port()
            log = tmp / f"server-{store}-{name}.log"
            proc = subprocess.Popen(
                [sys.executable, "-m", "django", "serve", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(workers), "--threads", "2"],
                env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=open(log, "wb"),  # noqa: SIM115
            )
            stack.callback(_stop, proc)
            url = f"http://127.0.0.1:{port}"
            _wait(url, proc, log)
            urls.append(url)
        yield Pair(urls=urls, env=env, dossiers=database.made["dossiers"], officers=database.made["officers"],
                   password=PASSWORD)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
