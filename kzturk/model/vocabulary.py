"""The controlled vocabulary of the store: every word a field may take.

The README's Vocabulary table, the JSON Schema, `kzturk check`, option help and shell
completion all read these tuples; nothing else spells the words out.
"""

from collections.abc import Sequence

from kzturk.errors import UsageError
from kzturk.suggest import did_you_mean

KINDS: tuple[str, ...] = (
    "deal",
    "trade",
    "investment",
    "target",
    "event",
    "statement",
    "analysis",
    "context",
)
SECTORS: tuple[str, ...] = (
    "defense",
    "energy",
    "transport",
    "logistics",
    "agriculture",
    "trade",
    "investment",
    "culture",
    "education",
    "health",
    "security",
    "diplomacy",
    "media",
    "technology",
    "tourism",
    "finance",
    "science",
)
STATUSES: tuple[str, ...] = ("signed", "announced", "planned", "proposed", "completed")
METRICS: tuple[str, ...] = ("turnover", "exports", "imports")
# Whose figure a trade or investment figure is: mirror statistics differ every year, so two
# reporters' figures for one year are set side by side, never read as a disagreement.
REPORTERS: tuple[str, ...] = ("kazakh-statistics", "turkish-statistics", "official", "outlet")
REPORTER_HELP = {
    "kazakh-statistics": "Kazakhstan's official statistics (its statistics office, or a "
    "ministry citing them)",
    "turkish-statistics": "Turkey's official statistics (TurkStat, the trade ministry, or a "
    "ministry citing them)",
    "official": "an official's statement that names no statistics",
    "outlet": "an outlet's or an author's own figure or estimate",
}
REPORTER_LABELS = {
    "kazakh-statistics": "KZ stats",
    "turkish-statistics": "TR stats",
    "official": "Official",
    "outlet": "Outlet",
}
# What an investment figure measures: a stock (cumulative to a date), a flow (within a
# period), or a project sum (the value of deals or projects).
MEASURES: tuple[str, ...] = ("stock", "flow", "project")
RELATIONS: tuple[str, ...] = ("conflicts", "restates", "revises", "related", "distinct")
CURRENCIES: tuple[str, ...] = ("USD", "KZT", "TRY", "EUR", "RUB")
DATE_QUALIFIERS: tuple[str, ...] = ("approximate", "uncertain")
DATE_BASES: tuple[str, ...] = ("event", "reported")
ENTITY_TYPES: tuple[str, ...] = (
    "country",
    "person",
    "company",
    "organization",
    "place",
    "infrastructure",
)
OCCASION_KINDS: tuple[str, ...] = (
    "visit",
    "summit",
    "council",
    "call",
    "forum",
    "exercise",
    "other",
)

KIND_HELP = {
    "deal": "agreement, memorandum, protocol, contract, investment or purchase",
    "trade": "an actual trade figure (turnover, exports, imports)",
    "investment": "an investment figure: a stock, a flow or the value of projects",
    "target": "a trade target someone set",
    "event": "visit, meeting, council, award, exercise, call",
    "statement": "what an official or a party said or declared; positions",
    "analysis": "an author's or an expert's interpretation",
    "context": "background, and claims not about Kazakhstan–Turkey relations",
}

# Kinds the timeline leaves out unless asked for (--context, --analysis, or --kind).
BACKGROUND_KINDS: tuple[str, ...] = ("context", "analysis")
TRADE_KINDS: tuple[str, ...] = ("trade", "target")
FIGURE_KINDS: tuple[str, ...] = ("trade", "investment")
"""Kinds that are actual figures: they say whose figure they are (`reporter`)."""
AMOUNT_KINDS: tuple[str, ...] = ("trade", "investment", "target")
"""Kinds with a period, a direction and an amount in dollars."""


def choose(values: Sequence[str] | None, choices: Sequence[str], option: str) -> tuple[str, ...]:
    """Vocabulary words as typed, case-insensitively, each once; an unknown one is a usage
    error naming the closest and every valid word."""
    chosen: list[str] = []
    for raw in values or ():
        value = raw.strip().casefold()
        if not value:
            raise UsageError(f"{option} needs a value; valid: {', '.join(choices)}")
        if value not in choices:
            hint = did_you_mean(value, choices)
            raise UsageError(f"{option}: unknown value {raw!r}.{hint} Valid: {', '.join(choices)}")
        if value not in chosen:
            chosen.append(value)
    return tuple(chosen)


AGREEMENT_FORMS: tuple[str, ...] = (
    "treaty",
    "agreement",
    "convention",
    "protocol",
    "memorandum",
    "programme",
    "exchange-of-notes",
)
STEP_KINDS: tuple[str, ...] = (
    "approved",
    "signed",
    "submitted",
    "ratified",
    "in-force",
    "amended",
    "suspended",
    "terminated",
    "expired",
    "superseded",
)
"""What can happen to an agreement, in the order it usually happens: a draft approved for
signing, signed, sent by a government to its parliament for ratification, ratified or
approved by a party, in force, amended (by another agreement),
suspended, and ended (terminated, expired, or superseded by another agreement)."""
