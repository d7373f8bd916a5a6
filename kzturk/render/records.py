"""The JSON and CSV contract: the records every data format prints.

These are the documented output (README, "JSON output"): fields are added, never renamed
or removed. A fact record is every stored field (the first format's in the table's order,
then those added since), then the output-only ones; CSV flattens the same record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kzturk.model import (
    AGREEMENT_FIELDS,
    ENTITY_FIELDS,
    FACT_FIELDS,
    OCCASION_FIELDS,
    SOURCE_FIELDS,
    Entity,
    Fact,
    Occasion,
    Source,
    fact_span,
    is_archived,
)
from kzturk.query import source_count
from kzturk.render.text import clean_text, join, post_text

if TYPE_CHECKING:  # kzturk.analysis is imported by the commands that need it
    from kzturk.analysis import Conflict, TargetProgress
    from kzturk.entities import EntityIndex

FACT_OUTPUT_ONLY = ("source_count", "edtf", "party_ids")


def edtf(fact: Fact) -> str | None:
    """The fact's date in EDTF level 1 ('2022-03-29/2022-03-30', '1991~', '2022-05?')."""
    span = fact_span(fact)
    return span.edtf(fact["date_qualifier"]) if span else None


def fact_record(fact: Fact, index: EntityIndex | None = None) -> dict[str, Any]:
    """A fact with every stored field (null where unknown) plus `source_count`, `edtf` and
    `party_ids` (the entity id of each party, null for one that is no entity)."""
    record: dict[str, Any] = {name: fact[name] for name in FACT_FIELDS}  # type: ignore[literal-required]
    record["source_count"] = source_count(fact)
    record["edtf"] = edtf(fact)
    if index is None:
        record["party_ids"] = [None for _ in fact["parties"]]
    else:
        record["party_ids"] = [
            entity["id"] if (entity := index.find(p)) is not None else None for p in fact["parties"]
        ]
    return record


def source_record(source: Source, fact_count: int) -> dict[str, Any]:
    """A source plus `fact_count` and `kind`: 'archived' (quotes verified against its text)
    or 'reference' (a page cited by address and date)."""
    record: dict[str, Any] = {name: source[name] for name in SOURCE_FIELDS}  # type: ignore[literal-required]
    record["fact_count"] = fact_count
    record["kind"] = "archived" if is_archived(source) else "reference"
    return record


def entity_record(entity: Entity, fact_count: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: entity[name] for name in ENTITY_FIELDS}  # type: ignore[literal-required]
    record["fact_count"] = fact_count
    return record


def occasion_record(occasion: Occasion, fact_count: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: occasion[name] for name in OCCASION_FIELDS}  # type: ignore[literal-required]
    record["fact_count"] = fact_count
    return record


def scalar(value: Any) -> str:
    """One CSV or table cell of a plain value."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


# CSV columns of a fact: the stored fields, the quotes beside the source ids, then the
# output-only ones.
FACT_CSV_HEADER = (
    *(
        name
        for field in FACT_FIELDS
        for name in ((field, "quotes") if field == "sources" else (field,))
    ),
    *FACT_OUTPUT_ONLY,
)
SOURCE_CSV_HEADER = (*SOURCE_FIELDS, "fact_count", "kind")
ENTITY_CSV_HEADER = (*ENTITY_FIELDS, "fact_count")
OCCASION_CSV_HEADER = (*OCCASION_FIELDS, "fact_count")
AGREEMENT_DERIVED = (
    "status",
    "in_force",
    "signed",
    "signed_place",
    "ratified",
    "in_force_since",
    "ended",
    "as_of",
)
"""What an agreement's JSON record adds to its stored fields (kzturk help agreements)."""
AGREEMENT_CSV_HEADER = (*AGREEMENT_FIELDS, *AGREEMENT_DERIVED)
CSV_HEADERS = {
    "facts": FACT_CSV_HEADER,
    "sources": SOURCE_CSV_HEADER,
    "entities": ENTITY_CSV_HEADER,
    "occasions": OCCASION_CSV_HEADER,
    "agreements": AGREEMENT_CSV_HEADER,
}
"""The CSV columns of each record table, as its listing prints them."""


