"""Checking and tidying what a curator gave, field by field, as the table of fields says:
text stripped, vocabulary lower-cased, numbers plain, dates ISO. A bad value is a
UsageError naming the field. Whether the record as a whole is valid is decided later, with
`kzturk check`'s rules (`kzturk.curate.session`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from kzturk.curate.parse import MAX_NUMBER, plain_number
from kzturk.curate.parse import date as parse_date
from kzturk.dates import parse_partial_date
from kzturk.errors import UsageError
from kzturk.model import FACT_FIELD, SOURCE_TABLE, normalise_fact_id
from kzturk.model.fields import EDITABLE_FACT_FIELDS, Field
from kzturk.store.archive import is_plain_file_name
from kzturk.suggest import did_you_mean

T = TypeVar("T")
SOURCE_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
SOURCE_ID_MAX = 64  # characters: the id names a file, <id>.txt, on every file system
URL_PATTERN = re.compile(r"https?://\S+")
_ALLOWED_CONTROLS = frozenset("\t\n")


def text(name: str, value: object, *, required: bool = False) -> str | None:
    """Stripped text; None for empty optional text. Control characters (other than tab and
    newline) and text that is not valid Unicode are refused."""
    if value is None:
        if required:
            raise UsageError(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise UsageError(f"{name} must be text, not {type(value).__name__}")
    for char in value:
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise UsageError(f"{name} is not valid UTF-8 text; retype it or fix the terminal")
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            raise UsageError(f"{name} contains the control character U+{ord(char):04X}; remove it")
    stripped = value.strip()
    if not stripped:
        if required:
            raise UsageError(f"{name} is empty")
        return None
    return stripped


def required_text(name: str, value: object) -> str:
    result = text(name, value, required=True)
    assert result is not None
    return result


def word(name: str, value: object, choices: Sequence[str], *, required: bool) -> str | None:
    given = text(name, value, required=required)
    if given is None:
        return None
    folded = given.casefold()
    if folded not in choices:
        hint = did_you_mean(folded, choices)
        raise UsageError(f"{name}: unknown value {given!r}.{hint} Valid: {', '.join(choices)}")
    return folded


def partial_date(name: str, value: object, *, required: bool = False) -> str | None:
    given = text(name, value, required=required)
    return None if given is None else parse_date(name, given)


def date_or_range(name: str, value: object) -> str | None:
    """A partial date, or START/END (a period such as 2023-01/2023-09)."""
    given = text(name, value)
    if given is None:
        return None
    parts = [part.strip() for part in given.split("/")]
    if len(parts) > 2:
        raise UsageError(f"{name}: {given!r} is not a date or a START/END range")
    dates = [str(partial_date(name, part, required=True)) for part in parts]
    if len(dates) == 2 and parse_partial_date(dates[0]).start > parse_partial_date(dates[1]).end:
        raise UsageError(f"{name}: {given!r} ends before it starts")
    return "/".join(dates)


def number(name: str, value: object) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{name} must be a number, not {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise UsageError(f"{name} must be a finite number, not {value!r}")
    if abs(value) > MAX_NUMBER:
        raise UsageError(f"{name} is larger than kzturk stores (10^18)")
    return plain_number(value)


def url(name: str, value: object) -> str | None:
    given = text(name, value)
    if given is not None and not URL_PATTERN.fullmatch(given):
        raise UsageError(f"{name} {given!r} must be a full http:// or https:// address")
    return given


def source_id(value: object, name: str = "source id") -> str:
    given = required_text(name, value)
    folded = given.casefold()
    if not SOURCE_ID_PATTERN.fullmatch(folded) or len(folded) > SOURCE_ID_MAX:
        raise UsageError(
            f"{name} {given[:80]!r}: use at most {SOURCE_ID_MAX} lower-case letters, digits and "
            "hyphens, e.g. 'asiatimes' or 'new-deals'"
        )
    return folded


def _scalar(field: Field, name: str, value: object) -> Any:
    """One value of `field`'s type (not a list, not a record)."""
    if field.type == "word":
        return word(name, value, field.vocabulary or (), required=field.required)
    if field.type == "date":
        return partial_date(name, value, required=field.required)
    if field.type == "period":
        return date_or_range(name, value)
    if field.type == "number":
        return number(name, value)
    if field.type == "url":
        return url(name, value)
    if field.type == "slug":
        return source_id(value, name) if field.required or value is not None else None
    if field.type == "ref":  # an id, or for participants a name the change resolves
        given = text(name, value, required=field.required)
        return given if field.many or given is None else given.casefold()
    if field.type == "fact_id":
        return normalise_fact_id(required_text(name, value))
    if field.type == "file":
        given = text(name, value)
        if given is not None and not is_plain_file_name(given):
            raise UsageError(f"{name} {given!r} must be a plain file name, e.g. alpha.txt")
        return given
    cleaned = text(name, value, required=field.required)
    if cleaned is not None and field.max_length is not None and len(cleaned) > field.max_length:
        raise UsageError(
            f"{name} is {len(cleaned)} characters; at most {field.max_length} are allowed"
        )
    return cleaned


