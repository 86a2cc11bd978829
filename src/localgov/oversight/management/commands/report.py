"""`localgov report briefing --from 2025-07-01 --to 2025-09-30 [--province CODE | --commune CODE]
--format html|pdf|xlsx|json [--output FILE]`: the Government briefing (oversight/briefing.py) for
the nation, a province or a commune. Without --output, html and json go to the screen, pdf and
xlsx to a file named after the area and period (`briefing.filename`) in the current directory,
whose name is printed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localgov.core.cli_args import iso_date
from localgov.oversight import briefing
from localgov.units.models import Commune, Province


class Command(BaseCommand):
    help = "Báo cáo: briefing = báo cáo tình hình giải quyết TTHC cho phiên họp Chính phủ."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        p = sub.add_parser("briefing", help="Báo cáo tổng hợp cho phiên họp Chính phủ")
        start, end = briefing.default_period()
        p.add_argument("--from", dest="date_from", type=iso_date, default=start)
        p.add_argument("--to", dest="date_to", type=iso_date, default=end)
        p.add_argument("--province", default=None, help="Mã tỉnh (2 chữ số); bỏ trống = toàn quốc")
        p.add_argument("--commune", default=None, help="Mã xã, phường, đặc khu (5 chữ số): báo cáo của một xã")
        p.add_argument("--format", dest="fmt", choices=briefing.FORMATS, default="html")
        p.add_argument("--output", default=None, help="Tệp ghi ra; bỏ trống = in ra màn hình (html, json)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["date_from"] > options["date_to"]:
            raise CommandError("--from phải trước hoặc bằng --to.")

        province, commune = options["province"], options["commune"]
        if commune:
            of = Commune.objects.filter(code=commune).values_list("province_id", flat=True).first()
            if of is None:
                raise CommandError(f"Không có xã mã {commune}.")
            if province and province != of:
                raise CommandError(f"Xã {commune} không thuộc tỉnh {province} (thuộc tỉnh {of}).")
            province = of
        elif province and not Province.objects.filter(code=province).exists():
            raise CommandError(f"Không có tỉnh mã {province}.")
        data = briefing.build(options["date_from"], options["date_to"], province, commune=commune)
        content, _type = briefing.render(data, options["fmt"])
        output = options["output"]
        if not output and options["fmt"] in ("html", "json"):
            sys.stdout.write(content.decode())
            return
        path = Path(output or briefing.filename(data, options["fmt"]))
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp {path}: {exc.strerror}.") from None
        self.stdout.write(f"Đã ghi {path} ({len(content):,} byte).")
