"""The Government briefing: one document shaped like the review of the two-tier model held on
1 Oct 2025 (docs/domain/one-stop-rules.md §4.1: "> 7 million online dossiers, > 91% on time, > 3,100
commune centres") — totals, what improved, who lags, and the sections whose modules do not
exist yet, saying so. One dict of figures (`build`) feeds every format: HTML, PDF
(WeasyPrint), XLSX (xlsxwriter) and JSON, so the four always agree.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date
from functools import partial
from typing import Any

from django.template.loader import render_to_string

from localgov.oversight.briefing_sections import sections
from localgov.oversight.bundle_flow import BUNDLE_METRICS, bundle_flow
from localgov.oversight.indicators import HEADLINE, INDICATORS, evaluate, format_value
from localgov.oversight.outside import outside_pairs
from localgov.oversight.scores import unit_scores
from localgov.oversight.selectors import (
    Area,
    Period,
    best_and_worst,
    data_as_of,
    make_period,
    names,
    table,
    totals,
)

FORMATS = ("html", "pdf", "xlsx", "json")
LAG_CODES = ["processed", "on_time_766", "overdue_open", "online_share", "avg_processing_days"]


def _indicator_rows(t: dict[str, float], codes: list[str]) -> list[dict[str, Any]]:
    values = evaluate(t, codes)
    return [{"code": c, "name": INDICATORS[c].name, "unit": INDICATORS[c].unit, "value": values[c],
             "text": format_value(c, values[c]), "target": INDICATORS[c].target,
             "meets_target": INDICATORS[c].meets_target(values[c]), "source": INDICATORS[c].source} for c in codes]


def _months(period: Period) -> tuple[Period, Period]:
    first = make_period("month", period.start)
    last = make_period("month", period.end)
    return (Period(max(first.start, period.start), min(first.end, period.end)),
            Period(max(last.start, period.start), min(last.end, period.end)))


def _improvements(area: Area, period: Period) -> list[dict[str, Any]]:
    """First month against last month of the period, per headline rate."""
    first, last = _months(period)
    a, b = totals(area, first), totals(area, last)
    days_a, days_b = (first.end - first.start).days + 1, (last.end - last.start).days + 1
    rows = [{"code": "received_per_day", "name": "Hồ sơ tiếp nhận bình quân/ngày", "unit": "hồ sơ",
             "first": a.get("received", 0) / days_a, "last": b.get("received", 0) / days_b, "higher_is_better": True}]
    for code in ("online_share", "full_online_share", "on_time_766", "avg_processing_days", "repeat_supplement_rate",
                 "satisfaction"):
        ind = INDICATORS[code]
        rows.append({"code": code, "name": ind.name, "unit": ind.unit, "first": ind.value(a), "last": ind.value(b),
                     "higher_is_better": ind.higher_is_better})
    for r in rows:
        f, la = r["first"], r["last"]
        r["change"] = None if f is None or la is None else la - f
        r["improved"] = None if r["change"] in (None, 0) else ((r["change"] > 0) == r["higher_is_better"])
        fmt = (lambda v: format_value("received", v)) if r["code"] == "received_per_day" else (
            lambda v, c=r["code"]: format_value(c, v))
        r["first_text"], r["last_text"] = fmt(f), fmt(la)
    return rows


def _lagging(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    _best, worst = best_and_worst(rows, "on_time_766", n)
    return [{"key": r["key"], "name": r["name"],
             **{c: r["values"].get(c) for c in LAG_CODES},
             **{f"{c}_text": format_value(c, r["values"].get(c)) for c in LAG_CODES}} for r in worst]


def build(date_from: date, date_to: date, province: str | None = None, *, commune: str | None = None
          ) -> dict[str, Any]:
    """The briefing's figures for the nation, a province, or a commune (`commune` with its
    `province`): a commune has no child units, so its "lagging" lists are its fields only."""
    period = Period(date_from, date_to, "custom")
    area = (Area("commune", province, commune) if commune else Area("province", province) if province
            else Area("nation"))
    as_of = data_as_of()
    t = totals(area, period)
    child = area.child_level()
    min_processed = 5
    children = table(area, period, child, LAG_CODES, min_processed=min_processed) if child else []
    if area.level == "nation":
        communes = table(area, period, "commune", LAG_CODES, min_processed=min_processed)
    else:
        communes = children
    commune_names = names("commune", [r["key"] for r in communes])
    for r in communes:
        r["name"] = commune_names.get(r["key"], r["name"])
    fields = table(area, period, "field", LAG_CODES, min_processed=min_processed)
    scores = unit_scores(area, period)
    score_rows = [{"rank": rank, "code": s.unit, "name": name, "total": round(s.total, 2),
                   "measured_max": s.measured_max,
                   "normalised": None if s.normalised is None else round(s.normalised, 2),
                   "band": s.band} for rank, s, name in scores["units"]]
    if commune:  # no children to rank: the commune's own score
        own = scores["area"]
        score_rows = [{"rank": None, "code": commune, "name": names("commune", [commune]).get(commune, commune),
                       "total": round(own.total, 2), "measured_max": own.measured_max,
                       "normalised": None if own.normalised is None else round(own.normalised, 2), "band": own.band}]
    if commune:
        area_name = names("commune", [commune]).get(commune, commune)
        province_name = names("province", [province]).get(province, province)
        area_name = f"{area_name}, {province_name}"
    else:
        area_name = names("province", [province]).get(province, province) if province else "Toàn quốc"
    pending = sections(date_to, province)
    headline = _indicator_rows(t, HEADLINE)
    return {
        "title": "Báo cáo tình hình giải quyết thủ tục hành chính trong vận hành chính quyền địa phương hai cấp",
        "area": {"level": area.level, "code": area.code, "province": province, "name": area_name},
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat(), "label": period.label},
        "as_of": as_of.isoformat(timespec="seconds"),
        "as_of_text": f"Số liệu tính đến {as_of:%H:%M ngày %d/%m/%Y}",
        "totals": {k: (round(v, 3) if isinstance(v, float) else v) for k, v in sorted(t.items())},
        "headline": headline,
        "summary": _summary(t),
        "improvements": _improvements(area, period),
        "lagging": {
            "units_level": child or "",
            "units": _lagging(children, 5),
            "communes": _lagging(communes, 10),
            "fields": _lagging(fields, 5),
            "min_processed": min_processed,
        },
        "scores_766": {"profile": scores["config"]["profile"], "rule": scores["config"]["not_measured_rule"],
                       "units": score_rows[:5] + ([{"gap": True}] if len(score_rows) > 10 else []) +
                       (score_rows[-5:] if len(score_rows) > 5 else [])},
        "bundles": _bundles(area, period),
        "outside": outside_pairs(area, period),
        "pending": pending,
        "method": "Số liệu đọc từ bảng tổng hợp (facts) cập nhật cùng giao dịch với từng sự kiện hồ sơ; đơn vị là "
                  "cơ quan có thẩm quyền giải quyết; cách tính từng chỉ tiêu: docs/oversight.md.",
    }


def _bundles(area: Area, period: Period) -> dict[str, Any]:
    """Section IV: how interconnected bundles flowed (`bundle_flow`, the dashboard's section with
    the same figures) — the 1 Oct 2025 review named interconnected procedures that "do not flow"."""
    flows = bundle_flow(area, period)
    rows = [{"code": f.code, "name": f.name, **{m: getattr(f, m) for m in BUNDLE_METRICS},
             "within_rate": f.within_rate, "within_text": f.within_text, "text": f.text,
             "waiting_at": [{"order": order, "name": label, "bundles": f.waiting_at[(order, label)], "text": text}
                            for order, label, text in f.waiting]}
            for f in flows]
    total = {m: sum(r[m] for r in rows) for m in BUNDLE_METRICS}
    total["within_rate"] = rate = total["within"] / total["decided"] if total["decided"] else None
    total["within_text"] = format_value("on_time_766", rate)
    if not rows:
        return {"rows": rows, "total": total, "summary": ["Không có hồ sơ liên thông nộp trong kỳ."]}
    n = partial(format_value, "received")  # a count as the briefing writes counts: 1.234
    lines = [f"Tiếp nhận {n(total['filed'])} hồ sơ liên thông (Nghị định 63/2024); đã giải quyết "
             f"{n(total['decided'])} hồ sơ, trong đó {total['within_text']} đúng tổng thời hạn.",
             f"Còn {n(total['open'])} hồ sơ đang giải quyết, {n(total['open_past_due'])} hồ sơ quá hạn; "
             f"{n(total['member_supplement'])} hồ sơ có thủ tục thành phần phải bổ sung giấy tờ."]
    waits: Counter[str] = Counter()  # member step's label → open bundles waiting there, over every kind
    for r in rows:
        waits.update({w["name"]: w["bundles"] for w in r["waiting_at"]})
    if waits:
        name, most = max(waits.items(), key=lambda kv: (kv[1], kv[0]))
        lines.append(f"Thủ tục thành phần có nhiều hồ sơ đang chờ nhất: {name} ({n(most)} hồ sơ).")
    return {"rows": rows, "total": total, "summary": lines}


def _summary(t: dict[str, float]) -> list[str]:
    v = evaluate(t, ["processed_online", "on_time_766", "centres_operating", "online_share", "received"])
    return [
        f"Tiếp nhận {format_value('received', v['received'])} hồ sơ, trong đó "
        f"{format_value('online_share', v['online_share'])} nộp trực tuyến.",
        f"Đã giải quyết {format_value('processed_online', v['processed_online'])} hồ sơ trực tuyến; tỷ lệ đúng hạn "
        f"theo Quyết định 766 đạt {format_value('on_time_766', v['on_time_766'])}.",
        f"{format_value('centres_operating', v['centres_operating'])} trung tâm phục vụ hành chính công, điểm "
        f"tiếp nhận đang hoạt động.",
    ]


# --- renderers -----------------------------------------------------------------------------------


def render_html(data: dict[str, Any], *, standalone: bool = True, nonce: str = "") -> str:
    """The briefing as one HTML document (its style inline, so the file stands alone); served
    over HTTP it carries the response's CSP nonce."""
    return render_to_string("oversight/briefing.html", {"b": data, "standalone": standalone, "nonce": nonce})


