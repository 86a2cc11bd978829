"""`localgov serve`: the production HTTP server — granian (HTTP in Rust) in front of
`localgov.wsgi:application`, `--workers` processes × `--threads` WSGI threads each.

granian spends less server CPU per API transition than gunicorn's threaded workers, which parse
HTTP in Python, and one process per core with four threads each is the cheapest layout per
request (bench/RESULTS.md, "Dossier transitions"; ADR 0007). Static files are served by WhiteNoise
from the installed apps (no collectstatic step). Migrations are not run here: `localgov migrate`
first. A worker that dies
is started again (granian's respawn_failed_workers; bench/fault_drill.py kills one under load).
"""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError


def _positive(value: str, name: str, upper: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise CommandError(f"{name} phải là số nguyên, nhận được «{value}».") from None
    if not 1 <= number <= upper:
        raise CommandError(f"{name} phải trong khoảng 1–{upper}, nhận được {number}.")
    return number


class Command(BaseCommand):
    help = "Chạy máy chủ HTTP cho môi trường vận hành (granian + localgov.wsgi)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", default="8000", help="cổng lắng nghe (mặc định 8000)")
        parser.add_argument("--workers", default=str(os.cpu_count() or 2),
                            help="số tiến trình (mặc định: số lõi CPU)")
        parser.add_argument("--threads", default="4", help="số luồng WSGI mỗi tiến trình (mặc định 4)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in cấu hình rồi dừng")

    def handle(self, *args: Any, **opts: Any) -> None:
        port = _positive(opts["port"], "--port", 65535)
        workers = _positive(opts["workers"], "--workers", 64)
        threads = _positive(opts["threads"], "--threads", 64)
        host = str(opts["host"]).strip()
        if not host:
            raise CommandError("--host không được để trống.")
        self.stdout.write(f"granian localgov.wsgi:application tại http://{host}:{port}/ — "
                          f"{workers} tiến trình × {threads} luồng")
        if opts["dry_run"]:
            return
        # the production server: loaded only by `localgov serve`
        from granian import Granian
        from granian.constants import Interfaces

        # A worker that dies (the OOM killer, a crash in a C extension) is started again: without
        # respawn_failed_workers granian shuts the whole server down when one worker exits
        # (found by bench/fault_drill.py; docs/reliability.md).
        Granian("localgov.wsgi:application", address=host, port=port, interface=Interfaces.WSGI, workers=workers,
                blocking_threads=threads, websockets=False, backlog=1024, respawn_failed_workers=True).serve()
