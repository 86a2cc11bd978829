"""Benchmark: dossier submissions and transitions per second, through the service layer
in-process and through HTTP against a real server process, on PostgreSQL.

    .venv/bin/python bench/transitions.py [--pg postgres://postgres@127.0.0.1:5432]
        [--dossiers 300] [--concurrency 1,10,50] [--workers 2] [--threads 4] [--max-seconds 60]
        [--server granian|gunicorn] [--outbox-ab ROUNDS]

1. Creates (drops first) the database `localgov_bench_transitions`, migrates it and loads
   units, catalogue and calendar; creates one officer (counter officer, specialist and
   approver in 20 Hà Nội communes) and an API token (`access.tokens.issue_token`).
2. Service layer, in-process, one client: N submissions (`submission.submit`), then each
   dossier through accept → assign → advance ×3 → decide → return_result (7 transitions).
3. HTTP: starts the production server — granian, as `localgov serve` runs it (or gunicorn's gthread
   workers with `--server gunicorn`) — in front of `localgov.wsgi` on a free loopback port with
   DATABASE_URL pointing to the bench database; a SECOND process (multiprocessing, spawn)
   generates the load with minimal keep-alive socket clients (`RawClient`) at 1, 10 and 50 concurrent
   clients: POST /api/v1/dossiers/ with base64 documents, then the same 7 transitions per
   dossier through POST /api/v1/dossiers/{code}/actions/{action}. Every answer is checked
   (201 / 200, the version advancing by one).
4. Prints throughput and p50/p99 latency per phase, the CPU milliseconds per request spent
   by the server (its master + workers; in-process for the service layer), by the
   PostgreSQL backends serving the bench database and by the load generator (from /proc:
   independent of what else the machine runs, unlike the wall-clock figures), and the
   HTTP/service ratio; stops the server at the end. Each phase has a fixed number of requests
   and a time cap; only loopback traffic.

Defaults: 2 workers × 4 threads, as `localgov serve` runs on 2 cores (one process per core) — the
least CPU per request of the granian settings tried (bench/RESULTS.md, "Dossier transitions").
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/calendar.py would shadow the standard library's `calendar`: drop this directory.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import base64  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import multiprocessing as mp  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = os.environ.get("BENCH_DB", "localgov_bench_transitions")
PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: commune level, 4 internal steps
ACTIONS: list[tuple[str, dict[str, Any]]] = [
    ("accept", {}),
    ("assign", {}),
    ("advance", {"note": "Thẩm định"}),
    ("advance", {"note": "Trình ký"}),
    ("advance", {"note": "Ký duyệt"}),
    ("decide", {"result_summary": "Đã cấp Giấy xác nhận tình trạng hôn nhân"}),
    ("return_result", {}),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COMMUNES = 20


# --- statistics ---------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(name: str, latencies: list[float], seconds: float, errors: int = 0) -> dict[str, Any]:
    n = len(latencies)
    return {"phase": name, "requests": n, "errors": errors, "seconds": round(seconds, 3),
            "per_second": round(n / seconds, 1) if seconds else 0.0,
            "p50_ms": round(pct(latencies, 50) * 1000, 2), "p99_ms": round(pct(latencies, 99) * 1000, 2)}


def show(row: dict[str, Any]) -> None:
    cpu = row.get("cpu_ms_per_request")
    extra = (f"  CPU ms/req: server {cpu['server']:.2f}, postgres {cpu['postgres']:.2f}, client {cpu['client']:.2f}"
             if cpu else "")
    print(f"  {row['phase']:<34} {row['requests']:>6} req  {row['per_second']:>8.1f}/s  "
          f"p50 {row['p50_ms']:>7.2f} ms  p99 {row['p99_ms']:>7.2f} ms  errors {row['errors']}{extra}", flush=True)


# --- the load-generating process (no Django in here) -------------------------------------


class RawClient:
    """A minimal HTTP/1.1 keep-alive client on a plain socket: the request bytes are formatted
    in one f-string and only the status line and Content-Length are read back. http.client
    (email-parser headers, buffered reader) cost the load generator ≈ 0.36 ms of CPU per
    request, a tenth of what the server spends: CPU taken from the same two cores."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.head = (f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
                     "Content-Type: application/json\r\nConnection: keep-alive\r\n")
        self.sock: socket.socket | None = None
        self.buf = b""

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""
        return sock

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode()
        request = f"POST {path} HTTP/1.1\r\n{self.head}Content-Length: {len(data)}\r\n\r\n".encode() + data
        for attempt in (1, 2):
            try:
                if self.sock is None:
                    self.sock = self._connect()
                self.sock.sendall(request)
                return self._read()
            except (OSError, ValueError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _read(self) -> tuple[int, dict[str, Any]]:
        assert self.sock is not None
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ValueError("connection closed")
            self.buf += chunk
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length = 0
        close = False
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
        return status, json.loads(rest[:length] or b"{}")

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None


def _client_thread(port: int, token: str, kind: str, jobs: list[Any], deadline: float,
                   out: list[tuple[float, Any]], errs: list[str]) -> None:
    client = RawClient(port, token)
    post = client.post
    for job in jobs:
        if time.monotonic() > deadline:
            break
        if kind == "submit":
            t0 = time.perf_counter()
            status, body = post("/api/v1/dossiers/", job)
            elapsed = time.perf_counter() - t0
            if status != 201:
                errs.append(f"submit {status} {str(body)[:200]}")
                continue
            out.append((elapsed, (body["dossier"]["code"], body["dossier"]["version"])))
        else:
            code, version = job
            for action, extra in ACTIONS:
                t0 = time.perf_counter()
                status, body = post(f"/api/v1/dossiers/{code}/actions/{action}", {"version": version, **extra})
                elapsed = time.perf_counter() - t0
                if status != 200 or body.get("version") != version + 1:
                    errs.append(f"{action} {status} {str(body)[:200]}")
                    break
                version = body["version"]
                out.append((elapsed, None))
    client.close()


def client_process(port: int, token: str, kind: str, per_thread: list[list[Any]], max_seconds: float,
                   queue: Any) -> None:
    """Runs in the load-generating process: one thread per concurrent client, each with its
    own keep-alive connection."""
    deadline = time.monotonic() + max_seconds
    outs: list[list[tuple[float, Any]]] = [[] for _ in per_thread]
    errs: list[str] = []
    threads = [threading.Thread(target=_client_thread, args=(port, token, kind, jobs, deadline, outs[i], errs))
               for i, jobs in enumerate(per_thread)]
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    queue.put({"seconds": seconds, "client_cpu": time.process_time() - cpu0,
               "latencies": [lat for o in outs for lat, _ in o],
               "results": [r for o in outs for _, r in o if r is not None], "errors": errs})


def run_clients(port: int, token: str, kind: str, jobs: list[Any], clients: int, max_seconds: float
                ) -> dict[str, Any]:
    """Split `jobs` over `clients` threads in one separate process and collect the figures."""
    per_thread = [jobs[i::clients] for i in range(clients)]
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=client_process, args=(port, token, kind, per_thread, max_seconds, queue))
    proc.start()
    result = queue.get(timeout=max_seconds + 120)
    proc.join(timeout=30)
    return result


