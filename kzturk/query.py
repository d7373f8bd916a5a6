"""Filters, ordering and summaries: pure functions over fact records.

This is the library API: every command is a composition of these, so a script can do in
Python exactly what the CLI does.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kzturk.dates import DateRange, PartialDate, is_partial_date, parse_partial_date
from kzturk.errors import UsageError
from kzturk.model import SECTORS, Fact, Source, fact_date, normalise_fact_id, source_ids
from kzturk.model import TRADE_KINDS as TRADE_KINDS
from kzturk.store.loaded import Store
from kzturk.suggest import closest_matches as closest_matches
from kzturk.suggest import did_you_mean

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
    min_sources: int = 0
    as_of: PartialDate | None = None
    include_retracted: bool = False


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


def filter_by_party(facts: Iterable[Fact], party: str | None) -> list[Fact]:
    """Facts with a party containing `party`, case-insensitively ("erdo" finds Erdoğan too)."""
    if not party:
        return list(facts)
    needle = _fold(party)
    return [f for f in facts if any(needle in _fold(p) for p in f["parties"])]


def filter_by_dates(facts: Iterable[Fact], dates: DateRange) -> list[Fact]:
    """Facts whose (possibly partial) date overlaps the range; see `kzturk.dates`."""
    if dates.is_open:
        return list(facts)
    return [f for f in facts if dates.overlaps(fact_date(f))]


def exclude_context(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f["kind"] != "context"]


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


def apply_filter(
    facts: Iterable[Fact], spec: FactFilter, sources: dict[str, Source] | None = None
) -> list[Fact]:
    """All of `spec` at once, in chronological order. `sources` is needed for `as_of`."""
    selected = filter_retracted(facts, spec.include_retracted)
    if spec.as_of is not None:
        selected = as_of(selected, sources or {}, spec.as_of)
    selected = filter_by_min_sources(selected, spec.min_sources)
    selected = filter_by_kind(selected, spec.kinds)
    if not spec.include_context and "context" not in spec.kinds:
        selected = exclude_context(selected)
    selected = filter_by_sector(selected, spec.sectors)
    selected = filter_by_status(selected, spec.statuses)
    selected = filter_by_metric(selected, spec.metrics)
    selected = filter_by_party(selected, spec.party)
    selected = filter_by_dates(selected, spec.dates)
    return sort_chronologically(selected)


def _fold(text: str) -> str:
    """Case- and accent-insensitive form, so 'turkiye' finds 'Türkiye' and 'erdogan' 'Erdoğan'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ı", "i")


def search_facts(facts: Iterable[Fact], text: str) -> list[Fact]:
    """Facts whose summary, parties or quotes contain `text` (case- and accent-insensitive)."""
    needle = _fold(text)
    found = []
    for fact in facts:
        haystack = [fact["summary"], *fact["parties"], *(ref["quote"] for ref in fact["sources"])]
        if any(needle in _fold(part) for part in haystack):
            found.append(fact)
    return sort_chronologically(found)


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
    """`apply_filter` over a whole store (its sources serve `as_of`)."""
    return apply_filter(store.facts, spec, store.sources)
