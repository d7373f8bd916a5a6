"""The table of fields: one row per field of every record the store holds.

A row says what a field is (its value type, vocabulary, which kinds of fact it applies to and
is required for), how people see it (label, help) and how curators give it (option, metavar,
example). Everything that used to spell a field out reads this table instead: the load-time
shape check (`kzturk.model.shape`), the JSON Schema and `kzturk check` (`kzturk.schema`,
`kzturk.check`), cleaning what a curator typed (`kzturk.curate.clean`), the command-line
options and prompts (`kzturk.cli.fact_options`, `kzturk.cli.prompts`) and the detail view.
A test keeps the table equal to the TypedDicts of `kzturk.model.records` and to
`kzturk schema`.

Value types (`Field.type`):

- `text`: a string (`required`: non-empty);  `date`: a partial date, YYYY, YYYY-MM or
  YYYY-MM-DD;  `period`: a partial date or START/END;  `number`: an int or float;
- `word`: one word of `vocabulary`;  `url`: an http(s) address;  `slug`: a short id of
  lower-case letters, digits and hyphens;  `fact_id`: F and a number;  `file`: a plain
  file name;
- `record`: an object whose fields are the rows in `record`.

`many` makes any of these a list (never null; `min_items` says how short it may be);
otherwise a field that is not `required` may be null.
"""

from kzturk.model.vocabulary import (
    KIND_HELP,
    KINDS,
    METRICS,
    RELATIONS,
    SECTORS,
    STATUSES,
    TRADE_KINDS,
)

TYPES: tuple[str, ...] = (
    "text",
    "date",
    "period",
    "number",
    "word",
    "url",
    "slug",
    "fact_id",
    "file",
    "record",
)


class Field:
    """One row of the table. (A plain class with slots: rows are built at every start.)"""

    __slots__ = (
        "editable",
        "example",
        "exclusive",
        "help",
        "kinds",
        "label",
        "many",
        "max_length",
        "metavar",
        "min_items",
        "name",
        "option",
        "record",
        "required",
        "required_for",
        "type",
        "vocabulary",
    )

    def __init__(
        self,
        name: str,
        type: str,
        *,
        label: str,
        help: str,
        required: bool = False,
        many: bool = False,
        min_items: int = 0,
        vocabulary: tuple[str, ...] | None = None,
        record: "tuple[Field, ...] | None" = None,
        kinds: tuple[str, ...] | None = None,
        required_for: tuple[str, ...] = (),
        exclusive: bool = False,
        max_length: int | None = None,
        option: str | None = None,
        metavar: str | None = None,
        example: str | None = None,
        editable: bool = True,
    ) -> None:
        self.name = name
        self.type = type
        self.label = label
        self.help = help
        self.required = required
        self.many = many
        self.min_items = min_items
        self.vocabulary = vocabulary
        self.record = record
        self.kinds = kinds
        """The kinds of fact the field applies to (None: all); prompts ask only for these."""
        self.required_for = required_for
        """Kinds of fact that must have a value (`kzturk check`, prompts)."""
        self.exclusive = exclusive
        """`kzturk check` refuses a value on a kind not in `kinds`."""
        self.max_length = max_length
        self.option = option
        self.metavar = metavar
        self.example = example
        self.editable = editable

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r})"

    @property
    def nullable(self) -> bool:
        """Whether the stored value may be null (lists are [] instead)."""
        return not self.required and not self.many

    def applies_to(self, kind: str | None) -> bool:
        return self.kinds is None or kind in self.kinds


VALUE_FIELDS: tuple[Field, ...] = (
    Field(
        "amount",
        "number",
        required=True,
        label="Amount",
        help="A plain number: 295000000, not '295 million'.",
    ),
    Field("currency", "text", label="Currency", help="ISO 4217 code (USD, KZT, TRY), or null."),
    Field("unit", "text", label="Unit", help="What is counted when not money: days, documents."),
)
CITATION_FIELDS: tuple[Field, ...] = (
    Field("source", "slug", required=True, label="Source", help="Id of a source in 'sources'."),
    Field(
        "quote",
        "text",
        required=True,
        label="Quote",
        help="Verbatim excerpt of that source's archived text.",
    ),
)
LINK_FIELDS: tuple[Field, ...] = (
    Field("fact", "fact_id", required=True, label="Fact", help="Id of the linked fact."),
    Field(
        "relation",
        "word",
        required=True,
        vocabulary=RELATIONS,
        label="Relation",
        help="conflicts: the sources disagree; restates/revises: a target repeated or changed; "
        "related.",
    ),
)
RETRACTION_FIELDS: tuple[Field, ...] = (
    Field("date", "date", required=True, label="Date", help="When it was retracted."),
    Field("reason", "text", required=True, label="Reason", help="Why the fact was found wrong."),
)