def render_pdf(data: dict[str, Any]) -> bytes:
    # WeasyPrint takes seconds to import: loaded when a PDF is made
    from weasyprint import HTML

    return HTML(string=render_html(data)).write_pdf()


def render_json(data: dict[str, Any]) -> bytes:
    # the sections' SVG charts are pictures of numbers the JSON already carries
    data = {**data, "pending": [{k: v for k, v in p.items() if k != "chart"} for p in data.get("pending", [])]}
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode()


def render_xlsx(data: dict[str, Any]) -> bytes:
    # a spreadsheet library: loaded when a spreadsheet is asked for
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
    pct = wb.add_format({"num_format": "0.0%"})
    num = wb.add_format({"num_format": "#,##0.00"})

    def sheet(name: str, headers: list[str], rows: list[list[Any]], formats: dict[int, Any] | None = None) -> None:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers, bold)
        for i, row in enumerate(rows, start=1):
            for j, value in enumerate(row):
                fmt = (formats or {}).get(j)
                ws.write(i, j, value, fmt) if fmt else ws.write(i, j, value)
        ws.set_column(0, 0, 48)
        ws.set_column(1, len(headers), 16)

    a = data["area"]
    sheet("Tổng hợp", ["Chỉ tiêu", "Giá trị", "Đơn vị", "Mục tiêu", "Nguồn"],
          [[r["name"], r["value"], r["unit"], r["target"], r["source"]] for r in data["headline"]]
          + [[], [data["title"]], [f"{a['name']} — {data['period']['label']}"], [data["as_of_text"]]])
    sheet("Chuyển biến", ["Chỉ tiêu", "Tháng đầu", "Tháng cuối", "Thay đổi", "Cải thiện"],
          [[r["name"], r["first"], r["last"], r["change"], {True: "Có", False: "Không"}.get(r["improved"], "—")]
           for r in data["improvements"]], {1: num, 2: num, 3: num})
    lag_headers = ["Mã", "Tên", "Hồ sơ đã giải quyết", "Tỷ lệ đúng hạn (QĐ 766)", "Đang quá hạn",
                   "Tỷ lệ trực tuyến", "Thời gian TB (ngày làm việc)"]
    for key, title in (("units", "Đơn vị chậm"), ("communes", "Xã chậm"), ("fields", "Lĩnh vực chậm")):
        sheet(title, lag_headers, [[str(r["key"]), r["name"], *(r[c] for c in LAG_CODES)]
                                   for r in data["lagging"][key]], {3: pct, 5: pct, 6: num})
    sheet("Điểm 766", ["Hạng", "Mã", "Tên", "Điểm", "Điểm tối đa đo được", "Điểm quy đổi /100", "Xếp loại"],
          [[r["rank"], r["code"], r["name"], r["total"], r["measured_max"], r["normalised"], r["band"]]
           for r in data["scores_766"]["units"] if not r.get("gap")])
    bundle_headers = ["Mã", "Nhóm thủ tục liên thông", "Tiếp nhận", "Đã giải quyết", "Đúng tổng thời hạn",
                      "Tỷ lệ đúng tổng thời hạn", "Đang giải quyết", "Quá hạn", "Chờ bổ sung",
                      "Có thành phần phải bổ sung", "Đang chờ tại"]
    sheet("Liên thông", bundle_headers,
          [[r["code"], r["name"], r["filed"], r["decided"], r["within"], r["within_rate"], r["open"],
            r["open_past_due"], r["waiting_supplement"], r["member_supplement"],
            "; ".join(f"{w['name']}: {w['bundles']}" for w in r["waiting_at"])] for r in data["bundles"]["rows"]],
          {5: pct})
    sheet("Nhân sự, chế độ, chỉ đạo", ["Nội dung", "Tình hình"],
          [[p["title"], line] for p in data["pending"] for line in (p["lines"] or [p["text"]])])
    wb.close()
    return buf.getvalue()


def render(data: dict[str, Any], fmt: str) -> tuple[bytes, str]:
    """(content, content type) in one of FORMATS."""
    if fmt == "html":
        return render_html(data).encode(), "text/html; charset=utf-8"
    if fmt == "pdf":
        return render_pdf(data), "application/pdf"
    if fmt == "xlsx":
        return render_xlsx(data), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if fmt == "json":
        return render_json(data), "application/json"
    raise ValueError(f"Định dạng không hỗ trợ: {fmt}")


def default_period() -> tuple[date, date]:
    """The first quarter of the two-tier model (1 Jul – 30 Sep 2025) — the 1 Oct 2025 review."""
    return date(2025, 7, 1), date(2025, 9, 30)


def filename(data: dict[str, Any], fmt: str) -> str:
    code = data["area"]["code"] or "toan-quoc"
    return f"bao-cao-{code}-{data['period']['from']}-{data['period']['to']}.{fmt}"

