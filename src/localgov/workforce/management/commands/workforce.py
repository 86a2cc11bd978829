"""`localgov workforce demo --seed 7 | balance [--province 42] | plan --province 42 |
export FILE.xlsx [--province 42] | import FILE.xlsx | template FILE.xlsx | training FILE.(csv|xlsx)`."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.access.policy import SYSTEM
from localgov.core.errors import DomainError
from localgov.workforce import capacity, selectors, spreadsheets
from localgov.workforce.balance import summarise_by_field
from localgov.workforce.demo import load_demo_staff
from localgov.workforce.services import propose_plan


class Command(BaseCommand):
    help = "Nhân sự cấp xã: dữ liệu mẫu, cân đối thừa/thiếu, phương án điều chuyển, nhập/xuất danh sách."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="create demo staff for every commune (replaces workforce data)")
        demo.add_argument("--seed", type=int, default=7)
        demo.add_argument("--average", type=float, default=None)
        demo.add_argument("--province", action="append", default=None)
        balance = sub.add_parser("balance", help="print surplus/shortage headlines")
        balance.add_argument("--province", default=None)
        balance.add_argument("--date", type=date.fromisoformat, default=None)
        plan = sub.add_parser("plan", help="propose a rebalancing plan (draft) for a province")
        plan.add_argument("--province", required=True)
        export = sub.add_parser("export", help="export the staff list as XLSX")
        export.add_argument("path", type=Path)
        export.add_argument("--province", default=None)
        imp = sub.add_parser("import", help="import a staff list (all rows or nothing)")
        imp.add_argument("path", type=Path)
        imp.add_argument("--date", type=date.fromisoformat, default=None)
        tmpl = sub.add_parser("template", help="write the empty import template")
        tmpl.add_argument("path", type=Path)
        training = sub.add_parser("training", help="training-needs list as CSV or XLSX")
        training.add_argument("path", type=Path)
        training.add_argument("--province", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"])(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _demo(self, options: dict[str, Any]) -> None:

        report = load_demo_staff(options["seed"], average=options["average"], provinces=options["province"])
        self.stdout.write(f"Đã tạo {report.officials} cán bộ cho {report.communes} xã "
                          f"(bình quân {report.average:.1f}) trong {report.seconds:.1f} giây.")

    def _balance(self, options: dict[str, Any]) -> None:

        view = selectors.balance(options["date"], province_code=options["province"])

        for line in selectors.headlines(summarise_by_field(view.rows)):
            self.stdout.write(line)

    def _plan(self, options: dict[str, Any]) -> None:

        plan = propose_plan(province_code=options["province"], actor=SYSTEM)
        self.stdout.write(f"Phương án #{plan.pk}: {plan.filled}/{plan.needed} vị trí thiếu được đáp ứng, "
                          f"chi phí {plan.total_cost}, {plan.seconds:.2f} giây (dự thảo, chờ phê duyệt).")

    def _export(self, options: dict[str, Any]) -> None:

        n = spreadsheets.export_staff(options["path"], actor=SYSTEM, province_code=options["province"])
        self.stdout.write(f"Đã xuất {n} cán bộ: {options['path']}")

    def _import(self, options: dict[str, Any]) -> None:

        result = spreadsheets.import_staff(options["path"].read_bytes(), actor=SYSTEM, on=options["date"])
        if result.errors:
            for e in result.errors[:200]:
                self.stderr.write(f"Dòng {e.row}: {e.column}: {e.message}")
            raise CommandError(f"{len(result.errors)} lỗi; không nhập dòng nào.")
        self.stdout.write(f"Đã nhập {result.created} cán bộ.")

    def _template(self, options: dict[str, Any]) -> None:

        options["path"].write_bytes(spreadsheets.template_bytes())
        self.stdout.write(f"Đã ghi mẫu: {options['path']}")

    def _training(self, options: dict[str, Any]) -> None:

        path: Path = options["path"]
        rows = capacity.training_needs(actor=SYSTEM, province_code=options["province"])
        data = capacity.training_xlsx(rows) if path.suffix == ".xlsx" else capacity.training_csv(rows).encode()
        path.write_bytes(data)
        self.stdout.write(f"{len(rows)} nhu cầu đào tạo: {path}")
