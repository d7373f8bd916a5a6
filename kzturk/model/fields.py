"""The table of fields: one row per field of every record the store holds.

A row (`kzturk.model.field.Field`) says what a field is (its value type, vocabulary, which
kinds of fact it applies to and is required for), how people see it (label, help) and how
curators give it (option, metavar, example). Everything that spells a field out reads this
table: the load-time shape check (`kzturk.model.shape`), the JSON Schema and `kzturk check`
(`kzturk.schema`, `kzturk.check`), cleaning what a curator typed (`kzturk.curate.clean`),
the options and prompts of the writing commands (`kzturk.cli.fact_options`,
`kzturk.cli.prompts`), and the detail views. A test keeps the table equal to the TypedDicts
of `kzturk.model.records` and to `kzturk schema`.

The facts' rows are in `kzturk.model.fact_fields`; the sources', entities' and occasions'
are here. Output keeps the fields of the store's first format first, in the table's order,
and appends the ones `added` since, so JSON and CSV only ever gain fields at the end.
"""

from kzturk.model.fact_fields import (
    CITATION_FIELDS,
    FACT_TABLE,
    LINK_FIELDS,
    RETRACTION_FIELDS,
    VALUE_FIELDS,
)
from kzturk.model.field import Field
from kzturk.model.vocabulary import ENTITY_TYPES, OCCASION_KINDS

SOURCE_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        required=True,
        label="ID",
        help="Short slug: lower-case letters, digits, hyphens.",
        option="--id",
        metavar="ID",
    ),
    Field(
        "title",
        "text",
        label="Title",
        help="The article's or page's own title.",
        option="--title",
        metavar="TEXT",
    ),
    Field(
        "outlet",
        "text",
        label="Outlet",
        help="Publisher, only where the source names it.",
        option="--outlet",
        metavar="TEXT",
    ),
    Field(
        "author",
        "text",
        label="Author",
        help="Author, only where the source states it.",
        option="--author",
        metavar="TEXT",
    ),
    Field(
        "published",
        "date",
        label="Published",
        help="Publication date, as precise as the source allows: YYYY, YYYY-MM, YYYY-MM-DD "
        "(required for a reference page).",
        option="--published",
        metavar="DATE",
    ),
    Field(
        "published_note",
        "text",
        label="Published note",
        help="How the publication date was established.",
        option="--published-note",
        metavar="TEXT",
    ),
    Field(
        "url",
        "url",
        label="URL",
        help="The page's exact address, only if really known; required for a reference page.",
        option="--url",
        metavar="URL",
    ),
    Field(
        "language_note",
        "text",
        label="Language note",
        help="E.g. a machine translation, or the page's language.",
        option="--language-note",
        metavar="TEXT",
    ),
    Field(
        "archive",
        "file",
        label="Archive",
        help="File name of the archived text its quotes are checked against; null for a "
        "reference page (cited, not copied).",
    ),
)

ALIAS_FIELDS: tuple[Field, ...] = (
    Field("name", "text", required=True, label="Name", help="Another name of the entity."),
    Field("start", "date", label="From", help="When the name came into use, if only for a time."),
    Field("end", "date", label="Until", help="When the name went out of use."),
    Field("note", "text", label="Note", help="Why or where the name was used."),
)
ENTITY_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        required=True,
        label="ID",
        help="Short stable slug ('tai', 'astana'); never reused.",
        option="--id",
        metavar="ID",
    ),
    Field(
        "name",
        "text",
        required=True,
        label="Name",
        help="The canonical name, the one facts' parties hold.",
        option="--name",
        metavar="NAME",
    ),
    Field(
        "type",
        "word",
        required=True,
        vocabulary=ENTITY_TYPES,
        label="Type",
        help="What the entity is.",
        option="--type",
        metavar="TYPE",
    ),
    Field(
        "aliases",
        "record",
        many=True,
        record=ALIAS_FIELDS,
        label="Aliases",
        help="Other names, each with the dates it was in use where only for a time.",
        option="--alias",
        metavar="NAME[@START/END]",
        example="Nur-Sultan@2019-03-20/2022-09-17",
    ),
    Field("note", "text", label="Note", help="Who or what it is.", option="--note", metavar="TEXT"),
)
OCCASION_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        required=True,
        label="ID",
        help="Short stable slug ('2022-05-tokayev-turkey').",
        option="--id",
        metavar="ID",
    ),
    Field(
        "name",
        "text",
        required=True,
        label="Name",
        help="What it was ('Tokayev's official visit to Ankara').",
        option="--name",
        metavar="TEXT",
    ),
    Field(
        "kind",
        "word",
        required=True,
        vocabulary=OCCASION_KINDS,
        label="Kind",
        help="What kind of occasion.",
        option="--kind",
        metavar="KIND",
    ),
    Field(
        "date",
        "date",
        required=True,
        label="Date",
        help="When it began, at its real precision.",
        option="--date",
        metavar="DATE",
    ),
    Field(
        "date_end",
        "date",
        label="Date end",
        help="When it ended, for an occasion of several days.",
        option="--date-end",
        metavar="DATE",
    ),
    Field(
        "place", "text", label="Place", help="Where it was held.", option="--place", metavar="TEXT"
    ),
    Field(
        "participants",
        "ref",
        many=True,
        ref="entities",
        label="Participants",
        help="Who took part: entity ids (or names).",
        option="--participant",
        metavar="ENTITY",
    ),
    Field(
        "note",
        "text",
        label="Note",
        help="What the occasion's facts share, said once.",
        option="--note",
        metavar="TEXT",
    ),
)

TABLES: dict[str, tuple[Field, ...]] = {
    "facts": FACT_TABLE,
    "sources": SOURCE_TABLE,
    "entities": ENTITY_TABLE,
    "occasions": OCCASION_TABLE,
}


def output_order(table: tuple[Field, ...]) -> tuple[str, ...]:
    """The field names as records are printed: the first format's, then those added."""
    return tuple(f.name for f in table if not f.added) + tuple(f.name for f in table if f.added)


FACT_FIELDS: tuple[str, ...] = output_order(FACT_TABLE)
SOURCE_FIELDS: tuple[str, ...] = output_order(SOURCE_TABLE)
ENTITY_FIELDS: tuple[str, ...] = output_order(ENTITY_TABLE)
OCCASION_FIELDS: tuple[str, ...] = output_order(OCCASION_TABLE)
FACT_FIELD = {field.name: field for field in FACT_TABLE}
SOURCE_FIELD = {field.name: field for field in SOURCE_TABLE}
EDITABLE_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_TABLE if f.editable)
LIST_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_TABLE if f.many)
REQUIRED_FACT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FACT_TABLE if f.editable and (f.required or f.min_items)
)

__all__ = [
    "ALIAS_FIELDS",
    "CITATION_FIELDS",
    "FACT_TABLE",
    "LINK_FIELDS",
    "RETRACTION_FIELDS",
    "VALUE_FIELDS",
    "Field",
]
