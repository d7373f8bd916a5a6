"""The trade series: one row per year, each reporter's full-year figures side by side.

Mirror statistics differ every year (Kazakhstan's and Turkey's offices count the same trade
differently), so a year's figures are never merged: each keeps its reporter, and the change
from the previous year is computed only within one reporter's series for one measure.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kzturk.model import METRICS, REPORTERS, Fact
from kzturk.query import sort_chronologically

FIRST_YEAR = 1992
"""The first year of the series: diplomatic relations were established in March 1992."""
LAST_YEAR = 2025
"""The series runs at least to here, so that recent missing years show as gaps."""
REPORTER_ORDER = (*REPORTERS, "")
"""Reporters in the order the series shows them ('' for a figure nobody attributed)."""


def full_year(period: str | None) -> int | None:
    """The year a period covers when it is exactly one calendar year ('2021'), else None."""
    if period is None or len(period) != 4 or not period.isdigit():
        return None
    return int(period)


def measure_key(fact: Fact) -> tuple[str, str, str]:
    """(reporter, metric, direction): the series a figure belongs to."""
    return (fact["reporter"] or "", fact["metric"] or "", fact["direction"] or "")


@dataclass(frozen=True)
class SeriesFigure:
    """A full-year figure and its change on the same reporter's figure for the year before
    (None when that year has no figure, or more than one that differ)."""

    fact: Fact
    year: int
    change_pct: float | None


@dataclass(frozen=True)
class YearRow:
    """One year of the series: its figures by metric (an empty list is a gap)."""

    year: int
    figures: dict[str, list[SeriesFigure]]

    def reporters(self, metric: str) -> list[str]:
        return list(dict.fromkeys(f.fact["reporter"] or "" for f in self.figures[metric]))


@dataclass(frozen=True)
class TradeSeries:
    """Every year from the first to the last, and the figures that cover no full year."""

    years: list[YearRow]
    partial: list[Fact]

    def years_with(self, metric: str) -> list[int]:
        return [row.year for row in self.years if row.figures.get(metric)]


def _change(amount: float | None, previous: list[Fact]) -> float | None:
    amounts = {f["amount_usd"] for f in previous if f["amount_usd"]}
    if amount is None or len(amounts) != 1:
        return None
    (before,) = amounts
    ratio = 100 * (amount - before) / before
    return round(ratio, 1) if math.isfinite(ratio) else None


def build_series(
    facts: Iterable[Fact], first: int | None = None, last: int | None = None
) -> TradeSeries:
    """The series of the trade figures among `facts` (other kinds are ignored), from `first`
    (default 1992) to `last` (default 2025, or the latest year with a figure)."""
    figures = [f for f in sort_chronologically(facts) if f["kind"] == "trade"]
    by_year: dict[tuple[str, str, str], dict[int, list[Fact]]] = {}
    partial: list[Fact] = []
    for fact in figures:
        year = full_year(fact["period"])
        if year is None:
            partial.append(fact)
            continue
        by_year.setdefault(measure_key(fact), {}).setdefault(year, []).append(fact)
    known = [year for series in by_year.values() for year in series]
    start = FIRST_YEAR if first is None else first
    end = max([LAST_YEAR, *known]) if last is None else last
    rows = []
    for year in range(start, end + 1):
        row: dict[str, list[SeriesFigure]] = {metric: [] for metric in METRICS}
        for key, series in by_year.items():
            for fact in series.get(year, []):
                change = _change(fact["amount_usd"], series.get(year - 1, []))
                row.setdefault(key[1], []).append(SeriesFigure(fact, year, change))
        for metric, found in row.items():
            found.sort(key=lambda s: (REPORTER_ORDER.index(s.fact["reporter"] or ""), s.fact["id"]))
            row[metric] = found
        rows.append(YearRow(year, row))
    return TradeSeries(rows, partial)


def best_figure(
    row: YearRow, metric: str = "turnover", direction: str | None = None
) -> Fact | None:
    """The year's figure a target is measured against: the first reporter in
    `REPORTER_ORDER` that gives one (statistics before statements before estimates)."""
    for figure in row.figures.get(metric, []):
        if figure.fact["direction"] == direction and figure.fact["amount_usd"]:
            return figure.fact
    return None
