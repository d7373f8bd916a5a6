"""The `places` of a fact: given by any name of a place, stored as entity ids, shown by name in
`show`, printed in JSON; a country is refused there, and infrastructure is an entity type."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Runner

from kzturk import curate


def _fact(path: Path, number: int) -> dict[str, object]:
    fact: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))["facts"][str(number)]
    return fact


def test_a_place_given_by_name_is_stored_as_its_entity_id(mini_store_copy: Path) -> None:
    outcome = curate.edit_fact(mini_store_copy, "F101", {"places": ["Astana"]})
    assert outcome.changed == ("places",)
    assert _fact(mini_store_copy, 101)["places"] == ["astana"]


def test_show_names_the_places_and_json_lists_their_ids(mini_store_copy: Path, run: Runner) -> None:
    assert run("edit", "F101", "--place", "astana", "--db", str(mini_store_copy)).code == 0
    shown = run("show", "F101", "--db", str(mini_store_copy))
    assert shown.code == 0
    assert "Places: Astana\n" in shown.out
    record = run("show", "F101", "--json", "--db", str(mini_store_copy)).json
    assert isinstance(record, dict) and record["places"] == ["astana"]


def test_a_country_is_no_place_and_nothing_is_written(mini_store_copy: Path, run: Runner) -> None:
    before = mini_store_copy.read_bytes()
    result = run("edit", "F101", "--place", "Kazakhstan", "--db", str(mini_store_copy))
    assert result.code != 0
    assert "not a place" in result.err
    assert mini_store_copy.read_bytes() == before


def test_an_unknown_place_is_a_usage_error(mini_store_copy: Path, run: Runner) -> None:
    result = run("edit", "F101", "--place", "Atlantis", "--db", str(mini_store_copy))
    assert result.code == 2
    assert "unknown entity 'Atlantis'" in result.err


def test_infrastructure_is_an_entity_type(mini_store_copy: Path, run: Runner) -> None:
    result = run(
        "entity",
        "add",
        "--id",
        "btc",
        "--name",
        "Baku–Tbilisi–Ceyhan pipeline",
        "--type",
        "infrastructure",
        "--db",
        str(mini_store_copy),
    )
    assert result.code == 0, result.err
    entities = json.loads(mini_store_copy.read_text(encoding="utf-8"))["entities"].values()
    assert {"btc": "infrastructure"}.items() <= {e["id"]: e["type"] for e in entities}.items()
