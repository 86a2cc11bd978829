"""`localgov catalog load | validate | search "words" [--field land] [--level commune] [--json]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.catalog import selectors, services
from localgov.catalog.models import deadline_text


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nạp (load), kiểm tra dữ liệu (validate), tra cứu (search)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="lệnh", metavar="{load,validate,search}")
        load = sub.add_parser("load", help="kiểm tra rồi nạp các tệp dữ liệu (chạy lại không thay đổi gì)")
        load.add_argument("--data-dir", type=Path, default=None, metavar="THƯ_MỤC", help="thư mục dữ liệu khác")
        validate = sub.add_parser("validate", help="kiểm tra các tệp dữ liệu, không ghi gì")
        validate.add_argument("--data-dir", type=Path, default=None, metavar="THƯ_MỤC", help="thư mục dữ liệu khác")
        search = sub.add_parser("search", help="tra cứu thủ tục (gõ có dấu hoặc không dấu)")
        search.add_argument("words", metavar="TỪ_KHÓA", help='ví dụ "sang tên sổ đỏ"')
        search.add_argument("--field", default=None, metavar="LĨNH_VỰC", help="mã lĩnh vực, ví dụ land")
        search.add_argument("--level", default=None, choices=["commune", "province", "vertical"],
                            help="cấp giải quyết: commune = xã, province = tỉnh, vertical = ngành dọc")
        search.add_argument("--limit", type=int, default=20, metavar="SỐ", help="số kết quả tối đa (mặc định 20)")
        search.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "load":
                services.load_catalog(stdout=self.stdout, data_dir=options["data_dir"])
            elif action == "validate":
                data = services.validate_catalog(options["data_dir"])
                self.stdout.write(
                    f"Dữ liệu hợp lệ: {len(data.fields)} lĩnh vực, {len(data.procedures)} thủ tục, "
                    f"{len(data.bundles)} nhóm thủ tục liên thông."
                )
            else:
                self._search(options)
        except services.CatalogDataInvalid as exc:
            raise CommandError(str(exc)) from exc

    def _search(self, options: dict[str, Any]) -> None:
        found = selectors.search_procedures(
            options["words"], field=options["field"], level=options["level"], limit=options["limit"]
        )
        if options["json"]:
            rows = [
                {
                    "code": p.code,
                    "name": p.name,
                    "field": p.field_id,
                    "level": p.level,
                    "deadline": {"value": float(p.deadline_value), "unit": p.deadline_unit},
                }
                for p in found
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for p in found:
            self.stdout.write(f"{p.code}\t{p.name}\t{deadline_text(p.deadline_value, p.deadline_unit)}")
        if not found:
            self.stdout.write("Không tìm thấy thủ tục phù hợp.")
