"""Cross-source analysis: where sources disagree, and how trade targets compare with actuals.

Pure functions over fact records, like `kzturk.query`; the CLI only renders their results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.model import Fact
from kzturk.query import sort_chronologically


@dataclass(frozen=True)
class Conflict:
    """Facts that disagree about one thing. `how` is 'numeric' (found automatically: same
    metric, period and direction, different amounts), 'curated' (linked as 'conflicts' by a
    curator) or 'numeric, curated'."""

    how: str
    about: str
    facts: list[Fact]


def _linked_groups(facts: list[Fact]) -> list[list[Fact]]:
    """Connected groups of facts joined by 'conflicts' links (in either direction)."""
    by_id = {f["id"]: f for f in facts}
    neighbours: dict[str, set[str]] = {f["id"]: set() for f in facts}
    for fact in facts:
        for link in fact["links"]:
            if link["relation"] == "conflicts" and link["fact"] in by_id:
                neighbours[fact["id"]].add(link["fact"])
                neighbours[link["fact"]].add(fact["id"])
    seen: set[str] = set()
    groups: list[list[Fact]] = []
    for fact in sort_chronologically(facts):
        if fact["id"] in seen or not neighbours[fact["id"]]:
            continue
        stack, group = [fact["id"]], []
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            group.append(by_id[current])
            stack.extend(neighbours[current] - seen)
        groups.append(sort_chronologically(group))
    return groups


def _numeric_groups(facts: list[Fact]) -> list[list[Fact]]:
    """Actual figures for the same metric, period and direction with different amounts."""
    series: dict[tuple[str, str, str], list[Fact]] = {}
    for fact in facts:
        if fact["kind"] != "trade" or fact["amount_usd"] is None or not fact["period"]:
            continue
        key = (fact["metric"] or "", fact["period"], fact["direction"] or "")
        series.setdefault(key, []).append(fact)
    return [
        sort_chronologically(group)
        for group in series.values()
        if len({f["amount_usd"] for f in group}) > 1
    ]


def find_conflicts(facts: Iterable[Fact]) -> list[Conflict]:
    """Every disagreement among `facts`, oldest first."""
    facts = list(facts)
    conflicts: dict[frozenset[str], Conflict] = {}
    for group in _numeric_groups(facts):
        first = group[0]
        about = f"{first['metric']} {first['period']}" + (
            f" ({first['direction']})" if first["direction"] else ""
        )
        conflicts[frozenset(f["id"] for f in group)] = Conflict("numeric", about, group)
    for group in _linked_groups(facts):
        key = frozenset(f["id"] for f in group)
        if key in conflicts:
            numeric = conflicts[key]
            conflicts[key] = Conflict("numeric, curated", numeric.about, numeric.facts)
        else:
            conflicts[key] = Conflict("curated", group[0]["summary"], group)
    return sorted(conflicts.values(), key=lambda c: sort_chronologically(c.facts)[0]["id"])


# ---- targets against actuals ----------------------------------------------------------------


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
