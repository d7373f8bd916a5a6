"""The controlled vocabulary of the store: every word a field may take.

The README's Vocabulary table, the JSON Schema, `kzturk check`, option help and shell
completion all read these tuples; nothing else spells the words out.
"""

from collections.abc import Sequence

from kzturk.errors import UsageError
from kzturk.suggest import did_you_mean

KINDS: tuple[str, ...] = ("deal", "trade", "target", "event", "statement", "analysis", "context")
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
METRICS: tuple[str, ...] = ("turnover", "exports", "imports", "investment")
RELATIONS: tuple[str, ...] = ("conflicts", "restates", "revises", "related")
CURRENCIES: tuple[str, ...] = ("USD", "KZT", "TRY", "EUR", "RUB")
DATE_QUALIFIERS: tuple[str, ...] = ("approximate", "uncertain")
DATE_BASES: tuple[str, ...] = ("event", "reported")
ENTITY_TYPES: tuple[str, ...] = ("country", "person", "company", "organization", "place")
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
    "trade": "an actual trade or investment figure",
    "target": "a trade target someone set",
    "event": "visit, meeting, council, award, exercise, call",
    "statement": "what an official or a party said or declared; positions",
    "analysis": "an author's or an expert's interpretation",
    "context": "background, and claims not about Kazakhstan–Turkey relations",
}

# Kinds the timeline leaves out unless asked for (--context, --analysis, or --kind).
BACKGROUND_KINDS: tuple[str, ...] = ("context", "analysis")
TRADE_KINDS: tuple[str, ...] = ("trade", "target")


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
