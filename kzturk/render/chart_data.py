"""What the trade chart draws, in years and dollars, for the terminal and the SVG alike:
one line of full-year turnover per reporter (a marker per year, broken where a year has no
figure) and the targets as steps, each from when it was set to its deadline, or to the
next target where none is stated. Partial-year figures are counted, never drawn as years.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from kzturk.analysis.series import REPORTER_ORDER
from kzturk.model import REPORTER_LABELS, Fact, fact_date
from kzturk.render import View

if TYPE_CHECKING:
    from kzturk.analysis import TargetProgress
    from kzturk.analysis.series import YearRow

MARKERS = {"kazakh-statistics": "K", "turkish-statistics": "T", "official": "o", "outlet": "x"}


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and number > 0 else None


class Point(NamedTuple):
    year: int
    amount: float
    fact: Fact


class Line(NamedTuple):
    """One reporter's turnover, year by year."""

    reporter: str
    points: list[Point]

    @property
    def label(self) -> str:
        return REPORTER_LABELS.get(self.reporter, "Unattributed")

    @property
    def marker(self) -> str:
        return MARKERS.get(self.reporter, "?")

    def runs(self) -> list[list[Point]]:
        """Stretches of consecutive years (the first figure of each year): the line breaks
        between them."""
        runs: list[list[Point]] = []
        for point in self.points:
            if runs and runs[-1][-1].year == point.year:
                continue  # a second figure for one year is a marker, not a second line
            if runs and runs[-1][-1].year == point.year - 1:
                runs[-1].append(point)
            else:
                runs.append([point])
        return runs


class Step(NamedTuple):
    """A target drawn from the year it was set to its deadline (or the next target)."""

    amount: float
    start: int
    end: int
    fact: Fact
    deadline: bool


class ChartData(NamedTuple):
    first: int
    last: int
    lines: list[Line]
    steps: list[Step]
    partial: int

    @property
    def top(self) -> float:
        amounts = [p.amount for line in self.lines for p in line.points]
        amounts += [s.amount for s in self.steps]
        return max(amounts, default=0.0)

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines) and not self.steps


def _lines(years: Sequence[YearRow]) -> list[Line]:
    points: dict[str, list[Point]] = {}
    for row in years:
        for figure in row.figures.get("turnover", []):
            amount = _finite(figure.fact["amount_usd"])
            if amount is not None:
                reporter = figure.fact["reporter"] or ""
                points.setdefault(reporter, []).append(Point(row.year, amount, figure.fact))
    return [Line(r, points[r]) for r in REPORTER_ORDER if r in points]


def _steps(targets: Sequence[TargetProgress], last: int) -> list[Step]:
    dated = []
    for row in targets:
        fact = row.target
        when, amount = fact_date(fact), _finite(fact["amount_usd"])
        if when is not None and amount is not None and fact["metric"] in (None, "turnover"):
            dated.append((when.year, fact, amount))
    dated.sort(key=lambda item: (item[0], item[1]["date"] or "", item[1]["id"]))
    steps = []
    for number, (year, fact, amount) in enumerate(dated):
        deadline = (fact["deadline"] or "")[:4]
        if deadline.isdigit():
            end = int(deadline)
        else:
            end = dated[number + 1][0] if number + 1 < len(dated) else last
        steps.append(Step(amount, year, max(end, year), fact, deadline.isdigit()))
    return steps


def chart_data(view: View) -> ChartData:
    """The chart of a trade view: its sections are the series (years), the partial-year
    figures and the targets."""
    sections = view.sections
    years: list[YearRow] = sections[0].rows if sections else []
    partial = len(sections[1].rows) if len(sections) > 1 else 0
    targets: list[TargetProgress] = sections[2].rows if len(sections) > 2 else []
    first = years[0].year if years else 1992
    last = years[-1].year if years else 2025
    steps = [s for s in _steps(targets, last) if s.end >= first and s.start <= last]
    return ChartData(first, last, _lines(years), steps, partial)
