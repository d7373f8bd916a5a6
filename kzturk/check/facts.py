"""The rules of a fact that a schema cannot express: which kinds need or refuse a field (as
the table of fields says), dates that say what they know, its occasion, its parties."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kzturk.dates import is_partial_date, parse_partial_date, span_of
from kzturk.entities import EntityIndex
from kzturk.model.fields import FACT_TABLE


def kind_rules(fact: dict[str, Any]) -> list[str]:
    """Fields a kind of fact needs or refuses, as the table of fields says."""
    kind = fact["kind"]
    messages = []
    for field in FACT_TABLE:
        value = fact.get(field.name)
        empty = value is None or value == []
        label = field.label.lower()
        if kind in field.required_for and empty:
            messages.append(f"a {kind} needs a {label}")
        if field.exclusive and not empty and not field.applies_to(kind):
            allowed = ", ".join(f"{k}s" for k in field.kinds or ())
            messages.append(f"{label} is only for {allowed}, not {kind}")
    return messages


def is_period(value: str) -> bool:
    return all(is_partial_date(part) for part in value.split("/"))


def date_rules(fact: dict[str, Any]) -> list[str]:
    """Real dates; an interval that ends after it starts; no end, qualifier or basis
    without a date."""
    messages = []
    for field in FACT_TABLE:
        value = fact.get(field.name)
        if field.type == "period" and value is not None and not is_period(value):
            messages.append(f"{field.name} {value!r} is not a partial date or a START/END range")
    date, end = fact["date"], fact.get("date_end")
    if date is not None and not is_partial_date(date):
        messages.append(f"date {date!r} does not exist")
    if date is None:
        given = [name for name in ("date_end", "date_qualifier", "date_basis") if fact.get(name)]
        if given:
            messages.append(f"{', '.join(given)} given without a date")
    elif end is not None and is_partial_date(date) and is_partial_date(end):
        if parse_partial_date(end).end < parse_partial_date(date).start:
            messages.append(f"the interval {date}/{end} ends before it starts")
        elif end == date:
            messages.append(f"date_end {end} is the date itself; leave it out")
    return messages


def occasion_rules(fact: dict[str, Any], occasions: Mapping[str, dict[str, Any]]) -> list[str]:
    """The fact's occasion exists, and the fact's dates lie within the occasion's."""
    occasion_id = fact.get("occasion")
    if occasion_id is None:
        return []
    occasion = occasions.get(occasion_id)
    if occasion is None:
        return [f"occasion {occasion_id!r} is not in the store; add it: kzturk occasion add"]
    try:
        fact_span = span_of(fact["date"], fact.get("date_end"))
        span = span_of(occasion.get("date"), occasion.get("date_end"))
    except ValueError:
        return []  # bad dates are reported where they are
    if fact_span is None or span is None:
        return []
    within = span.start <= fact_span.start and fact_span.end <= span.end
    # A date less precise than the occasion's ("May 2022" for 10–11 May) may mean its days.
    coarser = _RANK[fact_span.first.precision] < _RANK[span.first.precision]
    overlaps = fact_span.start <= span.end and span.start <= fact_span.end
    if not within and not (coarser and overlaps):
        return [f"dated {fact_span.label()}, outside its occasion {occasion_id} ({span.label()})"]
    return []


_RANK = {"year": 0, "month": 1, "day": 2}


def party_rules(fact: dict[str, Any], index: EntityIndex) -> list[str]:
    """Every party is an entity, by its canonical name (`check --fix` writes names for
    aliases)."""
    messages = []
    for party in fact["parties"]:
        entity = index.find(party)
        if entity is None:
            messages.append(
                f"party {party!r} is no entity's name or alias; use an entity's name or add one "
                "(kzturk entity add)"
            )
        elif party != entity["name"]:
            messages.append(
                f"party {party!r} is an alias of {entity['name']!r}; the name belongs in "
                "parties (kzturk check --fix writes it)"
            )
    return messages


def link_rules(fact: dict[str, Any], facts: Mapping[str, Any]) -> list[str]:
    """Links resolve; a conflict says what is disputed."""
    messages = []
    for link in fact.get("links") or []:
        if not isinstance(link, dict):
            continue
        if link.get("fact") not in facts:
            messages.append(f"links to unknown fact {link.get('fact')!r}")
        elif link.get("fact") == fact.get("id"):
            messages.append("links to itself")
        if link.get("relation") == "conflicts" and not link.get("about"):
            messages.append(
                f"the conflict with {link.get('fact')} needs a label of what is disputed "
                f"(kzturk edit {fact.get('id')} --link 'conflicts:{link.get('fact')}:WHAT')"
            )
    return messages
