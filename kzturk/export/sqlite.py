"""`kzturk export sqlite`: the whole record as one SQLite file, ready for Datasette.

The tables are described in `kzturk.export.tables`. Two things make the file more than a
copy of the JSON:

- **Dates as the CLI reads them.** `date_start` and `date_end` hold the first and last day a
  fact's date covers ('2022' is 2022-01-01 to 2022-12-31; '2022-03-29' with a `date_end` of
  '2022-03-30' two days). The CLI keeps a fact in `--since S --until U` when that interval
  overlaps the range, and the same rule in SQL is::

      date_end >= :since_first_day AND date_start <= :until_last_day

  (undated facts, whose columns are null, fall out of any range, as in the CLI).
- **Search without accents.** `facts_fts` (FTS5) indexes `facts.search_text`: the summary,
  the parties with their entities' other names, the quotes and the notes, folded as
  `kzturk search` folds them, so `erdogan` finds Erdoğan and `igdir` Iğdır.

The file is built whole in a temporary file beside PATH and moved into place (mode 0644),
so a failure leaves no partial file; the same store gives the same bytes (no timestamps,
rows in id order, one fixed sequence of statements). Only the standard library's `sqlite3`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from kzturk.dates import span_of
from kzturk.entities import EntityIndex, entity_index, names_of
from kzturk.errors import StoreError, UsageError
from kzturk.export.datasette import datasette_metadata, metadata_text
from kzturk.export.records import WholeRecord, check_target, exists_message
from kzturk.export.tables import (
    FACTS,
    FTS_COLUMN,
    FTS_TABLE,
    TABLE,
    TABLES,
    Table,
    create_sql,
    fts_sql,
    index_sql,
    insert_sql,
)
from kzturk.model import SECTORS, STEP_FIELD_NAMES, source_ids
from kzturk.model.records import Fact
from kzturk.store.atomic import Job, build_all
from kzturk.store.targets import file_mode, is_same_path
from kzturk.textfold import fold, fold_text

Row = tuple[Any, ...]


class Exported(NamedTuple):
    """What an export wrote: the file and the rows of each table."""

    path: Path
    rows: dict[str, int]
    metadata: Path | None = None


_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _json(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`, byte for byte. The lists of a record (of
    strings, or of flat objects) are written here without the encoder's set-up for each
    value, several times faster; anything else goes to it."""
    if type(value) is list:
        try:  # strings (sectors, parties): encode_basestring refuses anything else
            return "[" + ", ".join(map(encode_basestring, value)) + "]"
        except TypeError:
            pass
        parts = []
        for item in value:
            if type(item) is str:
                parts.append(encode_basestring(item))
            elif type(item) is dict and (text := _flat_object(item)) is not None:
                parts.append(text)
            else:
                return _ENCODE(value)
        return "[" + ", ".join(parts) + "]"
    if type(value) is dict and (text := _flat_object(value)) is not None:
        return text
    return _ENCODE(value)


_INF = float("inf")


def _flat_object(value: dict[Any, Any]) -> str | None:
    """An object of strings, numbers and nulls as JSON; None for anything else."""
    parts = []
    for key, item in value.items():
        kind = type(item)
        if type(key) is not str:
            return None
        if kind is str:
            text = encode_basestring(item)
        elif item is None:
            text = "null"
        elif kind is int:
            text = int.__repr__(item)
        elif kind is float and -_INF < item < _INF:
            text = float.__repr__(item)
        else:
            return None
        parts.append(encode_basestring(key) + ": " + text)
    return "{" + ", ".join(parts) + "}"


class _Stored:
    """The stored fields of a record as its row starts: one `itemgetter` for all of them,
    then lists as JSON text, numbers as floats (SQLite's integers stop at 2**63; the
    store's do not) and a record's fields in the columns it is flattened into."""

    def __init__(self, table: Table) -> None:
        columns = [column for column in table.columns if column.field is not None]
        names = [str(column.field) for column in columns]
        # itemgetter of one name gives the value, of several a tuple: always a tuple here.
        self._get = itemgetter(*names) if len(names) > 1 else lambda r: (r[names[0]],)
        self._json = tuple(n for n, column in enumerate(columns) if column.json)
        self._float = tuple(n for n, column in enumerate(columns) if column.type == "FLOAT")
        self._parts = tuple((n, column.part) for n, column in enumerate(columns) if column.part)

    def __call__(self, record: Any) -> list[Any]:
        row = list(self._get(record))
        for n in self._json:
            if row[n] is not None:
                row[n] = _json(row[n])
        for n in self._float:
            if row[n] is not None:
                row[n] = float(row[n])
        for n, part in self._parts:
            if row[n] is not None:
                row[n] = row[n][part]
        return row


