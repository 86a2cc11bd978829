"""Benchmark: notifications sent per second by the outbox worker, with a real SMTP server
(aiosmtpd) and the HTTP SMS gateway stand-in in this process, against a baseline of the same
messages sent straight through the same mailer and HTTP client without the outbox; and DVCQG
records synchronised per second against the national portal's stand-in.

    .venv/bin/python bench/outbox.py [--pg postgres://postgres@127.0.0.1:5432] [--dossiers 300] [--rounds 3]

1. Creates (drops first) the database `localgov_bench_outbox` (or $BENCH_DB), migrates it, loads units,
   catalogue and calendar, and files N dossiers (e-mail and SMS chosen) and accepts them: N receipts ×
   2 channels queued, 2 N DVCQG records.
2. Per round, alternating: (a) baseline — the N e-mails rendered and sent over one SMTP connection
   (`mailers.default`), the N SMS posted to the gateway, no database; (b) the worker
   (`outbox.worker.run_once`, batches of 200) sending the same 2 N messages from the outbox, every
   message claimed, sent and marked (the statuses reset to "queued" between rounds).
3. Then the DVCQG records, once (`--rounds` does not repeat them: the stand-in keeps the first).
Prints messages per second and the worker / baseline ratio. Loopback only.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DB_NAME = os.environ.get("BENCH_DB", "localgov_bench_outbox")
PROCEDURE = "1.004873"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_database(base: str) -> str:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return f"{base}/{DB_NAME}"


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.count += 1
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="localgov-bench-outbox-"))
    os.environ.update({"DATABASE_URL": create_database(args.pg), "LOCALGOV_VAR": str(var), "DEBUG": "0",
                       "LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "localgov.settings"})
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from localgov.units.loaders import run

    t0 = time.perf_counter()
    run(["units", "catalog", "calendar"])
    from localgov.access.policy import resolve_actor
    from localgov.access.roles import Role
    from localgov.access.services import create_user, grant_role
    from localgov.catalog.models import Procedure
    from localgov.dossiers import services
    from localgov.dossiers.submission import Applicant, SubmitInput, submit
    from localgov.dossiers.validation import Upload
    from localgov.dossiers.workflow import Channel, ReturnMethod
    from localgov.outbox import rules, worker
    from localgov.outbox.messages_vi import render
    from localgov.outbox.models import Message
    from localgov.outbox.senders import EmailSender, HttpSmsGateway
    from localgov.outbox.standin import StandIn
    from localgov.units.models import ServiceCentre

    commune = "00004"
    user = create_user(username="bench-outbox", password=None)
    centre = ServiceCentre.objects.filter(commune_id=commune).order_by("pk").first()
    grant_role(user=user, role=Role.COUNTER_OFFICER, commune=commune, centre_id=centre.pk if centre else None)
    actor = resolve_actor(user)
    docs = [Upload(doc_code=d["code"], name="a.pdf", content=PDF, content_type="application/pdf")
            for d in Procedure.objects.get(code=PROCEDURE).documents if d.get("required")]
    for i in range(args.dossiers):
        d = submit(SubmitInput(procedure_code=PROCEDURE, channel=Channel.ONLINE, competent_commune_code=commune,
                               applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345",
                                                   phone="0912345678", email=f"an{i}@example.vn"),
                               documents=docs, return_method=ReturnMethod.ONLINE, notify_channels=["email", "sms"]),
                   actor=actor).dossier
        services.accept(dossier_id=d.pk, version=d.version, actor=actor)
    notify = Message.objects.filter(consumer=rules.CONSUMER_NOTIFY)
    print(f"ready in {time.perf_counter() - t0:.0f} s: {notify.count()} notifications, "
          f"{Message.objects.filter(consumer=rules.CONSUMER_DVCQG).count()} DVCQG records queued", flush=True)

    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "timeout": 10}}}
    with StandIn() as standin:
        settings.LOCALGOV_SMS_GATEWAY, settings.LOCALGOV_SMS_URL = "http", standin.url + "/sms/send"
        settings.LOCALGOV_DVCQG_URL = standin.url
        messages = list(notify.select_related("dossier__procedure"))
        ratios = []
        for r in range(args.rounds):
            # (a) baseline: the same messages, rendered and sent without the outbox
            email, sms = EmailSender(), HttpSmsGateway(standin.url + "/sms/send")
            t = time.perf_counter()
            for m in messages:
                subject, body = render(m.topic, m.template_version, m.channel, worker.context_of(m))
                if m.channel == rules.EMAIL:
                    email.send(key=m.key, to=m.recipient, subject=subject, body=body)
                else:
                    sms.send(key=m.key + f"/base{r}", to=m.recipient, text=body)
            email.close()
            base = len(messages) / (time.perf_counter() - t)
            # (b) the worker
            notify.update(status=rules.QUEUED, attempts=0, sent_at=None, next_attempt_at=timezone.now())
            t = time.perf_counter()
            sent = 0
            while True:
                res = worker.run_once(batch=200, consumers=(rules.CONSUMER_NOTIFY,))
                sent += res.sent
                if not res.claimed:
                    break
            rate = sent / (time.perf_counter() - t)
            ratios.append(rate / base)
            print(f"round {r + 1}: baseline {base:.0f} msg/s, worker {rate:.0f} msg/s ({sent} sent), "
                  f"ratio {rate / base:.2f}", flush=True)
        t = time.perf_counter()
        synced = 0
        while True:
            res = worker.run_once(batch=200, consumers=(rules.CONSUMER_DVCQG,))
            synced += res.sent
            if not res.claimed:
                break
        print(f"DVCQG: {synced} records in {time.perf_counter() - t:.1f} s = "
              f"{synced / (time.perf_counter() - t):.0f} records/s; stand-in holds {len(standin.accepted)}",
              flush=True)
    smtp.stop()
    ratios.sort()
    print(f"SMTP server received {sink.count} e-mails; median worker/baseline ratio {ratios[len(ratios) // 2]:.2f}; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
