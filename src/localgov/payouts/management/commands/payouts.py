"""`localgov payouts calc case.json [--json] [--pdf out.pdf]`: the payment for one person who left
(Decree 178/2024 as amended by Decree 67/2025). Bad files or fields: a Vietnamese message on
stderr and a non-zero exit, never a traceback. `-` reads the case from standard input."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Chính sách cho người nghỉ việc do sắp xếp bộ máy (Nghị định 178/2024, 67/2025): calc."
    #: `calc` is pure arithmetic: no database, so no system checks (they would open a connection).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, title="lệnh")
        calc = sub.add_parser("calc", help="tính các khoản trợ cấp cho một người từ tệp case.json")
        calc.add_argument("case", help="tệp JSON của hồ sơ (hoặc - để đọc từ stdin)")
        calc.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        calc.add_argument("--pdf", metavar="OUT", help="ghi bản thông báo PDF cho người nghỉ việc")

    def handle(self, *args: object, **options: Any) -> None:
        if options["subcommand"] == "calc":
            self._calc(str(options["case"]), bool(options["json"]), options.get("pdf"))

    def _read(self, path: str) -> Any:
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp: {path}") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc}") from exc
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"dòng {exc.lineno}, cột {exc.colno}"
            raise CommandError(f"Tệp {path} không phải JSON hợp lệ ({where}): {exc.msg}") from exc

    def _calc(self, path: str, as_json: bool, pdf: str | None) -> None:
        from localgov.payouts.rules import calculate_data

        data = self._read(path)
        try:
            calculation = calculate_data(data)
        except ValidationFailed as exc:
            lines = [exc.message] + [f"  {field}: {msg}" for field, msgs in exc.fields.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        if pdf:
            from localgov.payouts.statement import render_statement

            person = data if isinstance(data, dict) else {}
            try:
                Path(pdf).write_bytes(render_statement(calculation, person))
            except OSError as exc:
                raise CommandError(f"Không ghi được tệp PDF {pdf}: {exc}") from exc
        if as_json:
            self.stdout.write(json.dumps(calculation.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(describe(calculation))


def describe(calculation: Any) -> str:
    from localgov.payouts.rules import fmt_vnd

    d = calculation.as_dict()
    out = [f"{d['category_label']} — tiền lương tháng hiện hưởng {fmt_vnd(calculation.monthly_salary)} đồng"]
    if not d["eligible"]:
        out.append("KHÔNG ĐỦ ĐIỀU KIỆN:")
        out += [f"  - {r}" for r in d["reasons"]]
    for c in d["components"]:
        out.append(f"  {c['code']:<3} {c['label']}: {fmt_vnd(c['amount_vnd'])} đồng")
        out.append(f"      = {c['formula']} [{c['basis']}]")
    out.append(f"TỔNG: {fmt_vnd(d['total_vnd'])} đồng")
    for f in d["details"]:
        out.append(f"  • {f['label']}: {f['value']}")
    if d["warnings"]:
        out.append("Lưu ý:")
        out += [f"  ! {w}" for w in d["warnings"]]
    return "\n".join(out)
