"""The table of fields is the one description of every field: it equals the TypedDicts mypy
checks, `kzturk schema`, the options of the writing commands and the JSON contract in the manual."""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner

from kzturk.model import fields as table_module
from kzturk.model import records
from kzturk.model.field import TYPES, Field
from kzturk.model.fields import TABLES, output_order

JSON_TOPIC = Path(__file__).resolve().parent.parent / "kzturk" / "manual" / "json.md"
RECORD_OF_TABLE = {
    "facts": records.Fact,
    "sources": records.Source,
    "entities": records.Entity,
    "occasions": records.Occasion,
    "agreements": records.Agreement,
}
SUB_RECORDS = {
    table_module.VALUE_FIELDS: records.Value,
    table_module.CITATION_FIELDS: records.SourceRef,
    table_module.LINK_FIELDS: records.Link,
    table_module.RETRACTION_FIELDS: records.Retraction,
    table_module.ALIAS_FIELDS: records.Alias,
    table_module.POST_FIELDS: records.Post,
    table_module.STEP_FIELDS: records.Step,
}


def expected_annotation(row: Field) -> Any:
    """The Python type a row describes."""
    if row.record is not None:
        base: Any = SUB_RECORDS[row.record]
    elif row.type == "number":
        base = float
    else:
        base = str
    if row.many:
        return list[base]  # type: ignore[valid-type]
    return base | None if row.nullable else base


def same_type(left: Any, right: Any) -> bool:
    if typing.get_origin(left) in (typing.Union, types.UnionType):
        return set(typing.get_args(left)) == set(typing.get_args(right))
    return bool(left == right)


@pytest.mark.parametrize(
    ("fields", "record"),
    [*((TABLES[name], typed) for name, typed in RECORD_OF_TABLE.items()), *SUB_RECORDS.items()],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_every_row_is_a_field_of_its_typed_record(fields: tuple[Field, ...], record: Any) -> None:
    hints = typing.get_type_hints(record)
    assert set(hints) == {row.name for row in fields}
    for row in fields:
        assert row.type in TYPES, row
        assert same_type(hints[row.name], expected_annotation(row)), row.name
        assert row.label and row.help.endswith((".", ")")), row.name
        if row.type == "word":
            assert row.vocabulary, row.name


@pytest.mark.parametrize("table", list(TABLES))
def test_the_json_schema_is_the_table(run: Runner, table: str) -> None:
    schema = run("schema").json
    name = {
        "facts": "Fact",
        "sources": "Source",
        "entities": "Entity",
        "occasions": "Occasion",
        "agreements": "Agreement",
    }[table]
    properties = schema["$defs"][name]["properties"]
    assert list(properties) == list(output_order(TABLES[table]))
    for row in TABLES[table]:
        assert properties[row.name]["description"] == row.help, row.name
    assert set(schema["properties"]) >= {table}


@pytest.mark.parametrize(
    ("command", "table"),
    [
        (("add",), "facts"),
        (("entity", "add"), "entities"),
        (("occasion", "add"), "occasions"),
        (("agreement", "add"), "agreements"),
        (("source", "add"), "sources"),
    ],
)
def test_every_field_with_an_option_is_an_option_of_its_writing_command(
    run: Runner, command: tuple[str, ...], table: str
) -> None:
    help_text = run(*command, "--help").out
    for row in TABLES[table]:
        if row.option and row.editable:
            assert row.option in help_text, (command, row.option)


def test_the_manual_lists_every_fact_field_of_the_json_contract() -> None:
    text = JSON_TOPIC.read_text(encoding="utf-8")
    section = text[text.index("A **fact** record") :]
    section = section[: section.index("\n\n", section.index("| field |"))]
    listed = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert set(listed) >= set(output_order(TABLES["facts"]))
