"""The briefing sections that other modules own: staffing (workforce), payments to staff who
left (payouts), directives and guidance pending (followup). Each is read through the owning
module's selectors when the module is installed and has data; otherwise the section says
plainly that the figures are not available — never a made-up number."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.apps import apps

from localgov.access.policy import SYSTEM
from localgov.core import numfmt, svgcharts
from localgov.feedback.oversight import briefing_lines
from localgov.followup.briefing import lines as followup_lines
from localgov.payouts import selectors as po
from localgov.units.models import Province
from localgov.workforce import balance as bal
from localgov.workforce import selectors as wf

log = logging.getLogger("localgov.oversight")

SECTIONS = [
    ("staffing", "Biên chế, nhân sự: nơi thừa, nơi thiếu", "localgov.workforce",
     "phân hệ quản lý biên chế, nhân sự (workforce)"),
    ("payouts", "Chi trả chế độ cho người nghỉ việc (Nghị định 178/2024, 67/2025)", "localgov.payouts",
     "phân hệ chi trả chế độ, chính sách (payouts)"),
    ("citizens", "Người dân: phản ánh, kiến nghị, đi lại nhiều lần, xin lỗi khi trễ hạn", "localgov.feedback",
     "phân hệ phản ánh, kiến nghị (feedback)"),
    ("followup", "Văn bản hướng dẫn, nhiệm vụ, cam kết còn tồn đọng", "localgov.followup",
     "phân hệ theo dõi chỉ đạo, hướng dẫn (followup)"),
]


def _vnd(value: int) -> str:
    return numfmt.num(value)


def _pct(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"


def _staffing(day: date, province: str | None) -> list[str]:

    view = wf.balance(day, province_code=province)
    if not any(r.staff for r in view.rows):
        return []
    return wf.headlines(bal.summarise_by_field(view.rows))


def _payouts(day: date, province: str | None) -> list[str]:

    rows = [r for r in po.progress(actor=SYSTEM, as_of=day) if not province or r.province_code == province]
    decided = sum(r.decided for r in rows)
    if not decided:
        return []
    paid = sum(r.paid for r in rows)
    dl = po.deadlines(day)
    lines = [
        f"{_vnd(decided)} người có quyết định nghỉ việc; đã chi trả đủ cho {_vnd(paid)} người "
        f"({_pct(paid / decided)}), số tiền đã chi {_vnd(sum(r.amount_paid_vnd for r in rows))} "
        f"đồng trên {_vnd(sum(r.amount_decided_vnd for r in rows))} đồng phải chi.",
        f"Hạn chi trả: trước {dl.payment_before:%d/%m/%Y} ({dl.source}); "
        f"{_vnd(sum(r.overdue for r in rows))} người chưa được chi trả đã quá hạn.",
    ]
    lagging = sorted((r for r in rows if r.decided), key=lambda r: r.paid_share)[:5]
    if lagging and not province:

        names = dict(Province.objects.values_list("code", "name"))
        lines.append("Tỉnh chi trả chậm nhất: " + "; ".join(
            f"{names.get(r.province_code, r.province_code)} {_pct(r.paid_share)}"
            for r in lagging) + ".")
    return lines


def _citizens(day: date, province: str | None) -> list[str]:
    return briefing_lines(day, province)


def _followup(day: date, province: str | None) -> list[str]:
    return followup_lines(day, province)


def _payouts_chart(day: date, province: str | None) -> str:
    """Progress to the payment deadline by province (the payouts page's chart, core/svgcharts.py)."""
    if province:
        return ""
    rows = sorted((r for r in po.progress(actor=SYSTEM, as_of=day) if r.decided), key=lambda r: r.paid_share)
    if not rows:
        return ""
    names = dict(Province.objects.values_list("code", "name"))
    due = po.deadlines(day).payment_before
    return svgcharts.progress_bars(
        [(names.get(r.province_code, r.province_code).removeprefix("Thành phố ").removeprefix("Tỉnh "),
          r.paid_share, f"{numfmt.num(r.unpaid)} chưa chi") for r in rows],
        title=f"Tiến độ chi trả theo tỉnh, thành phố đến hạn {numfmt.day(due)}",
        marker_label=f"Đủ 100 % (hạn {numfmt.day(due)})", ident="briefing-payouts")


READERS = {"staffing": _staffing, "payouts": _payouts, "citizens": _citizens, "followup": _followup}
#: An SVG chart under a section's lines (the same as its module's page shows).
CHARTS = {"payouts": _payouts_chart}


def sections(day: date, province: str | None) -> list[dict[str, Any]]:
    out = []
    for code, title, app, label in SECTIONS:
        lines: list[str] = []
        installed = apps.is_installed(app)
        if installed and code in READERS:
            try:
                lines = READERS[code](day, province)
            except Exception:  # a neighbour's failure must not take the briefing down
                log.exception("briefing section failed", extra={"section": code})
        if lines:
            text = ""
        elif not installed:
            text = (f"Chưa có số liệu: {label} chưa được triển khai trong hệ thống, nên báo cáo chưa tổng hợp "
                    f"được nội dung này.")
        else:
            text = f"Chưa có số liệu: {label} chưa có dữ liệu cho kỳ báo cáo (hoặc chưa kết nối với báo cáo)."
        chart = ""
        if lines and code in CHARTS:
            try:
                chart = CHARTS[code](day, province)
            except Exception:
                log.exception("briefing chart failed", extra={"section": code})
        out.append({"code": code, "title": title, "available": bool(lines), "lines": lines, "text": text,
                    "chart": chart})
    return out
