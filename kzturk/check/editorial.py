"""The editorial rules of a fact: what keeps the record one record rather than a pile of
reports. A curator note cites only real ids; places are not parties; an event, deal, trade
figure or target states its claim instead of opening with who reported it; a fact dated
exactly its only source's publication day says whether that is the event's day."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from kzturk.dates import MONTH_NAMES
from kzturk.entities import EntityIndex
from kzturk.textfold import fold_text

# Working codes of a curator's notes ("A41", "D114", "topic C"); fact ids are F and a number.
_CODE = re.compile(r"\b(?:topic [A-Z]\b|[A-Z][0-9]{1,4}\b)")
_FACT_ID = re.compile(r"F[0-9]+")
# Kinds whose summary states a claim of the record's own, not what someone said or thinks.
CLAIM_KINDS: tuple[str, ...] = ("event", "deal", "trade", "target")
# Openings that only say who reported it, before an outlet's or a title's name.
_LEADS = ("according to ", "the report ", "the article ", "the page ", "as ")
PLACE_TYPES: tuple[str, ...] = ("place",)


def note_code_rules(fact: dict[str, Any], fact_ids: Iterable[str] | Mapping[str, Any]) -> list[str]:
    """A curator note cites ids of the store, never a working code of the curator's."""
    note = fact.get("curator_note") or ""
    codes = [
        code
        for code in dict.fromkeys(_CODE.findall(note))
        if not (_FACT_ID.fullmatch(code) and code in fact_ids)
    ]
    if not codes:
        return []
    return [
        f"the curator note cites {', '.join(repr(c) for c in codes)}, no id in the store; "
        f"name the fact, source or entity id or leave the code out (kzturk edit {fact['id']} "
        "--curator-note TEXT)"
    ]


def place_rules(fact: dict[str, Any], index: EntityIndex) -> list[str]:
    """A place is in `places` (by entity id), never among the parties."""
    messages = []
    for party in fact["parties"]:
        entity = index.find(party)
        if entity is not None and entity["type"] in PLACE_TYPES:
            messages.append(
                f"party {party!r} is a place, not an actor; move it to places "
                f"(kzturk edit {fact['id']} --party … --place {entity['id']})"
            )
    for place in fact.get("places") or []:
        entity = index.resolve(place)
        if entity is None or entity["id"] != place:
            messages.append(
                f"place {place!r} is no entity id; give a place's id (kzturk entities --type "
                "place lists them)"
            )
        elif entity["type"] not in PLACE_TYPES:
            messages.append(
                f"place {place!r} is a {entity['type']}, not a place; it belongs among the parties"
            )
    return messages


def reporter_names(sources: Mapping[str, Mapping[str, Any]]) -> tuple[str, ...]:
    """The folded outlets, authors and titles of the store's sources, longest first."""
    names = {
        fold_text(str(source[key])).strip(" '\"‘’“”")
        for source in sources.values()
        for key in ("outlet", "author", "title")
        if source.get(key)
    }
    return tuple(sorted((n for n in names if len(n) >= 3), key=len, reverse=True))


def _names_only_parties(name: str, parties: set[str]) -> bool:
    """True when a source's name is nothing but the fact's own parties ("turkey and
    kazakhstan"): opening with them is stating the claim, not citing the source."""
    pieces = [p for p in re.split(r",\s*|\s+and\s+|\s*[-–]\s*", name) if p]
    return bool(pieces) and all(piece in parties for piece in pieces)


def attribution_rules(fact: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    """An event, deal, trade figure or target states the claim: the sources column says who
    reported it. One side of a disagreement (a fact with a `conflicts` link) may say whose
    version it is."""
    if fact["kind"] not in CLAIM_KINDS:
        return []
    if any(link.get("relation") == "conflicts" for link in fact.get("links") or []):
        return []
    opening = fold_text(fact["summary"]).lstrip(" '\"‘’“”")
    for lead in _LEADS:
        if opening.startswith(lead):
            opening = opening[len(lead) :].lstrip(" '\"‘’“”")
            break
    if not opening.startswith(names):  # one look for the usual case: no source opens it
        return []
    parties = {fold_text(str(party)) for party in fact.get("parties") or []}
    for name in names:
        if not opening.startswith(name) or opening[len(name) : len(name) + 1].isalnum():
            continue
        if _names_only_parties(name, parties):
            continue  # a title such as "Turkey and Kazakhstan" is the claim's own subject
        return [
            f"the summary of this {fact['kind']} opens with its source ({name!r}); state the "
            f"claim itself, the sources say who reported it (kzturk edit {fact['id']} "
            "--summary TEXT)"
        ]
    return []


def states_day(fact: dict[str, Any], date: str) -> bool:
    """Whether the summary or a note names the day ('29 July', 'July 29', '2025-07-29')."""
    text = " ".join(fact.get(k) or "" for k in ("summary", "date_note", "curator_note"))
    day, month = int(date[8:]), MONTH_NAMES[int(date[5:7]) - 1]
    pattern = rf"\b(?:{day} {month}|{month} {day})\b|{date}"
    return re.search(pattern, text) is not None


def publication_day_rules(
    fact: dict[str, Any], sources: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """A fact dated exactly its only source's publication day is dated `reported` unless
    it says that the source states the day (the day in its summary or a note)."""
    cited = {ref.get("source") for ref in fact["sources"]}
    date = fact.get("date")
    if len(cited) != 1 or date is None or len(date) != 10:
        return []
    if fact.get("date_basis") == "reported":
        return []
    source = sources.get(next(iter(cited)) or "")
    if source is None or source.get("published") != date or states_day(fact, date):
        return []
    return [
        f"dated {date}, the publication day of its only source, and nothing says the source "
        f"gives that day: date it by the report (kzturk edit {fact['id']} --date-basis "
        "reported), or name the day the source states in the summary or the curator note"
    ]
