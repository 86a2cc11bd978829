"""`localgov demo`: migrate, load the reference data, simulate Jul–Sep 2025, create the demo
accounts, print them, and serve on http://127.0.0.1:8000 (what `make demo` runs)."""

from __future__ import annotations

import os
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from localgov.core.cli_args import port_number, positive_float
from localgov.demo.users import DEMO_PASSWORD, ensure_demo_users
from localgov.dossiers.models import Dossier
from localgov.followup.demo import seed_followup
from localgov.outbox.demo import seed_outbox
from localgov.reconcile.demo import seed_national_export

#: Scale of the simulated quarter that finishes in under 3 minutes on a 2-core machine
#: (measured: see bench/RESULTS.md "Simulation").
DEMO_SCALE = "0.01"


class Command(BaseCommand):
    help = "Chạy bản trình diễn: dữ liệu tham chiếu, mô phỏng quý III/2025, tài khoản mẫu, máy chủ web"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        # checked before the demo is built, not when the server starts a minute later
        parser.add_argument("--port", type=port_number, default="8000")
        parser.add_argument("--scale", type=positive_float, default=DEMO_SCALE, help="quy mô mô phỏng (1 = toàn quốc)")
        parser.add_argument("--no-serve", action="store_true", help="chuẩn bị dữ liệu rồi dừng")
        parser.add_argument("--no-simulate", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        started = time.monotonic()
        self.stdout.write("1/5 Cập nhật cơ sở dữ liệu (migrate)…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("2/5 Nạp dữ liệu tham chiếu: đơn vị hành chính, lịch, danh mục thủ tục…")
        call_command("load", "all", stdout=self.stdout)
        fresh = not Dossier.objects.exists()
        if fresh and not opts["no_simulate"]:
            # Staff first: the simulation takes each commune's capacity from the workforce data.
            self.stdout.write("3/5 Nhân sự mẫu cho 3.321 xã, phường, đặc khu; hồ sơ chi trả theo Nghị định 178/67…")
            for name, args in (("workforce", ["demo", "--seed", "7"]), ("payouts", ["demo", "--seed", "7"])):
                if name in get_commands():
                    call_command(name, *args, stdout=self.stdout)
            seed_followup(7)
        if opts["no_simulate"]:
            self.stdout.write("4/5 Bỏ qua mô phỏng (--no-simulate).")
        elif "simulate" not in get_commands():
            self.stdout.write("4/5 Chưa có bộ mô phỏng trong phiên bản này.")
        elif not fresh:
            self.stdout.write("3–4/5 Đã có dữ liệu: giữ nguyên (xóa var/ để làm lại từ đầu).")
        else:
            self.stdout.write(f"4/5 Mô phỏng 01/7–30/9/2025 ở quy mô {opts['scale']}…")
            call_command("simulate", "--from", "2025-07-01", "--to", "2025-09-30", "--scale", str(opts["scale"]),
                         "--seed", "7", "--path", "bulk")
            seed_national_export("01")  # the national portal's export for Hà Nội's last week: /giam-sat/doi-soat/
        users = ensure_demo_users()
        self.stdout.write(f"5/5 Tài khoản trình diễn (mật khẩu chung: {DEMO_PASSWORD}):")
        for u in users:
            self.stdout.write(f"    {u.username:<20} {u.role.label:<32} {u.where}")
        seed_outbox(self.stdout)  # notifications, DVCQG sync and the stuck list (docs/notifications.md)
        self.stdout.write(f"Sẵn sàng sau {time.monotonic() - started:.0f} giây.")
        if opts["no_serve"]:
            return
        url = f"http://{opts['host']}:{opts['port']}/"
        self.stdout.write(self.style.SUCCESS(f"Mở {url} — mọi tài khoản đăng nhập tại {url}dang-nhap/"))
        self.stdout.write("Dừng máy chủ: Ctrl+C. (Máy chủ của bản trình diễn; vận hành thật: localgov serve.)")
        # Django's own banner ("Starting development server at …") is English: the line above says it.
        with open(os.devnull, "w", encoding="utf-8") as quiet:
            call_command("runserver", f"{opts['host']}:{opts['port']}", use_reloader=False, use_threading=True,
                         stdout=quiet)
