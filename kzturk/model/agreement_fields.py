"""The rows of agreements and of the steps of their lives (signed, ratified, in force...).

An agreement is its own record, not a fact: a fact is one dated claim, while an agreement
lives through several, each a `step` with its own date, precision and sources. Its status on
any day is derived from its steps (`kzturk.agreements`), never stored.
"""

from kzturk.model.field import Field
from kzturk.model.vocabulary import AGREEMENT_FORMS, STEP_KINDS

STEP_FIELDS: tuple[Field, ...] = (
    Field(
        "kind",
        "word",
        required=True,
        vocabulary=STEP_KINDS,
        help="What happened to the agreement.",
        metavar="KIND",
    ),
    Field(
        "date",
        "date",
        help="When, at its real precision: YYYY, YYYY-MM or YYYY-MM-DD (null if no source "
        "dates it).",
        metavar="DATE",
    ),
    Field(
        "party",
        "ref",
        ref="entities",
        help="The party that acted (the one that ratified it, say): an entity id.",
        metavar="ENTITY",
    ),
    Field("place", "text", help="Where it was signed.", metavar="PLACE"),
    Field("by", "text", help="Who signed it, or who approved it.", metavar="NAME"),
    Field(
        "instrument",
        "text",
        help="The act that did it: a law, decree or resolution, by its title.",
        metavar="TEXT",
    ),
    Field(
        "number",
        "text",
        help="The act's number as its source gives it ('No. 81-VIII').",
        metavar="TEXT",
    ),
    Field(
        "agreement",
        "ref",
        ref="agreements",
        help="The other agreement: the one that amended or superseded this one.",
        metavar="ID",
    ),
    Field(
        "sources",
        "ref",
        ref="sources",
        many=True,
        help="The sources that report the step: source ids.",
        option="--source",
        metavar="SOURCE",
    ),
    Field("note", "text", help="What else the sources say of the step.", metavar="TEXT"),
)
AGREEMENT_TABLE: tuple[Field, ...] = (
    Field(
        "id",
        "slug",
        required=True,
        label="ID",
        help="Short stable slug ('2003-customs-cooperation'); never reused.",
        metavar="ID",
    ),
    Field(
        "title",
        "text",
        required=True,
        help="The agreement's title, as its sources name it.",
        metavar="TEXT",
    ),
    Field(
        "form",
        "word",
        vocabulary=AGREEMENT_FORMS,
        help="What kind of instrument it is.",
        metavar="FORM",
    ),
    Field(
        "parties",
        "ref",
        many=True,
        ref="entities",
        help="Who is bound by it: entity ids (or names).",
        option="--party",
        metavar="ENTITY",
    ),
    Field(
        "facts",
        "fact_id",
        many=True,
        help="The facts about it: its signing at a visit, its ratification in the news.",
        option="--fact",
        metavar="FACT",
    ),
    Field(
        "steps",
        "record",
        many=True,
        record=STEP_FIELDS,
        editable=False,
        help="Its life, step by step in date order (kzturk agreement step adds one).",
    ),
    Field("note", "text", help="What it is about, said once.", metavar="TEXT"),
)
