"""Filters, ordering and summaries: pure functions over fact records.

This is the library API: every command is a composition of these, so a script can do in
Python exactly what the CLI does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kzturk.dates import DateRange, PartialDate, is_partial_date, parse_partial_date
from kzturk.entities import EntityIndex, entity_index, names_of
from kzturk.errors import UsageError
from kzturk.model import (
    SECTORS,
    Entity,
    Fact,
    Link,
    Occasion,
    Source,
    fact_date,
    fact_span,
    is_archived,
    normalise_fact_id,
    source_ids,
)
from kzturk.model import TRADE_KINDS as TRADE_KINDS
from kzturk.store.loaded import Store
from kzturk.suggest import closest_matches as closest_matches
from kzturk.suggest import did_you_mean
from kzturk.textfold import fold

DEAL_KINDS = ("deal",)


class FactFilter(NamedTuple):
    """Everything a listing command can narrow by; empty fields do not filter."""

    sectors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    party: str | None = None
    dates: DateRange = DateRange()
    include_context: bool = True
    """Keep facts of kind 'context' (background); asking for --kind context keeps them too."""
    min_sources: int = 0
    as_of: PartialDate | None = None
    include_retracted: bool = False
    include_analysis: bool = True
    """Keep facts of kind 'analysis' (interpretation); --kind analysis keeps them too."""
    quoted: bool = False
    """Only facts with at least one verified quote (from an archived source)."""


def filter_by_sector(facts: Iterable[Fact], sectors: Sequence[str]) -> list[Fact]:
    """Facts in any of `sectors` (all facts when empty)."""
    wanted = set(sectors)
    return [f for f in facts if not wanted or wanted.intersection(f["sectors"])]


def filter_by_kind(facts: Iterable[Fact], kinds: Sequence[str]) -> list[Fact]:
    wanted = set(kinds)
    return [f for f in facts if not wanted or f["kind"] in wanted]


def filter_by_status(facts: Iterable[Fact], statuses: Sequence[str]) -> list[Fact]:
    wanted = set(statuses)
    return [f for f in facts if not wanted or f["status"] in wanted]


def filter_by_metric(facts: Iterable[Fact], metrics: Sequence[str]) -> list[Fact]:
    wanted = set(metrics)
    return [f for f in facts if not wanted or f["metric"] in wanted]


def filter_by_party(
    facts: Iterable[Fact], party: str | None, index: EntityIndex | None = None
) -> list[Fact]:
    """Facts with a party whose name, or any alias of its entity, contains `party`, case-
    and accent-insensitively ("erdo" finds Erdoğan; "tusas" Turkish Aerospace)."""
    if not party:
        return list(facts)
    needle = fold(party)
    names = {e["name"] for e in index.matching(party)} if index is not None else set()
    return [f for f in facts if any(p in names or needle in fold(p) for p in f["parties"])]


def filter_by_dates(facts: Iterable[Fact], dates: DateRange) -> list[Fact]:
    """Facts whose (possibly partial) date overlaps the range; see `kzturk.dates`."""
    if dates.is_open:
        return list(facts)
    return [f for f in facts if dates.overlaps(fact_span(f))]


def filter_quoted(facts: Iterable[Fact], sources: dict[str, Source]) -> list[Fact]:
    """Facts with at least one quote verified against an archived source's text."""
    return [
        f
        for f in facts
        if any(
            ref["quote"] and ref["source"] in sources and is_archived(sources[ref["source"]])
            for ref in f["sources"]
        )
    ]


def filter_retracted(facts: Iterable[Fact], include: bool = False) -> list[Fact]:
    """Retracted facts stay in the store but leave default views."""
    return list(facts) if include else [f for f in facts if not f["retracted"]]


def filter_by_min_sources(facts: Iterable[Fact], minimum: int) -> list[Fact]:
    """Facts that at least `minimum` distinct sources support."""
    if minimum <= 0:
        return list(facts)
    return [f for f in facts if source_count(f) >= minimum]


