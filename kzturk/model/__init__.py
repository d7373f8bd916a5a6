"""The records of the store: their types, their vocabulary and the table of fields.

`records` has the TypedDicts, `vocabulary` the controlled words, `fields` the table of
fields that everything else reads, and `shape` the load-time check built from it.
"""

from kzturk.dates import PartialDate, Span, parse_partial_date, span_of
from kzturk.model.field import Field
from kzturk.model.fields import (
    AGREEMENT_FIELDS,
    AGREEMENT_TABLE,
    EDITABLE_FACT_FIELDS,
    ENTITY_FIELDS,
    ENTITY_TABLE,
    FACT_FIELD,
    FACT_FIELDS,
    FACT_TABLE,
    LIST_FACT_FIELDS,
    OCCASION_FIELDS,
    OCCASION_TABLE,
    REQUIRED_FACT_FIELDS,
    SOURCE_FIELD,
    SOURCE_FIELDS,
    SOURCE_TABLE,
    STEP_FIELD_NAMES,
    STEP_FIELDS,
)
from kzturk.model.records import (
    Agreement,
    Alias,
    Entity,
    Fact,
    Link,
    Occasion,
    Retraction,
    Source,
    SourceRef,
    Step,
    Value,
)
from kzturk.model.shape import fact_shape_problems, source_shape_problems
from kzturk.model.vocabulary import (
    AGREEMENT_FORMS,
    AMOUNT_KINDS,
    BACKGROUND_KINDS,
    CURRENCIES,
    DATE_BASES,
    DATE_QUALIFIERS,
    ENTITY_TYPES,
    FIGURE_KINDS,
    KIND_HELP,
    KINDS,
    MEASURES,
    METRICS,
    OCCASION_KINDS,
    RELATIONS,
    REPORTER_LABELS,
    REPORTERS,
    SECTORS,
    STATUSES,
    STEP_KINDS,
    TRADE_KINDS,
)

__all__ = [
    "AGREEMENT_FIELDS",
    "AGREEMENT_FORMS",
    "AGREEMENT_TABLE",
    "AMOUNT_KINDS",
    "BACKGROUND_KINDS",
    "CURRENCIES",
    "DATE_BASES",
    "DATE_QUALIFIERS",
    "EDITABLE_FACT_FIELDS",
    "ENTITY_FIELDS",
    "ENTITY_TABLE",
    "ENTITY_TYPES",
    "FACT_FIELD",
    "FACT_FIELDS",
    "FACT_TABLE",
    "FIGURE_KINDS",
    "KINDS",
    "KIND_HELP",
    "LIST_FACT_FIELDS",
    "MEASURES",
    "METRICS",
    "OCCASION_FIELDS",
    "OCCASION_KINDS",
    "OCCASION_TABLE",
    "RELATIONS",
    "REPORTERS",
    "REPORTER_LABELS",
    "REQUIRED_FACT_FIELDS",
    "SECTORS",
    "SOURCE_FIELD",
    "SOURCE_FIELDS",
    "SOURCE_TABLE",
    "STATUSES",
    "STEP_FIELDS",
    "STEP_FIELD_NAMES",
    "STEP_KINDS",
    "TRADE_KINDS",
    "Agreement",
    "Alias",
    "Entity",
    "Fact",
    "Field",
    "Link",
    "Occasion",
    "Retraction",
    "Source",
    "SourceRef",
    "Step",
    "Value",
    "fact_date",
    "fact_shape_problems",
    "fact_span",
    "is_archived",
    "normalise_fact_id",
    "source_ids",
    "source_shape_problems",
]


def is_archived(source: Source) -> bool:
    """An archived article (its text kept, quotes verified) rather than a reference page."""
    return bool(source["archive"])


def fact_date(fact: Fact) -> PartialDate | None:
    """The fact's date, or None when the sources leave it undated."""
    return parse_partial_date(fact["date"]) if fact["date"] else None


def fact_span(fact: Fact) -> Span | None:
    """What the fact's date covers, `date` to `date_end` (None when undated)."""
    return span_of(fact["date"], fact["date_end"]) if fact["date"] else None


def source_ids(fact: Fact) -> list[str]:
    """Distinct cited source ids, in citation order."""
    return list(dict.fromkeys(ref["source"] for ref in fact["sources"]))


def normalise_fact_id(value: str) -> str:
    """How a typed fact id is read: 'f101 ' is F101."""
    return value.strip().upper()
