"""Inline SVG charts for the dashboards: drawn on the server, no JavaScript, no CDN. Each
chart carries a <title> and a table fallback is on the page for screen readers."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from localgov.core import numfmt
from localgov.oversight.indicators import INDICATORS


def _fmt_int(n: float) -> str:
    return numfmt.num(n)


def trend_svg(trend: dict[Any, dict[str, float]], by: str, width: int = 720, height: int = 220) -> str:
    """Bars: dossiers received per day/week (online part darker); line: on-time rate (766)."""
    if not trend:
        return ""
    keys = sorted(trend)
    pad_l, pad_r, pad_t, pad_b = 48, 44, 16, 34
    w, h = width - pad_l - pad_r, height - pad_t - pad_b
    peak = max(trend[k].get("received", 0) for k in keys) or 1
    slot = w / len(keys)
    bar = max(1.0, slot * 0.7)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="trend-title" class="chart" width="{width}" height="{height}">',
             f'<title id="trend-title">Hồ sơ tiếp nhận theo {"ngày" if by == "day" else "tuần"} và tỷ lệ đúng hạn'
             f'</title>',
             f'<line x1="{pad_l}" y1="{pad_t + h}" x2="{pad_l + w}" y2="{pad_t + h}" stroke="#999"/>',
             f'<text x="{pad_l - 6}" y="{pad_t + 10}" font-size="11" text-anchor="end">{_fmt_int(peak)}</text>',
             f'<text x="{pad_l - 6}" y="{pad_t + h}" font-size="11" text-anchor="end">0</text>',
             f'<text x="{pad_l + w + 6}" y="{pad_t + 10}" font-size="11">100%</text>',
             f'<text x="{pad_l + w + 6}" y="{pad_t + h}" font-size="11">0%</text>']
    points = []
    label_every = max(1, len(keys) // 8)
    for i, k in enumerate(keys):
        t = trend[k]
        x = pad_l + i * slot + (slot - bar) / 2
        total = t.get("received", 0)
        online = t.get("online.received", 0)
        bh = h * total / peak
        oh = h * online / peak
        label = k.strftime("%d/%m") if isinstance(k, date) else str(k)
        parts.append(f'<rect x="{x:.1f}" y="{pad_t + h - bh:.1f}" width="{bar:.1f}" height="{bh:.1f}" fill="#9fc5e8">'
                     f'<title>{escape(label)}: {_fmt_int(total)} hồ sơ, {_fmt_int(online)} trực tuyến</title></rect>')
        parts.append(f'<rect x="{x:.1f}" y="{pad_t + h - oh:.1f}" width="{bar:.1f}" height="{oh:.1f}" fill="#0b5394"/>')
        rate = INDICATORS["on_time_766"].value(t)
        if rate is not None:
            points.append(f"{x + bar / 2:.1f},{pad_t + h - h * rate:.1f}")
        if i % label_every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{pad_t + h + 14}" font-size="10" text-anchor="middle">'
                         f'{escape(label)}</text>')
    if len(points) > 1:
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#e69138" stroke-width="2"/>')
    parts.append(f'<g font-size="11"><rect x="{pad_l}" y="{height - 12}" width="10" height="8" fill="#9fc5e8"/>'
                 f'<text x="{pad_l + 14}" y="{height - 4}">Tiếp nhận</text>'
                 f'<rect x="{pad_l + 84}" y="{height - 12}" width="10" height="8" fill="#0b5394"/>'
                 f'<text x="{pad_l + 98}" y="{height - 4}">Trực tuyến</text>'
                 f'<line x1="{pad_l + 176}" y1="{height - 8}" x2="{pad_l + 190}" y2="{height - 8}" stroke="#e69138" '
                 f'stroke-width="2"/><text x="{pad_l + 194}" y="{height - 4}">Đúng hạn (QĐ 766)</text></g>')
    parts.append("</svg>")
    return "".join(parts)
