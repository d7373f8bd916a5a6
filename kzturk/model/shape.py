"""The load-time shape check: is a record usable at all? Driven by the table of fields.

Every lookup runs it on every record, so a well-formed record takes one quick pass
(`_is_clean`), over field groups derived from the table once at import; anything unusual
gets the full diagnosis (`_diagnose`), which names each problem. `kzturk check` goes further
(`kzturk.check`): vocabulary in lists, dates after publication, verbatim quotes...
"""

from collections.abc import Callable

from kzturk.dates import is_partial_date
from kzturk.model.field import Field
from kzturk.model.fields import (
    AGREEMENT_TABLE,
    ENTITY_TABLE,
    FACT_TABLE,
    OCCASION_TABLE,
    SOURCE_TABLE,
    TABLES,
)

_STRINGY = ("text", "period", "word", "url", "slug", "fact_id", "file", "ref")


class _Groups:
    """A table's fields grouped by how the quick pass tests them."""

    def __init__(self, table: tuple[Field, ...]) -> None:
        self.names = frozenset(f.name for f in table)
        self.required_strings = tuple(
            f.name for f in table if f.required and not f.many and f.type in _STRINGY
        )
        self.optional_strings = tuple(
            f.name for f in table if f.nullable and f.type in _STRINGY and f.type != "word"
        )
        self.words = tuple(
            (f.name, frozenset(f.vocabulary or ()))
            for f in table
            if f.type == "word" and not f.many
        )
        self.numbers = tuple(f.name for f in table if f.type == "number" and not f.many)
        self.dates = tuple(f.name for f in table if f.type == "date" and not f.many)
        self.word_lists = tuple(
            (f.name, frozenset(f.vocabulary or ())) for f in table if f.type == "word" and f.many
        )
        self.string_lists = tuple(f.name for f in table if f.many and f.type in _STRINGY)
        self.string_lists = tuple(n for n in self.string_lists if n not in dict(self.word_lists))
        self.record_lists = tuple((f.name, f.record or ()) for f in table if f.many and f.record)
        self.records = tuple((f.name, f.record or ()) for f in table if f.record and not f.many)


_FACT = _Groups(FACT_TABLE)
_SOURCE = _Groups(SOURCE_TABLE)
_ENTITY = _Groups(ENTITY_TABLE)
_OCCASION = _Groups(OCCASION_TABLE)
_AGREEMENT = _Groups(AGREEMENT_TABLE)
_MUST_HAVE_ITEMS = ("sources",)  # a fact nobody reports is unusable, not merely incomplete
# Each table's optional fields (name, whether a list), and its fields holding records with
# fields added since the first format: what `upgrade_record` fills in.
_OPTIONAL = {
    table: tuple((f.name, f.many) for f in table if not f.required) for table in TABLES.values()
}
_WITH_ADDED = {
    table: tuple(f for f in table if f.record and any(sub.added for sub in f.record))
    for table in TABLES.values()
}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_str_list(value: object) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _valid_item(item: object, fields: tuple[Field, ...]) -> bool:
    """An object of a record list: required fields of their type, lists of strings, optional
    ones as str/null. Types are tested exactly (JSON gives exact types)."""
    if type(item) is not dict:
        return False
    for field in fields:
        value = item.get(field.name, 0)
        if field.many:
            if not _is_str_list(value):
                return False
        elif field.required:
            if field.type == "number":
                if type(value) is not int and type(value) is not float:
                    return False
            elif type(value) is not str:
                return False
        elif value is not None and type(value) is not str:
            return False
    return True


def _is_clean(r: dict[str, object], g: _Groups) -> bool:
    """True only when `_diagnose` would find nothing: the one quick pass every record of a
    well-formed store takes."""
    if not r.keys() >= g.names:
        return False
    for name in g.required_strings:
        value = r[name]
        if type(value) is not str or not value:
            return False
    for name in g.optional_strings:
        value = r[name]
        if value is not None and type(value) is not str:
            return False
    for name, words in g.words:
        value = r[name]
        if value is not None and (type(value) is not str or value not in words):
            return False
    for name in g.numbers:
        value = r[name]
        if value is not None and type(value) is not int and type(value) is not float:
            return False
    for name in g.dates:
        value = r[name]
        if value is not None and not is_partial_date(value):
            return False
    for name, words in g.word_lists:
        items = r[name]
        if type(items) is not list:
            return False
        for item in items:
            if type(item) is not str or item not in words:
                return False
    for name in g.string_lists:
        items = r[name]
        if type(items) is not list:
            return False
        for item in items:
            if type(item) is not str:
                return False
    for name, fields in g.record_lists:
        items = r[name]
        if type(items) is not list or (not items and name in _MUST_HAVE_ITEMS):
            return False
        for item in items:
            if not _valid_item(item, fields):
                return False
    for name, fields in g.records:
        value = r[name]
        if value is not None and not _valid_item(value, fields):
            return False
    return True


