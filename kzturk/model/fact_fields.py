"""The rows of the table of fields for facts, and for the records inside a fact."""

from kzturk.model.field import Field
from kzturk.model.vocabulary import (
    AMOUNT_KINDS,
    DATE_BASES,
    DATE_QUALIFIERS,
    FIGURE_KINDS,
    KIND_HELP,
    KINDS,
    MEASURES,
    METRICS,
    RELATIONS,
    REPORTER_HELP,
    REPORTERS,
    SECTORS,
    STATUSES,
    TRADE_KINDS,
)

DATE_NOTE_MAX = 80  # a date note is a label ("early May"); reasoning goes to curator_note
ABOUT_MAX = 80

VALUE_FIELDS: tuple[Field, ...] = (
    Field(
        "amount",
        "number",
        required=True,
        help="A plain number: 295000000, not '295 million'.",
    ),
    Field("currency", "text", help="ISO 4217 code (USD, KZT, TRY), or null."),
    Field("unit", "text", help="What is counted when not money: days, documents."),
)
CITATION_FIELDS: tuple[Field, ...] = (
    Field("source", "slug", required=True, help="Id of a source in 'sources'."),
    Field(
        "quote",
        "text",
        help="Verbatim excerpt of an archived source's text; null for a reference source.",
    ),
)
LINK_FIELDS: tuple[Field, ...] = (
    Field("fact", "fact_id", required=True, help="Id of the linked fact."),
    Field(
        "relation",
        "word",
        required=True,
        vocabulary=RELATIONS,
        help="conflicts: the sources disagree; restates/revises: a target repeated or changed; "
        "related; distinct: checked, not the same event though the summaries read alike.",
    ),
    Field(
        "about",
        "text",
        max_length=ABOUT_MAX,
        added=True,
        help="For a conflict: what is disputed ('date of the state visit').",
    ),
)
RETRACTION_FIELDS: tuple[Field, ...] = (
    Field("date", "date", required=True, help="When it was retracted."),
    Field("reason", "text", required=True, help="Why the fact was found wrong."),
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
        "kind",
        "word",
        required=True,
        vocabulary=KINDS,
        help="; ".join(f"{kind}: {text}" for kind, text in KIND_HELP.items()) + ".",
        metavar="KIND",
    ),
    Field(
        "status",
        "word",
        vocabulary=STATUSES,
        kinds=("deal",),
        required_for=("deal",),
        exclusive=True,
        help="Deals only: where the deal stands.",
        metavar="STATUS",
    ),
    Field(
        "sectors",
        "word",
        many=True,
        min_items=1,
        vocabulary=SECTORS,
        help="Sectors from the vocabulary.",
        option="--sector",
        metavar="SECTOR",
    ),
    Field(
        "date",
        "date",
        help="When it happened or was said: YYYY, YYYY-MM or YYYY-MM-DD, at the precision the "
        "sources support; null when they give none.",
        metavar="DATE",
    ),
    Field(
        "date_end",
        "date",
        added=True,
        help="The last day of an interval the fact spans ('29–30 March': --date 2022-03-29 "
        "--date-end 2022-03-30).",
        metavar="DATE",
    ),
    Field(
        "date_qualifier",
        "word",
        vocabulary=DATE_QUALIFIERS,
        added=True,
        help="approximate ('c. 1991') or uncertain; none when the date is as given.",
        metavar="QUALIFIER",
    ),
    Field(
        "date_basis",
        "word",
        vocabulary=DATE_BASES,
        added=True,
        help="event: when it happened; reported: only when a source reported it.",
        metavar="BASIS",
    ),
    Field(
        "date_note",
        "text",
        max_length=DATE_NOTE_MAX,
        help=f"The date's precision as a label of at most {DATE_NOTE_MAX} characters "
        "('early May').",
        metavar="TEXT",
    ),
    Field(
        "curator_note",
        "text",
        added=True,
        help="How the curator read the sources: the reasoning behind a date, a kind, a link. "
        "Shown by 'show', never in tables.",
        metavar="TEXT",
    ),
    Field(
        "summary",
        "text",
        required=True,
        help="One neutral sentence.",
        metavar="TEXT",
    ),
    Field(
        "parties",
        "text",
        many=True,
        help="Countries, companies, organisations, people: entity names (any alias is "
        "stored as the entity's name).",
        option="--party",
        metavar="NAME",
    ),
    Field(
        "occasion",
        "ref",
        ref="occasions",
        added=True,
        help="The visit, summit or council the fact belongs to (an occasion id).",
        metavar="ID",
    ),
    Field(
        "places",
        "ref",
        many=True,
        ref="entities",
        added=True,
        help="Where it happened or what it is about, when that is a place (a city, a region): "
        "entity ids of places, never among the parties.",
        option="--place",
        metavar="ENTITY",
    ),
    Field(
        "values",
        "record",
        many=True,
        record=VALUE_FIELDS,
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
        help="Source ids, each with the verbatim quote that supports the fact (archived "
        "sources) or none (reference pages).",
        option="--source",
        metavar="ID",
    ),
    Field(
        "metric",
        "word",
        vocabulary=METRICS,
        kinds=TRADE_KINDS,
        required_for=TRADE_KINDS,
        exclusive=True,
        help="Trade figures and targets: what is measured.",
        metavar="METRIC",
    ),
    Field(
        "measure",
        "word",
        vocabulary=MEASURES,
        kinds=("investment",),
        required_for=("investment",),
        exclusive=True,
        added=True,
        help="Investment figures: stock (cumulative to a date), flow (within a period) or "
        "project (the value of deals or projects).",
        metavar="MEASURE",
    ),
    Field(
        "reporter",
        "word",
        vocabulary=REPORTERS,
        kinds=FIGURE_KINDS,
        exclusive=True,
        added=True,
        help="Whose figure it is: "
        + "; ".join(f"{word}: {text}" for word, text in REPORTER_HELP.items())
        + ".",
        metavar="REPORTER",
    ),
    Field(
        "period",
        "period",
        kinds=AMOUNT_KINDS,
        help="What a figure covers: 2022, 2023-01/2023-09.",
        metavar="DATE[/DATE]",
    ),
    Field(
        "direction",
        "text",
        kinds=AMOUNT_KINDS,
        help="'Kazakhstan to Turkey' or 'Turkey to Kazakhstan'; none for turnover.",
        metavar="TEXT",
    ),
    Field(
        "amount_usd",
        "number",
        kinds=AMOUNT_KINDS,
        label="Amount",
        help="A trade or investment figure, or a target, in US dollars.",
        metavar="NUMBER",
    ),
    Field(
        "change_pct",
        "number",
        kinds=AMOUNT_KINDS,
        label="Change",
        help="Change on the previous period, in percent.",
        metavar="NUMBER",
    ),
    Field(
        "deadline",
        "period",
        kinds=("target",),
        help="A target's deadline, where one is stated.",
        metavar="DATE",
    ),
    Field(
        "announced_by",
        "text",
        kinds=("target",),
        help="Who set a target.",
        metavar="NAME",
    ),
    Field(
        "links",
        "record",
        many=True,
        record=LINK_FIELDS,
        help="Links to other facts: disagreements (with what is disputed), revisions, "
        "related facts.",
        option="--link",
        metavar="RELATION:ID[:ABOUT]",
        example="conflicts:F101:date of the visit",
    ),
    Field(
        "retracted",
        "record",
        record=RETRACTION_FIELDS,
        editable=False,
        help="Set when the fact was found wrong: {date, reason}.",
    ),
)
