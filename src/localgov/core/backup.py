"""Backing up and restoring the database (`localgov backup`, `localgov restore`).

* PostgreSQL: PostgreSQL's own `pg_dump --format=custom` and `pg_restore`, with the connection of
  DATABASE_URL passed in PG* environment variables (the password never on a command line). A
  restore runs in one transaction (`--single-transaction --exit-on-error`): it is whole or
  nothing. With --force, the target's `public` schema is first set aside under another name and
  dropped only once the restore has committed; if the restore fails, it is put back.
* SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent
  snapshot while the server keeps writing; the copy is a single file (journal mode DELETE),
  checked (`PRAGMA quick_check`) before it takes the backup's name. A restore copies it into
  the target in one step of the same API, i.e. one transaction on the target.

A backup is written beside its destination under a temporary name and renamed when complete,
so a crash never leaves a truncated file under the backup's name. Uploaded documents (MEDIA_ROOT)
are files, not rows: they are not in the backup (docs/reliability.md).

Every refusal is a `BackupError` with a Vietnamese message: a path that is not there or not a
file, a backup that already exists (without --force), a file that is not a localgov backup or is
one of the other database kind, a target database that is not empty (without --force).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

PG_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables a localgov database has (a backup without them is of something else).
MARKERS = ("django_migrations", "dossiers_dossier")
ASIDE = "localgov_before_restore"


class BackupError(Exception):
    """A refusal or failure, in Vietnamese for the person at the terminal."""


@dataclass(frozen=True)
class Done:
    path: Path
    kind: str  # "postgresql" | "sqlite"
    size: int
    seconds: float


def engine(db: dict[str, Any]) -> str:
    name = db["ENGINE"].rsplit(".", 1)[-1]
    if name.startswith("postgresql"):
        return "postgresql"
    if name == "sqlite3":
        return "sqlite"
    raise BackupError(f"Chưa hỗ trợ sao lưu loại cơ sở dữ liệu «{db['ENGINE']}».")


def file_kind(path: Path) -> str | None:
    """'postgresql' (pg_dump's custom format), 'sqlite' or None, from the first bytes."""
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    return None


KIND_LABEL = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


# --- paths ----------------------------------------------------------------------------------


def destination(path: str | Path, *, force: bool) -> Path:
    """Where a new backup may be written: its directory exists and is writable, and it is not
    there yet (or --force)."""
    target = Path(path).expanduser()
    if not str(path).strip():
        raise BackupError("Vui lòng chỉ ra tệp sao lưu.")
    if target.is_dir():
        raise BackupError(f"«{target}» là một thư mục; hãy chỉ ra tên tệp, ví dụ {target / 'localgov.backup'}.")
    parent = target.parent
    if not parent.is_dir():
        raise BackupError(f"Thư mục «{parent}» không tồn tại.")
    if not os.access(parent, os.W_OK):
        raise BackupError(f"Không có quyền ghi vào thư mục «{parent}».")
    if target.exists() and not force:
        raise BackupError(f"Tệp «{target}» đã có; dùng --force để ghi đè.")
    return target


def source(path: str | Path) -> Path:
    """A backup to restore: an existing, readable file."""
    src = Path(path).expanduser()
    if not src.exists():
        raise BackupError(f"Không tìm thấy tệp sao lưu «{src}».")
    if not src.is_file():
        raise BackupError(f"«{src}» không phải là một tệp.")
    if not os.access(src, os.R_OK):
        raise BackupError(f"Không có quyền đọc tệp «{src}».")
    if src.stat().st_size == 0:
        raise BackupError(f"Tệp «{src}» rỗng, không phải bản sao lưu.")
    return src


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial-{os.getpid()}")


def _publish(tmp: Path, target: Path) -> None:
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- the entry points ---------------------------------------------------------------------------


def backup(path: str | Path, *, force: bool = False, db: dict[str, Any] | None = None) -> Done:
    db = db or _default_db()
    kind = engine(db)
    target = destination(path, force=force)
    tmp = _partial(target)
    started = time.perf_counter()
    try:
        if kind == "postgresql":
            _pg_dump(db, tmp)
        else:
            _sqlite_backup(Path(db["NAME"]), tmp)
        _publish(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return Done(target, kind, target.stat().st_size, time.perf_counter() - started)


def restore(path: str | Path, *, force: bool = False, db: dict[str, Any] | None = None) -> Done:
    db = db or _default_db()
    kind = engine(db)
    src = source(path)
    found = file_kind(src)
    if found is None:
        raise BackupError(f"Tệp «{src}» không phải bản sao lưu của localgov (không phải định dạng custom của "
                          "pg_dump, cũng không phải tệp SQLite).")
    if found != kind:
        raise BackupError(f"Tệp «{src}» là bản sao lưu {KIND_LABEL[found]}, còn cơ sở dữ liệu đang dùng là "
                          f"{KIND_LABEL[kind]}: không khôi phục được chéo loại.")
    started = time.perf_counter()

    connections.close_all()  # the restore talks to the database through its own connections
    if kind == "postgresql":
        _pg_restore(db, src, force=force)
    else:
        _sqlite_restore(src, Path(db["NAME"]), force=force)
    return Done(src, kind, src.stat().st_size, time.perf_counter() - started)


def _default_db() -> dict[str, Any]:

    return settings.DATABASES["default"]


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_file(name: Any) -> Path:
    path = Path(str(name))
    if str(name) in ("", ":memory:") or str(name).startswith("file:"):
        raise BackupError(f"Cơ sở dữ liệu SQLite «{name}» không phải một tệp trên đĩa.")
    return path


def _sqlite_backup(name: Path, tmp: Path) -> None:
    path = _sqlite_file(name)
    if not path.is_file():
        raise BackupError(f"Cơ sở dữ liệu SQLite «{path}» không tồn tại.")
    src = sqlite3.connect(path, timeout=30)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)  # one step: a consistent snapshot, writers wait only for each page batch
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        _sqlite_sound(dst, tmp)
    except sqlite3.Error as exc:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu SQLite: {exc}") from None
    finally:
        dst.close()
        src.close()


def _sqlite_sound(conn: sqlite3.Connection, path: Path) -> None:
    """The file is a healthy SQLite database of localgov."""
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"Tệp «{path}» hỏng, không đọc được như một cơ sở dữ liệu SQLite ({exc}).") from None
    if check != "ok":
        raise BackupError(f"Tệp «{path}» hỏng (kiểm tra SQLite: {check}).")
    missing = [t for t in MARKERS if t not in tables]
    if missing:
        raise BackupError(f"Tệp «{path}» là cơ sở dữ liệu SQLite nhưng không phải của localgov (thiếu bảng "
                          f"{', '.join(missing)}).")


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%'")]


