"""`localgov audit verify`: recompute every dossier's event hash chain and name the first
broken link of each damaged chain. Exit status 1 when anything is broken."""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from localgov.access.audit import access_records
from localgov.dossiers.audit import verify_chains
from localgov.dossiers.models import Dossier


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn: audit verify (chuỗi sự kiện hồ sơ); audit access --dossier CODE"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        verify = sub.add_parser("verify", help="Tính lại mọi chuỗi băm sự kiện hồ sơ")
        verify.add_argument("--json", action="store_true")
        verify.add_argument("--limit", type=int, default=50, help="số lỗi tối đa in ra")
        access = sub.add_parser("access", help="Ai đã xem dữ liệu cá nhân của một hồ sơ")
        access.add_argument("--dossier", required=True)
        access.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["sub"] == "verify":
            self._verify(opts)
        else:
            self._access(opts)

    def _verify(self, opts: dict[str, Any]) -> None:

        broken = []
        for link in verify_chains():
            broken.append(link)
            if len(broken) >= opts["limit"]:
                break
        checked = Dossier.objects.count()
        if opts["json"]:
            self.stdout.write(json.dumps({"dossiers": checked, "ok": not broken,
                                          "broken": [vars(b) for b in broken]}, ensure_ascii=False))
        else:
            for link in broken:
                self.stdout.write(f"HỎNG: {link}")
            verdict = "toàn vẹn." if not broken else f"{len(broken)} chuỗi bị hỏng."
            self.stdout.write(f"Đã kiểm tra {checked} hồ sơ: {verdict}")
        if broken:
            sys.exit(1)

    def _access(self, opts: dict[str, Any]) -> None:
        rows = access_records(opts["dossier"])
        if opts["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, default=str))
        else:
            for r in rows:
                self.stdout.write(f"{r['at']}  {r['who']}  {r['what']}  {r['why']}")
