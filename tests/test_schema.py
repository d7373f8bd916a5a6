"""The pydantic schema (kzturk schema, kzturk check) and the TypedDicts stay in step."""

from __future__ import annotations

import typing

from conftest import Runner

from kzturk import model
from kzturk.schema import FactModel, SourceModel, store_json_schema


def test_fact_model_fields_match_the_typed_dict() -> None:
    assert list(FactModel.model_fields) == list(model.FACT_FIELDS)


def test_source_model_fields_match_the_typed_dict() -> None:
    assert list(SourceModel.model_fields) == list(model.SOURCE_FIELDS)


def _literal_values(annotation: object) -> set[str]:
    found: set[str] = set()
    for arg in typing.get_args(annotation):
        found |= _literal_values(arg)
    if typing.get_origin(annotation) is typing.Literal:
        found |= set(typing.get_args(annotation))
    return found


def test_schema_vocabularies_match_the_model() -> None:
    fields = FactModel.model_fields
    assert _literal_values(fields["kind"].annotation) == set(model.KINDS)
    assert _literal_values(fields["sectors"].annotation) == set(model.SECTORS)
    assert _literal_values(fields["status"].annotation) == set(model.STATUSES)
    assert _literal_values(fields["metric"].annotation) == set(model.METRICS)


def test_schema_command_prints_the_json_schema(run: Runner) -> None:
    result = run("schema")
    assert result.code == 0
    schema = result.json
    assert schema == store_json_schema()
    assert set(schema["$defs"]["Fact"]["properties"]) == set(model.FACT_FIELDS)
    assert schema["required"] == ["sources", "facts"]
