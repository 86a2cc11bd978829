"""`localgov catalog load | validate | search "words" [--field land] [--level commune] [--json]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.catalog import selectors, services


class Command(BaseCommand):
    help = "Danh mục thủ tục hành chính: nạp (load), kiểm tra dữ liệu (validate), tra cứu (search)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="validate and load the data files (idempotent)")
        load.add_argument("--data-dir", type=Path, default=None)
        validate = sub.add_parser("validate", help="validate the data files without writing")
        validate.add_argument("--data-dir", type=Path, default=None)
        search = sub.add_parser("search", help="search procedures (with or without diacritics)")
        search.add_argument("words")
        search.add_argument("--field", default=None)
        search.add_argument("--level", default=None, choices=["commune", "province", "vertical"])
        search.add_argument("--limit", type=int, default=20)
        search.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "load":
                services.load_catalog(stdout=self.stdout, data_dir=options["data_dir"])
            elif action == "validate":
                data = services.validate_catalog(options["data_dir"])
                self.stdout.write(
                    f"OK: {len(data.fields)} fields, {len(data.procedures)} procedures, "
                    f"{len(data.bundles)} bundles"
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
            self.stdout.write(f"{p.code}\t{p.name}\t{p.deadline_value.normalize():f} {p.deadline_unit}")
        if not found:
            self.stdout.write("Không tìm thấy thủ tục phù hợp.")
