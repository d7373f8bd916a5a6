"""`kzturk stats`: how many facts there are by year (or decade) and kind, by sector, visits
each way, agreements signed and signed deals; or the same counts for periods side by side.

A fact is counted in the year its date starts (a fact known only to "2022" is a 2022 fact),
in a decade likewise, and in a `--period A..B` when its whole date lies inside the period
(a fact dated "2008" is in 1992..2008, never in 2009..2025). Undated facts are in no period;
`Stats.undated` says how many. A visit is an occasion of kind `visit` that a counted fact
belongs to, counted in its own year, to Kazakhstan or to Turkey by its place (below), else
elsewhere.

Agreements signed are the records of the agreements table (`kzturk.agreements`), each counted
in the year of its signing step, as `kzturk agreements` dates it; under `--as-of` only a
signing dated by then. Their parties and their signing date answer `--party`, `--since` and
`--until`; the filters only a fact has (`--sector`, `--kind`...) leave them uncounted, and
`Stats.agreements_left_by` says which did. Signed deals are something else: facts of kind
`deal` with status `signed`, intergovernmental or commercial, a fact each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kzturk.dates import DateFormatError, PartialDate, Span, parse_partial_date, span_of
from kzturk.errors import UsageError
from kzturk.model import KINDS, SECTORS, Fact, Occasion, fact_span
from kzturk.query import FactFilter, select
from kzturk.store.loaded import Store
from kzturk.textfold import words

# Where a visit went, by its place: the entities (by id, which is a name too) whose names,
# any alias included, name a place in each country. A place none or both name is "elsewhere".
HOSTS: dict[str, tuple[str, ...]] = {
    "to Kazakhstan": ("kazakhstan", "almaty", "astana", "turkestan"),
    "to Turkey": ("turkey", "ankara", "istanbul"),
}
ELSEWHERE = "elsewhere"
MEASURES = ("facts", "kind", "sector", "visits", "agreements", "signed")
"""What is counted: all facts, by kind, by sector, visits by direction, agreements signed
(group `signed`), signed deals (facts; measure and group `signed`)."""
AGREEMENT_FILTERS = (
    "party",
    "dates",
    "as_of",
    "include_context",
    "include_analysis",
    "include_retracted",
)
"""The fields of a `FactFilter` that agreements answer (their parties, the date they were
signed, the steps dated by --as-of) or that leave them as they are (no agreement is context,
analysis or retracted). Any other filter given leaves the agreements uncounted."""


class Period(NamedTuple):
    """A column of counts: a year, a decade, or a period given as `A..B`."""

    label: str
    first: PartialDate
    last: PartialDate

    def holds(self, span: Span) -> bool:
        return self.first.start <= span.start and span.end <= self.last.end


class Count(NamedTuple):
    """One count: of `measure`, in `period` (a label), for `group` (a kind, a sector...)."""

    measure: str
    period: str
    group: str
    n: int


class Stats(NamedTuple):
    counts: list[Count]
    periods: list[str]
    """The period labels, in order: the columns (or rows) of every table."""
    by: str
    """'year', 'decade' or 'period'."""
    facts: int
    """Facts selected (dated or not)."""
    undated: int
    """Selected facts with no date, in no period."""
    outside: int
    """With --period: dated facts that lie in none of the periods."""
    agreements_undated: int = 0
    """Agreements counted whose signing step has no date: in no period."""
    agreements_left_by: tuple[str, ...] = ()
    """The options (`--sector`...) that agreements do not have: when any was given, none
    was counted."""


def parse_period(text: str) -> Period:
    """`A..B` with A and B each YYYY, YYYY-MM or YYYY-MM-DD (a usage error otherwise)."""
    first_text, sep, last_text = text.strip().partition("..")
    if not sep or not first_text.strip() or not last_text.strip():
        raise UsageError(f"--period {text!r}: give it as FROM..TO, e.g. --period 1992..2008")
    try:
        first, last = parse_partial_date(first_text.strip()), parse_partial_date(last_text.strip())
    except DateFormatError as exc:
        raise UsageError(f"--period {text!r}: {exc}") from None
    if last.end < first.start:
        raise UsageError(f"--period {text!r}: it ends before it starts")
    return Period(f"{first.iso()}..{last.iso()}", first, last)


def _year_period(year: int, by: str) -> Period:
    if by == "decade":
        start = year - year % 10
        return Period(f"{start}s", PartialDate(start), PartialDate(start + 9))
    return Period(str(year), PartialDate(year), PartialDate(year))


def host_of(place: str | None, store: Store) -> str:
    """'to Kazakhstan', 'to Turkey' or 'elsewhere', by the names in the visit's place."""
    said = set(words(place or ""))
    found = []
    for direction, entity_ids in HOSTS.items():
        for entity_id in entity_ids:
            entity = store.entities.get(entity_id)
            names = [entity["name"], *(a["name"] for a in entity["aliases"])] if entity else []
            names.append(entity_id)
            if any(_names_in(name, said) for name in names):
                found.append(direction)
                break
    return found[0] if len(found) == 1 else ELSEWHERE