@lru_cache(maxsize=4096)  # a store repeats its dates
def _dates(
    date: str | None, end: str | None, qualifier: str | None = None
) -> tuple[str | None, str | None, str | None]:
    """(first day, last day, EDTF) of a date and its end date; nulls when undated."""
    span = span_of(date, end)
    if span is None:
        return (None, None, None)
    return (span.start.isoformat(), span.end.isoformat(), span.edtf(qualifier))


class _Searchable:
    """The folded text facts_fts indexes, with each party's names folded once."""

    def __init__(self, index: EntityIndex) -> None:
        self._index = index
        self._names: dict[str, str] = {}

    def _party(self, party: str) -> str:
        """The party and its entity's other names, folded, a line each."""
        entity = self._index.find(party)
        given = names_of(entity) if entity is not None else [party]
        if party not in given:
            given = [party, *given]
        names = self._names[party] = "\n".join(fold(name) for name in given)
        return names

    def text(self, fact: Fact) -> str:
        pieces = [fact["summary"]]
        for ref in fact["sources"]:
            if ref["quote"]:
                pieces.append(ref["quote"])
        if fact["date_note"]:
            pieces.append(fact["date_note"])
        if fact["curator_note"]:
            pieces.append(fact["curator_note"])
        folded = [fold_text("\n".join(pieces))]
        names = self._names
        for party in fact["parties"]:
            folded.append(names[party] if party in names else self._party(party))
        return "\n".join(folded)


def _fact_rows(whole: WholeRecord) -> Iterator[Row]:
    index = entity_index(whole.store)
    search = _Searchable(index)
    stored = _Stored(FACTS)
    for fact in whole.facts:
        values = stored(fact)
        first, last, edtf = _dates(fact["date"], fact["date_end"], fact["date_qualifier"])
        values += (len(source_ids(fact)), edtf, first, last, search.text(fact))
        yield tuple(values)


def _record_rows(
    table: Table, records: Sequence[Any], counts: dict[str, int], key: str = "id"
) -> Iterator[Row]:
    """Rows of a table of stored records, then the columns only the export has: how many
    facts refer to the record (`counts` by its `key`), a source's kind, an occasion's days."""
    stored = _Stored(table)
    for record in records:
        row = stored(record)
        row.append(counts.get(record[key], 0))
        if table.name == "sources":
            row.append("archived" if record["archive"] else "reference")
        elif table.name == "occasions":
            row += _dates(record["date"], record["date_end"])[:2]
        yield tuple(row)


def _items(records: Sequence[Any], key: str, owner: str, fields: Sequence[str]) -> Iterator[Row]:
    for record in records:
        for position, item in enumerate(record[key]):
            yield (record[owner], position, *(item[name] for name in fields))


def _rows(whole: WholeRecord) -> dict[str, Iterable[Row]]:
    """Every table's rows, in the order the tables are written."""
    store, facts = whole.store, whole.facts
    index = entity_index(store)
    parties = sorted({party for fact in facts for party in fact["parties"]})
    party_number = {party: number for number, party in enumerate(parties, 1)}
    sector_number = {sector: number for number, sector in enumerate(SECTORS, 1)}
    participants: list[Row] = []
    for occasion in whole.occasions:
        ids = [e["id"] for p in occasion["participants"] if (e := index.resolve(p)) is not None]
        participants += [(entity_id, occasion["id"]) for entity_id in dict.fromkeys(ids)]
    return {
        "sources": _record_rows(TABLE["sources"], whole.sources, whole.source_facts),
        "entities": _record_rows(TABLE["entities"], whole.entities, whole.entity_facts, "name"),
        "occasions": _record_rows(TABLE["occasions"], whole.occasions, whole.occasion_facts),
        "facts": _fact_rows(whole),
        "citations": _items(facts, "sources", "id", ("source", "quote")),
        "values": (
            (fact_id, position, float(amount), currency, unit)
            for fact_id, position, amount, currency, unit in _items(
                facts, "values", "id", ("amount", "currency", "unit")
            )
        ),
        "links": _items(facts, "links", "id", ("relation", "fact", "about")),
        "aliases": _items(
            whole.entities, "aliases", "id", ("name", "start", "end", "note", "language")
        ),
        "posts": (
            (entity_id, position, title, start, end, _json(cited))
            for entity_id, position, title, start, end, cited in _items(
                whole.entities, "posts", "id", ("title", "start", "end", "sources")
            )
        ),
        "sectors": list(enumerate(SECTORS, 1)),
        "facts_sectors": (
            (fact["id"], sector_number[sector])
            for fact in facts
            for sector in dict.fromkeys(fact["sectors"])
        ),
        "parties": [
            (number, party, e["id"] if (e := index.find(party)) is not None else None)
            for party, number in party_number.items()
        ],
        "facts_parties": (
            (fact["id"], party_number[party])
            for fact in facts
            for party in dict.fromkeys(fact["parties"])
        ),
        "entities_occasions": participants,
        **_agreement_rows(whole),
    }


