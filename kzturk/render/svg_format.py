"""`kzturk trade --chart --format svg`: the turnover series as a standalone SVG.

One line per reporter over the years (a marker per year, broken where a year has no
figure), targets as dashed steps from when they were set to their deadline. Each reporter
has its own marker shape as well as its colour, so the chart reads in print and in grey;
every marker's tooltip names its fact. Drawn for a phone first: the view box is 420 units
wide, so at 390 px the text stays near its stated size, and the image scales up to 720 px.
No script, no style sheet, no font fetched: presentation attributes only.
"""

from __future__ import annotations

from typing import NamedTuple

from kzturk.render import Terminal, View
from kzturk.render.chart_data import ChartData, Line, Point, Step, chart_data
from kzturk.render.chart_format import nice_top
from kzturk.render.html_text import esc
from kzturk.render.text import format_usd

WIDTH, HEIGHT = 420, 320
LEFT, RIGHT, TOP, BOTTOM = 46, 398, 62, 262  # the plot area
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"
INK, MUTED, GRID, TARGET = "#1b1b1b", "#555555", "#d0d0d0", "#a34700"
STYLE = {  # reporter: (shape, colour)
    "kazakh-statistics": ("circle", "#17324f"),
    "turkish-statistics": ("square", "#b3261e"),
    "official": ("up", "#2e7d32"),
    "outlet": ("diamond", "#6a3d9a"),
}
EMPTY = "No full-year turnover figures or targets in US dollars match."


class Scale(NamedTuple):
    first: int
    last: int
    top: float
    step: float

    def x(self, year: float) -> float:
        years = max(self.last - self.first, 1)
        return LEFT + (RIGHT - LEFT) * (year - self.first) / years

    def y(self, amount: float) -> float:
        share = min(max(amount / self.top, 0.0), 1.0) if self.top > 0 else 0.0
        return BOTTOM - (BOTTOM - TOP) * share


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{esc(text)}</text>'


def _shape(kind: str, x: float, y: float, colour: str) -> str:
    paint = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" {paint}/>'
    if kind == "square":
        return f'<rect x="{x - 3.2:.1f}" y="{y - 3.2:.1f}" width="6.4" height="6.4" {paint}/>'
    points = {
        "up": ((0, -4.5), (4, 3), (-4, 3)),
        "diamond": ((0, -4.5), (4.5, 0), (0, 4.5), (-4.5, 0)),
        "other": ((0, -4), (4, -1), (2.5, 4), (-2.5, 4), (-4, -1)),
    }[kind]
    path = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in points)
    return f'<polygon points="{path}" {paint}/>'


def _style(line: Line) -> tuple[str, str]:
    return STYLE.get(line.reporter, ("other", "#444444"))


def _axes(scale: Scale) -> list[str]:
    parts = []
    for number in range(round(scale.top / scale.step) + 1):
        value = number * scale.step
        y = scale.y(value)
        dash = "" if value == 0 else ' stroke-dasharray="2 3"'
        parts.append(
            f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"{dash}/>'
        )
        parts.append(_text(LEFT - 4, y + 3.5, format_usd(value), text_anchor="end"))
    years = scale.last - scale.first
    every = next(s for s in (1, 2, 5, 10, 20, 50) if years / s <= 7)
    for year in range(scale.first, scale.last + 1):
        near = year == scale.first and (-year) % every < every / 2
        if (year % every and year != scale.first) or (near and year % every):
            continue
        x = scale.x(year)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{BOTTOM}" y2="{BOTTOM + 4}" stroke="{INK}"/>'
        )
        parts.append(_text(x, BOTTOM + 15, str(year), text_anchor="middle"))
    return parts


def _tooltip(line: Line, point: Point) -> str:
    sources = ", ".join(dict.fromkeys(ref["source"] for ref in point.fact["sources"]))
    return (
        f"{point.fact['id']}: turnover {point.year}, {format_usd(point.amount)}, "
        f"{line.label} (sources: {sources})"
    )


