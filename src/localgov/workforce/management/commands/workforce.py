"""`localgov workforce demo --seed 7 | balance [--province 42] | plan --province 42 |
export FILE.xlsx [--province 42] | import FILE.xlsx | template FILE.xlsx | training FILE.(csv|xlsx)`."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.access.policy import SYSTEM
from localgov.core.cli_args import iso_date
from localgov.core.errors import DomainError
from localgov.workforce import capacity, selectors, spreadsheets
from localgov.workforce.balance import summarise_by_field
from localgov.workforce.demo import load_demo_staff
from localgov.workforce.services import propose_plan


class Command(BaseCommand):
    help = "Nhân sự cấp xã: dữ liệu mẫu, cân đối thừa/thiếu, phương án điều chuyển, nhập/xuất danh sách."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="lệnh",
                                    metavar="{demo,balance,plan,export,import,template,training}")
        demo = sub.add_parser("demo", help="tạo nhân sự mẫu cho mọi xã (thay toàn bộ dữ liệu nhân sự)")
        demo.add_argument("--seed", type=int, default=7, help="hạt giống ngẫu nhiên (mặc định 7)")
        demo.add_argument("--average", type=float, default=None, help="số cán bộ bình quân mỗi xã")
        demo.add_argument("--province", action="append", default=None, metavar="MÃ_TỈNH",
                          help="chỉ tỉnh này (lặp lại cho nhiều tỉnh)")
        balance = sub.add_parser("balance", help="in tóm tắt thừa/thiếu công chức theo lĩnh vực")
        balance.add_argument("--province", default=None, metavar="MÃ_TỈNH", help="mã tỉnh (mặc định: toàn quốc)")
        balance.add_argument("--date", type=iso_date, default=None, metavar="NGÀY",
                             help="YYYY-MM-DD (mặc định hôm nay)")
        plan = sub.add_parser("plan", help="đề xuất phương án điều chuyển (dự thảo) cho một tỉnh")
        plan.add_argument("--province", required=True, metavar="MÃ_TỈNH")
        export = sub.add_parser("export", help="xuất danh sách cán bộ ra tệp XLSX")
        export.add_argument("path", type=Path, metavar="TỆP", help="tệp .xlsx sẽ ghi")
        export.add_argument("--province", default=None, metavar="MÃ_TỈNH")
        imp = sub.add_parser("import", help="nhập danh sách cán bộ (nhập tất cả các dòng hoặc không dòng nào)")
        imp.add_argument("path", type=Path, metavar="TỆP", help="tệp .xlsx theo mẫu")
        imp.add_argument("--date", type=iso_date, default=None, metavar="NGÀY", help="ngày hiệu lực YYYY-MM-DD")
        tmpl = sub.add_parser("template", help="ghi tệp mẫu trống để nhập danh sách")
        tmpl.add_argument("path", type=Path, metavar="TỆP")
        training = sub.add_parser("training", help="danh sách nhu cầu đào tạo ra tệp CSV hoặc XLSX")
        training.add_argument("path", type=Path, metavar="TỆP", help="tệp .csv hoặc .xlsx")
        training.add_argument("--province", default=None, metavar="MÃ_TỈNH")

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
