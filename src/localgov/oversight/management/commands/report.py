"""`localgov report briefing --from 2025-07-01 --to 2025-09-30 [--province CODE]
--format html|pdf|xlsx|json [--output FILE]`: the Government briefing (oversight/briefing.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localgov.core.cli_args import iso_date
from localgov.oversight import briefing
from localgov.units.models import Province


class Command(BaseCommand):
    help = "Báo cáo: briefing = báo cáo tình hình giải quyết TTHC cho phiên họp Chính phủ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        p = sub.add_parser("briefing", help="Báo cáo tổng hợp cho phiên họp Chính phủ")
        start, end = briefing.default_period()
        p.add_argument("--from", dest="date_from", type=iso_date, default=start)
        p.add_argument("--to", dest="date_to", type=iso_date, default=end)
        p.add_argument("--province", default=None, help="Mã tỉnh (2 chữ số); bỏ trống = toàn quốc")
        p.add_argument("--format", dest="fmt", choices=briefing.FORMATS, default="html")
        p.add_argument("--output", default=None, help="Tệp ghi ra; bỏ trống = in ra màn hình (html, json)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["date_from"] > options["date_to"]:
            raise CommandError("--from phải trước hoặc bằng --to.")
        province = options["province"]
        if province:

            if not Province.objects.filter(code=province).exists():
                raise CommandError(f"Không có tỉnh mã {province}.")
        data = briefing.build(options["date_from"], options["date_to"], province)
        content, _type = briefing.render(data, options["fmt"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stdout.write(f"Đã ghi {options['output']} ({len(content):,} byte).")
        elif options["fmt"] in ("html", "json"):
            sys.stdout.write(content.decode())
        else:
            raise CommandError("Định dạng pdf/xlsx cần --output FILE.")
