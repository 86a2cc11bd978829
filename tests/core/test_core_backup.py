"""`localgov backup` / `localgov restore`: a small simulated database (migrated, reference data,
a few days of dossiers) backed up and restored into an empty database gives the same row count in
every table, an intact event chain (`localgov audit verify`) and the same last event hash for each
dossier. A non-empty target is refused unless --force; a damaged backup changes nothing. Each
refusal names its reason in Vietnamese. Through the real command line, on the database kind of
the session (SQLite files, or throwaway databases on the session's PostgreSQL server)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from localgov.core.backup import ASIDE

LOCALGOV = [sys.executable, "-c", "from localgov.cli import main; main()"]


# --- refusals (in this process, on the session's database) ---------------------------------------


@pytest.mark.parametrize(("name", "prepare", "message"), [
    ("missing/localgov.backup", None, "Thư mục «.*missing» không tồn tại"),
    ("", None, "là một thư mục; hãy chỉ ra tên tệp"),
    ("old.backup", b"old", "đã có; dùng --force để ghi đè"),
])
def test_backup_refuses_bad_destinations(tmp_path, name, prepare, message):
    target = tmp_path / name
    if prepare is not None:
        target.write_bytes(prepare)
    with pytest.raises(CommandError, match=message):
        call_command("backup", str(target))
    if prepare is not None:
        assert target.read_bytes() == prepare  # untouched


@pytest.mark.parametrize(("content", "message"), [
    (None, "Không tìm thấy tệp sao lưu"),
    (b"", "rỗng, không phải bản sao lưu"),
    (b"hello, world\n", "không phải bản sao lưu của localgov"),
])
def test_restore_refuses_what_is_not_a_backup(db, tmp_path, content, message):
    path = tmp_path / "in.backup"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path))


def test_restore_refuses_the_other_database_kind(db, tmp_path):
    path = tmp_path / "other.backup"
    if connection.vendor == "postgresql":
        path.write_bytes(b"SQLite format 3\x00" + bytes(100))
        message = "là bản sao lưu SQLite, còn cơ sở dữ liệu đang dùng là PostgreSQL"
    else:
        path.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(100))
        message = "là bản sao lưu PostgreSQL, còn cơ sở dữ liệu đang dùng là SQLite"
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path))


# --- the drill: a live database backed up and restored (subprocesses) --------------------------------


class Databases:
    """Two databases of the session's kind, `live` and `restored`, for subprocesses."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pg = connection.vendor == "postgresql"
        base = connection.settings_dict["NAME"] if self.pg else "localgov"
        self.names = {"live": f"{base}_bk_live"[:63], "restored": f"{base}_bk_restored"[:63]}
        if self.pg:
            for name in self.names.values():
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self._admin(f'CREATE DATABASE "{name}"')

    def _server(self) -> str:
        s = connection.settings_dict
        auth = quote(s["USER"] or "postgres") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
        host = s["HOST"] or "localhost"
        host = quote(host, safe="") if host.startswith("/") else host
        return f"postgres://{auth}@{host}:{s['PORT'] or 5432}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self._server()}/postgres", autocommit=True) as conn:
            conn.execute(sql)

    def url(self, which: str) -> str:
        if self.pg:
            return f"{self._server()}/{self.names[which]}"
        return f"sqlite:///{self.tmp / (self.names[which] + '.sqlite3')}"

    def run(self, which: str, *args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "DATABASE_URL": self.url(which), "LOCALGOV_VAR": str(self.tmp / which),
               "DJANGO_SETTINGS_MODULE": "localgov.settings"}
        return subprocess.run([*LOCALGOV, *args], env=env, capture_output=True, text=True, timeout=600)

    def query(self, which: str, sql: str) -> list[tuple]:
        if self.pg:
            import psycopg

            with psycopg.connect(self.url(which)) as conn:
                return conn.execute(sql).fetchall()
        with sqlite3.connect(self.url(which).removeprefix("sqlite:///")) as conn:
            return conn.execute(sql).fetchall()

    def counts(self, which: str) -> dict[str, int]:
        tables = [r[0] for r in self.query(which, (
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'" if self.pg else
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))]
        return {t: self.query(which, f'SELECT count(*) FROM "{t}"')[0][0] for t in sorted(tables)}  # noqa: S608

    def last_hashes(self, which: str) -> dict[str, tuple[str, str]]:
        """code → (the dossier's last_event_hash, the hash of its last event)."""
        rows = self.query(which, "SELECT d.code, d.last_event_hash, e.hash FROM dossiers_dossier d "
                                 "JOIN dossiers_dossierevent e ON e.dossier_id = d.id AND e.seq = d.event_count")
        return {code: (last, event) for code, last, event in rows}

    def drop(self) -> None:
        if self.pg:
            for name in self.names.values():
                self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path) -> Iterator[Databases]:
    dbs = Databases(tmp_path)
    try:
        yield dbs
    finally:
        dbs.drop()


def ok(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc.stdout


def test_backup_and_restore_give_the_same_database(databases, tmp_path):
    dbs = databases
    ok(dbs.run("live", "migrate", "-v", "0"))
    ok(dbs.run("live", "load", "units", "catalog", "calendar"))
    ok(dbs.run("live", "simulate", "--from", "2025-07-01", "--to", "2025-07-03", "--scale", "0.002",
               "--provinces", "01", "--seed", "5", "--no-progress"))
    backup = tmp_path / "localgov.backup"
    out = ok(dbs.run("live", "backup", str(backup)))
    assert "Đã sao lưu" in out and backup.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]

    out = ok(dbs.run("restored", "restore", str(backup)))
    live, restored = dbs.counts("live"), dbs.counts("restored")
    assert live["dossiers_dossier"] > 0 and live["dossiers_dossierevent"] > live["dossiers_dossier"]
    assert restored == live
    assert f"{live['dossiers_dossier']} hồ sơ, {live['dossiers_dossierevent']} sự kiện" in out
    verify = json.loads(ok(dbs.run("restored", "audit", "verify", "--json")))
    assert verify == {"dossiers": live["dossiers_dossier"], "ok": True, "broken": []}
    hashes = dbs.last_hashes("restored")
    assert hashes == dbs.last_hashes("live") and len(hashes) == live["dossiers_dossier"]
    assert all(last == event for last, event in hashes.values())

    # The restored database is not empty any more: refused, then replaced with --force.
    again = dbs.run("restored", "restore", str(backup))
    assert again.returncode == 1 and "không trống" in again.stderr and "--force" in again.stderr
    ok(dbs.run("restored", "restore", str(backup), "--force"))
    assert dbs.counts("restored") == live

    # A damaged backup (cut in half) changes nothing, even with --force.
    torn = tmp_path / "torn.backup"
    torn.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    failed = dbs.run("restored", "restore", str(torn), "--force")
    assert failed.returncode == 1 and "Lỗi: " in failed.stderr, failed.stderr[-2000:]
    assert "Traceback" not in failed.stderr
    assert dbs.counts("restored") == live
    if dbs.pg:
        assert dbs.query("restored", f"SELECT count(*) FROM pg_namespace WHERE nspname = '{ASIDE}'") == [(0,)]
