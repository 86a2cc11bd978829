"""`localgov restore PATH [--force]`: a backup of `localgov backup` into the database of
DATABASE_URL, which must be empty unless --force (core/backup.py). Whole or nothing. Stop the
server first."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from localgov.core.backup import KIND_LABEL, BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu từ một tệp của «localgov backup» (cơ sở dữ liệu đích phải trống)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="tệp sao lưu")
        parser.add_argument("--force", action="store_true",
                            help="thay toàn bộ dữ liệu hiện có của cơ sở dữ liệu đích bằng bản sao lưu")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            done = restore(opts["path"], force=opts["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        # core imports no domain app (docs/architecture.md, "Layers"): the models by name
        Dossier, DossierEvent = apps.get_model("dossiers", "Dossier"), apps.get_model("dossiers", "DossierEvent")
        self.stdout.write(f"Đã khôi phục cơ sở dữ liệu {KIND_LABEL[done.kind]} từ {done.path} trong "
                          f"{done.seconds:.1f} giây: {Dossier.objects.count()} hồ sơ, "
                          f"{DossierEvent.objects.count()} sự kiện.")
        self.stdout.write("Tiếp theo: «localgov migrate» (nếu bản sao lưu cũ hơn mã nguồn), rồi «localgov audit "
                          "verify» để kiểm tra chuỗi sự kiện.")
