"""`kzturk trade --chart --format svg`: the trade chart as a standalone SVG for an article.

Actual figures and targets on one dollar axis over time. A figure is a mark at the end of
the period it covers with a thin line across that period (a year's turnover spans the year;
investment since 1991 spans the years since); a target is a hollow diamond when it was set,
dashed on to its deadline where one is stated. The kind of figure is told by the mark's shape
and the direction by its shade, targets by an outline and dashes, so the chart reads in
print and in grey; title, axes, legend and a note say what is drawn, and each mark's tooltip
names its fact. No script, no style sheet, no font fetched: presentation attributes only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.model import Fact, fact_span
from kzturk.render import Terminal, View
from kzturk.render.html_text import esc
from kzturk.render.text import date_label, format_usd, short_direction

if TYPE_CHECKING:
    from kzturk.analysis import TargetProgress

WIDTH, HEIGHT = 960, 540
LEFT, RIGHT, TOP, BOTTOM = 84, 930, 84, 432  # the plot area
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Liberation Sans', Arial, sans-serif"
INK, MUTED, GRID = "#1b1b1b", "#555555", "#d0d0d0"
DARK, MIDDLE, LIGHT, TARGET = "#17324f", "#3d73ad", "#9cc2ea", "#a34700"
PERIOD = "#8c8c8c"
SHAPES = {"turnover": "circle", "exports": "up", "imports": "down", "investment": "square"}
EMPTY = "No trade figures or targets in US dollars match."
_DOTTED = ' stroke-dasharray="2 3"'


def _amount(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _date(text: str | None, end: bool) -> date | None:
    if not text or not is_partial_date(text):
        return None
    parsed = parse_partial_date(text)
    return parsed.end if end else parsed.start


class Mark(NamedTuple):
    """One figure or target: where it is drawn, from when to when, and how."""

    fact: Fact
    amount: float
    start: date  # the period's first day (a figure) or when it was set (a target)
    at: date  # where the mark is: the period's last day, or when the target was set
    until: date | None  # a target's deadline
    target: bool

    @property
    def series(self) -> tuple[str, str]:
        metric = self.fact["metric"] or "other"
        return metric, short_direction(self.fact["direction"]) if self.fact["direction"] else ""


def _actual(fact: Fact) -> Mark | None:
    amount = _amount(fact["amount_usd"])
    span = fact_span(fact)
    period = (fact["period"] or "").split("/")
    start = _date(period[0], False) or (span.start if span else None)
    at = _date(period[-1], True) or (span.end if span else None)
    if amount is None or start is None or at is None:
        return None
    return Mark(fact, amount, min(start, at), at, None, False)


def _target(fact: Fact) -> Mark | None:
    amount = _amount(fact["amount_usd"])
    span = fact_span(fact)
    if amount is None or span is None:
        return None
    deadline = _date(fact["deadline"], True)
    return Mark(fact, amount, span.start, span.start, deadline, True)


def _step(size: float) -> float:
    """A round step for about five gridlines over `size`."""
    raw = size / 5 if size > 0 else 1.0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw)


class Scale(NamedTuple):
    low: float
    high: float
    step: float
    first: int  # ordinal of the first day on the time axis
    days: int

    @classmethod
    def of(cls, marks: Sequence[Mark]) -> Scale:
        amounts = [m.amount for m in marks]
        low, high = min(0.0, *amounts), max(0.0, *amounts)
        step = _step(high - low)
        top = math.ceil(high / step) * step if high > 0 else 0.0
        bottom = math.floor(low / step) * step if low < 0 else 0.0
        if not math.isfinite(top - bottom) or top == bottom:
            top, bottom = (high if high > low else low + 1.0), low
        days = [m.start for m in marks] + [m.until or m.at for m in marks] + [m.at for m in marks]
        first = date(min(days).year, 1, 1).toordinal()
        last = date(max(days).year + 1, 1, 1).toordinal()
        return cls(bottom, top, step, first, last - first)

    def x(self, day: date) -> float:
        return LEFT + (RIGHT - LEFT) * (day.toordinal() - self.first) / self.days

    def y(self, amount: float) -> float:
        share = (amount - self.low) / (self.high - self.low)
        return BOTTOM - (BOTTOM - TOP) * min(max(share, 0.0), 1.0)


def _shape(kind: str, x: float, y: float, fill: str, stroke: str) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" {paint}/>'
    if kind == "square":
        return f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" {paint}/>'
    points = {
        "up": ((0, -6), (5.5, 4), (-5.5, 4)),
        "down": ((0, 6), (5.5, -4), (-5.5, -4)),
        "diamond": ((0, -7), (7, 0), (0, 7), (-7, 0)),
        "other": ((0, -6), (6, -2), (4, 5), (-4, 5), (-6, -2)),
    }[kind]
    path = " ".join(f"{x + dx:.1f},{y + dy:.1f}" for dx, dy in points)
    return f'<polygon points="{path}" {paint}/>'


def _series_style(series: tuple[str, str]) -> tuple[str, str]:
    """(shape, fill): the shape says the measure, the shade the direction (dark: both ways
    or not stated; middle: Turkey to Kazakhstan; light: Kazakhstan to Turkey)."""
    shade = {"KZ→TR": LIGHT, "TR→KZ": MIDDLE}.get(series[1], DARK)
    return SHAPES.get(series[0], "other"), shade


def _text(x: float, y: float, text: str, **attributes: str) -> str:
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{esc(text)}</text>'


def _tooltip(mark: Mark) -> str:
    fact = mark.fact
    what = "target" if mark.target else (fact["period"] or date_label(fact))
    series = " ".join(part for part in mark.series if part)
    sources = ", ".join(dict.fromkeys(ref["source"] for ref in fact["sources"]))
    return f"{fact['id']}: {what} {series}, {format_usd(mark.amount)} (sources: {sources})"


def _axes(scale: Scale) -> list[str]:
    parts = []
    steps = round((scale.high - scale.low) / scale.step) if scale.step else 0
    for number in range(min(steps, 50) + 1):
        value = scale.low + number * scale.step
        y = scale.y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"'
            f' stroke-width="1"{"" if value == 0 else _DOTTED}/>'
        )
        parts.append(_text(LEFT - 8, y + 4, format_usd(value), text_anchor="end"))
    first = date.fromordinal(scale.first).year
    years = round(scale.days / 365.25)
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 10**9) if years / s <= 12)
    for year in range(first, first + years + 1):
        if year % step and year != first:
            continue
        x = scale.x(date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{BOTTOM}" y2="{BOTTOM + 6}" stroke="{INK}"/>'
        )
        parts.append(_text(x, BOTTOM + 22, str(year), text_anchor="middle"))
    parts.append(
        f'<line x1="{LEFT}" x2="{RIGHT}" y1="{BOTTOM}" y2="{BOTTOM}" stroke="{INK}" '
        'stroke-width="1.5"/>'
    )
    return parts


def _marks(marks: Sequence[Mark], scale: Scale) -> list[str]:
    """Period lines first, then deadlines, then the marks on top (targets last)."""
    lines, marks_drawn = [], []
    for mark in marks:
        x, y = scale.x(mark.at), scale.y(mark.amount)
        if mark.target:
            if mark.until is not None and mark.until > mark.at:
                end = scale.x(mark.until)
                lines.append(
                    f'<line x1="{x:.1f}" x2="{end:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
                )
            shape = _shape("diamond", x, y, "#ffffff", TARGET)
        else:
            start = scale.x(mark.start)
            if x - start >= 1:
                lines.append(
                    f'<line x1="{start:.1f}" x2="{x:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{PERIOD}" stroke-width="1.2"/>'
                )
            kind, fill = _series_style(mark.series)
            shape = _shape(kind, x, y, fill, "#ffffff")
        marks_drawn.append((mark.target, f"<g><title>{esc(_tooltip(mark))}</title>{shape}</g>"))
    return lines + [g for _, g in sorted(marks_drawn, key=lambda item: item[0])]


def _legend(marks: Sequence[Mark]) -> list[str]:
    order = [*SHAPES, "other"]
    series = sorted(
        {m.series for m in marks if not m.target},
        key=lambda s: (order.index(s[0]) if s[0] in order else len(order), s),
    )
    entries: list[tuple[str, str]] = []
    for item in series:
        kind, fill = _series_style(item)
        entries.append((_shape(kind, 0, 0, fill, "#ffffff"), " ".join(p for p in item if p)))
    if any(m.target for m in marks):
        diamond = _shape("diamond", 0, 0, "#ffffff", TARGET)
        entries.append((diamond, "target (dashed: on to its deadline)"))
    parts, x, y = [], float(LEFT), BOTTOM + 50.0
    for shape, label in entries:
        width = 26 + 7.2 * len(label)
        if x + width > WIDTH - 20 and x > LEFT:
            x, y = float(LEFT), y + 20
        parts.append(f'<g transform="translate({x:.1f} {y - 4:.1f})">{shape}</g>')
        parts.append(_text(x + 12, y, label))
        x += width + 14
    return parts


def _notes(marks: Sequence[Mark], scale: Scale) -> list[str]:
    """The highest figure and the latest target, labelled where they are drawn."""
    parts = []
    actuals = [m for m in marks if not m.target]
    targets = [m for m in marks if m.target]
    chosen = []
    if actuals:
        top = max(actuals, key=lambda m: (m.amount, m.at, m.fact["id"]))
        what = " ".join(p for p in (top.fact["period"] or "", *top.series) if p)
        chosen.append((top, f"{format_usd(top.amount)}: {what}"))
    if targets:
        last = max(targets, key=lambda m: (m.at, m.fact["id"]))
        chosen.append((last, f"target {format_usd(last.amount)}, set {date_label(last.fact)}"))
    for mark, label in chosen:
        x, y = scale.x(mark.at), scale.y(mark.amount) - 12
        anchor = "end" if x > (LEFT + RIGHT) / 2 else "start"
        parts.append(_text(x, max(y, TOP - 6), label, text_anchor=anchor, font_weight="600"))
    return parts


def chart_svg(actuals: Sequence[Fact], targets: Sequence[TargetProgress], title: str) -> str:
    """The whole SVG document (no XML declaration: `render` adds it for a file)."""
    marks = [m for m in map(_actual, actuals) if m is not None]
    marks += [m for m in (_target(t.target) for t in targets) if m is not None]
    heading = f"{title}: figures and targets, US$"
    counts = (
        f"{sum(not m.target for m in marks)} figures and {sum(m.target for m in marks)} targets"
    )
    about = (
        "Figures: a mark at the end of the period each covers, a line across the period. "
        "Targets: a hollow diamond when set."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{FONT}" font-size="13" fill="{INK}">',
        f'<title id="chart-title">{esc(heading)}</title>',
        f'<desc id="chart-desc">{esc(counts)}. {esc(about)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(24, 34, heading, font_size="20", font_weight="700"),
        _text(24, 58, about, fill=MUTED),
    ]
    if not marks:
        parts.append(_text(WIDTH / 2, HEIGHT / 2, EMPTY, text_anchor="middle"))
    else:
        scale = Scale.of(marks)
        parts += _axes(scale)
        parts += _marks(marks, scale)
        parts += _notes(marks, scale)
        parts += _legend(marks)
        parts.append(
            _text(24, HEIGHT - 14, f"{counts}, each with its sources in the record.", fill=MUTED)
        )
    parts.append("</svg>")
    return "\n".join(parts)


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """A trade chart view: its first section the actual figures, its second the targets."""
    actuals = view.sections[0].rows if view.sections else []
    targets = view.sections[1].rows if len(view.sections) > 1 else []
    svg = chart_svg(actuals, targets, view.title)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{svg}\n'
