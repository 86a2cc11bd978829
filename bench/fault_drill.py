"""Fault drill: kill the server and the database under load, restart, and prove nothing
acknowledged was lost and nothing unacknowledged was half written.

    .venv/bin/python bench/fault_drill.py [--minutes 6] [--clients 50]
        [--pg private | --pg postgres://postgres@127.0.0.1:5432 | --sqlite]
        [--faults server-kill9,worker-kill9,pg-terminate,pg-backend-kill9,pg-crash] [--rounds 2]
    .venv/bin/python bench/fault_drill.py --short       # 30 s, 10 clients, one server kill, one DB fault

1. The database: `--pg private` (default when PostgreSQL's initdb is installed) starts a
   PostgreSQL cluster of its own in a temporary directory on a free port (as the `postgres` user
   when run as root), so its backends — and the postmaster itself — can be killed with SIGKILL
   without touching anyone else's databases (a backend killed with SIGKILL makes its postmaster
   end every session of the cluster and recover). `--pg URL` uses a database
   `localgov_faults_drill` on that server and only terminates the drill's own backends
   (pg_terminate_backend). `--sqlite` drills the embedded database (server faults only).
   Migrates it and loads units, catalogue and calendar; one officer with an API token
   (bench/transitions.py `make_officer`).
2. Serves it with `localgov serve` (granian, 2 workers × 4 threads) and, from a second process,
   runs `--clients` clients, each in a loop: submit a dossier (POST /api/v1/dossiers/ with an
   Idempotency-Key), then the 7 transitions of bench/transitions.py. A client retries a request
   that got no answer or a 5xx with the same Idempotency-Key or the same version; a 409 on a
   retried transition means the first attempt had committed (the client reads the dossier and
   goes on from its version). Every 2xx is appended to the client log (JSON lines: submission key,
   code, version; transition code, version, action).
3. Meanwhile injects the faults, `--rounds` times each, spread over the run:
   `server-kill9` SIGKILL to the server's whole process group (master and workers), restarted
   after 2 s; `worker-kill9` SIGKILL to one worker (what the OOM killer does); `pg-terminate`
   pg_terminate_backend of every backend of the drill database; `pg-backend-kill9` SIGKILL to
   one backend of the drill database (private cluster); `pg-crash` SIGKILL to the postmaster and
   all its processes, then a restart (crash recovery from the WAL; private cluster).
4. When the load has stopped: stops the server, then checks (bench/fault_check.py) every
   acknowledged submission and transition against the database, every drill dossier whole,
   `localgov audit verify`, and the fact tables before and after `localgov facts rebuild`.
   Prints the figures (requests/s, p50/p99 of the 2xx answers, errors seen by clients per fault
   and the time to the next 2xx) and exits 1 if anything was lost or half written.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's `calendar`: drop this directory.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
ROOT = _HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing as mp  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from typing import Any  # noqa: E402

from bench.transitions import (  # noqa: E402
    ACTIONS,
    RawClient,
    free_port,
    machine,
    payload,
    pct,
    start_server,
    stop_server,
)

DB_NAME = "localgov_faults_drill"
LOCALGOV = str(ROOT / ".venv" / "bin" / "localgov")
FAULTS = ("server-kill9", "worker-kill9", "pg-terminate", "pg-backend-kill9", "pg-crash")
PG_FAULTS = {"pg-terminate", "pg-backend-kill9", "pg-crash"}
PRIVATE_ONLY = {"pg-backend-kill9", "pg-crash"}


# --- the clients (a separate process; no Django) -------------------------------------------


class DrillClient(RawClient):
    """RawClient with a method, extra headers and no retry of its own (the drill retries)."""

    def send(self, method: str, path: str, body: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else b""
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        request = (f"{method} {path} HTTP/1.1\r\n{self.head}{extra}Content-Length: {len(data)}\r\n\r\n".encode()
                   + data)
        try:
            if self.sock is None:
                self.sock = self._connect()
            self.sock.sendall(request)
            status, raw = self._read_raw()
        except (OSError, ValueError):
            self.close()
            raise
        try:
            return status, json.loads(raw or b"{}")
        except ValueError:  # an error page that is not JSON: the status is what counts
            return status, {"body": raw[:200].decode(errors="replace")}

    def _read_raw(self) -> tuple[int, bytes]:
        """RawClient._read without the JSON decoding."""
        assert self.sock is not None
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ValueError("connection closed")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        while len(rest) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ValueError("connection closed")
            rest += chunk
        self.buf = rest[length:]
        if close:
            self.close()
        return status, rest[:length]


class Stop(Exception):
    """The retry deadline passed without a 2xx (an unacknowledged request; no ack logged)."""


class Client:
    def __init__(self, index: int, port: int, token: str, run: str, communes: list[str], docs: list[str],
                 load_end: float, give_up: float, started: float, log: Any, lock: threading.Lock) -> None:
        self.index, self.run, self.communes, self.docs = index, run, communes, docs
        self.load_end, self.give_up, self.started = load_end, give_up, started
        self.http = DrillClient(port, token)
        self.log, self.lock = log, lock
        self.latencies: list[float] = []
        self.errors: list[tuple[float, str]] = []
        self.acks = 0
        self.recovered = 0

    def note(self, row: dict[str, Any]) -> None:
        row["t"] = round(time.monotonic() - self.started, 3)
        with self.lock:
            self.log.write(json.dumps(row) + "\n")
        self.acks += 1

    def call(self, method: str, path: str, body: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, ok: tuple[int, ...] = (200, 201)) -> tuple[int, dict[str, Any]]:
        """Send until an answer that is not a failure: no answer, 5xx or 429 are retried with the
        same request (same Idempotency-Key or version) after a short, growing pause."""
        pause = 0.1
        while True:
            t0 = time.perf_counter()
            try:
                status, answer = self.http.send(method, path, body, headers)
            except (OSError, ValueError) as exc:
                status, answer = 0, {"error": type(exc).__name__}
            if status in ok:
                self.latencies.append(time.perf_counter() - t0)
                return status, answer
            if status and status < 500 and status != 429:
                return status, answer
            now = time.monotonic()
            self.errors.append((round(now - self.started, 3), f"{status or 'no answer'} {str(answer)[:120]}"))
            if now > self.give_up:
                raise Stop
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, 1.0)

    def loop(self) -> None:
        n = 0
        try:
            while time.monotonic() < self.load_end:
                n += 1
                self.dossier(n)
        except Stop:
            pass
        self.http.close()

    def dossier(self, n: int) -> None:
        key = f"{self.run}-{self.index}-{n}"
        body = payload(self.index * 100_000 + n, self.communes, self.docs)
        body["applicant"]["address"] = f"drill {key}"
        status, answer = self.call("POST", "/api/v1/dossiers/", body, {"Idempotency-Key": key})
        if status not in (200, 201):
            self.errors.append((round(time.monotonic() - self.started, 3), f"submit {status} {str(answer)[:200]}"))
            raise Stop
        code, version = answer["dossier"]["code"], answer["dossier"]["version"]
        self.note({"kind": "submit", "key": key, "code": code, "version": version, "status": status})
        for action, extra in ACTIONS:
            if time.monotonic() > self.load_end:
                return
            path = f"/api/v1/dossiers/{code}/actions/{action}"
            status, answer = self.call("POST", path, {"version": version, **extra})
            if status == 200 and answer.get("version") == version + 1:
                version = answer["version"]
                self.note({"kind": "transition", "code": code, "version": version, "action": action})
                continue
            if status == 409:
                # A retry after a lost answer: did the first attempt commit?
                _, now = self.call("GET", f"/api/v1/dossiers/{code}", ok=(200,))
                if now.get("version") == version + 1:
                    _, events = self.call("GET", f"/api/v1/dossiers/{code}/events", ok=(200,))
                    last = events[-1] if isinstance(events, list) and events else {}
                    if last.get("seq") == version + 1 and last.get("action") == action:
                        version += 1
                        self.recovered += 1
                        continue
            self.errors.append((round(time.monotonic() - self.started, 3),
                                f"UNEXPECTED {action} v{version} of {code}: {status} {str(answer)[:200]}"))
            raise Stop


def client_process(port: int, token: str, run: str, communes: list[str], docs: list[str], clients: int,
                   seconds: float, grace: float, log_path: str, queue: Any) -> None:
    started = time.monotonic()  # CLOCK_MONOTONIC: the same clock as the drill's process
    queue.put({"started": started})
    load_end, give_up = started + seconds, started + seconds + grace
    lock = threading.Lock()
    with open(log_path, "a", buffering=1) as log:
        workers = [Client(i, port, token, run, communes, docs, load_end, give_up, started, log, lock)
                   for i in range(clients)]
        threads = [threading.Thread(target=w.loop) for w in workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    ended = time.monotonic()
    queue.put({"seconds": min(ended, load_end) - started, "wall": ended - started,
               "latencies": [x for w in workers for x in w.latencies],
               "acks": sum(w.acks for w in workers), "recovered": sum(w.recovered for w in workers),
               "errors": sorted(e for w in workers for e in w.errors)})


# --- PostgreSQL: a private cluster, or a database on a given server -------------------------


def pg_bindir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivateCluster:
    """A throwaway PostgreSQL cluster: initdb in a temporary directory, TCP on a free port."""

    def __init__(self, workdir: Path) -> None:
        bindir = pg_bindir()
        if bindir is None:
            raise SystemExit("initdb not found: install PostgreSQL's server package or pass --pg URL")
        self.bin = bindir
        self.dir = workdir / "pg"
        self.dir.mkdir()
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(workdir, "postgres")
            shutil.chown(self.dir, "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--no-sync")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        cmd = [str(self.bin / tool), *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        # stderr too: after a crash pg_ctl says "another server might be running" (the stale pid file)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.dir)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-t", "120", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=60", "start")

    def postmaster(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])

    def crash(self) -> None:
        """SIGKILL to the postmaster and every process it started, as a power cut would leave it."""
        master = self.postmaster()
        children = _children(master)
        os.kill(master, signal.SIGKILL)
        for pid in children:
            _kill(pid)
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{p}").exists() for p in [master, *children]) and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        except subprocess.CalledProcessError:
            pass


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def recreate_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drill_backends(server: str, name: str) -> list[int]:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=10) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
                            [name]).fetchall()
    return [r[0] for r in rows]


def terminate_backends(server: str, name: str) -> int:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=10) as conn:
        rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                            "AND pid <> pg_backend_pid()", [name]).fetchall()
    return sum(1 for r in rows if r[0])


# --- the drill ----------------------------------------------------------------------------


class Drill:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="localgov-drill-"))
        self.cluster: PrivateCluster | None = None
        self.server_url = ""
        self.faults: list[dict[str, Any]] = []
        self.server: subprocess.Popen | None = None
        self.port = free_port()
        self.restarts = 0
        self.backup_at: float | None = None
        self.restored_name = f"{args.db_name}_restored"[:63]

    # setup
    def database(self) -> str:
        a = self.args
        if a.sqlite:
            return f"sqlite:///{self.work / 'drill.sqlite3'}"
        if a.pg == "private":
            self.cluster = PrivateCluster(self.work)
            self.server_url = self.cluster.url
        else:
            self.server_url = a.pg.rstrip("/")
        recreate_database(self.server_url, a.db_name)
        return f"{self.server_url}/{a.db_name}"

    def env(self, url: str) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": url, "LOCALGOV_VAR": str(self.work / "var"), "DEBUG": "0",
                "LOG_LEVEL": "WARNING", "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT / "src")}

    def start(self) -> None:
        log = self.work / f"server-{self.restarts}.log"
        self.server = start_server(self.environ, self.port, self.args.workers, self.args.threads, log, "granian")
        self.restarts += 1

    # faults
    def inject(self, kind: str, at: float) -> dict[str, Any]:
        row: dict[str, Any] = {"fault": kind, "at": round(at, 1)}
        assert self.server is not None
        if kind == "server-kill9":
            os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()
            time.sleep(2)
            self.start()
            row["what"] = "SIGKILL to the server's process group; restarted"
        elif kind == "worker-kill9":
            workers = [p for p in _children(self.server.pid)]
            victim = random.choice(workers)
            _kill(victim)
            time.sleep(6)  # granian respawns a failed worker after its respawn interval (3.5 s)
            alive = self.server.poll() is None
            row["what"] = f"SIGKILL to worker {victim} of {len(workers)}; server {'still up' if alive else 'EXITED'}"
            if not alive:
                row["server_exited"] = True
                self.start()
                row["what"] += "; restarted by the drill"
        elif kind == "pg-terminate":
            row["what"] = f"pg_terminate_backend of {terminate_backends(self.server_url, self.args.db_name)} backends"
        elif kind == "pg-backend-kill9":
            pids = drill_backends(self.server_url, self.args.db_name)
            victim = random.choice(pids) if pids else None
            if victim:
                _kill(victim)
            row["what"] = f"SIGKILL to backend {victim} of {len(pids)} (the postmaster resets every session)"
        elif kind == "live-backup":
            self.backup_at = at
            t0 = time.monotonic()
            proc = subprocess.run([LOCALGOV, "backup", str(self.work / "live.backup")], env=self.environ,
                                  capture_output=True, text=True)
            size = (self.work / "live.backup").stat().st_size / 1e6 if proc.returncode == 0 else 0.0
            row["what"] = (f"localgov backup under load: rc {proc.returncode}, {time.monotonic() - t0:.1f} s, "
                           f"{size:.1f} MB {proc.stderr.strip()[-200:]}")
        elif kind == "pg-crash":
            assert self.cluster is not None
            self.cluster.crash()
            time.sleep(2)
            t0 = time.monotonic()
            self.cluster.start()
            row["what"] = (f"SIGKILL to the postmaster and all its processes; restarted, crash recovery "
                           f"{time.monotonic() - t0:.1f} s")
        row["done"] = round(time.monotonic() - self.load_started, 1)
        print(f"  {row['at']:>6.1f} s  {kind:<17} {row['what']}", flush=True)
        return row

    def schedule(self) -> list[tuple[float, str]]:
        kinds = [f for f in self.args.faults.split(",") if f]
        seconds = self.args.minutes * 60
        plan = [k for _ in range(self.args.rounds) for k in kinds]
        if not plan:
            return []
        if self.args.live_backup:
            plan.insert(len(plan) // 2, "live-backup")
        first, last = seconds * 0.12, seconds * 0.85
        step = (last - first) / max(1, len(plan) - 1)
        return [(first + i * step, kind) for i, kind in enumerate(plan)]

    def run(self) -> int:
        a = self.args
        for kind in a.faults.split(","):
            if kind and kind not in FAULTS:
                raise SystemExit(f"unknown fault {kind!r}; known: {', '.join(FAULTS)}")
            if a.sqlite and kind in PG_FAULTS:
                raise SystemExit(f"{kind} needs PostgreSQL")
            if kind in PRIVATE_ONLY and a.pg != "private":
                raise SystemExit(f"{kind} needs the drill's own cluster (--pg private): on a shared server a "
                                 "backend killed with SIGKILL would reset every other database's sessions")
        host = machine()
        print("machine:", host, flush=True)
        url = self.database()
        print(f"database: {url} (work directory {self.work})", flush=True)
        self.environ = self.env(url)
        t0 = time.perf_counter()
        from bench.transitions import make_officer, setup_django

        setup_django(self.environ)
        _, token, communes = make_officer()
        from django.db import connections

        from localgov.catalog.models import Procedure

        docs = [d["code"] for d in Procedure.objects.get(code="1.004873").documents if d.get("required")]
        connections.close_all()
        print(f"ready in {time.perf_counter() - t0:.1f} s", flush=True)
        self.start()
        run = f"drill{int(time.time())}"
        log_path = self.work / "acks.jsonl"
        seconds = a.minutes * 60
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=client_process, args=(self.port, token, run, communes, docs, a.clients, seconds,
                                                        a.grace, str(log_path), queue))
        print(f"load: {a.clients} clients for {seconds:.0f} s against granian {a.workers}×{a.threads} "
              f"on 127.0.0.1:{self.port}; faults:", flush=True)
        proc.start()
        load_start = queue.get(timeout=120)["started"]
        self.load_started = load_start
        for at, kind in self.schedule():
            while time.monotonic() - load_start < at:
                time.sleep(0.2)
            self.faults.append(self.inject(kind, time.monotonic() - load_start))
        load = queue.get(timeout=seconds + a.grace + 300)
        proc.join(timeout=30)
        assert self.server is not None
        server_alive = self.server.poll() is None
        stop_server(self.server)
        if self.cluster:
            # Restart the cluster once more, cleanly: the check reads what survived a shutdown too.
            self.cluster.stop()
            self.cluster.start()
        return self.report(load, log_path, run, host, server_alive)

    # check and report
    def report(self, load: dict[str, Any], log_path: Path, run: str, host: str, server_alive: bool) -> int:
        from django.db import connections

        connections.close_all()
        from bench.fault_check import check, facts_difference, facts_snapshot

        acks = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
        t0 = time.perf_counter()
        found = check(acks, run)
        audit = subprocess.run([LOCALGOV, "audit", "verify", "--json"], env=self.environ, capture_output=True,
                               text=True)
        live = facts_snapshot()
        rebuild = subprocess.run([LOCALGOV, "facts", "rebuild"], env=self.environ, capture_output=True, text=True)
        connections.close_all()
        rebuilt = facts_snapshot()
        facts_diff = facts_difference(live, rebuilt)
        check_seconds = time.perf_counter() - t0
        lat = load["latencies"]
        errors = load["errors"]
        per_fault = []
        times = sorted(r["t"] for r in acks)
        for i, f in enumerate(self.faults):
            end = self.faults[i + 1]["at"] if i + 1 < len(self.faults) else float("inf")
            errs = [e for e in errors if f["at"] <= e[0] < end]
            # Service back: the first 2xx after the last failed attempt this fault caused.
            after = next((t for t in times if t > (errs[-1][0] if errs else f["at"])), None)
            per_fault.append({**f, "client_errors": len(errs),
                              "errors_for_s": round(errs[-1][0] - f["at"], 2) if errs else 0.0,
                              "back_after_s": round(after - f["at"], 2) if after else None})
        restored = self.check_backup(acks, run) if self.backup_at is not None else None
        unexpected = [e for e in errors if "UNEXPECTED" in e[1] or e[1].startswith("submit ")]
        kinds = Counter(e[1][:60] for e in errors)
        summary = {
            "machine": host, "end_load_average": round(os.getloadavg()[0], 2),
            "database": "sqlite" if self.args.sqlite else ("private cluster" if self.cluster else self.server_url),
            "clients": self.args.clients, "seconds": round(load["seconds"], 1),
            "acknowledged": len(acks), "per_second": round(len(acks) / load["seconds"], 1),
            "p50_ms": round(pct(lat, 50) * 1000, 1), "p99_ms": round(pct(lat, 99) * 1000, 1),
            "client_errors": len(errors), "error_kinds": kinds.most_common(12),
            "recovered_by_409_then_read": load["recovered"],
            "unexpected_answers": unexpected[:10],
            "faults": per_fault, "server_alive_at_end": server_alive,
            "dossiers": found.dossiers, "events": found.events, "documents": found.documents,
            "acked_submissions": found.acked_submissions, "acked_transitions": found.acked_transitions,
            "committed_unacked_dossiers": found.unacked_dossiers, "committed_unacked_events": found.unacked_events,
            "code_numbers": found.counter_numbers, "code_gaps": found.counter_gaps,
            "orphan_files": found.orphan_files,
            "problems": found.problems, "audit_verify": {"rc": audit.returncode, "out": audit.stdout.strip()[-300:]},
            "facts_rebuild": {"rc": rebuild.returncode, "differences": facts_diff,
                              "rows": {k: len(v) for k, v in live.items()}},
            "check_seconds": round(check_seconds, 1), "live_backup": restored,
        }
        (self.work / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
        (self.work / "client-errors.jsonl").write_text("".join(json.dumps(e) + "\n" for e in errors))
        if self.args.json:
            self.args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False))
        self.print(summary)
        ok = (found.ok and audit.returncode == 0 and rebuild.returncode == 0 and not facts_diff and not unexpected
              and found.acked_submissions > 0 and (restored is None or restored["ok"]))
        print("VERDICT:", "nothing acknowledged lost, nothing half written" if ok else "FAILED", flush=True)
        return 0 if ok else 1

    def check_backup(self, acks: list[dict[str, Any]], run: str) -> dict[str, Any]:
        """The backup taken under load, restored into an empty database: it restores, its chains
        verify, its facts are what a rebuild from its events gives (one snapshot of every table),
        and it holds every submission acknowledged before it started."""
        if self.args.sqlite:
            url = f"sqlite:///{self.work / 'restored.sqlite3'}"
        else:
            recreate_database(self.server_url, self.restored_name)
            url = f"{self.server_url}/{self.restored_name}"
        env = {**self.environ, "DATABASE_URL": url, "LOCALGOV_VAR": str(self.work / "var-restored")}

        def run_(*cmd: str) -> subprocess.CompletedProcess:
            return subprocess.run(list(cmd), env=env, capture_output=True, text=True)

        checker = [sys.executable, str(ROOT / "bench" / "fault_check.py")]
        t0 = time.monotonic()
        restore = run_(LOCALGOV, "restore", str(self.work / "live.backup"))
        seconds = round(time.monotonic() - t0, 1)
        audit = run_(LOCALGOV, "audit", "verify", "--json")
        before = run_(*checker, "facts-digest").stdout.strip()
        rebuild = run_(LOCALGOV, "facts", "rebuild")
        after = run_(*checker, "facts-digest").stdout.strip()
        keys = set(json.loads(run_(*checker, "keys", run).stdout or "[]"))
        wanted = {a["key"] for a in acks if a["kind"] == "submit" and a["t"] < self.backup_at}
        missing = sorted(wanted - keys)
        return {"restore_rc": restore.returncode, "restore_seconds": seconds, "restore_err": restore.stderr[-300:],
                "audit_rc": audit.returncode, "audit": audit.stdout.strip()[-200:], "facts_equal": before == after,
                "rebuild_rc": rebuild.returncode, "dossiers": len(keys), "acked_before_backup": len(wanted),
                "missing": missing[:10],
                "ok": (restore.returncode == 0 and audit.returncode == 0 and rebuild.returncode == 0 and bool(before)
                       and before == after and not missing)}

    @staticmethod
    def print(s: dict[str, Any]) -> None:
        print(f"load: {s['acknowledged']} acknowledged requests in {s['seconds']} s = {s['per_second']}/s, "
              f"{s['clients']} clients, p50 {s['p50_ms']} ms, p99 {s['p99_ms']} ms (2xx answers)")
        print(f"clients saw {s['client_errors']} failed attempts (no answer / 5xx), all retried; "
              f"{s['recovered_by_409_then_read']} transitions found committed after a lost answer")
        for kind, n in s["error_kinds"]:
            print(f"    {n:>6} × {kind}")
        for f in s["faults"]:
            print(f"  {f['at']:>6.1f} s {f['fault']:<17} {f['client_errors']:>5} failed attempts over "
                  f"{f['errors_for_s']} s; 2xx again {f['back_after_s']} s after the fault")
        print(f"database: {s['dossiers']} drill dossiers, {s['events']} events, {s['documents']} documents; "
              f"acknowledged {s['acked_submissions']} submissions and {s['acked_transitions']} transitions; "
              f"committed without acknowledgement {s['committed_unacked_dossiers']} dossiers and "
              f"{s['committed_unacked_events']} events; code numbers {s['code_numbers']}, gaps {s['code_gaps']}; "
              f"document files without a row {s['orphan_files']}")
        print(f"audit verify: rc {s['audit_verify']['rc']} {s['audit_verify']['out']}")
        print(f"facts rebuild: rc {s['facts_rebuild']['rc']}, rows {s['facts_rebuild']['rows']}, "
              f"differences {s['facts_rebuild']['differences'] or 'none'}")
        b = s.get("live_backup")
        if b:
            print(f"backup taken under load, restored into an empty database in {b['restore_seconds']} s: "
                  f"restore rc {b['restore_rc']}, audit verify rc {b['audit_rc']}, facts = rebuilt facts "
                  f"{b['facts_equal']}; {b['dossiers']} drill dossiers, all {b['acked_before_backup']} acknowledged "
                  f"before the backup among them: {not b['missing']} {b['restore_err'] if b['restore_rc'] else ''}")
        for p in s["problems"][:30]:
            print("  PROBLEM:", p)
        for e in s["unexpected_answers"]:
            print("  UNEXPECTED:", e)

    def cleanup(self) -> None:
        if self.server is not None and self.server.poll() is None:
            stop_server(self.server)
        if self.cluster is not None:
            self.cluster.stop()
        elif self.server_url and not self.args.keep:
            import psycopg

            with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as conn:
                for name in (self.args.db_name, self.restored_name):
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=6.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--pg", default="private",
                        help="'private' (a cluster of the drill's own) or a server URL without the database")
    parser.add_argument("--sqlite", action="store_true", help="drill the embedded SQLite database")
    parser.add_argument("--db-name", default=DB_NAME)
    parser.add_argument("--faults", default=None, help=f"comma-separated, among {', '.join(FAULTS)}")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--grace", type=float, default=60.0, help="how long clients keep retrying after the load")
    parser.add_argument("--short", action="store_true", help="30 s, 10 clients, one server kill and one DB fault")
    parser.add_argument("--keep", action="store_true",
                        help="keep the work directory (logs, acks, client errors, summary) and the database")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--no-live-backup", dest="live_backup", action="store_false",
                        help="skip the `localgov backup` taken under load (restored and checked at the end)")
    args = parser.parse_args(argv)
    if args.short:
        args.minutes, args.clients, args.rounds, args.grace, args.live_backup = 0.5, 10, 1, 30.0, False
        args.faults = args.faults or ("server-kill9" if args.sqlite else "server-kill9,pg-terminate")
    if args.faults is None:
        args.faults = ("server-kill9,worker-kill9" if args.sqlite else
                       ",".join(FAULTS) if args.pg == "private" else "server-kill9,worker-kill9,pg-terminate")
    return args


def main(argv: list[str] | None = None) -> int:
    drill = Drill(parse(argv))
    try:
        return drill.run()
    finally:
        drill.cleanup()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
