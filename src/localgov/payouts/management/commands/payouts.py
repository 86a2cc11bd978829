"""`localgov payouts ...` — payments to staff who left (Decree 178/2024 as amended by Decree 67/2025):

* `calc case.json [--json] [--pdf out.pdf]`: the payment for one person (`-` reads stdin);
* `import list.xlsx`: a leaver list, validated row by row, nothing half imported;
* `template out.xlsx`: an empty leaver list with the Vietnamese headers;
* `progress [--as-of YYYY-MM-DD] [--by province|agency] [--json]`: decided / paid / unpaid / overdue;
* `demo [--scale 0.002] [--seed 7]`: synthetic approved and paid cases for the demo.

Bad files or fields: a Vietnamese message on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.access.policy import SYSTEM
from localgov.core.errors import ValidationFailed
from localgov.payouts.demo import seed_demo
from localgov.payouts.importer import import_workbook, template_workbook
from localgov.payouts.rules import calculate_data, fmt_vnd
from localgov.payouts.selectors import deadlines, progress
from localgov.payouts.statement import render_statement


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
        imp = sub.add_parser("import", help="nhập danh sách người nghỉ việc từ tệp XLSX (tất cả hoặc không)")
        imp.add_argument("file")
        tpl = sub.add_parser("template", help="ghi tệp XLSX mẫu danh sách người nghỉ việc")
        tpl.add_argument("file")
        prog = sub.add_parser("progress", help="tiến độ ra quyết định và chi trả theo tỉnh / cơ quan")
        prog.add_argument("--as-of", default=None, help="ngày chốt số liệu YYYY-MM-DD (mặc định hôm nay)")
        prog.add_argument("--by", choices=["province", "agency"], default="province")
        prog.add_argument("--json", action="store_true")
        demo = sub.add_parser("demo", help="tạo hồ sơ mẫu (đã duyệt, đã chi) cho bản trình diễn")
        demo.add_argument("--scale", type=float, default=0.002)
        demo.add_argument("--seed", type=int, default=7)

    def handle(self, *args: object, **options: Any) -> None:
        sub = options["subcommand"]
        try:
            if sub == "calc":
                self._calc(str(options["case"]), bool(options["json"]), options.get("pdf"))
            elif sub == "import":
                self._import(options["file"])
            elif sub == "template":

                Path(options["file"]).write_bytes(template_workbook())
                self.stdout.write(f"Đã ghi {options['file']}")
            elif sub == "progress":
                self._progress(options["as_of"], options["by"], bool(options["json"]))
            elif sub == "demo":

                r = seed_demo(scale=options["scale"], seed=options["seed"])
                self.stdout.write(f"Đã tạo {r.cases} hồ sơ, {r.payments} khoản chi ở {r.provinces} tỉnh.")
        except ValidationFailed as exc:
            lines = [exc.message] + [f"  {field}: {msg}" for field, msgs in exc.fields.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        except OSError as exc:
            raise CommandError(f"Lỗi tệp: {exc}") from exc

    def _import(self, path: str) -> None:

        if not Path(path).is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        cases = import_workbook(path, actor=SYSTEM)
        self.stdout.write(f"Đã nhập {len(cases)} hồ sơ.")

    def _progress(self, as_of: str | None, by: str, as_json: bool) -> None:


        try:
            day = date.fromisoformat(as_of) if as_of else date.today()
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {as_of!r} (YYYY-MM-DD).") from exc
        dl = deadlines()
        rows = progress(actor=SYSTEM, as_of=day, by=by, dl=dl)
        if as_json:
            payload = {
                "as_of": day.isoformat(),
                "decision_before": dl.decision_before.isoformat(),
                "payment_before": dl.payment_before.isoformat(),
                "rows": [{**r.__dict__, "paid_share": round(r.paid_share, 4)} for r in rows],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Tiến độ chi trả đến {day:%d/%m/%Y} (hạn quyết định trước {dl.decision_before:%d/%m/%Y}, "
                          f"hạn chi trả trước {dl.payment_before:%d/%m/%Y})")
        self.stdout.write(f"{'tỉnh':<5}{'cơ quan':<32}{'quyết định':>11}{'đã chi':>9}{'chưa chi':>10}{'quá hạn':>9}")
        for r in rows:
            self.stdout.write(f"{r.province_code:<5}{(r.agency_name or '')[:30]:<32}{r.decided:>11}{r.paid:>9}"
                              f"{r.unpaid:>10}{r.overdue:>9}")

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

        data = self._read(path)
        try:
            calculation = calculate_data(data)
        except ValidationFailed as exc:
            lines = [exc.message] + [f"  {field}: {msg}" for field, msgs in exc.fields.items() for msg in msgs]
            raise CommandError("\n".join(lines)) from exc
        if pdf:

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
