"""The bar chart on `kzturk stats --format html`: how many facts in each year, decade or
period, as an inline SVG drawn with presentation attributes only (no style, no script, so the
page's Content-Security-Policy holds), each bar titled with its count."""

from __future__ import annotations

from kzturk.render import View
from kzturk.render.html_text import esc

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 960, 240, 40, 28, 16


def bar_chart(view: View) -> str:
    """One bar per period of the facts counted in it; '' when there is nothing to draw."""
    totals = [(r["period"], r["count"]) for r in view.records if r["measure"] == "facts"]
    if not totals:
        return ""
    most = max(n for _, n in totals)
    slot = (WIDTH - LEFT) / len(totals)
    every = max(1, round(len(totals) / 12))  # about a dozen labels at most
    plot = HEIGHT - BOTTOM - TOP
    parts = [
        f'<svg class="stats-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="Facts counted in each period (largest: {most})">',
        f"<title>Facts counted in each period (largest: {most})</title>",
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - BOTTOM}" '
        'stroke="currentColor" stroke-width="1"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11" '
        f'fill="currentColor">{most}</text>',
    ]
    for number, (period, n) in enumerate(totals):
        height = plot * n / most if most else 0
        x = LEFT + number * slot + slot * 0.15
        y = HEIGHT - BOTTOM - height
        label = esc(period.replace("..", "–"))
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
            f'fill="#4a6fa5"><title>{label}: {n} facts</title></rect>'
        )
        if number % every == 0:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 16}" '
                f'text-anchor="middle" font-size="11" fill="currentColor">{label}</text>'
            )
    parts.append("</svg>")
    return f'<figure class="figure">{"".join(parts)}</figure>'
