"""A store as the lookups see it: every record checked for shape, indexed by id.

TinyDB reads the file through a storage that never writes (TinyDB's own JSONStorage creates
missing files and would treat an empty file as an empty database).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage

from kzturk.errors import StoreError
from kzturk.model import Fact, Source, fact_shape_problems, source_shape_problems
from kzturk.store.files import parse_store_file, require_regular_file


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads strictly, once, and never writes."""

    def __init__(self, path: str) -> None:
        self._path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]]:
        """The parsed file, read once: TinyDB reads the storage again for every table it
        opens, and the file cannot change under a read-only storage."""
        if self._data is None:
            self._data = parse_store_file(self._path)
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(f"{self._path}: opened read-only")


class Store:
    """All sources and facts of one file, validated. (A plain class, not a dataclass: a
    dataclass costs about a millisecond to define, at every start of the command line.)"""

    __slots__ = ("_by_id", "facts", "path", "sources")

    def __init__(
        self,
        path: Path,
        sources: dict[str, Source],
        facts: list[Fact],
        _by_id: dict[str, Fact] | None = None,
    ) -> None:
        self.path = path
        self.sources = sources
        self.facts = facts
        self._by_id = {f["id"]: f for f in facts} if _by_id is None else _by_id

    def __repr__(self) -> str:
        return f"Store(path={self.path!r}, {len(self.sources)} sources, {len(self.facts)} facts)"

    def fact(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)


def store_from_tables(tables: dict[str, dict[str, Any]], path: Path) -> Store:
    """The records of parsed tables, shape-checked; a StoreError with the first problem."""
    problems: list[str] = []
    sources: dict[str, Source] = {}
    for doc_id, row in tables["sources"].items():
        record = cast(dict[str, object], row)
        shape = source_shape_problems(record)
        if shape:
            where = f"source {record.get('id', '?')} (sources/{doc_id})"
            problems += [f"{where}: {p}" for p in shape]
        if isinstance(record.get("id"), str):
            if record["id"] in sources:
                problems.append(f"source {record['id']} (sources/{doc_id}): duplicate source id")
            sources[cast(str, record["id"])] = cast(Source, row)
    facts: list[Fact] = []
    by_id: dict[str, Fact] = {}
    for doc_id, row in tables["facts"].items():
        record = cast(dict[str, object], row)
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
    return Store(path=path, sources=sources, facts=facts, _by_id=by_id)


def load_store(path: Path) -> Store:
    """Read and validate a store; raise StoreError with the path and the first problem."""
    require_regular_file(path)
    with TinyDB(str(path), storage=ReadOnlyJSONStorage) as db:
        # The tables as the storage parsed them, keyed by document id: `Table.all()` would
        # copy every record into a `Document` (0.4 s for 100,000 facts) for a `doc_id` that
        # only error messages use.
        tables = db.storage.read()
    return store_from_tables(tables, path)
