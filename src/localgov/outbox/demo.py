"""The demo's outbox (`localgov demo`, one line in core/management/commands/demo.py): a live dossier
of the demo citizen that asked for e-mail and SMS, taken through receipt and a supplement request,
its notifications sent by the worker (e-mails as files under var/mail/, SMS in var/sms.log) and its
changes synchronised with a local stand-in of the national portal; then the stuck list, which the
simulated quarter filled at the assumed failure rates. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from localgov.access.policy import resolve_actor
from localgov.catalog.models import Procedure
from localgov.dossiers import services
from localgov.dossiers.models import Dossier
from localgov.dossiers.submission import Applicant, SubmitInput, submit
from localgov.dossiers.validation import Upload
from localgov.dossiers.workflow import Channel, ReturnMethod
from localgov.outbox import rules, selectors, worker
from localgov.outbox.standin import StandIn

DEMO_KEY = "demo-outbox-1"
PROCEDURE = "1.004873"  # xác nhận tình trạng hôn nhân
BA_DINH = "00004"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _actor(username: str) -> Any:
    user = get_user_model().objects.filter(username=username).first()
    return resolve_actor(user) if user else None


def _demo_dossier() -> tuple[Dossier | None, str | None]:
    existing = Dossier.objects.filter(idempotency_key=DEMO_KEY).first()
    if existing is not None:
        return existing, None
    citizen, counter, specialist = _actor("congdan"), _actor("tiepnhan.badinh"), _actor("chuyenvien.badinh")
    if citizen is None or counter is None or specialist is None:
        return None, None
    proc = Procedure.objects.filter(code=PROCEDURE).first()
    if proc is None:
        return None, None
    docs = [Upload(doc_code=d["code"], name=f"{d['code']}.pdf", content=PDF, content_type="application/pdf")
            for d in proc.documents if d.get("required")]
    result = submit(SubmitInput(
        procedure_code=PROCEDURE, channel=Channel.ONLINE, competent_commune_code=BA_DINH,
        applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678",
                            email="nguyenvanan@example.vn", address="12 Phố Huế, Hà Nội"),
        return_method=ReturnMethod.ONLINE, documents=docs, idempotency_key=DEMO_KEY,
        notify_channels=[rules.EMAIL, rules.SMS]), actor=citizen)
    d = result.dossier
    d = services.accept(dossier_id=d.pk, version=d.version, actor=counter)
    d = services.assign(dossier_id=d.pk, version=d.version, actor=counter)
    d = services.request_supplement(dossier_id=d.pk, version=d.version, actor=specialist,
                                    missing=["Bản sao giấy khai sinh (bản chụp rõ nét)"])
    return d, result.secret


def seed_outbox(out: Any) -> None:
    d, secret = _demo_dossier()
    if d is not None:
        saved = settings.LOCALGOV_DVCQG_URL
        with StandIn() as national:
            settings.LOCALGOV_DVCQG_URL = national.url
            try:
                worker.work(once=True)
            finally:
                settings.LOCALGOV_DVCQG_URL = saved
    counts = selectors.counts()
    out.write("Thư đi (thông báo và đồng bộ DVCQG):")
    for consumer, by in counts.items():
        out.write(f"    {consumer:<7} " + ", ".join(f"{rules.STATUS_LABELS[s]} {n:,}".replace(",", ".")
                                                 for s, n in by.items()))
    out.write("    Thư bị kẹt (localgov outbox stuck; trang /admin/outbox/message/?stuck=1), 5 thư đầu:")
    call_command("outbox", "stuck", "--limit", "5", stdout=out)
    if d is not None:
        lines = selectors.notifications_of(d)
        out.write(f"    Hồ sơ {d.code} của tài khoản «congdan»: {len(lines)} thông báo "
                  f"({', '.join(sorted({line.status_label for line in lines}))}); đồng bộ DVCQG: "
                  f"{rules.SYNC_LABELS[selectors.sync_status(d)]}.")
        where = f"/tra-cuu/?ma={d.code}" + (f" với mã bí mật {secret}" if secret else " (đăng nhập «congdan»)")
        out.write(f"    Xem trên trang tra cứu: {where}; thư điện tử trong var/mail/, SMS trong var/sms.log.")
