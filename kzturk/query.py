"""Filters, ordering and summaries: pure functions over fact records.

This is the library API: every command is a composition of these, so a script can do in
Python exactly what the CLI does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from kzturk.entities import EntityIndex, entity_index, names_of
from kzturk.errors import UsageError
from kzturk.filters import FactFilter as FactFilter
from kzturk.filters import describe as describe
from kzturk.filters import hidden_kinds as hidden_kinds
from kzturk.filters import hidden_reason, matching, relaxed
from kzturk.filters.narrow import as_of as as_of
from kzturk.filters.narrow import filter_by_dates as filter_by_dates
from kzturk.filters.narrow import filter_by_kind as filter_by_kind
from kzturk.filters.narrow import filter_by_metric as filter_by_metric
from kzturk.filters.narrow import filter_by_min_sources as filter_by_min_sources
from kzturk.filters.narrow import filter_by_party as filter_by_party
from kzturk.filters.narrow import filter_by_sector as filter_by_sector
from kzturk.filters.narrow import filter_by_status as filter_by_status
from kzturk.filters.narrow import filter_quoted as filter_quoted
from kzturk.filters.narrow import filter_retracted as filter_retracted
from kzturk.filters.narrow import source_count as source_count
from kzturk.filters.narrow import surely_published_by as surely_published_by
from kzturk.model import (
    SECTORS,
    Entity,
    Fact,
    Link,
    Occasion,
    Source,
    fact_date,
    normalise_fact_id,
    source_ids,
)
from kzturk.model import TRADE_KINDS as TRADE_KINDS
from kzturk.store.loaded import Store
from kzturk.suggest import closest_matches as closest_matches
from kzturk.suggest import did_you_mean
from kzturk.textfold import fold

DEAL_KINDS = ("deal",)


def apply_filter(
    facts: Iterable[Fact],
    spec: FactFilter,
    sources: dict[str, Source] | None = None,
    index: EntityIndex | None = None,
) -> list[Fact]:
    """All of `spec` at once (the table of filters, `kzturk.filters`), in chronological
    order. `sources` serve `as_of` and `quoted`; `index` lets `party` match every alias."""
    return sort_chronologically(matching(facts, spec, sources, index))


def id_key(fact_id: str) -> tuple[int, str]:
    """Ids in number order: F999 before F1000."""
    digits = fact_id.lstrip("Ff")
    return (int(digits), "") if digits.isdigit() else (-1, fact_id)


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _chronological_key(fact: Fact) -> tuple[int, str, int, tuple[int, str]]:
    when = fact_date(fact)
    if when is None:
        return (1, "", 0, id_key(fact["id"]))
    return (0, when.start.isoformat(), _PRECISION_RANK[when.precision], id_key(fact["id"]))


def sort_chronologically(facts: Iterable[Fact]) -> list[Fact]:
    """Oldest first; a year-only date sorts at the start of its year; undated facts last."""
    return sorted(facts, key=_chronological_key)


def group_by_year(facts: Iterable[Fact]) -> list[tuple[str, list[Fact]]]:
    """(year label, facts) in chronological order; undated facts form a last 'Undated' group."""
    groups: dict[str, list[Fact]] = {}
    for fact in sort_chronologically(facts):
        when = fact_date(fact)
        groups.setdefault(str(when.year) if when else "Undated", []).append(fact)
    return list(groups.items())


def split_trade(facts: Iterable[Fact]) -> tuple[list[Fact], list[Fact]]:
    """(actual figures, targets): the two must never be read as one series."""
    facts = list(facts)
    return [f for f in facts if f["kind"] == "trade"], [f for f in facts if f["kind"] == "target"]


def sector_counts(facts: Iterable[Fact]) -> list[tuple[str, int]]:
    """Every sector of the vocabulary with how many facts carry it (zero included)."""
    counts = Counter(sector for fact in facts for sector in fact["sectors"])
    return [(sector, counts[sector]) for sector in SECTORS]


def citation_counts(facts: Iterable[Fact]) -> Counter[str]:
    """How many facts cite each source id."""
    return Counter(source for fact in facts for source in source_ids(fact))


def facts_citing(facts: Iterable[Fact], source_id: str) -> list[Fact]:
    return sort_chronologically(f for f in facts if source_id in source_ids(f))


def sorted_sources(sources: dict[str, Source]) -> list[Source]:
    """Sources oldest first by publication date, then by id."""

    def key(source: Source) -> tuple[str, str]:
        return (source["published"] or "9999", source["id"])

    return sorted(sources.values(), key=key)


def fact_by_id(store: Store, given: str) -> Fact:
    """The fact with id `given` as typed ('f101 ' is F101); a UsageError naming the closest
    ids when there is none."""
    fact = store.fact(given) or store.fact(normalise_fact_id(given))
    if fact is None:
        known = [f["id"] for f in store]
        hint = did_you_mean(normalise_fact_id(given), known, 3)
        raise UsageError(f"unknown fact id {given!r}.{hint}")
    return fact


def source_by_id(store: Store, given: str) -> Source:
    """The source with id `given`, case-insensitively; a UsageError with the closest ids."""
    wanted = given.strip()
    source = store.sources.get(given) or store.sources.get(wanted)
    if source is None:
        folded = wanted.casefold()
        source = next((s for key, s in store.sources.items() if key.casefold() == folded), None)
    if source is None:
        raise UsageError(
            f"unknown source id {given!r}.{did_you_mean(given, list(store.sources), 3)}"
        )
    return source


def select(store: Store, spec: FactFilter) -> list[Fact]:
    """`apply_filter` over a whole store (its sources and entities included)."""
    index = entity_index(store) if spec.party else None
    return apply_filter(store.facts, spec, store.sources, index)


class Selection(NamedTuple):
    """The facts a listing shows, and how many its defaults left out, by reason
    ('context', 'analysis', 'retracted'), so that it can say so."""

    facts: list[Fact]
    hidden: dict[str, int]


def select_shown(store: Store, spec: FactFilter) -> Selection:
    """`select`, and what the defaults of `spec` left out that its other filters keep."""
    facts = select(store, spec)
    shown = {f["id"] for f in facts}
    hidden: Counter[str] = Counter()
    loose = relaxed(spec)  # counted, never shown: no need to sort them
    index = entity_index(store) if loose.party else None
    for fact in matching(store.facts, loose, store.sources, index):
        reason = hidden_reason(fact, spec) if fact["id"] not in shown else None
        if reason is not None:
            hidden[reason] += 1
    return Selection(facts, dict(hidden))


def backlinks(store: Store, fact_id: str) -> list[tuple[Fact, Link]]:
    """The facts that link to `fact_id`, each with its link (retracted ones included: a
    disputed fact must not look undisputed)."""
    return [
        (fact, link)
        for fact in store.facts
        for link in fact["links"]
        if link["fact"] == fact_id and fact["id"] != fact_id
    ]


def occasion_by_id(store: Store, given: str) -> Occasion:
    """The occasion with id `given`; a UsageError naming the closest ids."""
    occasion = store.occasions.get(given.strip().casefold())
    if occasion is None:
        hint = did_you_mean(given.strip().casefold(), list(store.occasions), 3)
        raise UsageError(f"unknown occasion {given!r}.{hint}")
    return occasion


def sorted_occasions(store: Store, kinds: tuple[str, ...] = ()) -> list[Occasion]:
    """Occasions oldest first, of the given kinds (all when none)."""
    chosen = [o for o in store.occasions.values() if not kinds or o["kind"] in kinds]
    return sorted(chosen, key=lambda o: (o["date"], o["id"]))


def occasion_counts(store: Store) -> dict[str, int]:
    return dict(Counter(f["occasion"] for f in store.facts if f["occasion"]))


def facts_of_occasion(store: Store, occasion_id: str) -> list[Fact]:
    return sort_chronologically(f for f in store.facts if f["occasion"] == occasion_id)


def facts_naming(store: Store, entity: Entity) -> list[Fact]:
    """The facts with the entity among their parties, oldest first."""
    names = {fold(name) for name in names_of(entity)}
    return sort_chronologically(
        f for f in store.facts if any(fold(p) in names for p in f["parties"])
    )
