"""Datasette's metadata.json for an export: title, license, source, the description of every
table and column (from the table of fields), the default facets and sort, and the label
column Datasette shows for a row another table points to.

    datasette kzturk.db --metadata metadata.json

Datasette names a database after its file (`kzturk.db` is `kzturk`), so the metadata is
keyed by the stem of the database's file name: rename both together.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kzturk import __version__
from kzturk.export.tables import FTS_TABLE, TABLES, Table

TITLE = "kzturk: Kazakhstan–Turkey relations"
DESCRIPTION = (
    "Dated, sourced claims about Kazakhstan–Turkey relations: agreements, trade figures and "
    "targets, visits, statements and their context, each with the sources that report it "
    "and the verbatim quote from each archived article. Dates are intervals at the "
    "precision the sources give: a fact overlaps a range when date_end >= the range's "
    "first day and date_start <= its last day. Search ignores case and accents."
)
LICENSE = "MIT"
LICENSE_URL = "https://opensource.org/licenses/MIT"


def _table_metadata(table: Table) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "description": table.description,
        "columns": {column.name: column.description for column in table.columns},
    }
    if table.label:
        meta["label_column"] = table.label
    if table.facets:
        meta["facets"] = list(table.facets)
    if table.sort:
        meta["sort"] = table.sort
    if table.name == "facts":
        meta["fts_table"] = FTS_TABLE
        meta["fts_pk"] = "rowid"
    return meta


def datasette_metadata(database: Path, store: Path, counts: dict[str, int]) -> dict[str, Any]:
    """The metadata of the database at `database`, exported from the store at `store`."""
    facts, sources = counts.get("facts", 0), counts.get("sources", 0)
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": f"kzturk {__version__} export of {_shown(store.name)} ({facts:,} facts, "
        f"{sources:,} sources)",
        "databases": {
            _shown(database.stem): {
                "title": TITLE,
                "description": DESCRIPTION,
                "tables": {table.name: _table_metadata(table) for table in TABLES},
            }
        },
    }


def _shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogate escapes,
    which no UTF-8 file can hold) shown as U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def metadata_text(metadata: dict[str, Any]) -> str:
    return json.dumps(metadata, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
