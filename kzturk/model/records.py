"""The typed records of the store, as mypy sees them.

Records stay plain dicts (TypedDicts) from disk to output: a lookup that prints JSON never
converts them, which keeps start-up and large stores fast. What each field means, its type
and vocabulary are in the table of fields (`kzturk.model.fields`); a test keeps the two equal.
"""

# No `from __future__ import annotations` here: TypedDict turns string annotations into
# ForwardRefs, compiling each one, at every start of the command line.

from typing import TypedDict


class Value(TypedDict):
    amount: float
    currency: str | None
    unit: str | None


class SourceRef(TypedDict):
    source: str
    quote: str | None


class Link(TypedDict):
    fact: str
    relation: str
    about: str | None


class Retraction(TypedDict):
    date: str
    reason: str


class Fact(TypedDict):
    id: str
    date: str | None
    date_note: str | None
    kind: str
    sectors: list[str]
    status: str | None
    summary: str
    parties: list[str]
    values: list[Value]
    sources: list[SourceRef]
    metric: str | None
    period: str | None
    direction: str | None
    amount_usd: float | None
    change_pct: float | None
    deadline: str | None
    announced_by: str | None
    links: list[Link]
    retracted: Retraction | None
    date_end: str | None
    date_qualifier: str | None
    date_basis: str | None
    curator_note: str | None
    occasion: str | None
    places: list[str]
    measure: str | None
    reporter: str | None


class Source(TypedDict):
    id: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    published_note: str | None
    url: str | None
    language_note: str | None
    archive: str | None


class Alias(TypedDict):
    name: str
    start: str | None
    end: str | None
    note: str | None
    language: str | None


class Post(TypedDict):
    title: str
    start: str | None
    end: str | None
    sources: list[str]


class Entity(TypedDict):
    id: str
    name: str
    type: str
    aliases: list[Alias]
    note: str | None
    posts: list[Post]


class Occasion(TypedDict):
    id: str
    name: str
    kind: str
    date: str
    date_end: str | None
    place: str | None
    participants: list[str]
    note: str | None


class Step(TypedDict):
    kind: str
    date: str | None
    party: str | None
    place: str | None
    by: str | None
    instrument: str | None
    number: str | None
    agreement: str | None
    sources: list[str]
    note: str | None


class Agreement(TypedDict):
    id: str
    title: str
    form: str | None
    parties: list[str]
    facts: list[str]
    steps: list[Step]
    note: str | None
