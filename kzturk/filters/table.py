"""The rows of the table of filters, in the order `--help`, titles and footers name them."""

from __future__ import annotations

from collections.abc import Callable

from kzturk.filters import narrow, values
from kzturk.filters.spec import FactFilter, Filter, Hides, Option, Where, hidden_kinds
from kzturk.model import KINDS, METRICS, SECTORS, STATUSES, TRADE_KINDS, Fact


def _each(name: str, field: str) -> Callable[[FactFilter], list[str]]:
    def words(spec: FactFilter) -> list[str]:
        chosen: tuple[str, ...] = getattr(spec, field)
        return [f"{name} {', '.join(chosen)}"] if chosen else []

    return words


def _dates(spec: FactFilter) -> list[str]:
    ends = (("since", spec.dates.since), ("until", spec.dates.until))
    return [f"{word} {end.iso()}" for word, end in ends if end is not None]


def _kinds(spec: FactFilter) -> list[str]:
    implied = spec.kinds in (
        ("deal",),
        ("investment",),
        TRADE_KINDS,
    )  # what `deals` and `trade` show anyway
    return [] if implied or not spec.kinds else [f"kind {', '.join(spec.kinds)}"]


def _background(kind: str, one: str, many: str) -> Hides:
    """A background kind left out unless its option is given or --kind names kinds."""

    def hidden(fact: Fact, spec: FactFilter) -> bool:
        return fact["kind"] == kind and kind in hidden_kinds(spec)

    return Hides(kind, one, many, hidden)


def _hidden(hides: Hides) -> Callable[[list[Fact], FactFilter, Where], list[Fact]]:
    def keep(facts: list[Fact], spec: FactFilter, _: Where) -> list[Fact]:
        return [fact for fact in facts if not hides.hidden(fact, spec)]

    return keep


CONTEXT = _background("context", "context fact", "context facts")
ANALYSIS = _background("analysis", "analysis", "analyses")
RETRACTED = Hides(
    "retracted",
    "retracted fact",
    "retracted facts",
    lambda fact, spec: bool(fact["retracted"]) and not spec.include_retracted,
)


def _none(_: FactFilter) -> list[str]:
    return []


DATED = ("deals", "timeline", "trade", "search", "investment")
LISTINGS = ("deals", "timeline", "search")

FILTER_TABLE: tuple[Filter, ...] = (
    Filter(
        "dates",
        (
            Option(
                ("--since",),
                "since",
                "text",
                "From this date on (YYYY, YYYY-MM or YYYY-MM-DD).",
                "DATE",
            ),
            Option(("--until",), "until", "text", "Up to this date, inclusive.", "DATE"),
        ),
        values.date_range,
        lambda facts, spec, _: narrow.filter_by_dates(facts, spec.dates),
        _dates,
        (*DATED, "agreements"),
    ),
    Filter(
        "kinds",
        (
            Option(
                ("--kind", "-k"),
                "kind",
                "words",
                f"Kind of fact (repeatable): {', '.join(KINDS)}.",
                "KIND",
                KINDS,
            ),
        ),
        values.words_of(KINDS, "--kind"),
        lambda facts, spec, _: narrow.filter_by_kind(facts, spec.kinds),
        _kinds,
        ("timeline", "search"),
    ),
    Filter(
        "sectors",
        (
            Option(
                ("--sector", "-s"),
                "sector",
                "words",
                f"Sector (repeatable; any of them matches): {', '.join(SECTORS)}.",
                "SECTOR",
                SECTORS,
            ),
        ),
        values.words_of(SECTORS, "--sector"),
        lambda facts, spec, _: narrow.filter_by_sector(facts, spec.sectors),
        _each("sector", "sectors"),
        (*LISTINGS, "conflicts"),
    ),
    Filter(
        "statuses",
        (
            Option(
                ("--status",),
                "status",
                "words",
                f"Deal status (repeatable): {', '.join(STATUSES)}.",
                "STATUS",
                STATUSES,
            ),
        ),
        values.words_of(STATUSES, "--status"),
        lambda facts, spec, _: narrow.filter_by_status(facts, spec.statuses),
        _each("status", "statuses"),
        ("deals",),
    ),
    Filter(
        "metrics",
        (
            Option(
                ("--metric", "-m"),
                "metric",
                "words",
                f"Measure (repeatable): {', '.join(METRICS)}.",
                "METRIC",
                METRICS,
            ),
        ),
        values.words_of(METRICS, "--metric"),
        lambda facts, spec, _: narrow.filter_by_metric(facts, spec.metrics),
        _each("metric", "metrics"),
        ("trade",),
    ),
    Filter(
        "party",
        (
            Option(
                ("--party", "-p"),
                "party",
                "text",
                "A party whose name or alias contains "
                "TEXT (case- and accent-insensitive), or an entity id (kzturk entities).",
                "TEXT",
                "entities",
            ),
        ),
        values.party_text,
        lambda facts, spec, where: narrow.filter_by_party(facts, spec.party, where.entities),
        lambda spec: [f"party {spec.party}"] if spec.party else [],
        (*LISTINGS, "agreements", "investment"),
    ),
    Filter(
        "include_context",
        (
            Option(
                ("--context",),
                "context",
                "flag",
                "Include background and regional context (kind 'context').",
            ),
        ),
        values.flag,
        _hidden(CONTEXT),
        _none,
        ("timeline",),
        CONTEXT,
    ),
    Filter(
        "include_analysis",
        (
            Option(
                ("--analysis",),
                "analysis",
                "flag",
                "Include interpretation by authors and experts (kind 'analysis').",
            ),
        ),
        values.flag,
        _hidden(ANALYSIS),
        _none,
        ("timeline",),
        ANALYSIS,
    ),
    Filter(
        "min_sources",
        (
            Option(
                ("--min-sources",),
                "min_sources",
                "count",
                "Only facts that N or more sources support.",
                "N",
            ),
        ),
        values.count,
        lambda facts, spec, _: narrow.filter_by_min_sources(facts, spec.min_sources),
        lambda spec: [f"{spec.min_sources}+ sources"] if spec.min_sources > 1 else [],
        DATED,
    ),
    Filter(
        "quoted",
        (
            Option(
                ("--quoted",),
                "quoted",
                "flag",
                "Only facts with at least one quote verified against an archived text.",
            ),
        ),
        values.flag,
        lambda facts, spec, where: (
            narrow.filter_quoted(facts, where.sources) if spec.quoted else facts
        ),
        lambda spec: ["quoted only"] if spec.quoted else [],
        DATED,
    ),
    Filter(
        "include_retracted",
        (
            Option(
                ("--include-retracted",),
                "include_retracted",
                "flag",
                "Also show facts retracted as wrong (marked RETRACTED).",
            ),
        ),
        values.flag,
        _hidden(RETRACTED),
        lambda spec: ["retracted included"] if spec.include_retracted else [],
        (*DATED, "conflicts"),
        RETRACTED,
    ),
    Filter(
        "as_of",
        (
            Option(
                ("--as-of",),
                "as_of",
                "text",
                "The record as it stood on DATE: only sources published by then.",
                "DATE",
            ),
        ),
        values.as_of_date,
        lambda facts, spec, where: (
            narrow.as_of(facts, where.sources, spec.as_of) if spec.as_of is not None else facts
        ),
        lambda spec: [f"as of {spec.as_of.iso()}"] if spec.as_of is not None else [],
        (*DATED, "conflicts"),
        first=True,
    ),
)
