"""The whole record, every table in id order, with the counts the listings print.

`kzturk export json|jsonl|csv` prints these records as the listings do (the JSON records of
`kzturk.render.records`): this module chooses and orders them, the render layer turns them
into records. Nothing is left out: context, analysis and retracted facts are all here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from kzturk.entities import party_counts
from kzturk.errors import UsageError
from kzturk.model import Agreement, Entity, Fact, Occasion, Source
from kzturk.model.fields import TABLES
from kzturk.query import citation_counts, id_key, occasion_counts
from kzturk.store.loaded import Store
from kzturk.store.targets import file_mode, is_same_path

RECORD_TABLES: tuple[str, ...] = tuple(TABLES)
"""The tables of the record, in the order exports write them: facts, sources, entities,
occasions, agreements."""


class WholeRecord(NamedTuple):
    """Every record of a store, facts in number order and the rest by id, with how many
    facts cite each source, name each entity and belong to each occasion."""

    store: Store
    facts: list[Fact]
    sources: list[Source]
    entities: list[Entity]
    occasions: list[Occasion]
    source_facts: dict[str, int]
    entity_facts: dict[str, int]
    """By entity name: the name the facts' parties hold."""
    occasion_facts: dict[str, int]
    agreements: list[Agreement]


def whole_record(store: Store) -> WholeRecord:
    """The store's records in the order every export writes them."""
    return WholeRecord(
        store=store,
        facts=sorted(store.facts, key=lambda fact: id_key(fact["id"])),
        sources=[store.sources[key] for key in sorted(store.sources)],
        entities=[store.entities[key] for key in sorted(store.entities)],
        occasions=[store.occasions[key] for key in sorted(store.occasions)],
        source_facts=dict(citation_counts(store.facts)),
        entity_facts=party_counts(store),
        occasion_facts=occasion_counts(store),
        agreements=[store.agreements[key] for key in sorted(store.agreements)],
    )


def record_table(given: str | None, default: str | None = "facts") -> str | None:
    """The table named by --table (case-insensitive), `default` when none is given; an
    unknown name is a usage error listing the tables."""
    if given is None:
        return default
    name = given.strip().casefold()
    if name not in RECORD_TABLES:
        raise UsageError(f"--table: unknown table {given!r}. Valid: {', '.join(RECORD_TABLES)}")
    return name


def exists_message(path: Path) -> str:
    return f"{path}: already exists; pass --force to replace it"


def check_target(path: Path, force: bool, store: Path, what: str = "file") -> Path:
    """Where an export may go: a folder that exists, not the store itself, and not an
    existing file unless `force`. A UsageError says what to do otherwise."""
    if path.is_dir():
        raise UsageError(f"{path}: is a directory; give the path of the {what} to write")
    if not path.parent.is_dir():
        raise UsageError(f"{path}: folder {path.parent} does not exist")
    if is_same_path(path, store):
        raise UsageError(f"{path}: is the store being exported; choose another path")
    if os.path.lexists(path) and not force:
        raise UsageError(exists_message(path))
    return path


def write_output(path: Path, text: str, store: Path, *, force: bool = True) -> None:
    """Write an export's text to `path` whole (a temporary file moved into place, mode
    0644); not over the store, and over an existing file only with `force`."""
    from kzturk.store.atomic import build_atomic

    check_target(path, force, store)

    content = text.encode("utf-8")

    def fill(temp: Path) -> None:
        temp.write_bytes(content)

    build_atomic(
        path,
        fill,
        mode=file_mode(path),
        what="nothing was written",
        exists_error=None if force else exists_message(path),
    )
