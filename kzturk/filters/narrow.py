"""What each filter keeps: pure functions over fact records (the rows' predicates)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kzturk.dates import DateRange, PartialDate, is_partial_date, parse_partial_date
from kzturk.entities import EntityIndex
from kzturk.model import Fact, Source, fact_span, is_archived, source_ids
from kzturk.textfold import fold


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


def source_count(fact: Fact) -> int:
    """Distinct sources behind a fact: its corroboration."""
    return len(source_ids(fact))


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
