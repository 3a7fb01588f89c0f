"""Charts for the pages, pure HTML and inline SVG (no script, no CDN); every chart has its data table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

PALETTE = ("#0b4f8a", "#1e7a3a", "#a15c00", "#b3261e", "#6a4c93", "#2a9d8f")


def _fmt(value: float, suffix: str) -> str:
    text = f"{value:.1f}" if not float(value).is_integer() else f"{int(value)}"
    return f"{text.replace('.', ',')}{suffix}"


def hbars(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    suffix: str = "",
    max_value: float | None = None,
    color: str = PALETTE[0],
) -> str:
    """Horizontal bars, one per (label, value), as HTML that reflows: on a phone each label goes above its bar, so
    the chart stays readable at 360 px (an SVG would only shrink). Labels are escaped, long ones cut."""
    top = max_value if max_value else max((v for _, v in items), default=0) or 1
    parts = [f'<figure class="bars"><figcaption>{escape(title)}</figcaption><ul>']
    for label, value in items:
        share = min(100.0, 100.0 * max(0.0, float(value)) / top)
        short = label if len(label) <= 90 else label[:88] + "…"
        parts.append(
            f'<li><span class="bar-label">{escape(short)}</span>'
            f'<span class="bar-track" aria-hidden="true"><span class="bar-fill" '
            f'style="width:{share:.1f}%;background:{color}"></span></span>'
            f'<span class="bar-value">{escape(_fmt(value, suffix))}</span></li>'
        )
    if not items:
        parts.append('<li class="muted">Chưa có số liệu</li>')
    parts.append("</ul></figure>")
    return "".join(parts)


def columns(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str) -> str:
    """Grouped vertical columns: one group per category (a month), one column per series, with a legend."""
    group_w, height, base = 56, 220, 190
    width = max(320, len(categories) * group_w + 60)
    top = max((v for _, values in series for v in values), default=0) or 1
    per = max(1, len(series))
    col_w = (group_w - 12) / per
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height + 20}" width="100%" style="max-width:{width}px;min-width:{min(width, 560)}px">',
        f"<title>{escape(title)}</title>",
        f'<line x1="40" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#888"/>',
    ]
    for g, category in enumerate(categories):
        x0 = 46 + g * group_w
        for s, (_, values) in enumerate(series):
            value = float(values[g]) if g < len(values) else 0.0
            h = (base - 20) * value / top
            x = x0 + s * col_w
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{col_w - 2:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[s % len(PALETTE)]}"><title>{escape(category)}: '
                f"{escape(_fmt(value, ''))}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + (group_w - 12) / 2:.1f}" y="{base + 14}" text-anchor="middle" '
            f'font-size="11">{escape(category)}</text>'
        )
    for s, (name, _) in enumerate(series):
        parts.append(
            f'<rect x="{46 + s * 170}" y="{height + 4}" width="10" height="10" '
            f'fill="{PALETTE[s % len(PALETTE)]}"/><text x="{60 + s * 170}" y="{height + 13}" '
            f'font-size="11">{escape(name)}</text>'
        )
    parts.append(f'<text x="36" y="26" text-anchor="end" font-size="11">{escape(_fmt(top, ""))}</text>')
    parts.append("</svg>")
    return "".join(parts)
