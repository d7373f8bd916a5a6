"""The editorial rules of `kzturk check` (kzturk/check/editorial.py): each defect planted in a
copy of the bundled store is reported on its fact with the fix, and the bundled store has none."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner, printed_problems

from kzturk.check import check_store
from kzturk.check.editorial import (
    attribution_rules,
    note_code_rules,
    reporter_names,
    states_day,
)
from kzturk.store import bundled_store_path, canonical_text

BUNDLED = bundled_store_path()
EDITORIAL = ("curator note cites", "is a place", "opens with its source", "publication day")


def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return data


def _fact(data: dict[str, Any], fact_id: str) -> dict[str, Any]:
    fact: dict[str, Any] = data["facts"][fact_id[1:]]
    return fact


def _source(data: dict[str, Any], source_id: str) -> dict[str, Any]:
    return next(s for s in data["sources"].values() if s["id"] == source_id)


def _working_code(data: dict[str, Any]) -> None:
    _fact(data, "F397")["curator_note"] = "Same award as topic C and D114; see F388."


def _place_party(data: dict[str, Any]) -> None:
    _fact(data, "F397")["parties"].append("Ankara")


def _place_not_a_place(data: dict[str, Any]) -> None:
    _fact(data, "F397")["places"] = ["turkey"]


def _outlet_opening(data: dict[str, Any]) -> None:
    fact = _fact(data, "F397")
    fact["summary"] = "According to Trend, " + fact["summary"]


def _title_opening(data: dict[str, Any]) -> None:
    fact = _fact(data, "F116")
    fact["summary"] = (
        "The report 'Kazakhstan, Turkey Bolster Alliance with Billions in New Deals' says "
        + fact["summary"]
    )


def _publication_day(data: dict[str, Any]) -> None:
    fact = _fact(data, "F397")
    fact["sources"] = fact["sources"][:1]
    fact["date"] = _source(data, fact["sources"][0]["source"])["published"]
    fact["date_basis"] = None


@pytest.mark.parametrize(
    ("breaking", "fact_id", "expected", "fix"),
    [
        (_working_code, "F397", "cites 'topic C', 'D114'", "--curator-note"),
        (_place_party, "F397", "party 'Ankara' is a place", "--place ankara"),
        (_place_not_a_place, "F397", "place 'turkey' is a country", "among the parties"),
        (_outlet_opening, "F397", "opens with its source ('trend')", "--summary"),
        (_title_opening, "F116", "opens with its source", "--summary"),
        (_publication_day, "F397", "the publication day of its only source", "--date-basis"),
    ],
)
def test_each_editorial_defect_is_named_on_its_fact_with_the_fix(
    tmp_path: Path,
    breaking: Callable[[dict[str, Any]], None],
    fact_id: str,
    expected: str,
    fix: str,
    run: Runner,
) -> None:
    data = _data()
    breaking(data)
    path = tmp_path / "facts.json"
    path.write_text(canonical_text(data), encoding="utf-8")
    result = run("check", "--db", str(path))  # the library's problems, as printed
    assert result.code == 1
    found = [(record, p) for record, p in printed_problems(result.out) if expected in p]
    assert [record for record, _ in found] == [fact_id], result.out
    assert fix in found[0][1]


def test_the_bundled_store_keeps_every_editorial_rule() -> None:
    problems = [p for p in check_store(BUNDLED) if any(k in p.message for k in EDITORIAL)]
    assert problems == []


def test_a_retracted_fact_keeps_the_words_it_had(tmp_path: Path) -> None:
    data = _data()
    _outlet_opening(data)
    _fact(data, "F397")["retracted"] = {"date": "2026-12-06", "reason": "test"}
    path = tmp_path / "facts.json"
    path.write_text(canonical_text(data), encoding="utf-8")
    assert not [p for p in check_store(path) if "opens with its source" in p.message]


def test_a_note_may_cite_fact_ids_of_the_store() -> None:
    fact = {"id": "F1", "curator_note": "Same as F2 and F3 (see also the 2022 report)."}
    assert note_code_rules(fact, {"F2": {}, "F3": {}}) == []
    assert "'F4'" in note_code_rules({**fact, "curator_note": "See F4."}, {"F2": {}})[0]


def test_a_speaker_may_open_a_statement_but_not_an_outlet_an_event() -> None:
    names = reporter_names({"s": {"outlet": "Kazinform", "author": None, "title": "Visit"}})
    event = {
        "id": "F1",
        "kind": "event",
        "summary": "Kazinform reported that X visited.",
        "links": [],
    }
    assert attribution_rules(event, names)
    assert not attribution_rules({**event, "kind": "statement"}, names)
    # a word that only begins like an outlet's name is not the outlet
    assert not attribution_rules({**event, "summary": "Visitors came on 2 May."}, names)
    # one side of a disagreement may say whose version it is
    disputed = {**event, "links": [{"fact": "F2", "relation": "conflicts", "about": "date"}]}
    assert not attribution_rules(disputed, names)


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("Tokayev arrived in Ankara on 29 July 2025.", True),
        ("Tokayev arrived in Ankara on July 29.", True),
        ("Tokayev arrived in Ankara on 9 July 2025.", False),
        ("Tokayev arrived in Ankara in July 2025.", False),
    ],
)
def test_a_day_is_stated_only_when_its_day_and_month_are_named(text: str, stated: bool) -> None:
    fact = {"summary": text, "date_note": None, "curator_note": None}
    assert states_day(fact, "2025-07-29") is stated


def test_a_title_made_of_the_facts_own_parties_is_not_its_source() -> None:
    source = {"outlet": None, "author": None, "title": "Turkey and Kazakhstan"}
    names = reporter_names({"s": source})
    deal = {
        "id": "F1",
        "kind": "deal",
        "summary": "Turkey and Kazakhstan signed a visa agreement in 2001.",
        "parties": ["Kazakhstan", "Turkey"],
        "links": [],
    }
    assert not attribution_rules(deal, names)
    # the same title opening a fact whose parties are others is still an attribution
    assert attribution_rules({**deal, "parties": ["Uzbekistan"]}, names)
