"""`localgov backup PATH [--force]`: the whole database into one file — pg_dump's custom format on
PostgreSQL, SQLite's online backup API on SQLite (core/backup.py). Safe while the server runs."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from localgov.core.backup import KIND_LABEL, BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu vào một tệp (PostgreSQL: pg_dump định dạng custom; SQLite: backup API)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="tệp sao lưu sẽ tạo, ví dụ /var/backups/localgov-2025-09-30.backup")
        parser.add_argument("--force", action="store_true", help="ghi đè nếu tệp đã có")

    def handle(self, *args: Any, **opts: Any) -> None:


        try:
            done = backup(opts["path"], force=opts["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã sao lưu cơ sở dữ liệu {KIND_LABEL[done.kind]} vào {done.path} "
                          f"({done.size / 1e6:.1f} MB, {done.seconds:.1f} giây).")
        self.stdout.write(f"Lưu ý: giấy tờ đính kèm là tệp trong {settings.MEDIA_ROOT}, không nằm trong bản sao "
                          "lưu này; hãy sao lưu thư mục đó cùng lúc.")
