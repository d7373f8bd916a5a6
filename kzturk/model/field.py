"""One row of the table of fields (`kzturk.model.fields`): what a field is and how it is given.

Value types (`Field.type`):

- `text`: a string (`required`: non-empty);  `date`: a partial date, YYYY, YYYY-MM or
  YYYY-MM-DD;  `period`: a partial date or START/END;  `number`: an int or float;
- `word`: one word of `vocabulary`;  `url`: an http(s) address;  `slug`: a short id of
  lower-case letters, digits and hyphens;  `fact_id`: F and a number;  `file`: a plain
  file name;  `ref`: the id of a record in the table `ref` names (an occasion, an entity);
- `record`: an object whose fields are the rows in `record`.

`many` makes any of these a list (never null; `min_items` says how short it may be);
otherwise a field that is not `required` may be null.
"""

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
    "ref",
    "record",
)

# The pattern a single value of each type must match (the JSON Schema's, so a regular
# expression both Python and pydantic's engine read alike); list items are not matched.
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
PATTERNS: dict[str, str] = {
    "date": DATE_PATTERN,
    "fact_id": r"^F[0-9]{3,}$",
    "slug": r"^[a-z0-9][a-z0-9-]*$",
    "ref": r"^[a-z0-9][a-z0-9-]*$",
    "url": r"^https?://[^\s]+$",
}


class Field:
    """One row of the table. (A plain class with slots: rows are built at every start.)"""

    __slots__ = (
        "added",
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
        "ref",
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
        label: str | None = None,
        help: str,
        required: bool = False,
        many: bool = False,
        min_items: int = 0,
        vocabulary: tuple[str, ...] | None = None,
        record: "tuple[Field, ...] | None" = None,
        ref: str | None = None,
        kinds: tuple[str, ...] | None = None,
        required_for: tuple[str, ...] = (),
        exclusive: bool = False,
        max_length: int | None = None,
        option: str | None = None,
        metavar: str | None = None,
        example: str | None = None,
        editable: bool = True,
        added: bool = False,
    ) -> None:
        self.name = name
        self.type = type
        self.label = label or name.replace("_", " ").capitalize()
        """The heading in tables and prompts; by default the name ('date_note': 'Date note')."""
        self.help = help
        self.required = required
        self.many = many
        self.min_items = min_items
        self.vocabulary = vocabulary
        self.record = record
        self.ref = ref
        """For `ref` fields: the table whose ids it holds ('occasions', 'entities')."""
        self.kinds = kinds
        """The kinds of fact the field applies to (None: all); prompts ask only for these."""
        self.required_for = required_for
        """Kinds of fact that must have a value (`kzturk check`, prompts)."""
        self.exclusive = exclusive
        """`kzturk check` refuses a value on a kind not in `kinds`."""
        self.max_length = max_length
        self.option = option or (f"--{name.replace('_', '-')}" if metavar else None)
        """The add/edit option; by default, for a field with a metavar, named after it."""
        self.metavar = metavar
        self.example = example
        self.editable = editable
        self.added = added
        """Added after the store's first format: a record written before may lack it, and
        reads as empty (null or []); `kzturk check --fix` writes it out."""

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.type!r})"

    @property
    def nullable(self) -> bool:
        """Whether the stored value may be null (lists are [] instead)."""
        return not self.required and not self.many

    @property
    def limits(self) -> tuple[str | None, int | None, int | None]:
        """The schema's pattern and least and greatest length for the value (for a list, its
        number of items): what `kzturk.schema` and `kzturk.check.conforms` both enforce."""
        pattern = PATTERNS.get(self.type) if not self.many else None
        least = None
        if self.many and self.min_items:
            least = self.min_items
        elif self.required and self.type == "text":
            least = 1
        return pattern, least, self.max_length

    @property
    def empty(self) -> object:
        """The value of a field nobody gave: [] for a list, else null."""
        return [] if self.many else None

    def applies_to(self, kind: str | None) -> bool:
        return self.kinds is None or kind in self.kinds