def _sqlite_restore(src: Path, target: Path, *, force: bool) -> None:
    target = _sqlite_file(target)
    if not target.parent.is_dir():
        raise BackupError(f"Thư mục «{target.parent}» của cơ sở dữ liệu đích không tồn tại.")
    source_conn = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        _sqlite_sound(source_conn, src)
        dest = sqlite3.connect(target, timeout=30)
        try:
            tables = _sqlite_tables(dest)
            if tables and not force:
                raise BackupError(_not_empty(str(target), len(tables)))
            source_conn.backup(dest)  # one step: one transaction on the target, whole or nothing
            dest.execute("PRAGMA journal_mode=WAL")  # as settings.py runs it
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Không khôi phục được cơ sở dữ liệu SQLite: {exc}") from None
    finally:
        source_conn.close()


def _not_empty(name: str, tables: int) -> str:
    return (f"Cơ sở dữ liệu đích «{name}» không trống ({tables} bảng). Chỉ khôi phục vào một cơ sở dữ liệu "
            "trống; dùng --force để thay toàn bộ dữ liệu hiện có bằng bản sao lưu.")


# --- PostgreSQL ---------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"Không tìm thấy chương trình {name} của PostgreSQL; hãy cài gói postgresql-client "
                          "(cùng phiên bản chính với máy chủ).")
    return found