# --- CPU accounting (Linux /proc): where the CPU of a phase went -----------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int) -> float:
    """utime + stime of one process (all its threads), in seconds; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _group_pids(pgid: int) -> list[int]:
    """The server's master and its workers (started in their own session: pgid = master pid)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


def _backend_pids() -> list[int]:
    """PostgreSQL backends connected to the bench database (the server's), not this process's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [DB_NAME])
        return [r[0] for r in cursor.fetchall()]


def _own_backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


class CpuMeter:
    """CPU seconds used during a phase by the server (master + workers) and by the
    PostgreSQL backends serving the bench database — measured per process, so it does not
    depend on what else the machine runs (unlike wall-clock throughput)."""

    def __init__(self, server_pgid: int) -> None:
        self.pgid = server_pgid
        self.start: dict[str, dict[int, float]] = {}

    def _sample(self) -> dict[str, dict[int, float]]:
        return {"server": {p: _proc_cpu(p) for p in _group_pids(self.pgid)},
                "postgres": {p: _proc_cpu(p) for p in _backend_pids()}}

    def __enter__(self) -> CpuMeter:
        self.start = self._sample()
        return self

    def stop(self) -> dict[str, float]:
        end = self._sample()
        # A process that started during the phase counts from 0; one that ended is not counted.
        return {kind: sum(v - self.start[kind].get(p, 0.0) for p, v in end[kind].items()) for kind in end}

    def __exit__(self, *exc: object) -> None:
        return None


def cpu_row(row: dict[str, Any], cpu: dict[str, float], client_cpu: float) -> dict[str, Any]:
    n = row["requests"] or 1
    row["cpu_ms_per_request"] = {"server": round(cpu["server"] * 1000 / n, 2),
                                 "postgres": round(cpu["postgres"] * 1000 / n, 2),
                                 "client": round(client_cpu * 1000 / n, 2)}
    return row


# --- database and server -------------------------------------------------------------------


def default_pg() -> str:
    if Path("/var/run/postgresql/.s.PGSQL.5432").exists():
        return "postgres://postgres@%2Fvar%2Frun%2Fpostgresql"
    return "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(base: str) -> str:
    """(Re)create the bench database. DROP DATABASE waits for every backend of the cluster to
    acknowledge it (a "ProcSignalBarrier"); a backend of someone else's run that sits in a long
    COPY can hold that up for minutes, so the drop gives up after 60 s and the run uses a
    database of its own name instead."""
    global DB_NAME
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists:
            conn.execute("SET statement_timeout = '60s'")
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            except psycopg.errors.QueryCanceled:
                DB_NAME = f"{DB_NAME}_{os.getpid()}"
                print(f"could not drop the previous bench database within 60 s; using {DB_NAME}", flush=True)
            conn.execute("SET statement_timeout = 0")
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return f"{base}/{DB_NAME}"


def server_command(server: str, port: int, workers: int, threads: int) -> list[str]:
    """granian as `localgov serve` runs it (HTTP in Rust, the WSGI application called from
    `threads` blocking threads per worker process) or gunicorn (gthread workers: HTTP parsed
    in Python)."""
    if server == "granian":
        return [str(ROOT / ".venv" / "bin" / "localgov"), "serve", "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(workers), "--threads", str(threads)]
    return [str(ROOT / ".venv" / "bin" / "gunicorn"), "localgov.wsgi", "-b", f"127.0.0.1:{port}",
            "-w", str(workers), "--threads", str(threads), "-k", "gthread", "--keep-alive", "30",
            "--backlog", "256", "--log-level", "warning"]


def start_server(env: dict[str, str], port: int, workers: int, threads: int, log: Path,
                 server: str = "gunicorn") -> subprocess.Popen:
    cmd = server_command(server, port, workers, threads)
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{server} exited: {log.read_text()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/openapi.json")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    stop_server(proc)
    raise RuntimeError(f"{server} did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --- Django side (main process only) -----------------------------------------------------


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localgov.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from localgov.units.loaders import run

    run(["units", "catalog", "calendar"])


def make_officer() -> tuple[Any, str, list[str]]:
    from localgov.access.policy import resolve_actor
    from localgov.access.roles import Role
    from localgov.access.services import create_user, grant_role
    from localgov.access.tokens import issue_token
    from localgov.units.models import Agency, ServiceCentre

    communes = list(Agency.objects.filter(kind="commune_office", province_id="01", commune__isnull=False)
                    .order_by("commune_id").values_list("commune_id", flat=True)[:COMMUNES])
    user = create_user(username="bench-officer", password=None, full_name="Cán bộ Đo Tải")
    for commune in communes:
        centre = ServiceCentre.objects.filter(commune_id=commune).order_by("pk").first()
        grant_role(user=user, role=Role.COUNTER_OFFICER, commune=commune, centre_id=centre.pk if centre else None)
        grant_role(user=user, role=Role.SPECIALIST, commune=commune)
        grant_role(user=user, role=Role.APPROVER, commune=commune)
    _, token = issue_token(user=user, name="bench", scopes=["dossiers:read", "dossiers:write"])
    return resolve_actor(user), token, communes


def payload(i: int, communes: list[str], docs: list[str]) -> dict[str, Any]:
    return {
        "procedure_code": PROCEDURE, "channel": 2, "competent_commune_code": communes[i % len(communes)],
        "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678",
                      "address": f"{i} Phố Huế, Hà Nội"},
        "documents": [{"doc_code": d, "name": f"{d}.pdf", "content_type": "application/pdf",
                       "content_base64": base64.b64encode(PDF).decode()} for d in docs],
    }


def service_phase(actor: Any, communes: list[str], docs: list[str], count: int, max_seconds: float,
                  email: str = "") -> list[dict[str, Any]]:
    from localgov.dossiers import services
    from localgov.dossiers.submission import Applicant, SubmitInput, submit
    from localgov.dossiers.validation import Upload
    from localgov.dossiers.workflow import Channel, ReturnMethod

    uploads = [Upload(doc_code=d, name=f"{d}.pdf", content=PDF, content_type="application/pdf") for d in docs]
    lat_submit: list[float] = []
    made: list[tuple[int, int]] = []
    deadline = time.monotonic() + max_seconds
    backend = _own_backend_pid()
    cpu0, pg0 = time.process_time(), _proc_cpu(backend)
    t0 = time.perf_counter()
    for i in range(count):
        if time.monotonic() > deadline:
            break
        data = SubmitInput(procedure_code=PROCEDURE, channel=Channel.ONLINE,
                           applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678",
                                               address=f"{i} Phố Huế, Hà Nội", email=email),
                           competent_commune_code=communes[i % len(communes)], documents=uploads,
                           return_method=ReturnMethod.ONLINE)
        s = time.perf_counter()
        d = submit(data, actor=actor).dossier
        lat_submit.append(time.perf_counter() - s)
        made.append((d.pk, d.version))
    submit_seconds = time.perf_counter() - t0
    submit_cpu = {"server": time.process_time() - cpu0, "postgres": _proc_cpu(backend) - pg0}
    lat_tr: list[float] = []
    deadline = time.monotonic() + max_seconds
    cpu0, pg0 = time.process_time(), _proc_cpu(backend)
    t0 = time.perf_counter()
    for pk, version in made:
        if time.monotonic() > deadline:
            break
        for action, extra in ACTIONS:
            fn = services.ACTIONS[services.Action(action)]
            s = time.perf_counter()
            version = fn(dossier_id=pk, version=version, actor=actor, **extra).version
            lat_tr.append(time.perf_counter() - s)
    tr_seconds = time.perf_counter() - t0
    tr_cpu = {"server": time.process_time() - cpu0, "postgres": _proc_cpu(backend) - pg0}
    # In-process: "server" is this process's CPU (the service layer and the ORM), "client" nothing.
    return [cpu_row(summary("service: submissions (1 client)", lat_submit, submit_seconds), submit_cpu, 0.0),
            cpu_row(summary("service: transitions (1 client)", lat_tr, tr_seconds), tr_cpu, 0.0)]


def outbox_ab(actor: Any, communes: list[str], docs: list[str], count: int, rounds: int, max_seconds: float) -> None:
    """The outbox's cost (docs/notifications.md): the service layer's transition rate with the
    outbox on and off (LOCALGOV_OUTBOX), alternating round by round so the shared machine's load
    falls on both alike. Applicants give an e-mail and a phone: each receipt and result writes
    two notifications, and every event one DVCQG record, in the event's transaction."""
    from django.conf import settings

    rates: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    for r in range(rounds):
        for on in ((True, False) if r % 2 == 0 else (False, True)):
            settings.LOCALGOV_OUTBOX = on
            rows = service_phase(actor, communes, docs, count, max_seconds, email="an.nguyen@example.vn")
            rates[on].append(rows[1]["per_second"])
            used = rows[1]["cpu_ms_per_request"]
            cpu[on].append(used["server"] + used["postgres"])
            print(f"  round {r + 1} outbox {'on ' if on else 'off'}: submissions {rows[0]['per_second']:.1f}/s, "
                  f"transitions {rows[1]['per_second']:.1f}/s, CPU per transition {used['server']:.2f} ms "
                  f"(process) + {used['postgres']:.2f} ms (PostgreSQL)", flush=True)
    settings.LOCALGOV_OUTBOX = True
    on, off = sorted(rates[True]), sorted(rates[False])
    med_on, med_off = on[len(on) // 2], off[len(off) // 2]
    pairs = [a / b for a, b in zip(rates[True], rates[False], strict=True)]
    print(f"transitions/s, median of {rounds}: outbox on {med_on:.1f}, off {med_off:.1f}; "
          f"ratio on/off {med_on / med_off:.3f} (per round: {', '.join(f'{p:.3f}' for p in pairs)})", flush=True)
    c_on, c_off = sorted(cpu[True])[len(cpu[True]) // 2], sorted(cpu[False])[len(cpu[False]) // 2]
    print(f"CPU ms per transition (process + PostgreSQL), median: on {c_on:.2f}, off {c_off:.2f}; "
          f"rate implied by CPU on/off {c_off / c_on:.3f}", flush=True)


def http_phase(port: int, token: str, communes: list[str], docs: list[str], clients: int, count: int,
               max_seconds: float, server_pgid: int) -> list[dict[str, Any]]:
    jobs = [payload(i, communes, docs) for i in range(count)]
    with CpuMeter(server_pgid) as meter:
        sub = run_clients(port, token, "submit", jobs, clients, max_seconds)
        cpu = meter.stop()
    rows = [cpu_row(summary(f"http: submissions ({clients} clients)", sub["latencies"], sub["seconds"],
                            len(sub["errors"])), cpu, sub["client_cpu"])]
    with CpuMeter(server_pgid) as meter:
        tr = run_clients(port, token, "transition", sub["results"], clients, max_seconds)
        cpu = meter.stop()
    rows.append(cpu_row(summary(f"http: transitions ({clients} clients)", tr["latencies"], tr["seconds"],
                                len(tr["errors"])), cpu, tr["client_cpu"]))
    for err in (sub["errors"] + tr["errors"])[:5]:
        print("    error:", err, flush=True)
    return rows


def machine() -> str:
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        model = next((ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Model name")), "")
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"nproc {os.cpu_count()}, {model or platform.processor()}, Python {platform.python_version()}, "
            f"load average {load:.2f} at start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", default_pg()),
                        help="server URL without the database: PostgreSQL's Unix socket when it is there (as a "
                             "single-host deployment connects), else TCP on 127.0.0.1:5432")
    parser.add_argument("--dossiers", type=int, default=300, help="dossiers per phase (×7 transitions)")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--server", choices=("granian", "gunicorn"), default="granian",
                        help="the HTTP server in front of localgov.wsgi (granian: `localgov serve`)")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="time cap per phase")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--outbox-ab", type=int, default=0, metavar="ROUNDS",
                        help="only measure the service layer with the outbox on and off, alternating, ROUNDS times")
    args = parser.parse_args()

    host = machine()
    print("machine:", host, flush=True)
    print("postgresql:", args.pg, flush=True)
    var = Path(tempfile.mkdtemp(prefix="localgov-bench-"))
    env = {**os.environ, "DATABASE_URL": create_database(args.pg), "LOCALGOV_VAR": str(var), "DEBUG": "0",
           "LOG_LEVEL": "INFO", "ALLOWED_HOSTS": "127.0.0.1,localhost", "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    setup_django(env)
    actor, token, communes = make_officer()
    from localgov.catalog.models import Procedure

    docs = [d["code"] for d in Procedure.objects.get(code=PROCEDURE).documents if d.get("required")]
    print(f"database {DB_NAME} ready in {time.perf_counter() - t0:.1f} s; {len(communes)} communes", flush=True)

    if args.outbox_ab:
        outbox_ab(actor, communes, docs, args.dossiers, args.outbox_ab, args.max_seconds)
        return
    rows = service_phase(actor, communes, docs, args.dossiers, args.max_seconds)
    for row in rows:
        show(row)
    from django.db import connections

    connections.close_all()

    port = free_port()
    server = start_server(env, port, args.workers, args.threads, var / "server.log", args.server)
    print(f"{args.server} localgov.wsgi on 127.0.0.1:{port}: {args.workers} workers × {args.threads} threads",
          flush=True)
    try:
        # Warm-up: every worker imports, connects and builds its calendar once.
        http_phase(port, token, communes, docs, 6, 30, args.max_seconds, server.pid)
        for clients in [int(c) for c in args.concurrency.split(",")]:
            for row in http_phase(port, token, communes, docs, clients, max(args.dossiers, clients * 4),
                                  args.max_seconds, server.pid):
                show(row)
                rows.append(row)
    finally:
        stop_server(server)
    service = {r["phase"].split(":")[1].split("(")[0].strip(): r for r in rows[:2]}
    print("ratio HTTP / service (throughput):")
    ratios = []
    for row in rows[2:]:
        kind = row["phase"].split(":")[1].split("(")[0].strip()
        ratio = row["per_second"] / service[kind]["per_second"] if service[kind]["per_second"] else 0.0
        ratios.append({"phase": row["phase"], "ratio": round(ratio, 2)})
        print(f"  {row['phase']:<34} {ratio:.2f}×")
    if args.json:
        end = f"load average {os.getloadavg()[0]:.2f} at the end"
        args.json.write_text(json.dumps({"machine": host, "postgresql": args.pg, "server": args.server, "end": end,
                                         "rows": rows, "ratios": ratios}, indent=1))
    print("server stopped.")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
