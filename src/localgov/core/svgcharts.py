"""Server-rendered SVG charts (no JavaScript, no CDN) for the pages and the PDF briefing alike
(issue 22): horizontal bars with their value written beside them, so a chart reads in grey
and without colour; each chart has a <title> and its page keeps the numbers in a table. Pure:
no Django. Numbers are written by core/numfmt.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from localgov.core import numfmt

FONT = 'font-family="system-ui, Noto Sans, Arial, sans-serif"'
INK, GRID = "#1b1b1b", "#8c8c8c"


@dataclass(frozen=True)
class Segment:
    label: str
    colour: str


def _open(width: int, height: int, title: str, ident: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{ident}" class="chart" {FONT}>',
            f'<title id="{ident}">{escape(title)}</title>']


def _label(x: float, y: float, text: str, anchor: str = "end", size: int = 12, weight: str = "400") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{INK}">{escape(text)}</text>')


def _short(name: str, n: int = 38) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def staff_vs_norm(rows: Sequence[tuple[str, float, float]], *, title: str, ident: str = "chart-staff",
                  width: int = 720) -> str:
    """Per row (name, staff, norm): a bar of the staff and a black tick at the norm; the
    figures written at the end ("41 / định mức 45")."""
    if not rows:
        return ""
    label_w, pad_r, row_h, top = 250, 200, 26, 28
    height = top + row_h * len(rows) + 30
    scale = (width - label_w - pad_r) / (max(max(s, n) for _, s, n in rows) or 1)
    out = _open(width, height, title, ident)
    out.append(_label(label_w, 16, "Hiện có (thanh) và định mức (vạch đen)", "start", 12, "600"))
    for i, (name, staff, norm) in enumerate(rows):
        y = top + i * row_h
        short = staff < norm
        out.append(_label(label_w - 8, y + 16, _short(name)))
        out.append(f'<rect x="{label_w}" y="{y + 4}" width="{max(staff * scale, 1):.1f}" height="16" '
                   f'fill="{"#e6a23c" if short else "#6a9fd4"}"><title>{escape(name)}: {numfmt.num(staff)} người, '
                   f'định mức {numfmt.num(norm)}</title></rect>')
        nx = label_w + norm * scale
        out.append(f'<line x1="{nx:.1f}" y1="{y + 1}" x2="{nx:.1f}" y2="{y + 23}" stroke="{INK}" stroke-width="3"/>')
        gap = staff - norm
        sign = "thiếu " + numfmt.num(-gap) if gap < 0 else ("thừa " + numfmt.num(gap) if gap > 0 else "đủ")
        out.append(_label(max(label_w + staff * scale, nx) + 8, y + 16,
                          f"{numfmt.num(staff)} / {numfmt.num(norm)} ({sign})", "start", 11))
    out.append("</svg>")
    return "".join(out)


def stacked_shares(rows: Sequence[tuple[str, Sequence[float]]], segments: Sequence[Segment], *, title: str,
                   ident: str = "chart-stack", width: int = 720, unit: str = "xã") -> str:
    """Per row (name, counts per segment): a 100 % bar split into the segments, each count
    written inside its part when it fits; a legend with the words."""
    if not rows:
        return ""
    label_w, pad_r, row_h, top = 250, 20, 26, 34
    bar_w = width - label_w - pad_r
    height = top + row_h * len(rows) + 12
    out = _open(width, height, title, ident)
    x: float = label_w
    for seg in segments:  # legend
        out.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{seg.colour}" stroke="{GRID}"/>')
        out.append(_label(x + 16, 19, seg.label, "start", 11))
        x += 24 + 7 * len(seg.label)
    for i, (name, counts) in enumerate(rows):
        y = top + i * row_h
        total = sum(counts) or 1
        out.append(_label(label_w - 8, y + 16, _short(name)))
        x = float(label_w)
        for seg, n in zip(segments, counts, strict=True):
            w = bar_w * n / total
            if w <= 0:
                continue
            out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="18" fill="{seg.colour}" '
                       f'stroke="#fff"><title>{escape(name)} — {escape(seg.label)}: {numfmt.num(n)} {unit}'
                       f'</title></rect>')
            if w > 26:
                out.append(_label(x + w / 2, y + 16, numfmt.num(n), "middle", 11))
            x += w
    out.append("</svg>")
    return "".join(out)


def progress_bars(rows: Sequence[tuple[str, float, str]], *, title: str, marker_label: str,
                  ident: str = "chart-progress", width: int = 720) -> str:
    """Per row (name, share 0..1, note): a bar to 100 % (the goal line, `marker_label`), the
    share written after it with the note ("96,5 % · 12 quá hạn")."""
    if not rows:
        return ""
    label_w, pad_r, row_h, top = 170, 190, 22, 30
    bar_w = width - label_w - pad_r
    height = top + row_h * len(rows) + 10
    out = _open(width, height, title, ident)
    goal = label_w + bar_w
    out.append(f'<line x1="{goal}" y1="{top - 6}" x2="{goal}" y2="{height - 6}" stroke="{INK}" stroke-width="2" '
               f'stroke-dasharray="4 3"/>')
    out.append(_label(goal, 18, marker_label, "middle", 11, "600"))
    for i, (name, share, note) in enumerate(rows):
        y = top + i * row_h
        done = max(0.0, min(1.0, share))
        out.append(_label(label_w - 8, y + 14, name[:24], size=11))
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="14" fill="#eef1f5" stroke="{GRID}" '
                   f'stroke-width="0.5"/>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * done:.1f}" height="14" '
                   f'fill="{"#4f8a3c" if done >= 1 else "#6a9fd4"}"><title>{escape(name)}: {numfmt.pct(share)}'
                   f'</title></rect>')
        text = numfmt.pct(share) + (f" · {note}" if note else "")
        out.append(_label(goal + 8, y + 14, text, "start", 11))
    out.append("</svg>")
    return "".join(out)
