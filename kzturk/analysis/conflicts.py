"""Where sources disagree: numeric conflicts found automatically, curated ones from links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kzturk.model import Fact
from kzturk.query import FactFilter, select, sort_chronologically
from kzturk.store.loaded import Store


@dataclass(frozen=True)
class Conflict:
    """Facts that disagree about one thing. `how` is 'numeric' (found automatically: same
    reporter, metric, period and direction, different amounts), 'curated' (linked as
    'conflicts' by a curator) or 'numeric, curated'."""

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
    """Actual figures from the same reporter for the same metric, period and direction with
    different amounts. Two reporters' figures differ as mirror statistics always do: they
    are shown side by side (`kzturk trade`), not as a disagreement."""
    series: dict[tuple[str, str, str, str], list[Fact]] = {}
    for fact in facts:
        if fact["kind"] != "trade" or fact["amount_usd"] is None or not fact["period"]:
            continue
        key = (
            fact["reporter"] or "",
            fact["metric"] or "",
            fact["period"],
            fact["direction"] or "",
        )
        series.setdefault(key, []).append(fact)
    return [
        sort_chronologically(group)
        for group in series.values()
        if len({f["amount_usd"] for f in group}) > 1
    ]


def _label(group: list[Fact]) -> str | None:
    """What the curators said is disputed: the first label on a conflict link in the group."""
    ids = {f["id"] for f in group}
    for fact in group:
        for link in fact["links"]:
            if link["relation"] == "conflicts" and link["fact"] in ids and link["about"]:
                return link["about"]
    return None


def find_conflicts(facts: Iterable[Fact]) -> list[Conflict]:
    """Every disagreement among `facts`, oldest first."""
    facts = list(facts)
    conflicts: dict[frozenset[str], Conflict] = {}
    for group in _numeric_groups(facts):
        first = group[0]
        about = f"{first['metric']} {first['period']}" + (
            f" ({first['direction']})" if first["direction"] else ""
        )
        if first["reporter"]:
            about += f", {first['reporter']}"
        conflicts[frozenset(f["id"] for f in group)] = Conflict("numeric", about, group)
    for group in _linked_groups(facts):
        key = frozenset(f["id"] for f in group)
        label = _label(group)
        if key in conflicts:
            numeric = conflicts[key]
            conflicts[key] = Conflict("numeric, curated", label or numeric.about, numeric.facts)
        else:
            conflicts[key] = Conflict("curated", label or group[0]["summary"], group)
    return sorted(conflicts.values(), key=lambda c: sort_chronologically(c.facts)[0]["id"])


def conflicts(store: Store, spec: FactFilter) -> list[Conflict]:
    """The disagreements among the facts `spec` selects (what `kzturk conflicts` shows)."""
    return find_conflicts(select(store, spec))
