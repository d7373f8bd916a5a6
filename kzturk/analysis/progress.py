"""Trade targets against actuals: each target with the one it follows and the latest
actual figure for the same measure, and the trade report `kzturk trade` shows."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kzturk.dates import DateRange, is_partial_date, parse_partial_date
from kzturk.model import TRADE_KINDS, Fact
from kzturk.query import FactFilter, select, sort_chronologically, split_trade
from kzturk.store.loaded import Store


@dataclass(frozen=True)
class TargetProgress:
    """A trade target, the target it follows (restates or revises), and the latest actual
    figure for the same measure with progress towards the target in percent."""

    target: Fact
    previous: Fact | None
    change: str | None  # "restates", "revises up", "revises down"
    actual: Fact | None
    progress_pct: float | None


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


def target_progress(facts: Iterable[Fact]) -> list[TargetProgress]:
    """Each target in the order set, with the one before it for the same measure and the
    latest actual figure (among `facts`: pass an as-of view to see progress as it stood)."""
    facts = list(facts)
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
        actual = latest_actual(facts, target["metric"], target["direction"])
        progress = None
        if actual is not None and actual["amount_usd"] and target["amount_usd"]:
            ratio = 100 * actual["amount_usd"] / target["amount_usd"]
            progress = round(ratio, 1) if math.isfinite(ratio) else None
        result.append(TargetProgress(target, previous, change, actual, progress))
        last_for[key] = target
    return result


@dataclass(frozen=True)
class TradeReport:
    """What `kzturk trade` shows: the actual figures, and the targets with their progress."""

    actuals: list[Fact]
    targets: list[TargetProgress]


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
    return TradeReport(split_trade(facts)[0], progress)
