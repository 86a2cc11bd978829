"""`localgov reconcile import FILE` — import the national portal's report export (CSV/XLSX;
docs/reconciliation.md): the whole file or nothing, every bad line printed with its reason.
`localgov reconcile report [--province P | --commune C] --from D --to D [--format text|json|csv]
[--only-differences]` — the reconciliation report per unit and day, with the dossiers that
differ. `localgov reconcile rate …` — the sync rate (indicator 1.4's input)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from localgov.access.policy import SYSTEM
from localgov.core.cli_args import iso_date
from localgov.oversight.selectors import Area, Period
from localgov.reconcile import core, selectors, services
from localgov.units.models import Commune, Province


class Command(BaseCommand):
    help = "Đối soát số liệu với Cổng Dịch vụ công quốc gia (chỉ số 1.4, Quyết định 766)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="kind", required=True)
        imp = sub.add_parser("import", help="Nhập tệp báo cáo xuất từ Cổng DVCQG (CSV, XLSX)")
        imp.add_argument("file")
        for name, text in (("report", "Báo cáo đối soát theo đơn vị, ngày"), ("rate", "Tỷ lệ đồng bộ (chỉ số 1.4)")):
            p = sub.add_parser(name, help=text)
            p.add_argument("--from", dest="date_from", type=iso_date, required=True)
            p.add_argument("--to", dest="date_to", type=iso_date, required=True)
            p.add_argument("--province", default=None)
            p.add_argument("--commune", default=None)
            if name == "report":
                p.add_argument("--format", dest="fmt", choices=("text", "json", "csv"), default="text")
                p.add_argument("--only-differences", action="store_true")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["kind"] == "import":
            self._import(o["file"])
            return
        if o["date_from"] > o["date_to"]:
            raise CommandError("--from phải trước hoặc bằng --to.")
        area, period = self._area(o["province"], o["commune"]), Period(o["date_from"], o["date_to"])
        if o["kind"] == "rate":
            rate = selectors.sync_rate(area, period)
            self.stdout.write("chưa đo được (chưa nhập số liệu DVCQG cho địa bàn, kỳ này)" if rate is None
                              else f"{rate * 100:.2f}%".replace(".", ","))
            return
        data = selectors.report(area, period)
        rows = [r for r in data["rows"] if not (o["only_differences"] and r["matches"])]
        if o["fmt"] == "json":
            sys.stdout.write(json.dumps({**data, "rows": rows}, ensure_ascii=False, indent=2) + "\n")
        elif o["fmt"] == "csv":
            w = csv.writer(sys.stdout)
            w.writerow(["MaDonVi", "TenDonVi", "Ngay", "TiepNhan_localgov", "TiepNhan_DVCQG", "ChenhLech_TiepNhan",
                        "DaGiaiQuyet_localgov", "DaGiaiQuyet_DVCQG", "ChiCoTrenLocalgov", "ChiCoTrenDVCQG",
                        "KhacTrangThai"])
            for r in rows:
                w.writerow([r["unit"], r["unit_name"], r["day"], r["local_received"], r["national_received"],
                            r["received_diff"], r["local_processed"], r["national_processed"],
                            " ".join(r["only_local"]), " ".join(r["only_national"]),
                            " ".join(f"{d['code']}:{d['local']}/{d['national']}" for d in r["state_differs"])])
        else:
            self._text(data, rows)

    def _area(self, province: str | None, commune: str | None) -> Area:

        if commune:
            of = Commune.objects.filter(code=commune).values_list("province_id", flat=True).first()
            if of is None or (province and province != of):
                raise CommandError(f"Không có xã mã {commune}" + (f" thuộc tỉnh {province}." if province else "."))
            return Area("commune", of, commune)
        if province:
            if not Province.objects.filter(code=province).exists():
                raise CommandError(f"Không có tỉnh mã {province}.")
            return Area("province", province)
        return Area("nation")

    def _import(self, name: str) -> None:
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {name}: {exc.strerror}.") from None
        try:
            imp = services.import_file(content, path.name, actor=SYSTEM)
        except core.FileRefused as exc:
            for line, reason in exc.errors:
                self.stderr.write(f"{name}:{line}: {reason}")
            raise CommandError(f"Tệp bị từ chối ({len(exc.errors)} dòng lỗi); không có dòng nào được ghi.") from None
        self.stdout.write(f"Đã nhập {imp.rows} dòng ({imp.get_kind_display()}), ngày {imp.first_day:%d/%m/%Y} – "
                          f"{imp.last_day:%d/%m/%Y}.")

    def _text(self, data: dict[str, Any], rows: list[dict[str, Any]]) -> None:
        t = data["totals"]
        rate = data["sync_rate"]
        self.stdout.write(f"Tỷ lệ đồng bộ (chỉ số 1.4): "
                          f"{'chưa đo được' if rate is None else f'{rate * 100:.2f}%'.replace('.', ',')}")
        self.stdout.write(f"Tiếp nhận: localgov {t['local_received']}, DVCQG {t['national_received']}; "
                          f"{t['unit_days_matching']}/{t['unit_days']} đơn vị-ngày khớp, "
                          f"{t['unit_days_not_covered']} chưa có số liệu DVCQG.")
        for r in rows:
            mark = "khớp" if r["matches"] else ("chưa có số liệu DVCQG" if not r["covered"] else "LỆCH")
            self.stdout.write(f"{r['day']} {r['unit']} {r['unit_name']}: tiếp nhận {r['local_received']}/"
                              f"{r['national_received'] if r['national_received'] is not None else '—'}, "
                              f"đã giải quyết {r['local_processed']}/"
                              f"{r['national_processed'] if r['national_processed'] is not None else '—'} — {mark}")
            for code in r["only_local"]:
                self.stdout.write(f"    {code}: có trên localgov, không có trên DVCQG")
            for code in r["only_national"]:
                self.stdout.write(f"    {code}: có trên DVCQG, không có trên localgov")
            for d in r["state_differs"]:
                self.stdout.write(f"    {d['code']}: trạng thái localgov {d['local']}, DVCQG {d['national']}")
