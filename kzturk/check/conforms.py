"""The schema's verdict on a record, without pydantic.

`kzturk check` and every write validate each record against the schema (`kzturk.schema`),
and importing pydantic took longer than checking the whole bundled store. Nearly every record
is valid, so `conforms` answers first, from the same table of fields: True only when the
schema finds nothing wrong. Anything unusual is False, and then pydantic words what is wrong
(`kzturk.check.problems.schema_messages`). tests/test_check_conforms.py holds it to the
schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from kzturk.model.field import Field

Test = Callable[[object], bool]

# Beyond this an int may not convert to a float, which pydantic refuses; such a number takes
# the slow path, which says so.
_EXACT_INT = 2**53


def _number(value: object) -> bool:
    return type(value) is float or (type(value) is int and -_EXACT_INT <= value <= _EXACT_INT)


def _string(value: object) -> bool:
    return type(value) is str


def _item_test(row: Field) -> Test:
    """The test of one value of the field's type (one item, for a list), before its limits."""
    if row.record is not None:
        return _record_test(row.record)
    if row.type == "word":
        words = frozenset(row.vocabulary or ())
        return lambda value: type(value) is str and value in words
    if row.type == "number":
        return _number
    return _string


def _field_test(row: Field) -> Test:
    """The test of the field's value: its type, its pattern and length limits, null."""
    item = _item_test(row)
    pattern, least, most = row.limits
    lowest = 0 if least is None else least
    highest = -1 if most is None else most
    matches = re.compile(pattern).fullmatch if pattern is not None else None
    nullable = row.nullable

    if row.many:
        return lambda value: (
            type(value) is list
            and len(value) >= lowest
            and (highest < 0 or len(value) <= highest)
            and all(item(one) for one in value)
        )
    if matches is None and lowest == 0 and highest < 0:  # most fields: the type alone
        return lambda value: (value is None and nullable) or item(value)

    def limited(value: object) -> bool:
        if value is None:
            return nullable
        if type(value) is not str:
            return item(value)
        size = len(value)
        return (
            item(value)
            and size >= lowest
            and (highest < 0 or size <= highest)
            and (matches is None or matches(value) is not None)
        )

    return limited


@cache
def _record_test(table: tuple[Field, ...]) -> Test:
    names = frozenset(row.name for row in table)
    required = frozenset(row.name for row in table if row.required)
    tests = {row.name: _field_test(row) for row in table}

    def test(record: object) -> bool:
        if type(record) is not dict:
            return False
        keys = record.keys()
        if not keys <= names or not keys >= required:
            return False
        for name, value in record.items():  # noqa: SIM110 (a loop, not all(): a generator costs more)
            if not tests[name](value):
                return False
        return True

    return test


def conforms(table: tuple[Field, ...], record: object) -> bool:
    """True only when `record` is valid against the schema of `table`; False also when unsure."""
    return _record_test(table)(record)
