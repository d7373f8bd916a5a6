"""A small curation store for the writing tests: two archived sources (texts beside it), two
facts, the entities their parties name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kzturk.model import FACT_TABLE, SOURCE_FIELDS
from kzturk.store import canonical_text

ALPHA_TEXT = (
    "Astana, 10 May 2022. Kazakhstan and Turkish Aerospace agreed that the ANKA drones will be\n"
    "assembled in Kazakhstan. The presidents announced a joint  energy programme worth\n"
    "160 billion tenge ($295 million). Trade turnover reached $6.3 billion in 2021.\n"
)
BETA_TEXT = (
    "Tokayev visited Ankara in May 2022 — “a new chapter”, he said. Türkiye’s President "
    "Erdoğan greeted him, and the two sides agreed to meet again in 2023.\n"
)


def source(source_id: str, published: str | None) -> dict[str, Any]:
    record: dict[str, Any] = {name: None for name in SOURCE_FIELDS}
    record.update(id=source_id, title=f"{source_id} article", published=published)
    record["archive"] = f"{source_id}.txt"
    return record


def fact(number: int, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {field.name: field.empty for field in FACT_TABLE}
    record.update(id=f"F{number}", **fields)
    return record


ENTITIES = [
    ("kazakhstan", "Kazakhstan", "country", ["Republic of Kazakhstan"]),
    ("turkey", "Turkey", "country", ["Türkiye"]),
    ("tai", "Turkish Aerospace", "company", ["TUSAŞ", "Turkish Aerospace Industries"]),
    ("erdogan", "Recep Tayyip Erdoğan", "person", ["Erdogan"]),
    ("tokayev", "Kassym-Jomart Tokayev", "person", ["Tokayev"]),
]


def entity(entity_id: str, name: str, kind: str, aliases: list[str]) -> dict[str, Any]:
    return {
        "id": entity_id,
        "name": name,
        "type": kind,
        "aliases": [
            {"name": a, "start": None, "end": None, "note": None, "language": None} for a in aliases
        ],
        "note": None,
        "posts": [],
    }


def make_store(folder: Path, *, meta: dict[str, Any] | None = None) -> Path:
    """A valid, canonical store with two sources (archived beside it) and two facts."""
    (folder / "archive").mkdir(exist_ok=True)
    (folder / "archive" / "alpha.txt").write_text(ALPHA_TEXT, encoding="utf-8")
    (folder / "archive" / "beta.txt").write_text(BETA_TEXT, encoding="utf-8")
    data: dict[str, Any] = {
        "sources": {"1": source("alpha", "2022-05-30"), "2": source("beta", "2023")},
        "facts": {
            "101": fact(
                101,
                date="2022-05-10",
                kind="deal",
                status="signed",
                sectors=["defense"],
                summary="Kazakhstan agreed to assemble ANKA drones.",
                parties=["Kazakhstan", "Turkish Aerospace"],
                sources=[
                    {"source": "alpha", "quote": "the ANKA drones will be assembled in Kazakhstan"}
                ],
            ),
            "102": fact(
                102,
                date="2022-05",
                kind="event",
                sectors=["diplomacy"],
                summary="Tokayev visited Ankara.",
                parties=["Kassym-Jomart Tokayev"],
                sources=[{"source": "beta", "quote": "Tokayev visited Ankara in May 2022"}],
            ),
        },
        "entities": {str(n): entity(*e) for n, e in enumerate(ENTITIES, 1)},
    }
    if meta is not None:
        data["meta"] = meta
    path = folder / "facts.json"
    path.write_text(canonical_text(data), encoding="utf-8")
    return path


# A fact `kzturk add` can write to the store make_store() makes.
ADD = (
    "add",
    "--kind",
    "event",
    "--sector",
    "diplomacy",
    "--summary",
    "Erdoğan greeted Tokayev again.",
    "--source",
    "beta",
    "--quote",
    "Türkiye’s President Erdoğan greeted him",
)


def facts_of(path: Path) -> dict[str, Any]:
    """The facts table of a store file, as stored."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["facts"]
    return data


def leftovers(folder: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in folder.rglob("*.tmp"))


def new_fact(**fields: Any) -> dict[str, Any]:
    """Fields of a valid new fact (beta's quote), overridable."""
    base: dict[str, Any] = {
        "kind": "event",
        "sectors": ["diplomacy"],
        "date": "2022-05",
        "summary": "Erdoğan greeted Tokayev in Ankara.",
        "parties": ["Recep Tayyip Erdoğan"],
        "sources": [{"source": "beta", "quote": "Türkiye’s President Erdoğan greeted him"}],
    }
    base.update(fields)
    return base