def _link_text(link: Mapping[str, Any]) -> str:
    about = f" ({link['about']})" if link.get("about") else ""
    return f"{link['relation']} {link['fact']}{about}"


def flat_fact(record: dict[str, Any]) -> dict[str, str]:
    """CSV columns of a fact: lists joined with '; ', quotes in their own column."""
    lists = {
        "sectors": join(record["sectors"]),
        "parties": join(record["parties"]),
        "party_ids": join([p or "" for p in record["party_ids"]]),
        "values": join(
            [
                " ".join(scalar(part) for part in (v["amount"], v["currency"], v["unit"]) if part)
                for v in record["values"]
            ]
        ),
        "sources": join([ref["source"] for ref in record["sources"]]),
        "links": join([_link_text(link) for link in record["links"]]),
        "quotes": join([ref["quote"] or "" for ref in record["sources"]]),
        "retracted": (
            f"{record['retracted']['date']}: {record['retracted']['reason']}"
            if record["retracted"]
            else ""
        ),
    }
    return {
        name: lists[name] if name in lists else scalar(record.get(name)) for name in FACT_CSV_HEADER
    }


def flat_plain(record: dict[str, Any]) -> dict[str, str]:
    """CSV columns of a flat record; lists joined with '; ' (aliases by name, posts with
    their dates)."""
    flat = {}
    for key, value in record.items():
        if isinstance(value, list):
            value = join(
                [
                    (item["name"] if "name" in item else post_text(item))
                    if isinstance(item, dict)
                    else str(item)
                    for item in value
                ]
            )
            flat[key] = value
        else:
            flat[key] = scalar(value)
    return flat


def target_record(row: TargetProgress, index: EntityIndex | None = None) -> dict[str, Any]:
    """A target's fact record plus `progress` (documented in the README)."""
    record = fact_record(row.target, index)
    record["progress"] = {
        "previous_target": row.previous["id"] if row.previous else None,
        "change": row.change,
        "latest_actual": row.actual["id"] if row.actual else None,
        "latest_actual_usd": row.actual["amount_usd"] if row.actual else None,
        "latest_actual_period": (row.actual["period"] or row.actual["date"])
        if row.actual
        else None,
        "progress_pct": row.progress_pct,
        "actual_year": row.year,
        "actual_reporter": row.actual["reporter"] if row.actual else None,
    }
    return record


def conflict_record(conflict: Conflict, sources: dict[str, Source]) -> dict[str, Any]:
    """One disagreement: how it was found, what is disputed, and every version with its
    date label, source, publication date and quote (none for a reference page)."""
    versions = []
    for fact in conflict.facts:
        for ref in fact["sources"]:
            source = sources.get(ref["source"])
            versions.append(
                {
                    "fact": fact["id"],
                    "date": fact["date"],
                    "date_note": fact["date_note"],
                    "summary": fact["summary"],
                    "amount_usd": fact["amount_usd"],
                    "source": ref["source"],
                    "title": source["title"] if source else None,
                    "published": source["published"] if source else None,
                    "quote": ref["quote"],
                    "edtf": edtf(fact),
                    "url": source["url"] if source else None,
                    "outlet": source["outlet"] if source else None,
                }
            )
    return {
        "how": conflict.how,
        "about": conflict.about,
        "facts": [f["id"] for f in conflict.facts],
        "versions": versions,
    }


CONFLICT_CSV_HEADER = ("how", "about", "facts", "versions")


def flat_conflict(record: dict[str, Any]) -> dict[str, str]:
    return {
        "how": record["how"],
        "about": clean_text(record["about"]),
        "facts": join(record["facts"]),
        "versions": join(
            [
                f"{v['fact']} [{v['source']}, {v['published']}]: {v['quote'] or v['url'] or ''}"
                for v in record["versions"]
            ]
        ),
    }


def citation_records(fact: Fact, sources: dict[str, Source]) -> list[dict[str, Any]]:
    """`kzturk cite --style json`: each cited source with the fact id and the quote."""
    return [
        {"fact": fact["id"], "source": dict(sources[ref["source"]]), "quote": ref["quote"]}
        for ref in fact["sources"]
        if ref["source"] in sources
    ]
