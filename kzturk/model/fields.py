"""The table of fields: one row per field of every record the store holds.

A row (`kzturk.model.field.Field`) says what a field is (its value type, vocabulary, which
kinds of fact it applies to and is required for), how people see it (label, help) and how
curators give it (option, metavar, example). Everything that spells a field out reads this
table: the load-time shape check (`kzturk.model.shape`), the JSON Schema and `kzturk check`
(`kzturk.schema`, `kzturk.check`), cleaning what a curator typed (`kzturk.curate.clean`),
the options and prompts of the writing commands (`kzturk.cli.fact_options`,
`kzturk.cli.prompts`), and the detail views. A test keeps the table equal to the TypedDicts
of `kzturk.model.records` and to `kzturk schema`.

The facts' rows are in `kzturk.model.fact_fields`, the agreements' and their steps' in
`kzturk.model.agreement_fields`; the sources', entities' and occasions' are here. Output
keeps the fields of the store's first format first, in the table's order, and appends the
ones `added` since, so JSON and CSV only ever gain fields at the end.
"""

from kzturk.model.agreement_fields import AGREEMENT_TABLE, STEP_FIELDS
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
        metavar="ID",
    ),
    Field(
        "title",
        "text",
        help="The article's or page's own title.",
        metavar="TEXT",
    ),
    Field(
        "outlet",
        "text",
        help="Publisher, only where the source names it.",
        metavar="TEXT",
    ),
    Field(
        "author",
        "text",
        help="Author, only where the source states it.",
        metavar="TEXT",
    ),
    Field(
        "published",
        "date",
        help="Publication date, as precise as the source allows: YYYY, YYYY-MM, YYYY-MM-DD "
        "(required for a reference page).",
        metavar="DATE",
    ),
    Field(
        "published_note",
        "text",
        help="How the publication date was established.",
        metavar="TEXT",
    ),
    Field(
        "url",
        "url",
        label="URL",
        help="The page's exact address, only if really known; required for a reference page.",
        metavar="URL",
    ),
    Field(
        "language_note",
        "text",
        help="E.g. a machine translation, or the page's language.",
        metavar="TEXT",
    ),
    Field(
        "archive",
        "file",
        help="File name of the archived text its quotes are checked against; null for a "
        "reference page (cited, not copied).",
    ),
)

ALIAS_FIELDS: tuple[Field, ...] = (
    Field("name", "text", required=True, help="Another name of the entity."),
    Field("start", "date", label="From", help="When the name came into use, if only for a time."),
    Field("end", "date", label="Until", help="When the name went out of use."),
    Field("note", "text", help="Why or where the name was used."),
    Field(
        "language",
        "slug",
        help="The name's language or script as an ISO 639-1 code ('ru', 'kk', 'tr'), where "
        "it is not the canonical name's.",
        added=True,
    ),
)
POST_FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=True, help="The post ('President of Kazakhstan')."),
    Field("start", "date", label="From", help="When the person took the post."),
    Field("end", "date", label="Until", help="When the person left it (null: still held)."),
    Field(
        "sources",
        "slug",
        many=True,
        help="Ids of the sources that give the post or its dates.",
    ),
)
ENTITY_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        required=True,
        label="ID",
        help="Short stable slug ('tai', 'astana'); never reused.",
        metavar="ID",
    ),
    Field(
        "name",
        "text",
        required=True,
        help="The canonical name, the one facts' parties hold.",
        metavar="NAME",
    ),
    Field(
        "type",
        "word",
        required=True,
        vocabulary=ENTITY_TYPES,
        help="What the entity is.",
        metavar="TYPE",
    ),
    Field(
        "aliases",
        "record",
        many=True,
        record=ALIAS_FIELDS,
        help="Other names, each with the dates it was in use where only for a time and, "
        "after '#', its language ('Токаев#ru').",
        option="--alias",
        metavar="NAME[@START/END][#LANG]",
        example="Nur-Sultan@2019-03-20/2022-09-17",
    ),
    Field("note", "text", help="Who or what it is.", metavar="TEXT"),
    Field(
        "posts",
        "record",
        many=True,
        record=POST_FIELDS,
        help="A person's posts, each with its dates and the sources that give them.",
        option="--post",
        metavar="TITLE[@START/END][#SOURCE,...]",
        example="President of Kazakhstan@2019-03-20/#akorda-2019",
        added=True,
    ),
)
OCCASION_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        required=True,
        label="ID",
        help="Short stable slug ('2022-05-tokayev-turkey').",
        metavar="ID",
    ),
    Field(
        "name",
        "text",
        required=True,
        help="What it was ('Tokayev's official visit to Ankara').",
        metavar="TEXT",
    ),
    Field(
        "kind",
        "word",
        required=True,
        vocabulary=OCCASION_KINDS,
        help="What kind of occasion.",
        metavar="KIND",
    ),
    Field(
        "date",
        "date",
        required=True,
        help="When it began, at its real precision.",
        metavar="DATE",
    ),
    Field(
        "date_end",
        "date",
        help="When it ended, for an occasion of several days.",
        metavar="DATE",
    ),
    Field("place", "text", help="Where it was held.", metavar="TEXT"),
    Field(
        "participants",
        "ref",
        many=True,
        ref="entities",
        help="Who took part: entity ids (or names).",
        option="--participant",
        metavar="ENTITY",
    ),
    Field(
        "note",
        "text",
        help="What the occasion's facts share, said once.",
        metavar="TEXT",
    ),
)

TABLES: dict[str, tuple[Field, ...]] = {
    "facts": FACT_TABLE,
    "sources": SOURCE_TABLE,
    "entities": ENTITY_TABLE,
    "occasions": OCCASION_TABLE,
    "agreements": AGREEMENT_TABLE,
}
"""Every table of the store; a store written before a table existed reads it as empty."""


def output_order(table: tuple[Field, ...]) -> tuple[str, ...]:
    """The field names as records are printed: the first format's, then those added."""
    return tuple(f.name for f in table if not f.added) + tuple(f.name for f in table if f.added)


FACT_FIELDS: tuple[str, ...] = output_order(FACT_TABLE)
SOURCE_FIELDS: tuple[str, ...] = output_order(SOURCE_TABLE)
ENTITY_FIELDS: tuple[str, ...] = output_order(ENTITY_TABLE)
OCCASION_FIELDS: tuple[str, ...] = output_order(OCCASION_TABLE)
AGREEMENT_FIELDS: tuple[str, ...] = output_order(AGREEMENT_TABLE)
STEP_FIELD_NAMES: tuple[str, ...] = output_order(STEP_FIELDS)
FACT_FIELD = {field.name: field for field in FACT_TABLE}
SOURCE_FIELD = {field.name: field for field in SOURCE_TABLE}
EDITABLE_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_TABLE if f.editable)
LIST_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_TABLE if f.many)
REQUIRED_FACT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FACT_TABLE if f.editable and (f.required or f.min_items)
)

__all__ = [
    "AGREEMENT_TABLE",
    "ALIAS_FIELDS",
    "CITATION_FIELDS",
    "FACT_TABLE",
    "LINK_FIELDS",
    "POST_FIELDS",
    "RETRACTION_FIELDS",
    "STEP_FIELDS",
    "VALUE_FIELDS",
    "Field",
]