def pg_env(db: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the database of `db` (Django's settings dict)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    pairs = {"PGHOST": db.get("HOST"), "PGPORT": db.get("PORT"), "PGUSER": db.get("USER"),
             "PGPASSWORD": db.get("PASSWORD"), "PGDATABASE": db.get("NAME")}
    options = db.get("OPTIONS") or {}
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                     ("sslkey", "PGSSLKEY"), ("connect_timeout", "PGCONNECT_TIMEOUT")):
        if options.get(key):
            pairs[var] = options[key]
    env.update({k: str(v) for k, v in pairs.items() if v not in (None, "")})
    return env


def _failed(tool: str, proc: subprocess.CompletedProcess) -> BackupError:
    lines = [ln for ln in (proc.stderr or "").strip().splitlines() if ln.strip()]
    detail = "; ".join(lines[-3:]) or f"mã thoát {proc.returncode}"
    return BackupError(f"{tool} báo lỗi: {detail}")


def _pg_dump(db: dict[str, Any], tmp: Path) -> None:
    proc = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-password", f"--file={tmp}"],
                          env=pg_env(db), capture_output=True, text=True)
    if proc.returncode != 0:
        raise _failed("pg_dump", proc)
    _pg_list(tmp)


def _pg_list(path: Path) -> list[str]:
    """pg_restore's table of contents of the dump (refuses a damaged or foreign file)."""
    proc = subprocess.run([_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True)
    if proc.returncode != 0:
        detail = ((proc.stderr or "").strip().splitlines() or [f"mã thoát {proc.returncode}"])[-1]
        raise BackupError(f"Tệp «{path}» hỏng hoặc không đọc được như bản sao lưu PostgreSQL ({detail}).")
    toc = proc.stdout.splitlines()
    tables = {ln.split()[-2] for ln in toc if " TABLE DATA " in ln or " TABLE " in ln}
    missing = [t for t in MARKERS if t not in tables]
    if missing:
        raise BackupError(f"Tệp «{path}» là bản sao lưu PostgreSQL nhưng không phải của localgov (thiếu bảng "
                          f"{', '.join(missing)}).")
    return toc


def _pg_restore(db: dict[str, Any], src: Path, *, force: bool) -> None:
    _pg_list(src)
    # PostgreSQL's driver: only on PostgreSQL
    import psycopg

    env = pg_env(db)
    conninfo = _conninfo(db)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
        aside = conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = %s", [ASIDE]).fetchone()[0]
        if aside:
            raise BackupError(f"Cơ sở dữ liệu «{db['NAME']}» còn lược đồ «{ASIDE}» của một lần khôi phục trước chưa "
                              "xong; hãy kiểm tra rồi xoá nó (DROP SCHEMA … CASCADE) trước khi khôi phục.")
        if tables and not force:
            raise BackupError(_not_empty(str(db["NAME"]), tables))
        if tables:
            with conn.transaction():
                conn.execute(f'ALTER SCHEMA public RENAME TO "{ASIDE}"')
                conn.execute("CREATE SCHEMA public")
        proc = subprocess.run(
            [_pg_tool("pg_restore"), "--no-password", "--single-transaction", "--exit-on-error", "--no-owner",
             "--no-privileges", f"--dbname={db['NAME']}", str(src)],
            env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            if tables:  # put the previous data back where it was
                with conn.transaction():
                    conn.execute("DROP SCHEMA public CASCADE")
                    conn.execute(f'ALTER SCHEMA "{ASIDE}" RENAME TO public')
            raise _failed("pg_restore", proc)
        if tables:
            conn.execute(f'DROP SCHEMA "{ASIDE}" CASCADE')


def _conninfo(db: dict[str, Any]) -> str:
    # PostgreSQL's driver: only on PostgreSQL
    from psycopg.conninfo import make_conninfo

    parts = {"dbname": db.get("NAME"), "host": db.get("HOST"), "port": db.get("PORT"), "user": db.get("USER"),
             "password": db.get("PASSWORD")}
    options = db.get("OPTIONS") or {}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"):
        if options.get(key):
            parts[key] = options[key]
    return make_conninfo(**{k: str(v) for k, v in parts.items() if v not in (None, "")})
