"""The records of the store: their types, their vocabulary and the table of fields.

`records` has the TypedDicts, `vocabulary` the controlled words, `fields` the table of
fields that everything else reads, and `shape` the load-time check built from it.
"""

from kzturk.dates import PartialDate, parse_partial_date
from kzturk.model.fields import (
    EDITABLE_FACT_FIELDS,
    FACT_FIELD,
    FACT_FIELDS,
    FACT_TABLE,
    LIST_FACT_FIELDS,
    REQUIRED_FACT_FIELDS,
    SOURCE_FIELD,
    SOURCE_FIELDS,
    SOURCE_TABLE,
    Field,
)
from kzturk.model.records import Fact, Link, Retraction, Source, SourceRef, Value
from kzturk.model.shape import fact_shape_problems, source_shape_problems
from kzturk.model.vocabulary import (
    BACKGROUND_KINDS,
    CURRENCIES,
    KIND_HELP,
    KINDS,
    METRICS,
    RELATIONS,
    SECTORS,
    STATUSES,
    TRADE_KINDS,
)

__all__ = [
    "BACKGROUND_KINDS",
    "CURRENCIES",
    "EDITABLE_FACT_FIELDS",
    "FACT_FIELD",
    "FACT_FIELDS",
    "FACT_TABLE",
    "KINDS",
    "KIND_HELP",
    "LIST_FACT_FIELDS",
    "METRICS",
    "RELATIONS",
    "REQUIRED_FACT_FIELDS",
    "SECTORS",
    "SOURCE_FIELD",
    "SOURCE_FIELDS",
    "SOURCE_TABLE",
    "STATUSES",
    "TRADE_KINDS",
    "Fact",
    "Field",
    "Link",
    "Retraction",
    "Source",
    "SourceRef",
    "Value",
    "fact_date",
    "fact_shape_problems",
    "normalise_fact_id",
    "source_ids",
    "source_shape_problems",
]


def fact_date(fact: Fact) -> PartialDate | None:
    """The fact's date, or None when the sources leave it undated."""
    return parse_partial_date(fact["date"]) if fact["date"] else None


def source_ids(fact: Fact) -> list[str]:
    """Distinct cited source ids, in citation order."""
    return list(dict.fromkeys(ref["source"] for ref in fact["sources"]))


def normalise_fact_id(value: str) -> str:
    """How a typed fact id is read: 'f101 ' is F101."""
    return value.strip().upper()
