"""The SQLite tables of `kzturk export sqlite`, as data: names, columns, keys, descriptions.

Named the way sqlite-utils names what it makes, so the file reads like any other Datasette
database: a table per record type (`facts`, `sources`, `entities`, `occasions`,
`agreements`), a table per list inside a record (`citations`, `values`, `links`,
`aliases`, `agreement_steps`), lookup tables with an
integer `id` and a `name` (`sectors`, `parties`) joined to facts by many-to-many tables
named after both (`facts_sectors` with `facts_id` and `sectors_id`; `entities_occasions`),
JSON arrays in list columns (`facts.sectors`, `facts.parties`: Datasette's array facets),
foreign keys declared and indexed (`idx_citations_fact`).

The columns of the record tables follow the table of fields (`kzturk.model.fields`): the
store's fields in output order, with their help as descriptions. One name differs: the
stored `date_end` (the last date of an interval, at its precision) is `date_last`, because
`date_start` and `date_end` are the first and last *day* the date covers, the columns the
CLI's overlap rule reads (see `kzturk.export.sqlite`).
"""

from __future__ import annotations

from typing import NamedTuple

from kzturk.model import fields
from kzturk.model.field import Field

FTS_TABLE = "facts_fts"
FTS_COLUMN = "search_text"
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
RENAMED = {"date_end": "date_last"}
"""Stored fields whose column has another name (see the module docstring)."""


class Column(NamedTuple):
    name: str
    type: str
    """TEXT, INTEGER or FLOAT, as sqlite-utils types str, int and float (JSON is TEXT)."""
    description: str
    references: str | None = None
    """The table whose `id` this column holds (a declared, indexed foreign key)."""
    field: str | None = None
    """The stored field the column holds, when it holds one."""
    part: str | None = None
    """For a record flattened into columns: the record's field this column holds."""
    json: bool = False
    """The value is JSON text (a list or an object)."""


class Table(NamedTuple):
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("id",)
    label: str | None = None
    """The column Datasette shows for a row that another table points to."""
    facets: tuple[str | dict[str, str], ...] = ()
    sort: str | None = None


def _field_columns(field: Field, refs: dict[str, str]) -> tuple[Column, ...]:
    """The columns of a stored field: one of its type (FLOAT for numbers, JSON text for a
    list of words or names); a record flattened into a column per field (`retracted_date`,
    as sqlite-utils' --flatten names them); none for a list of records, a table of its own."""
    name = RENAMED.get(field.name, field.name)
    if field.record is not None:
        if field.many:
            return ()
        return tuple(
            Column(f"{name}_{sub.name}", "TEXT", f"{field.label}: {sub.help}", None, name, sub.name)
            for sub in field.record
        )
    help_ = field.help
    if name != field.name:
        help_ = f"The stored {field.name}: {help_[0].lower()}{help_[1:]}"
    if field.many:
        return (Column(name, "TEXT", f"{help_} (a JSON array)", None, field.name, json=True),)
    kind = "FLOAT" if field.type == "number" else "TEXT"
    return (Column(name, kind, help_, refs.get(field.name), field.name),)


def _stored(table: tuple[Field, ...], refs: dict[str, str] | None = None) -> tuple[Column, ...]:
    by_name = {field.name: field for field in table}
    return tuple(
        column
        for name in fields.output_order(table)
        for column in _field_columns(by_name[name], refs or {})
    )


def _span_columns(what: str) -> tuple[Column, ...]:
    return (
        Column(
            "date_start",
            "TEXT",
            f"The first day {what} date covers (YYYY-MM-DD): '2022' starts on 2022-01-01; "
            "null when undated.",
        ),
        Column(
            "date_end",
            "TEXT",
            f"The last day {what} date covers (YYYY-MM-DD), to the end of date_last if there "
            "is one: '2022' ends on 2022-12-31, '2022-05' on 2022-05-31; null when undated.",
        ),
    )


def _item(field: Field, name: str | None = None, ref: str | None = None) -> Column:
    """A column of a list's item table, from a row of the sub-record's table."""
    kind = "FLOAT" if field.type == "number" else "TEXT"
    return Column(name or field.name, kind, field.help, ref, field.name)


def _owner(name: str, table: str, what: str) -> tuple[Column, ...]:
    return (
        Column(name, "TEXT", f"The {what} this row belongs to.", table),
        Column("position", "INTEGER", "Its place in the list, 0 first (as in the JSON)."),
    )


_BY = {
    field.name: field
    for field in (*fields.CITATION_FIELDS, *fields.VALUE_FIELDS, *fields.LINK_FIELDS)
}
_ALIAS = {field.name: field for field in fields.ALIAS_FIELDS}
_POST = {field.name: field for field in fields.POST_FIELDS}

