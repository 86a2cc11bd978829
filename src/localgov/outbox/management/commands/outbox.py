"""`localgov outbox …`: the outbox worker and its administration (docs/notifications.md).

  localgov outbox work [--once] [--batch N] [--idle S]   send due messages (loop, or until none is due)
  localgov outbox stuck [--json] [--province 01]         failed, overdue or abandoned messages
  localgov outbox retry (--all | --id N ...)             put failed messages back in the queue
  localgov outbox digest [--day YYYY-MM-DD]              queue the officers' daily digest
  localgov outbox status [--json]                        messages by consumer and status
"""

from __future__ import annotations

import json
import signal
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from localgov.core.cli_args import iso_date, positive_float, positive_int
from localgov.outbox import rules, selectors, services, worker


class Command(BaseCommand):
    help = "Thư đi (thông báo, đồng bộ DVCQG): outbox work | stuck | retry | digest | status"

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="sub", required=True)
        work = sub.add_parser("work", help="Gửi các thư đến hạn (vòng lặp; --once: đến khi hết)")
        work.add_argument("--once", action="store_true", help="dừng khi không còn thư đến hạn")
        work.add_argument("--batch", type=positive_int, default=200)
        work.add_argument("--idle", type=positive_float, default=2.0, help="giây nghỉ khi hàng đợi trống")
        stuck = sub.add_parser("stuck", help="Thư gửi lỗi, quá lâu chưa gửi được, hoặc bị bỏ dở")
        stuck.add_argument("--json", action="store_true")
        stuck.add_argument("--province", default=None, help="mã tỉnh (2 chữ số)")
        stuck.add_argument("--limit", type=positive_int, default=200)
        retry = sub.add_parser("retry", help="Đưa thư gửi lỗi trở lại hàng đợi")
        which = retry.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true")
        which.add_argument("--id", type=positive_int, action="append", dest="ids")
        digest = sub.add_parser("digest", help="Tạo thư tổng hợp hằng ngày cho cán bộ")
        digest.add_argument("--day", type=iso_date, default=None)
        status = sub.add_parser("status", help="Số thư theo loại và trạng thái")
        status.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        getattr(self, f"_{opts['sub']}")(opts)

    def _work(self, opts: dict[str, Any]) -> None:
        stopping = {"now": False}

        def stop(*_: Any) -> None:
            stopping["now"] = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        total = worker.work(once=opts["once"], batch=opts["batch"], idle_seconds=opts["idle"],
                            log=lambda line: self.stdout.write(line), stop=lambda: stopping["now"])
        self.stdout.write(f"Đã gửi {total.sent}, thử lại sau {total.retried}, lỗi hẳn {total.failed}.")

    def _stuck(self, opts: dict[str, Any]) -> None:
        province = opts["province"]
        if province is not None and not (len(province) == 2 and province.isdigit()):
            raise CommandError(f"Mã tỉnh phải gồm 2 chữ số, không phải «{province}».")
        rows = selectors.stuck(province_code=province, limit=opts["limit"])
        if opts["json"]:
            self.stdout.write(json.dumps([{
                "id": m.pk, "key": m.key, "consumer": m.consumer, "channel": m.channel, "topic": m.topic,
                "dossier": m.dossier.code if m.dossier_id else None, "recipient": selectors.masked_recipient(m),
                "status": m.status, "attempts": m.attempts, "last_error": m.last_error,
                "created_at": m.created_at.isoformat(), "next_attempt_at": m.next_attempt_at.isoformat(),
            } for m in rows], ensure_ascii=False))
            return
        for m in rows:
            self.stdout.write(f"#{m.pk} {rules.STATUS_LABELS[m.status]:<20} {m.attempts} lần  {m.key}  "
                              f"{selectors.masked_recipient(m)}  {m.last_error[:120]}")
        self.stdout.write(f"{len(rows)} thư cần xem xét.")

    def _retry(self, opts: dict[str, Any]) -> None:
        count = services.retry(None if opts["all"] else opts["ids"])
        self.stdout.write(f"Đã đưa {count} thư trở lại hàng đợi.")

    def _digest(self, opts: dict[str, Any]) -> None:
        day = opts["day"] or timezone.localdate()
        count = services.enqueue_digests(day)
        self.stdout.write(f"Đã tạo {count} thư tổng hợp ngày {day:%d/%m/%Y}.")

    def _status(self, opts: dict[str, Any]) -> None:
        counts = selectors.counts()
        if opts["json"]:
            self.stdout.write(json.dumps(counts))
            return
        for consumer, by in counts.items():
            self.stdout.write(consumer + ": " + ", ".join(f"{rules.STATUS_LABELS[s]} {n}" for s, n in by.items()))
