"""The quick pass (`kzturk.check.conforms`) vouches only for records the schema accepts.

`kzturk check` and every write ask pydantic only about records the quick pass does not vouch
for, so a record it wrongly passed would go unreported. Generated near-valid records (valid
ones from the bundled store with fields dropped, added or set to values at the edges of their
type, nested records included) are checked against pydantic in both directions.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kzturk.check.conforms import conforms
from kzturk.model.field import Field
from kzturk.model.fields import TABLES
from kzturk.schema import model_for, validation_messages
from kzturk.store import bundled_store_path
from kzturk.store.files import read_store_tables


def _bundled_records() -> dict[str, list[dict[str, Any]]]:
    _, data = read_store_tables(bundled_store_path())
    return {name: list((data.get(name) or {}).values()) for name in TABLES}


BUNDLED = _bundled_records()
_MISSING = object()


def test_every_record_of_the_bundled_store_passes_the_quick_pass() -> None:
    """A valid store never needs pydantic: every record is vouched for."""
    assert all(BUNDLED.values())  # every table has records
    for name, records in BUNDLED.items():
        assert [r.get("id") for r in records if not conforms(TABLES[name], r)] == [], name


_WORDS = sorted(
    {word for table in TABLES.values() for row in table for word in row.vocabulary or ()}
)
# Values at the edges of what each type of field accepts.
_EDGES = {
    "text": ["", " ", "x", "x" * 80, "x" * 81, "ü" * 81],
    "date": ["2024", "2024-05-07", "2024-02-30", "2024-13", "2024-1", "2024-05-07\n", "24"],
    "fact_id": ["F123", "F12", "F0123", "F123\n", "f123"],
    "slug": ["a-b", "-ab", "Ab", "a_b", "a-b\n"],
    "url": ["https://example.org/a", "http://a b", "https://a\x1cb", "https://a\x85b", "ftp://x"],
    "word": ["Deal", "", *_WORDS],
    "number": [0, 1.5, -3, True, 2**53, 2**53 + 1, -(2**53) - 1, 10**30, 10**400, "1"],
}
_TEXT = st.sampled_from(sorted({str(v) for edges in _EDGES.values() for v in edges})) | st.text(
    max_size=12
)
_SCALAR = st.none() | st.booleans() | st.integers() | st.floats() | _TEXT
_VALUE = _SCALAR | st.lists(_SCALAR, max_size=3) | st.dictionaries(_TEXT, _SCALAR, max_size=2)


def _edges(row: Field) -> list[Any]:
    """Values at the edges of what `row` accepts, and a value of each other kind."""
    if row.vocabulary:
        one = ["Deal", "", *row.vocabulary[:2]]
    else:
        one = _EDGES.get(row.type, _EDGES["text"])
    if row.record is not None:
        one = [{}, {"x": 1}]
    values: list[Any] = [None, True, [], {}, *one]
    if row.many:
        values += [[v] for v in one] + [[one[0], one[-1]]]
    return values


@cache
def _values_for(row: Field) -> st.SearchStrategy[Any]:
    """Values for `row` near the edge of what it accepts, or any value at all (made once a
    row: hypothesis checks every new strategy)."""
    return st.sampled_from(_edges(row)) | _VALUE


_TABLE_NAMES = st.sampled_from(sorted(TABLES))
_RECORDS = {name: st.sampled_from(records) for name, records in BUNDLED.items()}
_CHANGES = st.sampled_from(["drop", "set", "set", "set", "add"])


def _objects(
    value: Any, table: tuple[Field, ...]
) -> list[tuple[dict[str, Any], tuple[Field, ...]]]:
    """Every object in a record, itself included, with its table: where a change can land."""
    if not isinstance(value, dict):
        return []
    found = [(value, table)]
    for row in table:
        inner = value.get(row.name)
        for item in inner if isinstance(inner, list) else [inner]:
            if row.record is not None:
                found += _objects(item, row.record)
    return found


@st.composite
def near_valid(draw: st.DrawFn) -> tuple[str, Any]:
    """A table and a bundled record of it with up to three fields dropped, added or set to
    a value near the edge of their type, at any depth."""
    name = draw(_TABLE_NAMES)
    record = copy.deepcopy(draw(_RECORDS[name]))
    for _ in range(draw(st.integers(0, 3))):
        target, table = draw(st.sampled_from(_objects(record, TABLES[name])))
        rows = {row.name: row for row in table}
        change = draw(_CHANGES)
        if change == "drop" and target:
            del target[draw(st.sampled_from(sorted(target)))]
        elif change == "set":
            row = rows[draw(st.sampled_from(sorted(rows)))]
            target[row.name] = copy.deepcopy(draw(_values_for(row)))  # edges are shared
        elif change == "add":
            target[draw(_TEXT)] = draw(_VALUE)
    return name, record


def _left_to_pydantic(value: Any) -> bool:
    """Values the quick pass does not vouch for although the schema may accept them: ints
    too big for a float to hold exactly, and characters pydantic's regular expressions do
    not count as white space but Python's do."""
    if isinstance(value, dict):
        return any(_left_to_pydantic(v) for v in value.values())
    if isinstance(value, list):
        return any(_left_to_pydantic(v) for v in value)
    if type(value) is int:
        return abs(value) > 2**53
    return isinstance(value, str) and any("\x1c" <= c <= "\x1f" for c in value)


@settings(max_examples=300)
@given(near_valid())
def test_the_quick_pass_agrees_with_the_schema(case: tuple[str, Any]) -> None:
    table, record = case
    _agree(TABLES[table], record)


def _agree(table: tuple[Field, ...], record: Any) -> None:
    valid = validation_messages(model_for(table), record) == []
    quick = conforms(table, record)
    if quick:
        assert valid, record  # never vouches for a record the schema refuses
    elif valid:
        assert _left_to_pydantic(record), record  # and refuses one only when unsure


def test_each_field_at_the_edges_of_its_type() -> None:
    """Every field of every table and sub-record, one at a time: left out, and set to each
    value at the edges of its type, in the fullest bundled record of the table."""
    tried = 0
    for name, records in BUNDLED.items():
        fullest = max(records, key=lambda r: len(json.dumps(r)))
        for target, table in _objects(fullest, TABLES[name]):
            for row in table:
                for value in [_MISSING, *_edges(row)]:
                    saved = target.pop(row.name, _MISSING)
                    if value is not _MISSING:
                        target[row.name] = value
                    _agree(TABLES[name], copy.deepcopy(fullest))
                    target.pop(row.name, None)
                    if saved is not _MISSING:
                        target[row.name] = saved
                    tried += 1
    assert tried > 500


def test_checking_a_valid_store_does_not_import_pydantic() -> None:
    """What the quick pass is for: `kzturk check` and writes stay clear of pydantic's
    import on a valid store."""
    code = (
        "import sys\n"
        "from kzturk.check import check_store\n"
        "from kzturk.store import bundled_store_path\n"
        "assert check_store(bundled_store_path()) == []\n"
        "print('pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "False"


def test_an_invalid_record_is_still_worded_by_the_schema() -> None:
    from kzturk.check.problems import schema_messages

    record = copy.deepcopy(BUNDLED["facts"][0])
    record["date_note"] = "x" * 81
    assert schema_messages(TABLES["facts"], record) == [
        "date_note: String should have at most 80 characters"
    ]