def _list_problem(name: str, items: object, fields: tuple[Field, ...]) -> str | None:
    if not isinstance(items, list):
        return f"{name!r} must be a list"
    for item in items:
        if not isinstance(item, dict):
            return f"{name!r} items must be objects"
        for field in fields:
            if field.many:
                if not _is_str_list(item.get(field.name)):
                    return f"{name!r} item needs {field.name!r} as a list of strings"
            elif field.required:
                ok = (_is_number if field.type == "number" else _is_str)(item.get(field.name))
                if not ok:
                    return f"{name!r} item lacks a valid {field.name!r}"
        for field in fields:
            if (
                not field.required
                and not field.many
                and (field.name not in item or not _is_optional_str(item[field.name]))
            ):
                return f"{name!r} item needs {field.name!r} as a string or null"
    return None


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_optional_str(value: object) -> bool:
    return value is None or isinstance(value, str)


def _diagnose(record: dict[str, object], table: tuple[Field, ...]) -> list[str]:
    """Every shape problem of `record`, named; the slow path."""
    missing = [field.name for field in table if field.name not in record]
    if missing:
        return [f"missing field {', '.join(repr(name) for name in missing)}"]
    problems: list[str] = []
    for field in table:
        name, value = field.name, record[field.name]
        if field.many and field.record:
            problem = _list_problem(name, value, field.record)
            if problem:
                problems.append(problem)
            elif not value and name in _MUST_HAVE_ITEMS:
                problems.append(f"{name!r} must cite at least one source")
        elif field.many:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"{name!r} must be a list of strings")
            elif field.vocabulary:
                unknown = [v for v in value if v not in field.vocabulary]
                if unknown:
                    problems.append(f"unknown {name.rstrip('s')} {unknown[0]!r}")
        elif field.record:
            if value is not None and not _valid_item(value, field.record):
                shown = ", ".join(f.name for f in field.record)
                problems.append(f"{name!r} must be null or {{{shown}}}")
        elif field.required:
            if not isinstance(value, str) or not value:
                problems.append(f"{name!r} must be a non-empty string")
            elif field.vocabulary and value not in field.vocabulary:
                problems.append(f"{name!r} {value!r} is not one of {', '.join(field.vocabulary)}")
        elif field.type == "number":
            if not (value is None or _is_number(value)):
                problems.append(f"{name!r} must be a number or null")
        elif field.type == "date":
            if not (value is None or is_partial_date(value)):
                problems.append(f"{name!r} {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        elif not _is_optional_str(value):
            problems.append(f"{name!r} must be a string or null")
        elif field.vocabulary and value is not None and value not in field.vocabulary:
            problems.append(f"{name!r} {value!r} is not one of {', '.join(field.vocabulary)}")
    return problems


def _checker(table: tuple[Field, ...], groups: _Groups) -> Callable[[dict[str, object]], list[str]]:
    def problems(record: dict[str, object]) -> list[str]:
        if _is_clean(record, groups):
            return []
        return _diagnose(record, table)

    return problems


fact_shape_problems = _checker(FACT_TABLE, _FACT)
fact_shape_problems.__doc__ = """What keeps `record` from being a usable Fact: missing fields,
wrong types, unknown vocabulary. Cheap enough to run on every load."""
source_shape_problems = _checker(SOURCE_TABLE, _SOURCE)
source_shape_problems.__doc__ = """What keeps `record` from being a usable Source."""
entity_shape_problems = _checker(ENTITY_TABLE, _ENTITY)
occasion_shape_problems = _checker(OCCASION_TABLE, _OCCASION)
agreement_shape_problems = _checker(AGREEMENT_TABLE, _AGREEMENT)
SHAPE_PROBLEMS = {
    "facts": fact_shape_problems,
    "sources": source_shape_problems,
    "entities": entity_shape_problems,
    "occasions": occasion_shape_problems,
    "agreements": agreement_shape_problems,
}


def upgrade_record(record: dict[str, object], table: tuple[Field, ...]) -> bool:
    """Give a record the optional fields it lacks, as their empty value (null, or [] for a
    list), and the records inside it the fields added since they were written; True if
    anything was added. The canonical writer leaves empty optional fields out
    (`kzturk.store.write.canonical_text`), and a store written before a field existed lacks
    it: both read as if the field were there, empty."""
    changed = False
    for name, many in _OPTIONAL[table]:
        if name not in record:
            record[name] = [] if many else None
            changed = True
    for field in _WITH_ADDED[table]:
        value = record.get(field.name)
        items = value if isinstance(value, list) else [value] if value is not None else []
        for item in items:
            if isinstance(item, dict):
                for sub in field.record or ():
                    if sub.added and sub.name not in item:
                        item[sub.name] = None
                        changed = True
    return changed


def upgrade_tables(data: dict[str, dict[str, object]]) -> bool:
    """`upgrade_record` for every record of parsed tables; True if any changed."""
    changed = False
    for name, table in TABLES.items():
        for record in (data.get(name) or {}).values():
            if isinstance(record, dict) and upgrade_record(record, table):
                changed = True
    return changed


def is_clean_fact(record: dict[str, object]) -> bool:
    """The quick pass alone (for tests that compare it with the diagnosis)."""
    return _is_clean(record, _FACT)


def diagnose_fact(record: dict[str, object]) -> list[str]:
    """The full diagnosis alone, without the quick pass."""
    return _diagnose(record, FACT_TABLE)