def _names_in(name: str, said: set[str]) -> bool:
    wanted = words(name)
    return bool(wanted) and all(word in said for word in wanted)


def _periods_of(span: Span, periods: Sequence[Period] | None, by: str) -> list[Period]:
    if periods is None:
        return [_year_period(span.start.year, by)]
    return [p for p in periods if p.holds(span)]


def _occasion_span(occasion: Occasion) -> Span | None:
    return span_of(occasion["date"], occasion["date_end"]) if occasion["date"] else None


def count(
    store: Store, spec: FactFilter, periods: Sequence[Period] = (), by: str = "year"
) -> Stats:
    """The counts of the facts `spec` selects, by year or decade (`by`), or in `periods`."""
    facts = select(store, spec)
    given = list(periods) or None
    tally: Counter[tuple[str, str, str]] = Counter()
    seen: dict[str, Period] = {}
    undated = outside = 0
    visits: dict[str, list[Period]] = {}
    for fact in facts:
        span = fact_span(fact)
        if span is None:
            undated += 1
            continue
        inside = _periods_of(span, given, by)
        outside += not inside
        for period in inside:
            seen[period.label] = period
            for measure, group in _groups(fact):
                tally[(measure, period.label, group)] += 1
        occasion = store.occasions.get(fact["occasion"] or "")
        if occasion is not None and occasion["kind"] == "visit":
            when = _occasion_span(occasion)
            if when is not None:
                visits[occasion["id"]] = _periods_of(when, given, by)
    for occasion_id, in_periods in visits.items():
        direction = host_of(store.occasions[occasion_id]["place"], store)
        for period in in_periods:
            seen[period.label] = period
            tally[("visits", period.label, direction)] += 1
    left_by = _not_for_agreements(spec)
    agreements_undated = 0 if left_by else _agreements_signed(store, spec, given, by, tally, seen)
    order = [p.label for p in given] if given else sorted(seen, key=lambda k: seen[k].first)
    rank = {group: n for n, group in enumerate((*KINDS, *SECTORS, *HOSTS, ELSEWHERE))}

    def key(item: tuple[tuple[str, str, str], int]) -> tuple[int, int, int, str]:
        measure, period, group = item[0]
        return (MEASURES.index(measure), order.index(period), rank.get(group, -1), group)

    counts = [Count(*label, n) for label, n in sorted(tally.items(), key=key)]
    by_what = "period" if given else by
    return Stats(counts, order, by_what, len(facts), undated, outside, agreements_undated, left_by)


def _not_for_agreements(spec: FactFilter) -> tuple[str, ...]:
    """The options given whose filter agreements do not have (`--sector`, `--kind`...)."""
    from kzturk.filters import FILTER

    default = FactFilter()
    return tuple(
        FILTER[name].options[0].flags[0]
        for name in spec._fields
        if name not in AGREEMENT_FILTERS and getattr(spec, name) != getattr(default, name)
    )


def _agreements_signed(
    store: Store,
    spec: FactFilter,
    given: Sequence[Period] | None,
    by: str,
    tally: Counter[tuple[str, str, str]],
    seen: dict[str, Period],
) -> int:
    """Count each agreement of `spec`'s party and dates in the period of its signing;
    return how many were signed on no recorded date."""
    from kzturk.agreements import select_agreements

    dates = spec.dates
    chosen = select_agreements(
        store, as_of=spec.as_of, party=spec.party, since=dates.since, until=dates.until
    )
    undated = 0
    for _, life in chosen.rows:
        if life.signed is None:
            continue
        span = span_of(life.signed["date"])
        if span is None:
            undated += 1
            continue
        for period in _periods_of(span, given, by):
            seen[period.label] = period
            tally[("agreements", period.label, "signed")] += 1
    return undated


def _groups(fact: Fact) -> Iterable[tuple[str, str]]:
    yield "facts", "all"
    yield "kind", fact["kind"]
    for sector in fact["sectors"]:
        yield "sector", sector
    if fact["kind"] == "deal" and fact["status"] == "signed":
        yield "signed", "signed"