FACTS = Table(
    "facts",
    "Every fact of the store (context, analysis and retracted ones included), one row each.",
    (
        *_stored(fields.FACT_TABLE, {"occasion": "occasions"}),
        Column("source_count", "INTEGER", "How many distinct sources support the fact."),
        Column(
            "edtf",
            "TEXT",
            "The date in EDTF level 1 ('2022-03-29/2022-03-30', '1991~', '2022-05?').",
        ),
        *_span_columns("the fact's"),
        Column(
            FTS_COLUMN,
            "TEXT",
            "What facts_fts indexes: summary, parties and their entities' other names, quotes "
            "and notes, folded (no case, no accents: 'Erdoğan' is 'erdogan', 'Iğdır' 'igdir').",
        ),
    ),
    label="summary",
    facets=("kind", {"array": "sectors"}, {"array": "parties"}, "status"),
    sort="date_start",
)
SOURCES = Table(
    "sources",
    "The archived articles and reference pages the facts cite.",
    (
        *_stored(fields.SOURCE_TABLE),
        Column("fact_count", "INTEGER", "How many facts cite the source."),
        Column(
            "kind",
            "TEXT",
            "archived (quotes verified against its text) or reference (a page cited by "
            "address and date).",
        ),
    ),
    label="title",
    facets=("kind", "outlet"),
)
ENTITIES = Table(
    "entities",
    "The countries, people, companies, organisations and places the facts name.",
    (
        *_stored(fields.ENTITY_TABLE),
        Column("fact_count", "INTEGER", "How many facts name the entity among their parties."),
    ),
    label="name",
    facets=("type",),
)
OCCASIONS = Table(
    "occasions",
    "Visits, summits and councils that facts belong to.",
    (
        *_stored(fields.OCCASION_TABLE),
        Column("fact_count", "INTEGER", "How many facts belong to the occasion."),
        *_span_columns("the occasion's"),
    ),
    label="name",
    facets=("kind", {"array": "participants"}),
    sort="date_start",
)
CITATIONS = Table(
    "citations",
    "Each source a fact cites, with the verbatim quote that supports it.",
    (
        *_owner("fact", "facts", "fact"),
        _item(_BY["source"], ref="sources"),
        _item(_BY["quote"]),
    ),
    primary_key=("fact", "position"),
)
VALUES = Table(
    "values",
    "The amounts of each fact as the sources give them (quote the name in SQL: [values]).",
    (*_owner("fact", "facts", "fact"), *(_item(field) for field in fields.VALUE_FIELDS)),
    primary_key=("fact", "position"),
    facets=("currency", "unit"),
)
LINKS = Table(
    "links",
    "Links between facts: disagreements, revisions, related facts.",
    (
        *_owner("fact", "facts", "fact that holds the link"),
        _item(_BY["relation"]),
        _item(_BY["fact"], "linked_fact", "facts"),
        _item(_BY["about"]),
    ),
    primary_key=("fact", "position"),
    facets=("relation",),
)
ALIASES = Table(
    "aliases",
    "The other names of each entity, with when they were in use.",
    (*_owner("entity", "entities", "entity"), *(_item(_ALIAS[n]) for n in _ALIAS)),
    primary_key=("entity", "position"),
)
POSTS = Table(
    "posts",
    "The posts each person held, with their dates and the sources that give them.",
    (
        *_owner("entity", "entities", "entity"),
        _item(_POST["title"]),
        _item(_POST["start"]),
        _item(_POST["end"]),
        Column(
            "sources", "TEXT", f"{_POST['sources'].help} (a JSON array)", None, "sources", json=True
        ),
    ),
    primary_key=("entity", "position"),
)
SECTORS = Table(
    "sectors",
    "The sector vocabulary, in its own order.",
    (Column("id", "INTEGER", "The sector's number."), Column("name", "TEXT", "The sector.")),
    label="name",
)
PARTIES = Table(
    "parties",
    "Every party name the facts hold.",
    (
        Column("id", "INTEGER", "The name's number."),
        Column("name", "TEXT", "The party as the facts name it."),
        Column("entity", "TEXT", "The entity of that name or alias; null if none.", "entities"),
    ),
    label="name",
)


def _m2m(left: Table, right: Table, what: str) -> Table:
    """A many-to-many table named the sqlite-utils way: both names, in order, joined."""
    return Table(
        f"{left.name}_{right.name}",
        what,
        tuple(
            Column(f"{side.name}_id", side.columns[0].type, f"A row of {side.name}.", side.name)
            for side in (left, right)
        ),
        primary_key=(f"{left.name}_id", f"{right.name}_id"),
    )


