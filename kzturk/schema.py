"""The store's schema as pydantic models, built from the table of fields: the JSON Schema
(`kzturk schema`) and the strict validation of `kzturk check`.

Imported only by those paths (pydantic is slow to import). Nothing here names a field: each
model is made from its rows in `kzturk.model.fields`, so the schema cannot drift from them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from kzturk.model.field import Field as Row
from kzturk.model.fields import (
    AGREEMENT_TABLE,
    ALIAS_FIELDS,
    CITATION_FIELDS,
    ENTITY_TABLE,
    FACT_TABLE,
    LINK_FIELDS,
    OCCASION_TABLE,
    POST_FIELDS,
    RETRACTION_FIELDS,
    SOURCE_TABLE,
    STEP_FIELDS,
    VALUE_FIELDS,
    output_order,
)

_CONFIG = ConfigDict(extra="forbid", strict=True)

# The model of each table and sub-record, with its name in the JSON Schema's $defs.
_NAMES: dict[tuple[Row, ...], tuple[str, str]] = {
    VALUE_FIELDS: ("ValueModel", "An amount as the sources give it."),
    CITATION_FIELDS: ("SourceRefModel", "A source and the quote from it."),
    LINK_FIELDS: ("LinkModel", "A link to another fact."),
    RETRACTION_FIELDS: ("RetractionModel", "Why and when a fact was found wrong."),
    ALIAS_FIELDS: ("AliasModel", "Another name of an entity, with when it was used."),
    POST_FIELDS: ("PostModel", "A person's post, with its dates and sources."),
    FACT_TABLE: ("FactModel", "One dated claim with its sources."),
    SOURCE_TABLE: ("SourceModel", "One article or page the facts cite."),
    ENTITY_TABLE: ("EntityModel", "A country, person, company, organisation or place."),
    OCCASION_TABLE: ("OccasionModel", "A visit, summit or council that facts belong to."),
    STEP_FIELDS: ("StepModel", "One step of an agreement's life, with its date and sources."),
    AGREEMENT_TABLE: ("AgreementModel", "An agreement and the steps of its life."),
}


def _annotation(row: Row) -> Any:
    base: Any
    if row.record is not None:
        base = model_for(row.record)
    elif row.type == "word":
        base = Literal.__getitem__(tuple(row.vocabulary or ()))
    elif row.type == "number":
        base = float
    else:
        base = str
    if row.many:
        return list[base]
    return base | None if row.nullable else base


def _field(row: Row) -> Any:
    """An optional field has its empty value as default: a record may leave it out (the
    canonical writer does, when it is empty)."""
    options: dict[str, Any] = {"description": row.help}
    if not row.required:
        options["default_factory" if row.many else "default"] = list if row.many else None
    pattern, least, most = row.limits
    if pattern is not None:
        options["pattern"] = pattern
    if least is not None:
        options["min_length"] = least
    if most is not None:
        options["max_length"] = most
    return Field(**options)


@cache
def model_for(table: tuple[Row, ...]) -> type[BaseModel]:
    """The strict pydantic model of a table of fields (cached: one class per table)."""
    name, doc = _NAMES[table]
    rows = {row.name: row for row in table}
    fields: dict[str, Any] = {
        n: (_annotation(rows[n]), _field(rows[n])) for n in output_order(table)
    }
    model: type[BaseModel] = create_model(name, __config__=_CONFIG, __doc__=doc, **fields)
    return model


FactModel = model_for(FACT_TABLE)
SourceModel = model_for(SOURCE_TABLE)
EntityModel = model_for(ENTITY_TABLE)
OccasionModel = model_for(OCCASION_TABLE)
AgreementModel = model_for(AGREEMENT_TABLE)
MODELS = {
    "facts": ("Fact", FactModel),
    "sources": ("Source", SourceModel),
    "entities": ("Entity", EntityModel),
    "occasions": ("Occasion", OccasionModel),
    "agreements": ("Agreement", AgreementModel),
}


def validation_messages(model: type[BaseModel], record: dict[str, Any]) -> list[str]:
    """What `model` finds wrong with `record`, one message per problem ('date_note: String
    should have at most 80 characters'); [] for a valid record."""
    from pydantic import ValidationError

    try:
        model.model_validate(record)
    except ValidationError as exc:
        return [
            f"{'.'.join(str(p) for p in error['loc']) or 'record'}: {error['msg']}"
            for error in exc.errors()
        ]
    return []


def store_json_schema() -> dict[str, Any]:
    """JSON Schema of a whole facts.json: TinyDB tables keyed by document number."""
    defs: dict[str, Any] = {}
    for name, model in MODELS.values():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[name] = schema
    defs["Meta"] = {
        "type": "object",
        "properties": {
            "last_fact_number": {
                "type": "integer",
                "minimum": 0,
                "description": "The highest fact number ever given out; ids are never reused.",
            }
        },
    }

    def table(model: str) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": "^(0|[1-9][0-9]*)$"},
            "additionalProperties": {"$ref": f"#/$defs/{model}"},
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kzturk facts store",
        "type": "object",
        "properties": {
            **{table_name: table(name) for table_name, (name, _) in MODELS.items()},
            "meta": table("Meta"),
        },
        "required": ["sources", "facts"],
        "$defs": defs,
    }