def _record(field: Field, index: int, item: object) -> dict[str, Any]:
    """One object of a record list (a value, a citation, a link), its fields cleaned."""
    name = f"{field.name}[{index}]"
    rows = field.record or ()
    keys = [row.name for row in rows]
    if not isinstance(item, Mapping):
        raise UsageError(f"{name} must be {{{', '.join(keys)}}}")
    unknown = set(item) - set(keys)
    if unknown:
        raise UsageError(f"{name} has unknown key {sorted(unknown)[0]!r}")
    cleaned: dict[str, Any] = {}
    for row in rows:
        label = f"{name}.{row.name}"
        if row.name == "quote":  # a citation's quote is named by its source
            label = f"quote for {cleaned.get('source')}"
        raw = item.get(row.name)
        if row.required and raw is None and row.type == "number":
            raise UsageError(f"{name} needs an {row.name}")
        if row.many:  # a list inside the record (a post's sources)
            items = [_scalar(row, label, one) for one in as_list(label, raw)]
            cleaned[row.name] = unique(item for item in items if item)
            continue
        cleaned[row.name] = _scalar(row, label, raw)
        if row.name == "currency" and cleaned[row.name]:
            cleaned[row.name] = cleaned[row.name].upper()
    return cleaned


def as_list(name: str, value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise UsageError(f"{name} must be a list")
    return list(value)


def unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def clean_field(field: Field, value: object) -> Any:
    """A field's value, cleaned as its row says (lists deduplicated, blanks dropped)."""
    if field.many and field.record is not None:
        return unique(
            _record(field, i, item) for i, item in enumerate(as_list(field.name, value), 1)
        )
    if field.many:
        name = singular(field.name)
        if field.vocabulary:
            items = [
                word(name, item, field.vocabulary, required=True)
                for item in as_list(field.name, value)
            ]
        else:
            items = [text(name, item) for item in as_list(field.name, value)]
        return unique(item for item in items if item)
    return _scalar(field, field.name, value)


def singular(name: str) -> str:
    """'parties' → 'party', 'sectors' → 'sector': how one item of a list is named."""
    return name[:-3] + "y" if name.endswith("ies") else name.removesuffix("s")


def clean_fact_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check and tidy the fields a curator gave (any subset of the editable ones); raise
    UsageError naming the first bad one."""
    unknown = [name for name in fields if name not in EDITABLE_FACT_FIELDS]
    if unknown:
        name = unknown[0]
        if name in ("id", "retracted"):
            what = "ids are given out by kzturk" if name == "id" else "use retract_fact"
            raise UsageError(f"{name!r} cannot be set directly: {what}")
        raise UsageError(f"unknown fact field {name!r}; fields: {', '.join(EDITABLE_FACT_FIELDS)}")
    return {name: clean_field(FACT_FIELD[name], value) for name, value in fields.items()}


def clean_source_fields(fields: Mapping[str, Any], *, reference: bool = False) -> dict[str, Any]:
    """Check and tidy a new source's fields; `id` is required, the rest may be null. An
    archived source's text is `<id>.txt` unless named; a `reference` page has none."""
    record = clean_record(SOURCE_TABLE, fields, "source")
    if record["archive"] is None and not reference:
        record["archive"] = f"{record['id']}.txt"
    if reference and record["archive"] is not None:
        raise UsageError("a reference page has no archived text; leave out 'archive'")
    return record


def clean_record(
    table: tuple[Field, ...], fields: Mapping[str, Any], what: str, *, partial: bool = False
) -> dict[str, Any]:
    """A new record of `table` (or, `partial`, just the fields given), each field cleaned;
    unknown fields are refused, and the id is read as a slug."""
    names = [row.name for row in table]
    unknown = [name for name in fields if name not in names]
    if unknown:
        raise UsageError(f"unknown {what} field {unknown[0]!r}; fields: {', '.join(names)}")
    rows = [row for row in table[1:] if not partial or row.name in fields]
    record = {row.name: clean_field(row, fields.get(row.name)) for row in rows}
    if not partial or "id" in fields:
        record = {"id": source_id(fields.get("id"), f"{what} id"), **record}
    for row in rows:
        if row.required and record.get(row.name) in (None, []):
            raise UsageError(f"{what} {row.name} is required")
    return record