def surely_published_by(source: Source, when: PartialDate) -> bool:
    """True when the source was certainly out by the end of `when`: a source dated only
    '2025' counts from the end of 2025, so an as-of view never shows a claim early."""
    published = source["published"]
    if not published or not is_partial_date(published):
        return False
    return parse_partial_date(published).end <= when.end


def as_of(facts: Iterable[Fact], sources: dict[str, Source], when: PartialDate) -> list[Fact]:
    """The record as it stood on `when`: each fact keeps only the sources published by then
    (and is dropped when none is), so corroboration counts are as of that day too."""
    known = {sid for sid, source in sources.items() if surely_published_by(source, when)}
    result: list[Fact] = []
    for fact in facts:
        refs = [ref for ref in fact["sources"] if ref["source"] in known]
        if len(refs) == len(fact["sources"]):
            result.append(fact)
        elif refs:
            result.append({**fact, "sources": refs})
    return result


def hidden_kinds(spec: FactFilter) -> tuple[str, ...]:
    """The background kinds `spec` leaves out (none when it names kinds itself)."""
    if spec.kinds:
        return ()
    hidden = (("context", spec.include_context), ("analysis", spec.include_analysis))
    return tuple(kind for kind, shown in hidden if not shown)


def apply_filter(
    facts: Iterable[Fact],
    spec: FactFilter,
    sources: dict[str, Source] | None = None,
    index: EntityIndex | None = None,
) -> list[Fact]:
    """All of `spec` at once, in chronological order. `sources` serve `as_of` and
    `quoted`; `index` lets `party` match every alias of an entity."""
    selected = filter_retracted(facts, spec.include_retracted)
    if spec.as_of is not None:
        selected = as_of(selected, sources or {}, spec.as_of)
    selected = filter_by_min_sources(selected, spec.min_sources)
    selected = filter_by_kind(selected, spec.kinds)
    hidden = hidden_kinds(spec)
    if hidden:
        selected = [f for f in selected if f["kind"] not in hidden]
    if spec.quoted:
        selected = filter_quoted(selected, sources or {})
    selected = filter_by_sector(selected, spec.sectors)
    selected = filter_by_status(selected, spec.statuses)
    selected = filter_by_metric(selected, spec.metrics)
    selected = filter_by_party(selected, spec.party, index)
    selected = filter_by_dates(selected, spec.dates)
    return sort_chronologically(selected)


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


def source_count(fact: Fact) -> int:
    """Distinct sources behind a fact: its corroboration."""
    return len(source_ids(fact))


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
    relaxed = spec._replace(include_context=True, include_analysis=True, include_retracted=True)
    shown = {f["id"] for f in facts}
    hidden: Counter[str] = Counter()
    background = hidden_kinds(spec)
    for fact in select(store, relaxed):
        if fact["id"] in shown:
            continue
        if fact["retracted"] and not spec.include_retracted:
            hidden["retracted"] += 1
        elif fact["kind"] in background:
            hidden[fact["kind"]] += 1
    return Selection(facts, dict(hidden))


def describe(spec: FactFilter) -> list[str]:
    """The filters of `spec` in words, for titles ('since 2022', 'as of 2023-12-31')."""
    parts: list[str] = []
    if spec.dates.since is not None:
        parts.append(f"since {spec.dates.since.iso()}")
    if spec.dates.until is not None:
        parts.append(f"until {spec.dates.until.iso()}")
    for name, values in (
        ("kind", spec.kinds),
        ("sector", spec.sectors),
        ("status", spec.statuses),
        ("metric", spec.metrics),
    ):
        if values and not (name == "kind" and values in (("deal",), TRADE_KINDS)):
            parts.append(f"{name} {', '.join(values)}")
    if spec.party:
        parts.append(f"party {spec.party}")
    if spec.min_sources > 1:
        parts.append(f"{spec.min_sources}+ sources")
    if spec.quoted:
        parts.append("quoted only")
    if spec.include_retracted:
        parts.append("retracted included")
    if spec.as_of is not None:
        parts.append(f"as of {spec.as_of.iso()}")
    return parts


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


def sorted_occasions(store: Store) -> list[Occasion]:
    """Occasions oldest first."""
    return sorted(store.occasions.values(), key=lambda o: (o["date"], o["id"]))


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