FACT_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "fact_id",
        required=True,
        editable=False,
        label="ID",
        help="Stable id, 'F' and a number (F101); never reused.",
    ),
    Field(
        "date",
        "date",
        label="Date",
        help="When it happened or was said: YYYY, YYYY-MM or YYYY-MM-DD, at the precision the "
        "sources support; null when they give none.",
        option="--date",
        metavar="DATE",
    ),
    Field(
        "date_note",
        "text",
        label="Date note",
        help="The date's precision in words ('early May'), or how it was inferred.",
        option="--date-note",
        metavar="TEXT",
    ),
    Field(
        "kind",
        "word",
        required=True,
        vocabulary=KINDS,
        label="Kind",
        help="; ".join(f"{kind}: {text}" for kind, text in KIND_HELP.items()) + ".",
        option="--kind",
        metavar="KIND",
    ),
    Field(
        "sectors",
        "word",
        many=True,
        min_items=1,
        vocabulary=SECTORS,
        label="Sectors",
        help="Sectors from the vocabulary.",
        option="--sector",
        metavar="SECTOR",
    ),
    Field(
        "status",
        "word",
        vocabulary=STATUSES,
        kinds=("deal",),
        required_for=("deal",),
        exclusive=True,
        label="Status",
        help="Deals only: where the deal stands.",
        option="--status",
        metavar="STATUS",
    ),
    Field(
        "summary",
        "text",
        required=True,
        label="Summary",
        help="One neutral sentence.",
        option="--summary",
        metavar="TEXT",
    ),
    Field(
        "parties",
        "text",
        many=True,
        label="Parties",
        help="Countries, companies, organisations, people.",
        option="--party",
        metavar="NAME",
    ),
    Field(
        "values",
        "record",
        many=True,
        record=VALUE_FIELDS,
        label="Values",
        help="Amounts as the sources give them, as plain numbers with currency or unit.",
        option="--value",
        metavar="'AMOUNT [CURRENCY|UNIT]'",
        example="295000000 USD; 90 days",
    ),
    Field(
        "sources",
        "record",
        many=True,
        min_items=1,
        record=CITATION_FIELDS,
        label="Sources",
        help="Source ids with the verbatim quote from each that supports the fact.",
        option="--source",
        metavar="ID",
    ),
    Field(
        "metric",
        "word",
        vocabulary=METRICS,
        kinds=TRADE_KINDS,
        required_for=TRADE_KINDS,
        label="Metric",
        help="Trade figures and targets: what is measured.",
        option="--metric",
        metavar="METRIC",
    ),
    Field(
        "period",
        "period",
        kinds=TRADE_KINDS,
        label="Period",
        help="What a figure covers: 2022, 2023-01/2023-09.",
        option="--period",
        metavar="DATE[/DATE]",
    ),
    Field(
        "direction",
        "text",
        kinds=TRADE_KINDS,
        label="Direction",
        help="'Kazakhstan to Turkey' or 'Turkey to Kazakhstan'; none for turnover.",
        option="--direction",
        metavar="TEXT",
    ),
    Field(
        "amount_usd",
        "number",
        kinds=TRADE_KINDS,
        label="Amount",
        help="A trade figure or target in US dollars.",
        option="--amount-usd",
        metavar="NUMBER",
    ),
    Field(
        "change_pct",
        "number",
        kinds=TRADE_KINDS,
        label="Change",
        help="Change on the previous period, in percent.",
        option="--change-pct",
        metavar="NUMBER",
    ),
    Field(
        "deadline",
        "period",
        kinds=("target",),
        label="Deadline",
        help="A target's deadline, where one is stated.",
        option="--deadline",
        metavar="DATE",
    ),
    Field(
        "announced_by",
        "text",
        kinds=("target",),
        label="Announced by",
        help="Who set a target.",
        option="--announced-by",
        metavar="NAME",
    ),
    Field(
        "links",
        "record",
        many=True,
        record=LINK_FIELDS,
        label="Links",
        help="Links to other facts: disagreements, revisions, related facts.",
        option="--link",
        metavar="RELATION:ID",
        example="conflicts:F101",
    ),
    Field(
        "retracted",
        "record",
        record=RETRACTION_FIELDS,
        editable=False,
        label="Retracted",
        help="Set when the fact was found wrong: {date, reason}.",
    ),
)

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
        help="The article's own title.",
        option="--title",
        metavar="TEXT",
    ),
    Field(
        "outlet",
        "text",
        label="Outlet",
        help="Publisher, only where the text names it.",
        option="--outlet",
        metavar="TEXT",
    ),
    Field(
        "author",
        "text",
        label="Author",
        help="Author, only where the text states it.",
        option="--author",
        metavar="TEXT",
    ),
    Field(
        "published",
        "date",
        label="Published",
        help="Publication date, as precise as the text allows: YYYY, YYYY-MM, YYYY-MM-DD.",
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
        help="The page's address, only if really known; never invented.",
        option="--url",
        metavar="URL",
    ),
    Field(
        "language_note",
        "text",
        label="Language note",
        help="E.g. a machine translation.",
        option="--language-note",
        metavar="TEXT",
    ),
    Field(
        "archive",
        "file",
        label="Archive",
        help="File name of the archived text its quotes are checked against.",
    ),
)

FACT_FIELDS: tuple[str, ...] = tuple(field.name for field in FACT_TABLE)
SOURCE_FIELDS: tuple[str, ...] = tuple(field.name for field in SOURCE_TABLE)
FACT_FIELD = {field.name: field for field in FACT_TABLE}
SOURCE_FIELD = {field.name: field for field in SOURCE_TABLE}
EDITABLE_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_TABLE if f.editable)
LIST_FACT_FIELDS: tuple[str, ...] = tuple(f.name for f in FACT_TABLE if f.many)
REQUIRED_FACT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FACT_TABLE if f.editable and (f.required or f.min_items)
)
