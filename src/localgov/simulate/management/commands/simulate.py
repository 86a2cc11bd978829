"""`localgov simulate --from 2025-07-01 --to 2025-09-30 --scale 0.01 --seed 7 [--path bulk|service]
[--provinces 01,79] [--reset] [--no-facts] [--workers 2] [--defer-indexes]`: fill the database with the
dossiers, events and facts of a simulated period (docs/simulation.md). Refuses to run over earlier simulated
data unless --reset."""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.core import numfmt
from localgov.core.cli_args import iso_date, positive_float, positive_int
from localgov.simulate import deferred_indexes
from localgov.simulate.runner import AlreadySimulated, run
from localgov.units.models import Province

#: `RunResult.facts` (the runner's state of the oversight facts) in the summary's words.
FACTS_LABEL = {
    "computed in bulk": "đã tính theo lô",
    "incremental (service hooks)": "cập nhật dần qua từng thao tác hồ sơ",
    "unavailable": "không tính (--no-facts)",
    "rebuilt": "đã tính lại từ sự kiện",
}


def facts_label(state: str) -> str:
    if state.startswith("failed: "):
        return f"lỗi khi tính ({state.removeprefix('failed: ')}; chạy lại: localgov facts rebuild)"
    return FACTS_LABEL.get(state, state)


def thousands(n: int) -> str:
    """1234567 → "1.234.567" (Vietnamese digit grouping: the one number format, core/numfmt.py)."""
    return numfmt.num(n)


def seconds(value: float) -> str:
    """12.34 → "12,3 giây"."""
    return f"{value:.1f} giây".replace(".", ",")


class Command(BaseCommand):
    help = "Mô phỏng khối lượng hồ sơ toàn quốc (hồ sơ, sự kiện, số liệu tổng hợp) trong một giai đoạn"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--from", dest="date_from", type=iso_date, default=date(2025, 7, 1),
                            help="ngày đầu giai đoạn, YYYY-MM-DD (mặc định 2025-07-01)")
        parser.add_argument("--to", dest="date_to", type=iso_date, default=date(2025, 9, 30),
                            help="ngày cuối giai đoạn, YYYY-MM-DD (mặc định 2025-09-30)")
        parser.add_argument("--scale", type=positive_float, default=0.01, help="1 = khối lượng toàn quốc")
        parser.add_argument("--seed", type=int, default=7, help="hạt giống ngẫu nhiên: cùng hạt giống, cùng dữ liệu")
        parser.add_argument("--path", choices=["bulk", "service"], default="bulk",
                            help="«bulk» ghi theo lô (nhanh); «service» đi qua từng thao tác như người dùng")
        parser.add_argument("--provinces", default="", help="mã tỉnh, cách nhau bởi dấu phẩy (mặc định: tất cả)")
        parser.add_argument("--reset", action="store_true", help="xóa dữ liệu mô phỏng trước đó rồi chạy lại")
        parser.add_argument("--no-facts", action="store_true", help="không tính lại số liệu tổng hợp")
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")
        parser.add_argument("--workers", type=positive_int, default=1,
                            help="số tiến trình ghi song song (PostgreSQL, đường «bulk»; mỗi tiến trình một nhóm tỉnh)")
        parser.add_argument("--defer-indexes", action="store_true",
                            help="PostgreSQL: bỏ các chỉ mục phụ của bảng hồ sơ trong lúc nạp và tạo lại khi xong "
                                 "(nhanh hơn cho lượt nạp lớn; chỉ dùng khi cơ sở dữ liệu chưa phục vụ người dùng)")

    def handle(self, *args: Any, **opts: Any) -> None:

        provinces = [p.strip() for p in opts["provinces"].split(",") if p.strip()]
        self._check(opts, provinces)  # every argument before anything is drawn or written
        bar = None
        if not opts["no_progress"] and opts["verbosity"] > 0:
            # the progress bar: only when the command line asks for it
            from tqdm import tqdm

            bar = tqdm(total=0, unit="ngày×tỉnh", desc="Mô phỏng", file=self.stderr._out, dynamic_ncols=True)

        def progress(done: int, total: int, dossiers: int) -> None:
            if bar is not None:
                bar.total = total
                bar.n = done
                bar.set_postfix_str(f"{numfmt.num(dossiers)} hồ sơ", refresh=False)  # not tqdm's 9e+4
                bar.refresh()

        try:
            result = run(date_from=opts["date_from"], date_to=opts["date_to"], scale=opts["scale"],
                         seed=opts["seed"], path=opts["path"], provinces=provinces or None,
                         reset_first=opts["reset"], facts=not opts["no_facts"], progress=progress,
                         workers=opts["workers"], defer_indexes=opts["defer_indexes"])
        except AlreadySimulated as exc:
            raise CommandError(str(exc)) from None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        finally:
            if bar is not None:
                bar.close()
        self._report(result, opts)

    @staticmethod
    def _check(opts: dict[str, Any], provinces: list[str]) -> None:

        if opts["date_from"] > opts["date_to"]:
            raise CommandError(f"Ngày bắt đầu (--from {opts['date_from']}) sau ngày kết thúc "
                               f"(--to {opts['date_to']}).")
        unknown = sorted(set(provinces) - set(Province.objects.filter(code__in=provinces)
                                              .values_list("code", flat=True)))
        if unknown:
            raise CommandError(f"Không có tỉnh, thành phố mã: {', '.join(unknown)} (--provinces: mã 2 chữ số "
                               "cách nhau bởi dấu phẩy, ví dụ 01,79).")
        if opts["defer_indexes"]:
            try:
                deferred_indexes.check_supported()
            except ValueError as exc:
                raise CommandError(str(exc)) from None

    def _report(self, result: Any, opts: dict[str, Any]) -> None:
        rate = result.dossiers / result.seconds if result.seconds else 0
        self.stdout.write(
            f"Lượt mô phỏng #{result.run_id}: {thousands(result.dossiers)} hồ sơ, {thousands(result.events)} sự kiện "
            f"trong {seconds(result.seconds)} ({thousands(round(rate))} hồ sơ/giây; "
            f"ghi {seconds(result.write_seconds)}, "
            f"số liệu tổng hợp {seconds(result.facts_seconds)}: {facts_label(result.facts)})."
        )
        if result.deferred_indexes:
            self.stdout.write(f"Đã tạo lại {result.deferred_indexes} chỉ mục hoãn trong "
                              f"{seconds(result.index_seconds)}.")
        staffing = "theo mặc định (chưa có dữ liệu nhân sự)"
        if result.staffed_communes:
            staffing = (f"theo dữ liệu nhân sự ngày {opts['date_from']:%d/%m/%Y} ở {result.staffed_communes}/"
                        f"{result.communes} xã, phường, đặc khu")
            if result.staffed_communes < result.communes:
                staffing += "; các xã còn lại theo mặc định"
        self.stdout.write(f"Năng lực xử lý của các bộ phận cấp xã: {staffing} — docs/simulation.md.")
