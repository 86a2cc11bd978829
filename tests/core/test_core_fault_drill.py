"""The fault drill's short mode (bench/fault_drill.py --short) end to end: a real server under
load from 10 clients for 20 s, killed with SIGKILL and restarted (and, on PostgreSQL, the drill
database's backends terminated); then every acknowledged submission and transition is found,
nothing is half written, `localgov audit verify` passes and `localgov facts rebuild` gives the
live facts. On the database kind of the session: SQLite, or a throwaway database on the
session's PostgreSQL server. The full drill (minutes, 50 clients) is in docs/reliability.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _server_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    host = s["HOST"] or "localhost"
    host = quote(host, safe="") if host.startswith("/") else host
    return f"postgres://{auth}@{host}:{s['PORT'] or 5432}"


def test_short_fault_drill(tmp_path):
    args = ["--short", "--minutes", "0.34", "--json", str(tmp_path / "summary.json")]
    if connection.vendor == "postgresql":
        args += ["--pg", _server_url(), "--db-name", f"{connection.settings_dict['NAME']}_drill"[:63]]
        faults = ["server-kill9", "pg-terminate"]
    else:
        args += ["--sqlite"]
        faults = ["server-kill9"]
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "fault_drill.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert [f["fault"] for f in summary["faults"]] == faults
    assert summary["faults"][0]["client_errors"] > 0, "the server kill was not felt by the clients"
    assert summary["acked_submissions"] > 0 and summary["acked_transitions"] > 0
    assert summary["dossiers"] >= summary["acked_submissions"]
    assert summary["problems"] == [] and summary["unexpected_answers"] == []
    assert summary["audit_verify"]["rc"] == 0
    assert summary["facts_rebuild"]["rc"] == 0 and summary["facts_rebuild"]["differences"] == []
