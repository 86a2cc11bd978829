"""`localgov facts rebuild [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: recompute the oversight facts
from the dossier events (streaming; see oversight/facts.py)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localgov.core.cli_args import iso_date
from localgov.oversight.facts import rebuild


class Command(BaseCommand):
    help = "Số liệu tổng hợp giám sát: rebuild = tính lại từ sự kiện hồ sơ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("rebuild", help="Tính lại số liệu tổng hợp từ sự kiện hồ sơ")
        p.add_argument("--from", dest="date_from", type=iso_date, default=None)
        p.add_argument("--to", dest="date_to", type=iso_date, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["date_from"] and options["date_to"] and options["date_from"] > options["date_to"]:
            raise CommandError("--from phải trước hoặc bằng --to.")
        started = time.perf_counter()
        events = rebuild(options["date_from"], options["date_to"])
        self.stdout.write(f"Đã tính lại số liệu tổng hợp từ {events} sự kiện trong "
                          f"{time.perf_counter() - started:.1f} giây.")
