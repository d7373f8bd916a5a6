"""Text into values, once: what a curator types as an option or at a prompt, read into the
values the library takes (`kzturk.curate.clean` then checks those).

Each parser takes the name to blame (`--date` for an option, `date` at a prompt) so that the
message points at what to retype. Nothing here knows about Typer or the terminal.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from kzturk.dates import DateFormatError, parse_partial_date
from kzturk.errors import UsageError
from kzturk.model.vocabulary import CURRENCIES, RELATIONS, choose

MAX_NUMBER = 10**18  # far beyond any amount the sources give; JSON readers stay exact below it

_GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_INTEGER = re.compile(r"[-+]?[0-9]+")
_SCALE_WORDS = frozenset(
    {"thousand", "million", "billion", "trillion", "k", "m", "mn", "mln", "b", "bn", "bln"}
)


def choice(option: str, choices: Sequence[str], text: str) -> str | None:
    """One vocabulary word, case-insensitively; blank is None; unknown is a usage error."""
    if not text.strip():
        return None
    return choose([text], choices, option)[0]


def choices(option: str, vocabulary: Sequence[str], texts: Sequence[str]) -> list[str]:
    """Words given repeated or comma-separated (`--sector energy,defense`)."""
    parts = [part for text in texts for part in text.split(",") if part.strip()]
    return list(choose(parts, vocabulary, option))


def text(value: str) -> str | None:
    """Free text; blank is None (the cleaner strips it and refuses control characters)."""
    return value if value.strip() else None


def date(option: str, value: str) -> str | None:
    if not value.strip():
        return None
    try:
        return parse_partial_date(value).iso()
    except DateFormatError as exc:
        raise UsageError(f"{option}: {exc}") from None


def period(option: str, value: str) -> str | None:
    """A partial date or START/END (2023-01/2023-09)."""
    if not value.strip():
        return None
    parts = value.split("/")
    if len(parts) > 2 or not all(part.strip() for part in parts):
        raise UsageError(f"{option}: {value!r} is not a date or a START/END range")
    return "/".join(str(date(option, part)) for part in parts)


def number(option: str, value: str) -> int | float | None:
    """A plain number (thousands separators allowed); None for blank."""
    raw = value.strip()
    if not raw:
        return None
    plain = raw.replace(",", "") if _GROUPED.fullmatch(raw) else raw
    problem = UsageError(f"{option}: {raw!r} is not a plain number; write e.g. 6300000000 or -18.4")
    if len(plain) > 40:
        raise UsageError(f"{option}: {raw[:20]!r}... is too long for a number")
    try:
        result: int | float = int(plain) if _INTEGER.fullmatch(plain) else float(plain)
    except ValueError:
        raise problem from None
    if isinstance(result, float) and not math.isfinite(result):
        raise problem
    if abs(result) > MAX_NUMBER:
        raise UsageError(f"{option}: {raw!r} is larger than kzturk stores (10^18)")
    return plain_number(result)


def plain_number(value: float) -> int | float:
    """295000000.0 → 295000000, so the JSON holds the number as a curator would write it."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def value(option: str, text_value: str) -> dict[str, Any]:
    """'295000000 USD', '160000000000 KZT', '90 days' → {amount, currency, unit}."""
    parts = text_value.split(None, 1)
    if not parts:
        raise UsageError(f"{option} needs a value such as '295000000 USD' or '90 days'")
    rest = parts[1].strip() if len(parts) > 1 else ""
    if parts[0].startswith("$") or (rest and rest.split()[0].casefold() in _SCALE_WORDS):
        raise UsageError(
            f"{option}: {text_value!r}: write the amount as a plain number and its currency, "
            "e.g. '295000000 USD', not '295 million' or '$295m'"
        )
    amount = number(option, parts[0])
    is_code = rest.upper() in CURRENCIES or re.fullmatch(r"[A-Z]{3}", rest) is not None
    return {
        "amount": amount,
        "currency": rest.upper() if rest and is_code else None,
        "unit": rest if rest and not is_code else None,
    }


