"""The follow-up section of the oversight briefing (every format: HTML, PDF, XLSX, JSON) and of the
oversight dashboard: figures and the worst lists, for the day and area asked. Registered in
oversight/briefing_sections.py (READERS["followup"])."""

from __future__ import annotations

from datetime import date

from localgov.access.policy import SYSTEM
from localgov.followup import selectors


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def lines(day: date, province: str | None) -> list[str]:
    """Vietnamese sentences; [] when there is no follow-up data (the briefing then says so)."""
    s = selectors.cached_summary(actor=SYSTEM, today=day, province=province)
    if not (s.docs["total"] or s.problems["total"] or s.commitments["total"] or s.premises["total"]):
        return []
    out = []
    if s.docs["total"]:
        classes = {c["code"]: c["count"] for c in s.docs["classes"]}
        out.append(
            f"Văn bản hướng dẫn: {_n(s.docs['total'])} văn bản phải ban hành; đã ban hành đúng hạn "
            f"{_n(classes['done_on_time'])}, ban hành chậm {_n(classes['done_late'])}; còn "
            f"{_n(s.docs['overdue_count'])} văn bản quá hạn chưa ban hành, "
            f"{_n(classes['in_progress'])} đang trong hạn.")
        if s.docs["by_ministry"]:
            out.append("Quá hạn nhiều nhất: " + "; ".join(f"{m} {_n(n)}" for m, n in s.docs["by_ministry"][:5])
                       + ". Theo lĩnh vực: " + "; ".join(f"{f} {_n(n)}" for f, n in s.docs["by_field"][:5]) + ".")
        for d in s.docs["overdue"][:3]:
            out.append(f"— {d['title']} ({d['ministry']}, hạn {d['due']:%d/%m/%Y}, chậm {d['days_late']} ngày; "
                       f"đang vướng: {d['blocked'] or 'chưa nêu'}; nguyên nhân: {d['cause'] or 'chưa báo cáo'}).")
    p = s.problems
    if p["total"]:
        out.append(
            f"Vướng mắc, kiến nghị của địa phương: {_n(p['total'])} kiến nghị; đã trả lời {_n(p['answered'])} "
            f"(trong đó sau hạn {_n(p['answered_late'])}); đang mở {_n(p['open'])}, quá hạn trả lời "
            f"{_n(p['overdue'])}; {_n(p['reopened'])} kiến nghị bị mở lại.")
        if p["overdue_by_routed"]:
            out.append("Cơ quan còn nhiều kiến nghị quá hạn: " + "; ".join(
                f"{row['routed_to__name']} {_n(row['n'])}" for row in p["overdue_by_routed"][:5]) + ".")
    if s.commitments["total"]:
        out.append(f"Nhiệm vụ được giao: {_n(s.commitments['total'])} nhiệm vụ — " + "; ".join(
            f"{c['label'].lower()} {_n(c['count'])}" for c in s.commitments["classes"]) + ".")
    m = s.premises
    if m["total"]:
        out.append(
            f"Trụ sở, tài sản công dôi dư: {_n(m['total'])} cơ sở; đã xử lý {_n(m['handled'])}, chuyển sang phục vụ "
            f"cộng đồng {_n(m['community'])}; còn {_n(m['idle'])} cơ sở chưa có phương án.")
        idle = [row for row in m["by_province"] if row["idle"]][:5]
        if idle and not province:
            out.append("Tỉnh còn nhiều trụ sở chưa có phương án: " + "; ".join(
                f"{row['name']} {_n(row['idle'])}" for row in idle) + ".")
    return out
