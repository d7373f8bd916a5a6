"""A store as the lookups see it: every record checked for shape, indexed by id.

TinyDB reads the file through a storage that never writes (`kzturk.store.readonly`); a store
read and checked before, unchanged since, comes from the lookup cache (`kzturk.store.cache`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from kzturk.errors import StoreError
from kzturk.model import FACT_TABLE, Agreement, Entity, Fact, Occasion, Source
from kzturk.model.fields import TABLES
from kzturk.model.shape import SHAPE_PROBLEMS, fact_shape_problems, upgrade_record
from kzturk.store.cache import StoreKey, cacheable, read_cached, store_key, write_cached
from kzturk.store.files import require_regular_file


class Store:
    """All records of one file, validated. (A plain class, not a dataclass: a dataclass
    costs about a millisecond to define, at every start of the command line.)"""

    __slots__ = (
        "_by_id",
        "agreements",
        "derived",
        "entities",
        "facts",
        "occasions",
        "path",
        "sources",
    )

    def __init__(
        self,
        path: Path,
        sources: dict[str, Source],
        facts: list[Fact],
        _by_id: dict[str, Fact] | None = None,
        entities: dict[str, Entity] | None = None,
        occasions: dict[str, Occasion] | None = None,
        agreements: dict[str, Agreement] | None = None,
    ) -> None:
        self.path = path
        self.sources = sources
        self.facts = facts
        self.entities = entities or {}
        self.occasions = occasions or {}
        self.agreements = agreements or {}
        self._by_id = {f["id"]: f for f in facts} if _by_id is None else _by_id
        self.derived: dict[str, Any] = {}
        """Indexes built from the records when a command first needs them (entity names)."""

    def __repr__(self) -> str:
        return f"Store(path={self.path!r}, {len(self.sources)} sources, {len(self.facts)} facts)"

    def fact(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)


def _records_by_id(
    tables: dict[str, dict[str, Any]], table: str, problems: list[str]
) -> dict[str, Any]:
    """A table's records by id, shape-checked (a table a store may lack is empty)."""
    what = table.removesuffix("s").replace("entitie", "entity")
    shape_problems = SHAPE_PROBLEMS[table]
    records: dict[str, Any] = {}
    for doc_id, row in (tables.get(table) or {}).items():
        record = cast(dict[str, object], row)
        if isinstance(record, dict):
            upgrade_record(record, TABLES[table])
        shape = shape_problems(record)
        if shape and upgrade_record(record, TABLES[table]):  # written before a field was added
            shape = shape_problems(record)
        if shape:
            where = f"{what} {record.get('id', '?')} ({table}/{doc_id})"
            problems += [f"{where}: {p}" for p in shape]
        if isinstance(record.get("id"), str):
            if record["id"] in records:
                problems.append(f"{what} {record['id']} ({table}/{doc_id}): duplicate {what} id")
            records[cast(str, record["id"])] = row
    return records


def store_from_tables(
    tables: dict[str, dict[str, Any]], path: Path, *, checked: bool = False
) -> Store:
    """The records of parsed tables, shape-checked; a StoreError with the first problem.
    Records of an older format gain the fields added since, empty. `checked`: tables this
    loader has checked before (the lookup cache's), only indexed."""
    if checked:
        return _indexed(tables, path)
    problems: list[str] = []
    sources: dict[str, Source] = _records_by_id(tables, "sources", problems)
    entities: dict[str, Entity] = _records_by_id(tables, "entities", problems)
    occasions: dict[str, Occasion] = _records_by_id(tables, "occasions", problems)
    agreements: dict[str, Agreement] = _records_by_id(tables, "agreements", problems)
    facts: list[Fact] = []
    by_id: dict[str, Fact] = {}
    for doc_id, row in tables["facts"].items():
        record = cast(dict[str, object], row)
        if isinstance(record, dict):
            upgrade_record(record, FACT_TABLE)
        shape = fact_shape_problems(record)
        if shape:
            where = f"fact {record.get('id', '?')} (facts/{doc_id})"
            problems += [f"{where}: {p}" for p in shape]
            continue
        fact = cast(Fact, row)
        if fact["id"] in by_id:
            problems.append(f"fact {fact['id']} (facts/{doc_id}): duplicate fact id")
        for ref in fact["sources"]:
            if ref["source"] not in sources:
                problems.append(
                    f"fact {fact['id']} (facts/{doc_id}): cites source {ref['source']!r}, "
                    "which is not in the store"
                )
        by_id[fact["id"]] = fact
        facts.append(fact)
    if problems:
        more = f" (and {len(problems) - 1} more; run 'kzturk check')" if len(problems) > 1 else ""
        raise StoreError(f"{path}: {problems[0]}{more}")
    return Store(path, sources, facts, by_id, entities, occasions, agreements)


def _indexed(tables: dict[str, dict[str, Any]], path: Path) -> Store:
    def by_id(table: str) -> dict[str, Any]:
        return {row["id"]: row for row in (tables.get(table) or {}).values()}

    facts = list(tables["facts"].values())
    return Store(
        path,
        by_id("sources"),
        facts,
        None,
        by_id("entities"),
        by_id("occasions"),
        by_id("agreements"),
    )


def load_store(path: Path) -> Store:
    """Read and validate a store; raise StoreError with the path and the first problem."""
    status = require_regular_file(path)
    caching = cacheable(status)
    cached = read_cached(path, status) if caching else None
    if cached is not None:
        return store_from_tables(cached, path, checked=True)
    from tinydb import TinyDB

    from kzturk.store.readonly import ReadOnlyJSONStorage

    # The copy is filed under the key of the very bytes parsed (hashed before they are
    # dropped), so an edit made since the look above is never cached under the old key.
    keys: list[StoreKey] = []
    on_bytes = (lambda raw: keys.append(store_key(raw))) if caching else None
    with TinyDB(str(path), storage=ReadOnlyJSONStorage, on_bytes=on_bytes) as db:
        # The tables as the storage parsed them, keyed by document id: `Table.all()` would
        # copy every record into a `Document` (0.4 s for 100,000 facts) for a `doc_id` that
        # only error messages use.
        tables = db.storage.read()
    store = store_from_tables(tables, path)  # upgrades older records in place
    if keys:
        write_cached(path, status, tables, keys[0])
    return store