def link(option: str, text_value: str) -> dict[str, str | None]:
    """'conflicts:F101' (or 'F101:conflicts'), and for a conflict what is disputed:
    'conflicts:F101:date of the visit' → {fact, relation, about}."""
    left, sep, rest = text_value.strip().partition(":")
    right, _, about = rest.partition(":")
    left, right = left.strip(), right.strip()
    if re.fullmatch(r"[Ff][0-9]+", left) and right.casefold() in RELATIONS:
        left, right = right, left
    if not sep or not right:
        raise UsageError(
            f"{option}: {text_value!r} is not RELATION:ID[:ABOUT], e.g. conflicts:F101 or "
            "'conflicts:F101:date of the visit'"
        )
    relation = choice(option, RELATIONS, left)
    if relation is None:
        raise UsageError(f"{option}: {text_value!r} needs a relation: {', '.join(RELATIONS)}")
    return {"fact": right.upper(), "relation": relation, "about": about.strip() or None}


def _dated(option: str, text_value: str, example: str) -> tuple[str, str | None, str | None]:
    """'NAME@START/END' → (name, start, end); either date may be left out."""
    name, sep, dates = text_value.partition("@")
    if not name.strip():
        raise UsageError(f"{option}: {text_value!r} needs a name, e.g. {example!r}")
    start = end = None
    if sep:
        first, slash, last = dates.partition("/")
        start = date(option, first) if first.strip() else None
        end = date(option, last) if slash and last.strip() else None
    return name.strip(), start, end


def alias(option: str, text_value: str) -> dict[str, str | None]:
    """'Nur-Sultan@2019-03-20/2022-09-17' → {name, start, end, note, language}; the dates
    are the ones the name was in use (either may be left out: 'Akmola@/1998-05'); '#ru'
    at the end gives the name's language ('Токаев#ru')."""
    rest, sep, language = text_value.rpartition("#") if "#" in text_value else (text_value, "", "")
    code = language.strip().casefold() or None
    if sep and (code is None or not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", code)):
        raise UsageError(
            f"{option}: {text_value!r}: after '#' give the name's language as a code, "
            "e.g. 'Токаев#ru'"
        )
    name, start, end = _dated(option, rest, "Nur-Sultan@2019/2022")
    return {"name": name, "start": start, "end": end, "note": None, "language": code}


def post(option: str, text_value: str) -> dict[str, Any]:
    """'President of Kazakhstan@2019-03-20/#akorda-2019' → {title, start, end, sources}:
    a person's post, the dates it was held (either may be left out; no end: still held)
    and, after '#', the ids of the sources that give it, separated by commas."""
    rest, sep, cited = text_value.partition("#")
    sources = [s.strip().casefold() for s in cited.split(",") if s.strip()]
    if sep and not sources:
        raise UsageError(
            f"{option}: {text_value!r}: after '#' give source ids, e.g. "
            "'President of Kazakhstan@2019-03-20/#akorda-2019'"
        )
    title, start, end = _dated(option, rest, "President of Kazakhstan@2019-03-20/")
    return {"title": title, "start": start, "end": end, "sources": sources}


class Citations(NamedTuple):
    """Sources as given, and the quotes still to place: None when each source took the
    quote at its position; else they go to the archived sources in order (the library
    knows which: `kzturk.curate.session.fill_quotes`)."""

    refs: list[dict[str, str | None]]
    quotes: list[str] | None


def citations(sources: Sequence[str] | None, quotes: Sequence[str] | None) -> Citations | None:
    """`--source`/`--quote` as typed; None when neither option was given."""
    if sources is None and quotes is None:
        return None
    sources, quotes = list(sources or []), list(quotes or [])
    if len(quotes) > len(sources):
        raise UsageError(
            f"more quotes than sources ({len(quotes)} --quote, {len(sources)} --source): "
            "each quote belongs to an archived source"
        )
    if len(sources) == len(quotes):
        return Citations(
            [
                {"source": s.strip().casefold(), "quote": q}
                for s, q in zip(sources, quotes, strict=True)
            ],
            None,
        )
    return Citations([{"source": s.strip().casefold(), "quote": None} for s in sources], quotes)
