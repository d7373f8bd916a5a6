"""`kzturk export json|jsonl|csv`: the whole record as the listings print it.

The records are the listings' own (`kzturk.render.records`): a fact as `kzturk timeline
--json` prints it, a source as `kzturk sources --json`, and so on. JSON holds every table
in one object (`{"facts": [...], "sources": [...], "entities": [...], "occasions": [...]}`)
or, with a table named, that table's array; JSON Lines and CSV hold one table. In CSV the
columns are those of the listings' CSV, but what they join with '; ' (a quote may contain
'; ') is a JSON array here, so it splits without ambiguity.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from kzturk.entities import entity_index
from kzturk.render import View
from kzturk.render.records import (
    CSV_HEADERS,
    entity_record,
    fact_record,
    occasion_record,
    scalar,
    source_record,
)
from kzturk.render.text import json_safe

if TYPE_CHECKING:
    from kzturk.export.records import WholeRecord


def table_records(whole: WholeRecord, table: str) -> list[dict[str, Any]]:
    """One table's records, as its listing prints them."""
    if table == "facts":
        index = entity_index(whole.store)
        return [fact_record(fact, index) for fact in whole.facts]
    if table == "sources":
        return [source_record(s, whole.source_facts.get(s["id"], 0)) for s in whole.sources]
    if table == "entities":
        return [entity_record(e, whole.entity_facts.get(e["name"], 0)) for e in whole.entities]
    if table == "agreements":
        from kzturk.agreements import life_on
        from kzturk.render.agreement_views import agreement_record

        return [agreement_record(a, life_on(a), None) for a in whole.agreements]
    return [occasion_record(o, whole.occasion_facts.get(o["id"], 0)) for o in whole.occasions]


def _json_cell(value: Any) -> str:
    return json_safe(json.dumps(value, ensure_ascii=False, allow_nan=False))


def csv_flat(header: tuple[str, ...]) -> Any:
    """CSV columns of a record: plain values as the listings' CSV writes them, lists and
    objects as JSON; a fact's citations as two parallel arrays, `sources` and `quotes`."""

    def flat(record: dict[str, Any]) -> dict[str, str]:
        row: dict[str, str] = {}
        for name in header:
            if name == "quotes":
                value: Any = [ref["quote"] for ref in record["sources"]]
            elif name == "sources" and "quotes" in header:
                value = [ref["source"] for ref in record["sources"]]
            else:
                value = record.get(name)
            row[name] = _json_cell(value) if isinstance(value, list | dict) else scalar(value)
        return row

    return flat


def export_view(whole: WholeRecord, table: str | None) -> View:
    """The record, or one table of it (`table`), as the data formats print it."""
    if table is None:
        from kzturk.export.records import RECORD_TABLES

        everything = {name: table_records(whole, name) for name in RECORD_TABLES}
        return View(
            title="The record",
            records=[everything],
            flat=lambda record: {},
            sections=[],
            single=True,
        )
    return View(
        title=f"The record: {table}",
        records=table_records(whole, table),
        flat=csv_flat(CSV_HEADERS[table]),
        sections=[],
        csv_header=CSV_HEADERS[table],
    )