def _lines(data: ChartData, scale: Scale) -> list[str]:
    parts = []
    for line in data.lines:
        colour = _style(line)[1]
        for run in line.runs():
            if len(run) > 1:
                path = " ".join(f"{scale.x(p.year):.1f},{scale.y(p.amount):.1f}" for p in run)
                parts.append(
                    f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.6"/>'
                )
    for line in data.lines:
        kind, colour = _style(line)
        for point in line.points:
            shape = _shape(kind, scale.x(point.year), scale.y(point.amount), colour)
            parts.append(f"<g><title>{esc(_tooltip(line, point))}</title>{shape}</g>")
    return parts


def _step_tooltip(step: Step) -> str:
    until = f"deadline {step.end}" if step.deadline else f"in force until {step.end}"
    who = step.fact["announced_by"] or ", ".join(step.fact["parties"])
    return (
        f"{step.fact['id']}: target {format_usd(step.amount)}, set {step.start} by {who}, {until}"
    )


def _steps(data: ChartData, scale: Scale) -> list[str]:
    parts = []
    for step in data.steps:
        x1, x2 = scale.x(max(step.start, scale.first)), scale.x(min(step.end, scale.last) + 0.5)
        y = scale.y(step.amount)
        parts.append(
            f'<g><title>{esc(_step_tooltip(step))}</title><line x1="{x1:.1f}" x2="{x2:.1f}" '
            f'y1="{y:.1f}" y2="{y:.1f}" stroke="{TARGET}" stroke-width="2" '
            'stroke-dasharray="5 3"/></g>'
        )
    return parts


def _legend(data: ChartData) -> list[str]:
    entries = [(_shape(_style(line)[0], 0, 0, _style(line)[1]), line.label) for line in data.lines]
    if data.steps:
        dash = (
            f'<line x1="-6" x2="6" y1="0" y2="0" stroke="{TARGET}" stroke-width="2" '
            'stroke-dasharray="5 3"/>'
        )
        entries.append((dash, "target"))
    parts, x, y = [], 12.0, 46.0
    for shape, label in entries:
        width = 16 + 6.2 * len(label)
        if x + width > WIDTH - 8:
            x, y = 12.0, y + 14
        parts.append(f'<g transform="translate({x + 5:.1f} {y - 4:.1f})">{shape}</g>')
        parts.append(_text(x + 13, y, label))
        x += width + 10
    return parts


def chart_svg(data: ChartData, title: str) -> str:
    """The whole SVG document (no XML declaration: `render` adds it for a file)."""
    heading = f"{title}: turnover by year, US$"
    drawn = sum(len(line.points) for line in data.lines)
    about = f"{drawn} full-year figures, one line per reporter; {len(data.steps)} targets"
    note = "Gaps: years with no figure. Not drawn: partial-year figures"
    note += f" ({data.partial})." if data.partial else "."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{FONT}" font-size="11" fill="{INK}">',
        f'<title id="chart-title">{esc(heading)}</title>',
        f'<desc id="chart-desc">{esc(about)}. {esc(note)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(12, 22, heading, font_size="14", font_weight="700"),
    ]
    if data.empty:
        parts.append(_text(WIDTH / 2, HEIGHT / 2, EMPTY, text_anchor="middle"))
    else:
        top, step = nice_top(data.top)
        scale = Scale(data.first, data.last, top, step)
        parts += _legend(data)
        parts += _axes(scale)
        parts += _steps(data, scale)
        parts += _lines(data, scale)
        parts.append(_text(12, HEIGHT - 22, about + ".", fill=MUTED))
        parts.append(_text(12, HEIGHT - 8, note, fill=MUTED))
    parts.append("</svg>")
    return "\n".join(parts)


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """A trade view drawn as the SVG chart (with an XML declaration: a file of its own)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + chart_svg(chart_data(view), view.title) + "\n"
    )
