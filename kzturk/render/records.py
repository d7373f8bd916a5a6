"""The JSON and CSV contract: the records every data format prints.

These are the documented output (README, "JSON output"): fields are added, never renamed
or removed. A fact record is every stored field in the table's order, then the output-only
ones; CSV flattens the same record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzturk.model import FACT_FIELDS, SOURCE_FIELDS, Fact, Source
from kzturk.query import source_count
from kzturk.render.text import clean_text, join

if TYPE_CHECKING:  # kzturk.analysis is imported by the commands that need it
    from kzturk.analysis import Conflict, TargetProgress


def fact_record(fact: Fact) -> dict[str, Any]:
    """A fact with every stored field (null where unknown) plus `source_count`."""
    record: dict[str, Any] = {name: fact[name] for name in FACT_FIELDS}  # type: ignore[literal-required]
    record["source_count"] = source_count(fact)
    return record


def source_record(source: Source, fact_count: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: source[name] for name in SOURCE_FIELDS}  # type: ignore[literal-required]
    record["fact_count"] = fact_count
    return record


def scalar(value: Any) -> str:
    """One CSV or table cell of a plain value."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


# CSV columns of a fact: the stored fields, the quotes beside the source ids, the count last.
FACT_CSV_HEADER = (
    *(
        name
        for field in FACT_FIELDS
        for name in ((field, "quotes") if field == "sources" else (field,))
    ),
    "source_count",
)
SOURCE_CSV_HEADER = (*SOURCE_FIELDS, "fact_count")


def flat_fact(record: dict[str, Any]) -> dict[str, str]:
    """CSV columns of a fact: lists joined with '; ', quotes in their own column."""
    lists = {
        "sectors": join(record["sectors"]),
        "parties": join(record["parties"]),
        "values": join(
            [
                " ".join(scalar(part) for part in (v["amount"], v["currency"], v["unit"]) if part)
                for v in record["values"]
            ]
        ),
        "sources": join([ref["source"] for ref in record["sources"]]),
        "links": join([f"{link['relation']} {link['fact']}" for link in record["links"]]),
        "quotes": join([ref["quote"] for ref in record["sources"]]),
        "retracted": (
            f"{record['retracted']['date']}: {record['retracted']['reason']}"
            if record["retracted"]
            else ""
        ),
    }
    return {
        name: lists[name] if name in lists else scalar(record[name]) for name in FACT_CSV_HEADER
    }


def flat_plain(record: dict[str, Any]) -> dict[str, str]:
    return {key: scalar(value) for key, value in record.items()}


def target_record(row: TargetProgress) -> dict[str, Any]:
    """A target's fact record plus `progress` (documented in the README)."""
    record = fact_record(row.target)
    record["progress"] = {
        "previous_target": row.previous["id"] if row.previous else None,
        "change": row.change,
        "latest_actual": row.actual["id"] if row.actual else None,
        "latest_actual_usd": row.actual["amount_usd"] if row.actual else None,
        "latest_actual_period": (row.actual["period"] or row.actual["date"])
        if row.actual
        else None,
        "progress_pct": row.progress_pct,
    }
    return record


def conflict_record(conflict: Conflict, sources: dict[str, Source]) -> dict[str, Any]:
    """One disagreement: how it was found, what it is about, and every version with its
    source, publication date and verbatim quote."""
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
                f"{v['fact']} [{v['source']}, {v['published']}]: {v['quote']}"
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
