"""Fuzz the whole JSON API with schemathesis, once per role, against a real server.

    .venv/bin/python tools/fuzz_api.py [--examples N] [--seed S] [--roles r1,r2] [--keep]

A throwaway database (SQLite in a temporary folder; with DATABASE_URL=postgres://… a database
`<name>_fuzz_<pid>` on that server, dropped afterwards) gets the reference data, one account per
role (the demo accounts, localgov.demo.users) with an API token carrying every scope, and a few
dossiers in Ba Đình ward; then the production server (`localgov serve`) answers schemathesis's
CLI, run over /api/openapi.json once with each role's token and once without a token. The
checks are those of the API's contract: no server error, every status code, content type,
header and body as the OpenAPI document declares them. Printed: per run, the operations, test
cases, checks and failures; the JSON reports stay in the temporary folder with --keep.
Exit status 1 when any run has a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

#: The checks of the API's contract (schemathesis names).
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,"
          "response_schema_conformance")

SETUP = r"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
django.setup()
from datetime import datetime
from zoneinfo import ZoneInfo
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load", "units", "calendar", "catalog", verbosity=0)
from django.contrib.auth import get_user_model
from localgov.access.policy import resolve_actor
from localgov.access.tokens import SCOPES, issue_token
from localgov.demo.users import DEMO_USERS, ensure_demo_users
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.catalog.models import Procedure
ensure_demo_users()
User = get_user_model()
tokens = {}
for spec in DEMO_USERS:
    if spec.role.value in tokens:
        continue
    _, raw = issue_token(user=User.objects.get(username=spec.username), name="fuzz", scopes=list(SCOPES))
    tokens[spec.role.value] = raw
pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
proc = Procedure.objects.get(code="1.001193")
docs = [Upload(doc_code=d["code"], name=d["code"] + ".pdf", content=pdf, content_type="application/pdf")
        for d in proc.documents if d.get("required")]
counter = resolve_actor(User.objects.get(username="tiepnhan.badinh"))
codes = []
for i in range(int(os.environ.get("FUZZ_DOSSIERS", "3"))):
    done = submit(SubmitInput(procedure_code=proc.code, channel=Channel.ONLINE,
                              applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678",
                                                  address="12 Phố Huế, Hà Nội"),
                              competent_commune_code="00004", documents=docs, return_method=ReturnMethod.ONLINE),
                  actor=counter, now=datetime(2025, 8, 4, 9, i, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    codes.append(done.dossier.code)
print(json.dumps({"tokens": tokens, "codes": codes}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


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


def _summary(report: Path) -> dict[str, int]:
    """Operations, test cases, checks and failures of one run, from its NDJSON event stream."""
    ops: set[str] = set()
    cases = checks = failures = server_errors = 0
    failed_ops: set[str] = set()
    unique: set[tuple[str, str, str]] = set()
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for kind, body in event.items():
            if kind != "ScenarioFinished":
                continue
            recorder = body.get("recorder") or {}
            label = recorder.get("label") or ""
            if label:
                ops.add(label)
            cases += len(recorder.get("cases") or {})
            for case_checks in (recorder.get("checks") or {}).values():
                for c in case_checks:
                    checks += 1
                    if c.get("status") == "failure":
                        failures += 1
                        failed_ops.add(label)
                        info = (c.get("failure_info") or {}).get("failure") or {}
                        unique.add((label, c.get("name", ""), str(info.get("message", "")).split("\n")[0]))
                        if c.get("name") == "not_a_server_error":
                            server_errors += 1
    return {"operations": len(ops), "cases": cases, "checks": checks, "failures": failures,
            "server_errors": server_errors, "failed_operations": len(failed_ops),
            "unique": len(unique)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100, help="test cases per operation and phase (default 100)")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--roles", default="", help="comma-separated roles (default: every role and anonymous)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (reports, server log)")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="localgov-fuzz-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update({"LOCALGOV_VAR": str(tmp / "var"), "DEBUG": "0", "LOG_LEVEL": "ERROR",
                "DJANGO_SETTINGS_MODULE": "localgov.settings", "LOCALGOV_HOME": str(tmp),
                # the fuzzer is one client making thousands of calls: the applicant-lookup limit
                # would answer 429 (documented) to nearly all of them and hide the rest
                "LOCALGOV_LOOKUP_LIMIT_PER_CLIENT": "1000000", "LOCALGOV_LOOKUP_LIMIT_PER_CODE": "1000000"})
    db_url = os.environ.get("DATABASE_URL", "")
    pg_db = None
    if db_url.startswith("postgres"):
        parts = urlsplit(db_url)
        pg_db = f"{parts.path.lstrip('/') or 'localgov'}_fuzz_{os.getpid()}"
        _admin(db_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        _admin(db_url, f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{pg_db}"))
    else:
        env.pop("DATABASE_URL", None)
    proc = None
    totals = {"operations": 0, "cases": 0, "checks": 0, "failures": 0, "unique": 0, "server_errors": 0,
              "failed_operations": 0}
    try:
        out = subprocess.run([sys.executable, "-c", SETUP], env=env, cwd=tmp, check=True, capture_output=True,
                             timeout=600, text=True)
        setup = json.loads(out.stdout.strip().splitlines()[-1])
        port = _free_port()
        log = tmp / "server.log"
        proc = subprocess.Popen(
            [sys.executable, "-m", "django", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
             "--threads", "4"], env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=open(log, "wb"),  # noqa: SIM115
        )
        url = f"http://127.0.0.1:{port}"
        _wait(url, proc, log)
        tokens: dict[str, str | None] = {"anonymous": None, **setup["tokens"]}
        wanted = [r for r in args.roles.split(",") if r] or list(tokens)
        print(f"schemathesis over {url}/api/openapi.json, {args.examples} examples per operation, seed {args.seed}, "
              f"database {'PostgreSQL' if pg_db else 'SQLite'}")
        print(f"{'caller':<20}{'operations':>11}{'cases':>8}{'checks':>8}{'failures':>9}{'unique':>7}{'5xx':>6}"
              "  seconds")
        for role in wanted:
            report = tmp / f"{role}.ndjson"
            cmd = [str(BIN / "schemathesis"), "run", f"{url}/api/openapi.json", "--checks", CHECKS,
                   "--max-examples", str(args.examples), "--seed", str(args.seed), "--workers", "2",
                   "--report", "ndjson", "--report-ndjson-path", str(report), "--continue-on-failure",
                   "--suppress-health-check", "all", "--phases", "examples,coverage,fuzzing"]
            if tokens.get(role):
                cmd += ["-H", f"Authorization: Bearer {tokens[role]}"]
            started = time.perf_counter()
            run = subprocess.run(cmd, env=env, cwd=tmp, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            (tmp / f"{role}.txt").write_text(run.stdout + run.stderr)
            s = _summary(report) if report.exists() else dict.fromkeys(totals, -1)
            for k in totals:
                totals[k] += max(s[k], 0)
            print(f"{role:<20}{s['operations']:>11}{s['cases']:>8}{s['checks']:>8}{s['failures']:>9}{s['unique']:>7}"
                  f"{s['server_errors']:>6}  {seconds:7.1f}", flush=True)
            if s["failures"] or run.returncode not in (0,):
                print("\n".join(run.stdout.splitlines()[-60:]))
        print(f"{'total':<20}{totals['operations']:>11}{totals['cases']:>8}{totals['checks']:>8}"
              f"{totals['failures']:>9}{totals['unique']:>7}{totals['server_errors']:>6}")
        print("cases: test cases sent; checks: response checks run; failures: failed checks (unique: distinct "
              "operation, check and message); 5xx: server errors")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if pg_db:
            _admin(db_url, f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
        if args.keep:
            print(f"reports and server log in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if totals["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