def _agreement_rows(whole: WholeRecord) -> dict[str, Iterable[Row]]:
    """The agreements with today's status, their steps in date order, their facts."""
    from kzturk.agreements import life_on, sorted_steps

    agreements: list[Row] = []
    steps: list[Row] = []
    facts: list[Row] = []
    stored = _Stored(TABLE["agreements"])
    known = {fact["id"] for fact in whole.facts}
    for agreement in whole.agreements:
        life = life_on(agreement)
        since = life.in_force["date"] if life.in_force and not life.ended else None
        signed = life.signed["date"] if life.signed else None
        agreements.append((*stored(agreement), life.status, signed, since))
        for position, step in enumerate(sorted_steps(agreement["steps"])):
            ordered = [step[name] for name in STEP_FIELD_NAMES]  # type: ignore[literal-required]
            values = [_json(v) if isinstance(v, list) else v for v in ordered]
            steps.append((agreement["id"], position, *values, *_dates(step["date"], None)[:2]))
        facts += [(agreement["id"], f) for f in dict.fromkeys(agreement["facts"]) if f in known]
    return {"agreements": agreements, "agreement_steps": steps, "agreements_facts": facts}


def build(connection: sqlite3.Connection, whole: WholeRecord) -> dict[str, int]:
    """Create every table in `connection` and fill it; the rows written, by table."""
    counts: dict[str, int] = {}
    rows = _rows(whole)
    for table in TABLES:
        connection.execute(create_sql(table))
        cursor = connection.executemany(insert_sql(table), rows[table.name])
        counts[table.name] = cursor.rowcount
    for statement in index_sql():
        connection.execute(statement)
    connection.execute(fts_sql())
    connection.execute(
        f"INSERT INTO [{FTS_TABLE}] (rowid, [{FTS_COLUMN}]) "
        f"SELECT rowid, [{FTS_COLUMN}] FROM [{FACTS.name}] ORDER BY rowid"
    )
    connection.execute(f"INSERT INTO [{FTS_TABLE}] ([{FTS_TABLE}]) VALUES ('optimize')")
    return counts


def _fill(temp: Path, whole: WholeRecord, counts: dict[str, int]) -> None:
    connection = sqlite3.connect(temp, isolation_level=None)
    try:
        # The file is not in place until it is whole, so no journal is needed: a failure
        # throws the temporary file away.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA cache_size = -262144")  # KiB: the build stays in memory
        connection.execute("BEGIN")
        counts.update(build(connection, whole))
        connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise StoreError(f"{temp}: cannot build the database: {exc}") from None
    finally:
        connection.close()


def export_sqlite(
    whole: WholeRecord, path: Path, *, metadata: Path | None = None, force: bool = False
) -> Exported:
    """Write the record to a new SQLite database at `path` (see the module docstring) and,
    given `metadata`, Datasette's metadata.json for it there; an existing file is replaced
    only with `force`. Both paths are checked before anything is written."""
    check_target(path, force, whole.store.path, "database")

    def exists(target: Path) -> str | None:
        return None if force else exists_message(target)

    jobs = [Job(path, lambda temp: _fill(temp, whole, counts), file_mode(path), exists(path))]
    if metadata is not None:
        check_target(metadata, force, whole.store.path, "metadata file")
        if is_same_path(metadata, path):
            raise UsageError(f"--metadata {metadata}: is the database's own path")

        def fill_metadata(temp: Path) -> None:
            text = metadata_text(datasette_metadata(path, whole.store.path, counts))
            temp.write_bytes(text.encode("utf-8"))

        jobs.append(Job(metadata, fill_metadata, file_mode(metadata), exists(metadata)))
    counts: dict[str, int] = {}
    build_all(jobs, what="nothing was written")
    return Exported(path, counts, metadata)
