"""Curating entities and occasions: kzturk entity add/edit, occasion add/edit, and the
library functions behind them (kzturk.curate.entities)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner
from store_helpers import make_store

from kzturk import curate
from kzturk.check import check_store
from kzturk.errors import UsageError
from kzturk.store import canonical_text, parse_store_text


def read(path: Path) -> dict[str, Any]:
    return parse_store_text(path.read_bytes(), path)


def entity_of(path: Path, entity_id: str) -> dict[str, Any]:
    return next(e for e in read(path)["entities"].values() if e["id"] == entity_id)


def parties(path: Path) -> list[list[str]]:
    return [f["parties"] for f in read(path)["facts"].values()]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


def test_entity_add_prints_its_id_and_names_the_facts_parties(run: Runner, store: Path) -> None:
    data = read(store)
    data["facts"]["102"]["parties"] = ["Kassym-Jomart Tokayev", "Turkish Airlines"]
    store.write_text(canonical_text(data), encoding="utf-8")
    assert check_store(store)  # a party that is no entity's name or alias
    result = run(
        "entity", "add", "--id", "thy", "--name", "Türk Hava Yolları", "--type", "company",
        "--alias", "Turkish Airlines", "--alias", "THY", "--db", str(store),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "thy\n"
    assert result.err.startswith("added entity thy to ")
    assert [a["name"] for a in entity_of(store, "thy")["aliases"]] == ["Turkish Airlines", "THY"]
    assert read(store)["facts"]["102"]["parties"] == ["Kassym-Jomart Tokayev", "Türk Hava Yolları"]
    assert not check_store(store)


def test_entity_add_refuses_a_used_id_and_writes_nothing(run: Runner, store: Path) -> None:
    before = store.read_bytes()
    result = run(
        "entity", "add", "--id", "tai", "--name", "Other", "--type", "company", "--db", str(store)
    )
    assert result.code == 2
    assert "'tai' already exists" in result.err
    assert store.read_bytes() == before


def test_entity_add_names_every_missing_required_option(run: Runner, store: Path) -> None:
    result = run("entity", "add", "--id", "x", "--db", str(store))
    assert result.code == 2
    assert result.err.strip() == (
        "kzturk: error: missing --name, --type; standard input is not a terminal, so kzturk "
        "cannot ask: pass them as options (see 'kzturk entity add --help')"
    )


def test_entity_add_asks_for_every_field_at_a_terminal(
    run: Runner, store: Path, terminal: Any
) -> None:
    terminal(
        {
            "ID": ["Akorda!", "akorda"],  # not a slug, asked again
            "Name": "Akorda",
            "Type": ["palace", "organization"],  # not in the vocabulary, asked again
            "Aliases": "Presidential Administration; Ak Orda#kk",  # the second with its language
            "Add this entity?": "y",
        }
    )
    result = run("entity", "add", "--db", str(store))
    assert result.code == 0, result.err
    assert result.out == "akorda\n"  # the questions went to stderr
    assert "Type (country, person, company, organization, place, infrastructure)" in result.err
    assert "entity id 'Akorda!': use at most 64 lower-case letters" in result.err
    assert "unknown value 'palace'. Did you mean 'place'?" in result.err
    added = entity_of(store, "akorda")
    assert added["type"] == "organization"
    assert [a["name"] for a in added["aliases"]] == ["Presidential Administration", "Ak Orda"]
    assert [a["language"] for a in added["aliases"]] == [None, "kk"]
    assert added.get("posts", []) == []  # an empty optional field is left out


def test_occasion_add_asks_only_for_what_is_missing(
    run: Runner, store: Path, terminal: Any
) -> None:
    terminal({"Date": "2022-05-10", "Add this occasion?": "y"})
    result = run(
        "occasion", "add", "--id", "v", "--kind", "visit", "--name", "Visit",
        "--participant", "tokayev", "--db", str(store),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.err.count("Date") == 1 and "Place" not in result.err
    assert next(iter(read(store)["occasions"].values()))["date"] == "2022-05-10"


def test_answering_no_adds_no_entity(run: Runner, store: Path, terminal: Any) -> None:
    before = store.read_bytes()
    terminal({"Type": "company", "Add this entity?": "n"})
    result = run("entity", "add", "--id", "thy", "--name", "THY", "--db", str(store))
    assert result.code == 1 and "nothing was written" in result.err
    assert store.read_bytes() == before


def test_entity_add_alias_appends_once(run: Runner, store: Path) -> None:
    db = ("--db", str(store))
    assert run("entity", "edit", "tai", "--add-alias", "TAI", *db).code == 0
    again = run("entity", "edit", "tai", "--add-alias", "TAI", *db)
    assert again.code == 0, again.err
    names = [a["name"] for a in entity_of(store, "tai")["aliases"]]
    assert names.count("TAI") == 1
    assert names[:2] == ["TUSAŞ", "Turkish Aerospace Industries"]


def test_renaming_an_entity_keeps_the_old_name_and_rewrites_parties(store: Path) -> None:
    assert any("Turkish Aerospace" in p for p in parties(store))
    outcome = curate.edit_entity(store, "tai", {"name": "TUSAŞ"})
    assert set(outcome.changed) == {"name", "aliases"}
    renamed = entity_of(store, "tai")
    assert renamed["name"] == "TUSAŞ"
    names = [a["name"] for a in renamed["aliases"]]
    assert "Turkish Aerospace" in names  # the old name, kept
    assert "TUSAŞ" not in names  # the new name is no alias of itself
    assert not any("Turkish Aerospace" in p for p in parties(store))
    assert any("TUSAŞ" in p for p in parties(store))
    assert not check_store(store)


def test_entity_edit_dry_run_writes_nothing(run: Runner, store: Path) -> None:
    before = store.read_bytes()
    result = run("entity", "edit", "tai", "--note", "Ankara", "--dry-run", "--db", str(store))
    assert result.code == 0, result.err
    assert '"note": "Ankara"' in result.out
    assert result.err.startswith("dry run: would edit entity tai (note) in ")
    assert store.read_bytes() == before


def test_entity_edit_of_nothing_and_of_an_unknown_id_are_usage_errors(store: Path) -> None:
    with pytest.raises(UsageError, match="nothing to change in entity 'tai'"):
        curate.edit_entity(store, "tai", {})
    with pytest.raises(UsageError, match=r"unknown entity .tia.\..*tai"):
        curate.edit_entity(store, "tia", {"note": "x"})
    with pytest.raises(UsageError, match="id never changes"):
        curate.edit_entity(store, "tai", {"id": "tai2"})


def test_occasion_add_stores_participants_as_ids(run: Runner, store: Path) -> None:
    result = run(
        "occasion", "add", "--id", "2022-05-visit", "--kind", "visit",
        "--name", "Tokayev in Ankara", "--date", "2022-05-10", "--date-end", "2022-05-11",
        "--participant", "Tokayev", "--participant", "Erdogan", "--db", str(store),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "2022-05-visit\n"
    occasion = next(iter(read(store)["occasions"].values()))
    assert occasion["participants"] == ["tokayev", "erdogan"]
    assert not check_store(store)


def test_occasion_add_refuses_an_unknown_participant(run: Runner, store: Path) -> None:
    before = store.read_bytes()
    result = run(
        "occasion", "add", "--id", "o", "--kind", "visit", "--name", "N", "--date", "2022",
        "--participant", "Tokaev", "--db", str(store),
    )  # fmt: skip
    assert result.code == 2
    assert "unknown entity 'Tokaev'" in result.err
    assert store.read_bytes() == before


def test_occasion_edit_changes_its_dates_and_reports_them(run: Runner, store: Path) -> None:
    db = ("--db", str(store))
    added = run(
        "occasion", "add", "--id", "v", "--kind", "visit", "--name", "Visit",
        "--date", "2022-05-10", "--participant", "tokayev", *db,
    )  # fmt: skip
    assert added.code == 0, added.err
    edited = run("occasion", "edit", "v", "--date-end", "2022-05-11", *db)
    assert edited.code == 0, edited.err
    assert edited.err.startswith("edited occasion v (date_end) in ")
    occasion = next(iter(read(store)["occasions"].values()))
    assert occasion["date_end"] == "2022-05-11"
    assert occasion["participants"] == ["tokayev"]  # untouched, still an id
    same = run("occasion", "edit", "v", "--date-end", "2022-05-11", *db)
    assert same.code == 0
    assert same.err.startswith("occasion v: nothing changed")


def test_a_post_and_an_alias_language_are_stored_and_shown(run: Runner, store: Path) -> None:
    db = ("--db", str(store))
    edited = run(
        "entity", "edit", "tokayev", "--add-alias", "Токаев#RU",
        "--add-post", "President of Kazakhstan@2019-03-20/#Alpha, beta", *db,
    )  # fmt: skip
    assert edited.code == 0, edited.err
    assert edited.err.startswith("edited entity tokayev (aliases, posts) in ")
    entity = entity_of(store, "tokayev")
    assert entity["aliases"][-1] == {
        "name": "Токаев", "start": None, "end": None, "note": None, "language": "ru",
    }  # fmt: skip
    assert entity["posts"] == [
        {"title": "President of Kazakhstan", "start": "2019-03-20", "end": None,
         "sources": ["alpha", "beta"]},
    ]  # fmt: skip
    assert not check_store(store)
    shown = run("entities", "Токаев", *db)  # found by the new alias
    assert shown.code == 0, shown.err
    assert "Токаев [ru]" in shown.out
    assert "President of Kazakhstan (2019-03-20 to now)" in shown.out


def test_a_post_citing_an_unknown_source_or_ending_first_is_refused(
    run: Runner, store: Path
) -> None:
    before = store.read_bytes()
    db = ("--db", str(store))
    unknown = run("entity", "edit", "tokayev", "--add-post", "Prime Minister#nosuch", *db)
    assert unknown.code == 2
    assert "cites unknown source 'nosuch'" in unknown.err
    backwards = run("entity", "edit", "tokayev", "--add-post", "Prime Minister@2002/1999", *db)
    assert backwards.code == 2
    assert "2002 is before 1999" not in backwards.err  # the message names the end first
    assert "post 'Prime Minister': 1999 is before 2002" in backwards.err
    for bad in ("Токаев#", "Токаев#русский"):
        refused = run("entity", "edit", "tokayev", "--add-alias", bad, *db)
        assert refused.code == 2
        assert "after '#' give the name's language as a code" in refused.err
    assert store.read_bytes() == before


def test_an_older_store_without_posts_or_alias_languages_still_reads(
    run: Runner, store: Path
) -> None:
    data = read(store)
    for entity in data["entities"].values():
        entity.pop("posts", None)
        for alias in entity["aliases"]:
            alias.pop("language", None)
    store.write_text(canonical_text(data), encoding="utf-8")
    assert '"posts"' not in store.read_text(encoding="utf-8")
    shown = run("entities", "tai", "--json", "--db", str(store))
    assert shown.code == 0, shown.err
    assert '"posts": []' in shown.out
    assert '"language": null' in shown.out


def test_occasions_filter_by_type(run: Runner, store: Path) -> None:
    db = ("--db", str(store))
    for occasion_id, kind, date in (("v", "visit", "2022-05-10"), ("c", "council", "2012-10-11")):
        added = run(
            "occasion", "add", "--id", occasion_id, "--kind", kind, "--name", occasion_id,
            "--date", date, *db,
        )  # fmt: skip
        assert added.code == 0, added.err
    councils = run("occasions", "--type", "Council", "--json", *db)
    assert councils.code == 0, councils.err
    assert [o["id"] for o in json.loads(councils.out)] == ["c"]
    both = run("occasions", "-t", "visit", "-t", "council", "--json", *db)
    assert [o["id"] for o in json.loads(both.out)] == ["c", "v"]  # oldest first
    unknown = run("occasions", "--type", "councl", *db)
    assert unknown.code == 2
    assert "Did you mean 'council'?" in unknown.err


@pytest.mark.parametrize(
    "alias",
    [
        {"name": "TUSAŞ", "start": "2019", "end": None, "note": None},
        {"name": "tusaş", "start": None, "end": None, "note": None},
        {"name": "Turkish Aerospace Industries", "start": None, "end": "2022", "note": "old"},
        {"name": "turkish aerospace", "start": "2020", "end": None, "note": None},
    ],
    ids=["same alias with dates", "another case", "with an end and a note", "its own name"],
)
def test_a_name_the_entity_already_has_is_refused_and_check_sees_one(
    store: Path, alias: dict[str, Any]
) -> None:
    before = store.read_bytes()
    with pytest.raises(UsageError, match="already has the name"):
        curate.edit_entity(store, "tai", {}, append={"aliases": [alias]})
    assert store.read_bytes() == before
    # The same duplicate written by hand: check names it.
    data = read(store)
    entity = next(e for e in data["entities"].values() if e["id"] == "tai")
    entity["aliases"].append(alias)
    store.write_text(canonical_text(data), encoding="utf-8")
    assert any(p.record == "tai" and "more than once" in p.message for p in check_store(store)), (
        check_store(store)
    )
