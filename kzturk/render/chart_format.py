"""`kzturk trade --chart`: the turnover series as a text chart, one line per reporter.

Each reporter's full-year figure is a letter (K Kazakhstan's statistics, T Turkey's, o an
official, x an outlet) in its year's column, joined by dots to the next year's and broken
where a year has none; targets are steps of a rule from when they were set to their
deadline. It reads without colour (NO_COLOR) and fits 80 columns; a terminal too narrow
for every year shows the latest years and says so.
"""

from __future__ import annotations

import itertools
import math
import textwrap

from kzturk.render import Terminal, View
from kzturk.render.chart_data import ChartData, chart_data
from kzturk.render.text import as_encoded, format_usd

HEIGHT = 12
_COLORS = {"K": "\x1b[36m", "T": "\x1b[31m", "o": "\x1b[32m", "x": "\x1b[35m", "rule": "\x1b[33m"}
_RESET = "\x1b[0m"
EMPTY = "No full-year turnover figures or targets in US dollars match.\n"


def nice_top(top: float) -> tuple[float, float]:
    """(axis top, tick step): a round step for about three ticks over `top`."""
    raw = top / 3 if top / 3 > 0 else 1.0  # a tiny top underflows to 0
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw)
    axis = max(math.ceil(top / step), 1) * step
    return (axis, step) if math.isfinite(axis) else (top, top)  # near the float's limit


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 20), break_on_hyphens=False) or [""]


def _row(amount: float, top: float) -> int:
    share = min(max(amount / top, 0.0), 1.0) if top > 0 else 0.0
    return round((1 - share) * (HEIGHT - 1))


def render_chart(data: ChartData, terminal: Terminal) -> str:
    if data.empty:
        return EMPTY
    top, step = nice_top(data.top)
    ticks = [step * n for n in range(round(top / step) + 1)]
    labels = {_row(v, top): format_usd(v) for v in ticks}
    label_width = max(len(text) for text in labels.values()) + 2
    room = max(terminal.width - label_width - 2, 10)
    years = data.last - data.first + 1
    cell = max(1, min(3, room // years))
    first = max(data.first, data.last - room // cell + 1)
    span = data.last - first + 1
    width = span * cell
    grid = [[" "] * width for _ in range(HEIGHT)]
    rule, dot = ("─", "·") if terminal.unicode else ("-", ".")

    def column(year: int) -> int:
        return (year - first) * cell + cell // 2

    for s in data.steps:
        row = _row(s.amount, top)
        start, end = max(s.start, first), min(s.end, data.last)
        for x in range((start - first) * cell, (end - first + 1) * cell):
            if 0 <= x < width:
                grid[row][x] = "rule"
    for line in data.lines:
        for run in line.runs():
            for a, b in itertools.pairwise(run):
                ca, cb = column(a.year), column(b.year)
                for x in range(ca + 1, cb):
                    if x < 0:
                        continue
                    share = (x - ca) / (cb - ca)
                    row = _row(a.amount + (b.amount - a.amount) * share, top)
                    if grid[row][x] in (" ", "rule"):
                        grid[row][x] = "dot"
        for point in line.points:
            if point.year < first:
                continue
            row, x = _row(point.amount, top), column(point.year)
            here = grid[row][x]
            grid[row][x] = line.marker if here in (" ", "rule", "dot", line.marker) else "&"
    legend = [f"{line.marker} {line.label}" for line in data.lines]
    legend += [f"{rule * 3} target"] if data.steps else []
    lines = _wrapped("Turnover by year, US$, a line per reporter", terminal.width)
    lines += _wrapped("  ".join(legend), terminal.width)
    for number, cells in enumerate(grid):
        drawn = []
        for value in cells:
            char = {"rule": rule, "dot": dot}.get(value, value)
            if terminal.color and value in _COLORS:
                char = f"{_COLORS[value]}{char}{_RESET}"
            drawn.append(char)
        axis = ("┤" if number in labels else "│") if terminal.unicode else "|"
        lines.append(
            f"{labels.get(number, '').rjust(label_width - 1)} {axis}{''.join(drawn)}".rstrip()
        )
    corner, flat = ("└", "─") if terminal.unicode else ("+", "-")
    lines.append(" " * label_width + corner + flat * width)
    ruler = [" "] * (width + 6)
    for year in range(first, data.last + 1):
        if year % 5 and year not in (first, data.last):
            continue
        x, text = column(year) - 1, str(year)
        x = max(0, min(x, width - len(text) + 1))
        if all(c == " " for c in ruler[max(x - 1, 0) : x + len(text) + 1]):
            ruler[x : x + len(text)] = list(text)
    lines.append(" " * (label_width + 1) + "".join(ruler).rstrip())
    notes = []
    if first > data.first:
        notes.append(f"{data.first}–{first - 1} left out: widen the terminal to see them")
    if any(cell == "&" for row in grid for cell in row):
        notes.append("& two reporters at one point")
    if data.partial:
        notes.append(f"not drawn: {data.partial} partial-year or undated figures")
    for note in notes:
        lines += _wrapped(f"{note}.", terminal.width)
    text = "\n".join(lines) + "\n"
    return as_encoded(text, terminal.encoding)


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """A trade view drawn as the chart: the series, then the targets as steps."""
    return render_chart(chart_data(view), terminal)
