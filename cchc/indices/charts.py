"""A trend as inline SVG (no script, no CDN): one line of yearly values on an axis fitted to them (a change of two
points out of a hundred must show), the plan's targets as hollow marks, every point labelled; the page prints the
same figures in the table beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from cchc.core.text import vn_number

WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 28, 40
INSET = 28  # the first and last years stand clear of the value labels
LINE, AIM = "#0b4f8a", "#b3261e"


def _axis(values: Sequence[float], inverted: bool) -> tuple[float, float]:
    """Bottom and top of the value axis: the values' range padded by a fifth (a rank axis runs from 1 upwards)."""
    low, high = min(values), max(values)
    pad = (high - low) / 5 or (abs(high) / 20 or 1)
    low, high = low - pad, high + pad
    if inverted:
        low = max(1.0, low)
    return (high, low) if inverted else (low, high)


def trend_svg(
    years: Sequence[int],
    values: Sequence[float | None],
    *,
    title: str,
    digits: int,
    aims: Sequence[float | None] = (),
    inverted: bool = False,
) -> str:
    """Values (None: not published that year) and targets by year (ascending); `inverted` puts small numbers (ranks)
    on top."""
    shown = [v for v in (*values, *aims) if v is not None and math.isfinite(v)]
    if not years or not shown:
        return ""
    bottom, top = _axis(shown, inverted)
    inner = WIDTH - LEFT - RIGHT - 2 * INSET
    span = years[-1] - years[0]

    def x(i: int) -> float:
        """Years at their distance: a gap of four years is four times one year's."""
        return LEFT + INSET + (inner * (years[i] - years[0]) / span if span else inner / 2)

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (top - v) / (top - bottom)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" width="100%" style="max-width:{WIDTH}px">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#888"/>',
    ]
    for tick in (bottom, (bottom + top) / 2, top):
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" fill="#555">'
            f"{escape(vn_number(tick, digits))}</text>"
            f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" y2="{y(tick):.1f}" stroke="#eee"/>'
        )
    points = [(x(i), y(v), v) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
    for px, py, v in points:
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{LINE}"/>'
            f'<text x="{px:.1f}" y="{py - 9:.1f}" text-anchor="middle" font-size="12" font-weight="bold">'
            f"{escape(vn_number(v, digits))}</text>"
        )
    for i, aim in enumerate(aims):
        if aim is not None:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(aim):.1f}" r="6" fill="none" stroke="{AIM}" stroke-width="2"/>'
                f'<text x="{x(i):.1f}" y="{y(aim) + 20:.1f}" text-anchor="middle" font-size="11" fill="{AIM}">'
                f"mục tiêu {escape(vn_number(aim, digits))}</text>"
            )
    for i, year in enumerate(years):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12">{year}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
