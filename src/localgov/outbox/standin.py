"""A local stand-in for the national portal's synchronisation endpoint and for an HTTP SMS gateway,
behaving as their contracts say (docs/dvcqg-sync.md, docs/notifications.md): stdlib `http.server`
in a thread, for the tests, the benchmark and the demo. It can be told to fail (`fail_next`, `down`),
to answer slowly (`delay`), or to lose its answer after storing (`lose_answer_next`: the sender sees
an error although the record arrived — the case the idempotency key exists for).

No network beyond 127.0.0.1; nothing here is used in production.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from localgov.outbox.dvcqg_format import record_problems


@dataclass
class Received:
    key: str
    body: dict[str, Any]
    at: float


@dataclass
class StandIn:
    token: str = ""
    delay: float = 0.0
    down: bool = False
    fail_status: int = 503
    #: Every POST (duplicates included), and the first body per idempotency key.
    posts: list[Received] = field(default_factory=list)
    accepted: dict[str, Received] = field(default_factory=dict)
    sms: dict[str, Received] = field(default_factory=dict)
    _fail_next: int = 0
    _lose_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None
    thread: threading.Thread | None = None

    # --- control ------------------------------------------------------------------------
    def fail_next(self, n: int, status: int = 503) -> None:
        with self.lock:
            self._fail_next, self.fail_status = n, status

    def lose_answer_next(self, n: int) -> None:
        with self.lock:
            self._lose_next = n

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def start(self) -> StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                standin.handle(self)

            def do_GET(self) -> None:  # noqa: N802
                standin.handle_get(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # --- the contract ---------------------------------------------------------------------
    def latest(self) -> dict[str, dict[str, Any]]:
        """Each dossier as the national side holds it: the record with the highest event number."""
        out: dict[str, dict[str, Any]] = {}
        with self.lock:
            for r in self.accepted.values():
                code = r.body.get("MaHoSo")
                if code is None:
                    continue
                if code not in out or r.body["SoThuTuSuKien"] > out[code]["SoThuTuSuKien"]:
                    out[code] = r.body
        return out

    def _answer(self, h: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        try:
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a slow answer): what the slow case is for

    def handle_get(self, h: BaseHTTPRequestHandler) -> None:
        if h.path.startswith("/hoso/"):
            record = self.latest().get(h.path.removeprefix("/hoso/"))
            self._answer(h, 200 if record else 404, record or {"loi": "không tìm thấy"})
            return
        self._answer(h, 404, {"loi": "không có địa chỉ này"})

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        if self.delay:
            time.sleep(self.delay)
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        with self.lock:
            if self.down or self._fail_next > 0:
                self._fail_next = max(0, self._fail_next - 1)
                self._answer(h, self.fail_status, {"loi": "hệ thống đang bận, thử lại sau"})
                return
        if self.token and h.headers.get("Authorization") != f"Bearer {self.token}":
            self._answer(h, 401, {"loi": "sai mã xác thực"})
            return
        key = h.headers.get("Idempotency-Key") or ""
        if not key:
            self._answer(h, 400, {"loi": "thiếu Idempotency-Key"})
            return
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            self._answer(h, 400, {"loi": "nội dung không phải JSON"})
            return
        if h.path == "/hoso/dongbo":
            problems = record_problems(body)
            if problems:
                self._answer(h, 422, {"loi": "bản ghi không hợp lệ", "truong": problems})
                return
            store = self.accepted
        elif h.path == "/sms/send":
            if not body.get("to") or not body.get("text"):
                self._answer(h, 422, {"loi": "thiếu to hoặc text"})
                return
            store = self.sms
        else:
            self._answer(h, 404, {"loi": "không có địa chỉ này"})
            return
        with self.lock:
            received = Received(key=key, body=body, at=time.time())
            self.posts.append(received)
            duplicate = key in store
            if not duplicate:
                store[key] = received
            lose = self._lose_next > 0
            self._lose_next = max(0, self._lose_next - 1)
        if lose:
            self._answer(h, 502, {"loi": "mất kết nối sau khi đã lưu"})
            return
        self._answer(h, 200, {"ketQua": "trung" if duplicate else "ok", "duplicate": duplicate, "ma": key})
