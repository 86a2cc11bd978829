"""`localgov units convert "<old address>" [--json]`: old address → new commune (offline)."""

from __future__ import annotations

import json
from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError

from localgov.core.errors import ValidationFailed
from localgov.units.convert import describe, explain
from localgov.units.models import WardMapping


class Command(BaseCommand):
    help = "Đơn vị hành chính: convert (địa chỉ cũ → xã/phường mới)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="lệnh")
        conv = sub.add_parser("convert", help="đổi địa chỉ cũ (trước 1/7/2025) sang xã/phường mới")
        conv.add_argument("address", help='ví dụ "Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh"')
        conv.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: object, **options: object) -> None:
        if options["subcommand"] == "convert":
            self._convert(str(options["address"]), bool(options["json"]))

    def _convert(self, address: str, as_json: bool) -> None:

        if not WardMapping.objects.exists():
            self.stderr.write("Chưa nạp bảng chuyển đổi đơn vị hành chính: chạy `localgov load units` trước.")
        try:
            result, match = explain(address)
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(describe(address, result, match))
