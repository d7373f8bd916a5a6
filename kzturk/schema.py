"""The store's schema as pydantic models: the JSON Schema (`kzturk schema`) and the strict
validation of `kzturk check`. Imported only by those paths: pydantic is slow to import.

The field sets mirror the TypedDicts of `kzturk.model`; tests/test_schema.py keeps them equal.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"

Kind = Literal["deal", "trade", "target", "event", "statement", "context"]
Sector = Literal[
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
]
Status = Literal["signed", "announced", "planned", "proposed", "completed"]
Metric = Literal["turnover", "exports", "imports", "investment"]
Relation = Literal["conflicts", "restates", "revises", "related"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ValueModel(_Strict):
    amount: float = Field(description="A plain number: 295000000, not '295 million'.")
    currency: str | None = Field(description="ISO 4217 code (USD, KZT, TRY), or null for counts.")
    unit: str | None = Field(
        description="What is counted when not money: days, documents, percent."
    )


class SourceRefModel(_Strict):
    source: str = Field(description="Id of a source in the 'sources' table.")
    quote: str = Field(min_length=1, description="Verbatim excerpt of that source's text.")


class LinkModel(_Strict):
    fact: str = Field(description="Id of the linked fact.")
    relation: Relation = Field(
        description="conflicts: sources disagree; restates/revises: a target repeated or changed."
    )


class RetractionModel(_Strict):
    date: str = Field(pattern=DATE_PATTERN, description="When it was retracted.")
    reason: str = Field(min_length=1, description="Why the fact was found wrong.")


class FactModel(_Strict):
    """One dated claim with its sources."""

    id: str = Field(pattern=r"^F\d{3,}$", description="Stable id, 'F' and a number; never reused.")
    date: str | None = Field(
        pattern=DATE_PATTERN,
        description="When it happened or was said: YYYY, YYYY-MM or YYYY-MM-DD; null if undated.",
    )
    date_note: str | None = Field(description="Precision and inference of the date ('early May').")
    kind: Kind = Field(description="deal, trade, target, event, statement or context.")
    sectors: list[Sector] = Field(min_length=1, description="Sectors from the vocabulary.")
    status: Status | None = Field(
        description="For deals: signed, announced, planned, proposed, completed."
    )
    summary: str = Field(min_length=1, description="One neutral sentence.")
    parties: list[str] = Field(description="Countries, companies, organisations, people.")
    values: list[ValueModel] = Field(description="Amounts as given by the sources.")
    sources: list[SourceRefModel] = Field(
        min_length=1, description="Source ids with verbatim quotes."
    )
    metric: Metric | None = Field(description="Trade figures and targets: turnover, exports, ...")
    period: str | None = Field(description="What a figure covers: '2022', '2023-01/2023-09'.")
    direction: str | None = Field(description="'Kazakhstan to Turkey' or 'Turkey to Kazakhstan'.")
    amount_usd: float | None = Field(description="A trade figure or target in US dollars.")
    change_pct: float | None = Field(description="Change on the previous period, in percent.")
    deadline: str | None = Field(description="A target's deadline where one is stated.")
    announced_by: str | None = Field(description="Who set a target.")
    links: list[LinkModel] = Field(description="Links to other facts (disagreements, revisions).")
    retracted: RetractionModel | None = Field(description="Set when the fact was found wrong.")


class SourceModel(_Strict):
    """One article the facts cite."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Short slug.")
    title: str | None = Field(description="The article's own title.")
    outlet: str | None = Field(description="Publisher, only where the text names it.")
    author: str | None = Field(description="Author, only where the text states it.")
    published: str | None = Field(
        pattern=DATE_PATTERN,
        description="Publication date, as precise as the text allows.",
    )
    published_note: str | None = Field(description="How the publication date was established.")
    url: str | None = Field(description="Only if really known; never invented.")
    language_note: str | None = Field(description="E.g. a machine translation.")
    archive: str | None = Field(description="File name of the archived text in kzturk/archive/.")


def store_json_schema() -> dict[str, Any]:
    """JSON Schema of a whole facts.json: two TinyDB tables keyed by document number."""
    fact_schema = FactModel.model_json_schema(ref_template="#/$defs/{model}")
    source_schema = SourceModel.model_json_schema(ref_template="#/$defs/{model}")
    defs: dict[str, Any] = {}
    for schema in (fact_schema, source_schema):
        defs.update(schema.pop("$defs", {}))
    defs["Fact"], defs["Source"] = fact_schema, source_schema

    def table(model: str) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": {"pattern": "^[0-9]+$"},
            "additionalProperties": {"$ref": f"#/$defs/{model}"},
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kzturk facts store",
        "type": "object",
        "properties": {"sources": table("Source"), "facts": table("Fact")},
        "required": ["sources", "facts"],
        "$defs": defs,
    }
