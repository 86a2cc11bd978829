"""`localgov calendar load | day YYYY-MM-DD | due START --days N | --hours H` [--json]."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from localgov.workcalendar.adapter import get_calendar
from localgov.workcalendar.core import CalendarError
from localgov.workcalendar.inputs import day_payload, due_payload, parse_day, parse_due_request
from localgov.workcalendar.services import load_overrides
from localgov.workcalendar.sources import OverrideDataError


class Command(BaseCommand):
    help = "Lịch làm việc: nạp ngày nghỉ/làm bù, tra cứu một ngày, tính hạn giải quyết."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,day,due}")
        load = sub.add_parser(
            "load", help="Nạp tệp ngày nghỉ/làm bù đi kèm vào cơ sở dữ liệu (chạy lại không sao)."
        )
        load.add_argument("--file", default=None, help="Tệp CSV khác cùng định dạng (mặc định: tệp đi kèm).")
        day = sub.add_parser("day", help="Một ngày là ngày làm việc hay ngày nghỉ, và lý do.")
        day.add_argument("date", help="YYYY-MM-DD")
        day.add_argument("--json", action="store_true", dest="as_json")
        due = sub.add_parser("due", help="Hạn giải quyết tính từ thời điểm tiếp nhận.")
        due.add_argument("start", help="YYYY-MM-DDTHH:MM (không ghi múi giờ thì hiểu là giờ Việt Nam)")
        due.add_argument("--days", default=None, help="số ngày làm việc")
        due.add_argument("--hours", default=None, help="số giờ làm việc")
        due.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            action = options["action"]
            if action == "load":
                self._load(options.get("file"))
            elif action == "day":
                self._day(options["date"], options["as_json"])
            else:
                self._due(options["start"], options["days"], options["hours"], options["as_json"])
        except (CalendarError, OverrideDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc

    def _load(self, path: str | None) -> None:

        result = load_overrides(path)
        cal = get_calendar()
        self.stdout.write(
            f"Đã nạp ngày nghỉ/làm bù: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi, {result.extra_in_db} dòng khác giữ nguyên. "
            f"Phiên bản lịch: {cal.version}"
        )

    def _day(self, text: str, as_json: bool) -> None:
        payload = day_payload(get_calendar(), parse_day(text))
        if as_json:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            kind = "ngày làm việc" if payload["working"] else "ngày nghỉ"
            self.stdout.write(f"{payload['date']}: {kind} — {payload['reason']}")

    def _due(self, start: str, days: str | None, hours: str | None, as_json: bool) -> None:
        payload = due_payload(get_calendar(), parse_due_request(start, days, hours))
        if as_json:
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            self.stdout.write(
                f"Hạn giải quyết: {payload['due']} (phiên bản lịch {payload['calendar_version']})"
            )
