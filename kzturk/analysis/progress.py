"""Trade targets against actuals: each target with the one it follows and the full-year
figure it is measured against, and the trade report `kzturk trade` shows."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kzturk.analysis.series import TradeSeries, best_figure, build_series, full_year
from kzturk.dates import DateRange, is_partial_date, parse_partial_date
from kzturk.model import TRADE_KINDS, Fact
from kzturk.query import FactFilter, select, sort_chronologically, split_trade
from kzturk.store.loaded import Store


@dataclass(frozen=True)
class TargetProgress:
    """A trade target, the target it follows (restates or revises), and the full-year figure
    for the same measure it is measured against, with progress in percent. `year` is the
    year of that figure: the deadline year, or the latest full year before it while the
    deadline has not come (the latest full year on record when no deadline is stated)."""

    target: Fact
    previous: Fact | None
    change: str | None  # "restates", "revises up", "revises down"
    actual: Fact | None
    progress_pct: float | None
    year: int | None = None


def period_end(fact: Fact) -> date | None:
    """The last day a figure covers ('2023-01/2023-09' → 30 Sep 2023); its date if no period."""
    text = fact["period"].split("/")[-1] if fact["period"] else fact["date"]
    return parse_partial_date(text).end if text and is_partial_date(text) else None


def latest_actual(facts: Iterable[Fact], metric: str | None, direction: str | None) -> Fact | None:
    """The actual figure that covers the latest period for this measure."""
    candidates = [
        f
        for f in facts
        if f["kind"] == "trade"
        and f["amount_usd"] is not None
        and f["metric"] == metric
        and f["direction"] == direction
        and period_end(f) is not None
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda f: (period_end(f), f["date"] or "", f["id"]))


def deadline_year(target: Fact) -> int | None:
    """The last year a target's deadline covers ('2015', '2023-12' → 2023)."""
    text = (target["deadline"] or "").split("/")[-1]
    return parse_partial_date(text).end.year if text and is_partial_date(text) else None


def measured_against(target: Fact, series: TradeSeries) -> Fact | None:
    """The full-year figure a target is measured against: for the latest year up to its
    deadline (any year when none is stated) that has one, the first reporter's."""
    until = deadline_year(target)
    for row in reversed(series.years):
        if until is not None and row.year > until:
            continue
        found = best_figure(row, target["metric"] or "turnover", target["direction"])
        if found is not None:
            return found
    return None


def target_progress(facts: Iterable[Fact]) -> list[TargetProgress]:
    """Each target in the order set, with the one before it for the same measure and the
    full-year figure it is measured against (among `facts`: pass an as-of view to see
    progress as it stood)."""
    facts = list(facts)
    series = build_series(facts)
    targets = sort_chronologically(f for f in facts if f["kind"] == "target")
    last_for: dict[tuple[str | None, str | None], Fact] = {}
    result: list[TargetProgress] = []
    for target in targets:
        key = (target["metric"], target["direction"])
        previous = last_for.get(key)
        change = None
        if previous is not None and previous["amount_usd"] and target["amount_usd"]:
            if previous["amount_usd"] == target["amount_usd"]:
                change = "restates"
            elif target["amount_usd"] > previous["amount_usd"]:
                change = "revises up"
            else:
                change = "revises down"
        actual = measured_against(target, series)
        progress = None
        if actual is not None and actual["amount_usd"] and target["amount_usd"]:
            ratio = 100 * actual["amount_usd"] / target["amount_usd"]
            progress = round(ratio, 1) if math.isfinite(ratio) else None
        year = full_year(actual["period"]) if actual is not None else None
        result.append(TargetProgress(target, previous, change, actual, progress, year))
        last_for[key] = target
    return result


@dataclass(frozen=True)
class TradeReport:
    """What `kzturk trade` shows: the actual figures, the series they make year by year, and
    the targets with their progress."""

    actuals: list[Fact]
    targets: list[TargetProgress]
    series: TradeSeries | None = None


def trade_report(store: Store, spec: FactFilter) -> TradeReport:
    """Trade figures and targets that `spec` selects (its kinds are set to trade and target).

    Progress is measured against every actual figure known under `spec`'s as-of date and
    retraction setting, whatever its date range cut: `--until 2022` shows the targets set by
    2022, each against the latest figure on record.
    """
    spec = spec._replace(kinds=TRADE_KINDS)
    facts = select(store, spec)
    known = select(store, spec._replace(dates=DateRange()))
    shown = {f["id"] for f in facts}
    progress = [p for p in target_progress(known) if p.target["id"] in shown]
    actuals = split_trade(facts)[0]
    first = spec.dates.since.start.year if spec.dates.since is not None else None
    last = spec.dates.until.end.year if spec.dates.until is not None else None
    return TradeReport(actuals, progress, build_series(actuals, first, last))