AGREEMENTS = Table(
    "agreements",
    "Kazakhstan–Turkey agreements; their lives are in agreement_steps.",
    (
        *_stored(fields.AGREEMENT_TABLE),
        Column("status", "TEXT", "Its status today, derived from its steps."),
        Column("signed", "TEXT", "The date of its signing step, at its precision."),
        Column("in_force_since", "TEXT", "The date it entered into force, if it still is."),
    ),
    label="title",
    facets=("status", "form"),
    sort="signed",
)
_STEP = {field.name: field for field in fields.STEP_FIELDS}
AGREEMENT_STEPS = Table(
    "agreement_steps",
    "Each step of each agreement's life (signed, ratified, in force, ended), in date order.",
    (
        *_owner("agreement", "agreements", "agreement"),
        *(
            Column(
                "other_agreement" if name == "agreement" else name,
                "TEXT",
                f"{_STEP[name].help}{' (a JSON array)' if _STEP[name].many else ''}",
                {"party": "entities", "agreement": "agreements"}.get(name),
                name,
                json=_STEP[name].many,
            )
            for name in fields.STEP_FIELD_NAMES
        ),
        *_span_columns("the step's"),
    ),
    primary_key=("agreement", "position"),
    facets=("kind", "party"),
    sort="date_start",
)
FACTS_SECTORS = _m2m(FACTS, SECTORS, "The sectors of each fact.")
FACTS_PARTIES = _m2m(FACTS, PARTIES, "The parties of each fact.")
ENTITIES_OCCASIONS = _m2m(ENTITIES, OCCASIONS, "Who took part in each occasion.")
AGREEMENTS_FACTS = _m2m(AGREEMENTS, FACTS, "The facts about each agreement.")

TABLES: tuple[Table, ...] = (
    SOURCES,
    ENTITIES,
    OCCASIONS,
    FACTS,
    CITATIONS,
    VALUES,
    LINKS,
    ALIASES,
    POSTS,
    SECTORS,
    FACTS_SECTORS,
    PARTIES,
    FACTS_PARTIES,
    ENTITIES_OCCASIONS,
    AGREEMENTS,
    AGREEMENT_STEPS,
    AGREEMENTS_FACTS,
)
"""Every table, each after the tables it points to."""
TABLE = {table.name: table for table in TABLES}
EXTRA_INDEXES: tuple[tuple[str, str], ...] = (
    ("facts", "kind"),
    ("facts", "date_start"),
    ("facts", "date_end"),
)


def create_sql(table: Table) -> str:
    """`CREATE TABLE` as sqlite-utils writes it: bracketed names, a single-column primary
    key inline, references inline, a compound primary key last."""
    lines = []
    for column in table.columns:
        line = f"   [{column.name}] {column.type}"
        if table.primary_key == (column.name,):
            line += " PRIMARY KEY"
        if column.references:
            line += f" REFERENCES [{column.references}]([id])"
        lines.append(line)
    if len(table.primary_key) > 1:
        lines.append(f"   PRIMARY KEY ({', '.join(f'[{name}]' for name in table.primary_key)})")
    return f"CREATE TABLE [{table.name}] (\n" + ",\n".join(lines) + "\n)"


def index_sql() -> list[str]:
    """An index on every foreign key (`idx_TABLE_COLUMN`, as sqlite-utils names them) not
    already the start of the primary key, and on the columns the date rule reads."""
    wanted = [
        (table.name, column.name)
        for table in TABLES
        for column in table.columns
        if column.references and table.primary_key[0] != column.name
    ]
    wanted += EXTRA_INDEXES
    return [f"CREATE INDEX [idx_{t}_{c}] ON [{t}] ([{c}])" for t, c in wanted]


def fts_sql() -> str:
    """The full-text table over facts.search_text, as sqlite-utils' enable_fts makes it
    (external content, so Datasette finds it and searches the facts table)."""
    return (
        f"CREATE VIRTUAL TABLE [{FTS_TABLE}] USING FTS5 (\n"
        f"    [{FTS_COLUMN}],\n"
        f"    tokenize='{FTS_TOKENIZER}',\n"
        f"    content=[{FACTS.name}]\n)"
    )


def insert_sql(table: Table) -> str:
    names = ", ".join(f"[{column.name}]" for column in table.columns)
    marks = ", ".join("?" for _ in table.columns)
    return f"INSERT INTO [{table.name}] ({names}) VALUES ({marks})"
