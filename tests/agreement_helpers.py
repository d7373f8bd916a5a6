"""A store with agreements for the agreement tests: the curation store of store_helpers,
plus a reference source and a few agreements whose lives differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from store_helpers import make_store

from kzturk.model import SOURCE_FIELDS, STEP_FIELD_NAMES
from kzturk.store import canonical_text, parse_store_text


def step(kind: str, date: str | None, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {name: None for name in STEP_FIELD_NAMES}
    record.update({"kind": kind, "date": date, "sources": ["page"], **fields})
    return record


def agreement(agreement_id: str, *steps: dict[str, Any], **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": agreement_id,
        "title": f"Agreement {agreement_id}",
        "form": "agreement",
        "parties": ["kazakhstan", "turkey"],
        "facts": [],
        "steps": list(steps),
        "note": None,
    }
    record.update(fields)
    return record


LIVES = [
    agreement(
        "customs",
        step("signed", "2003-05-22", place="Ankara"),
        step("ratified", "2004-05-10", party="kazakhstan", number="No. 549-II"),
        step("ratified", "2004", party="turkey"),
        step("in-force", "2005-03-01"),
        facts=["F101"],
    ),
    agreement(
        "visas-1992",
        step("signed", "1992-03-02", place="Alma-Ata"),
        step("in-force", "1992-03-02"),
        step("superseded", "2001-11-26", agreement="visits-2001"),
    ),
    agreement("visits-2001", step("signed", "2001-11-26", place="Astana")),
    agreement("culture-2018", step("approved", "2018-09-12"), step("signed", "2018")),
]


def agreement_store(folder: Path, agreements: list[dict[str, Any]] | None = None) -> Path:
    """The curation store with the reference page 'page' and the agreements given (LIVES)."""
    path = make_store(folder)
    data = parse_store_text(path.read_bytes(), path)
    page: dict[str, Any] = {name: None for name in SOURCE_FIELDS}
    page.update(
        id="page", title="A legal page", published="2024-01-01", url="https://example.org/a"
    )
    data["sources"]["3"] = page
    chosen = LIVES if agreements is None else agreements
    data["agreements"] = {str(n): a for n, a in enumerate(chosen, 1)}
    path.write_text(canonical_text(data), encoding="utf-8")
    return path
