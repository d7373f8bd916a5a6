"""Citations for reference managers, read back with other people's tools.

`cite --style csl-json|ris|bibtex` and `export sources --format csl-json|ris|bibtex`: every
CSL-JSON item validates against the official CSL-JSON schema (tests/data/csl-data.json, MIT,
see csl-data.LICENSE.txt) and renders through citeproc-py; RIS round-trips through rispy;
BibTeX parses with bibtexparser. Dates carry only the parts a source gives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from conftest import MINI_STORE, Runner
from store_helpers import source

from kzturk.model import SOURCE_FIELDS

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text("utf-8"))

# Sources of every shape: a page in Russian known to the month, an author whose name holds a
# comma, TeX and RIS specials, a line break, a source with nothing but its id.
EXTRA_SOURCES = [
    {
        **source("page-month", "2021-11"),
        "archive": None,
        "title": "Kazakhstan & Türkiye: 100% {new} $deal_#1 ~ ^",
        "outlet": "Trend",
        "author": "Ivanov, political expert",
        "url": "https://example.org/page?a=1&b={2}",
        "language_note": "Page in Russian; facts translated by the curator",
    },
    {
        **source("bare", None),
        "archive": None,
        "title": None,
        "url": "https://example.org/bare",
    },
    {**source("twolines", "2020-02-03"), "title": "First line\nER  - second line"},
]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The mini store with EXTRA_SOURCES, each cited by a fact of its own."""
    data = json.loads(MINI_STORE.read_text("utf-8"))
    for number, extra in enumerate(EXTRA_SOURCES, 10):
        data["sources"][str(number)] = extra
        fact = dict(data["facts"]["101"])
        fact.update(
            id=f"F{190 + number}", occasion=None, sources=[{"source": extra["id"], "quote": None}]
        )
        data["facts"][str(190 + number)] = fact
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def sources_of(path: Path) -> dict[str, dict[str, Any]]:
    raw = json.loads(path.read_text("utf-8"))["sources"].values()
    return {s["id"]: {name: s.get(name) for name in SOURCE_FIELDS} for s in raw}


def parts_given(published: str | None) -> list[int] | None:
    return [int(p) for p in published.split("-")] if published else None


def test_every_csl_json_item_validates_and_has_only_the_date_parts_known(
    run: Runner, store: Path
) -> None:
    result = run("export", "sources", "--db", str(store))
    assert result.code == 0, result.err
    items = result.json
    jsonschema.validate(items, SCHEMA)
    known = sources_of(store)
    assert sorted(i["id"] for i in items) == sorted(known)
    for item in items:
        given = known[item["id"]]
        expected = parts_given(given["published"])
        assert item.get("issued", {}).get("date-parts") == ([expected] if expected else None)
        assert item.get("title") == given["title"]
        assert item.get("URL") == given["url"]
        assert item.get("container-title") == given["outlet"]
        assert ("archive" in item) == bool(given["archive"])
        assert "accessed" not in item  # the store keeps no access date: never invented
    by_id = {i["id"]: i for i in items}
    assert by_id["page-month"]["issued"] == {"date-parts": [[2021, 11]]}
    assert by_id["page-month"]["type"] == "webpage"
    assert by_id["page-month"]["language"] == "ru"
    assert by_id["page-month"]["author"] == [{"literal": "Ivanov, political expert"}]
    assert by_id["beta"]["language"] == "tr"  # "machine translation from Turkish"
    assert "language" not in by_id["alpha"]


def test_cite_csl_json_validates_and_notes_the_quote(run: Runner, store: Path) -> None:
    for fact_id in ("F101", "F102", "F108", "F200"):
        result = run("cite", fact_id, "--style", "csl-json", "--db", str(store))
        assert result.code == 0, result.err
        jsonschema.validate(result.json, SCHEMA)
        assert all(item["id"].endswith(f"-{fact_id}") for item in result.json)
    [alpha] = run("cite", "F101", "--style", "csl-json", "--db", str(store)).json
    assert alpha["note"] == (
        "Cited for kzturk fact F101: “the ANKA drones will be assembled in Kazakhstan”"
    )


def test_csl_json_renders_through_citeproc(run: Runner, store: Path) -> None:
    items = run("export", "sources", "--db", str(store)).json
    style_path = Path(__import__("citeproc").__file__).parent / "data" / "styles"
    style = CitationStylesStyle(str(next(style_path.glob("*.csl"))), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    text = "\n".join(rendered)
    assert "Kazakhstan and Turkey sign defence pact" in text
    assert "2021" in text and "2022" in text


def test_ris_round_trips_through_rispy(run: Runner, store: Path) -> None:
    result = run("export", "sources", "--format", "ris", "--db", str(store))
    assert result.code == 0, result.err
    entries = rispy.loads(result.out)
    known = sources_of(store)
    assert sorted(e["id"] for e in entries) == sorted(known)
    for entry in entries:
        given = known[entry["id"]]
        title = " ".join(given["title"].split()) if given["title"] else None
        assert entry.get("title") == title
        assert entry.get("authors") == ([given["author"]] if given["author"] else None)
        assert entry.get("secondary_title") == given["outlet"]
        assert entry.get("urls") == ([given["url"]] if given["url"] else None)
        year = given["published"][:4] if given["published"] else None
        assert entry.get("year") == year
        assert entry["notes"][0].startswith("Cited for kzturk fact")
        assert not entry.get("unknown_tag")
    by_id = {e["id"]: e for e in entries}
    assert by_id["page-month"]["date"] == "2021/11//"  # no invented day
    assert by_id["page-month"]["type_of_reference"] == "ELEC"
    assert by_id["page-month"]["language"] == "ru"
    assert by_id["alpha"]["name_of_database"] == "kzturk archive"
    # A line break in a title cannot start a record of its own.
    assert by_id["twolines"]["title"] == "First line ER - second line"


def test_cite_ris_has_one_record_per_source(run: Runner) -> None:
    result = run("cite", "F102", "--style", "ris", "--db", str(MINI_STORE))
    entries = rispy.loads(result.out)
    assert [e["id"] for e in entries] == ["alpha-F102", "beta-F102"]
    assert result.out.endswith("ER  - \n")


def test_bibtex_of_the_bibliography_parses(run: Runner, store: Path) -> None:
    result = run("export", "sources", "--format", "bibtex", "--db", str(store))
    assert result.code == 0, result.err
    library = bibtexparser.parse_string(result.out)
    assert library.failed_blocks == []
    known = sources_of(store)
    assert sorted(e.key for e in library.entries) == sorted(known)
    by_key = {e.key: e for e in library.entries}
    assert by_key["page-month"]["author"] == "{Ivanov, political expert}"
    assert by_key["page-month"]["month"] == "nov" and "day" not in by_key["page-month"].fields_dict
    assert "year" not in by_key["bare"].fields_dict


def test_a_filter_selects_the_sources_of_its_facts(run: Runner) -> None:
    whole = run("export", "sources", "--json", "--db", str(MINI_STORE)).json
    assert [s["id"] for s in whole] == ["alpha", "beta", "gamma"]
    energy = run("export", "sources", "--json", "--sector", "energy", "--db", str(MINI_STORE))
    assert [s["id"] for s in energy.json] == ["alpha", "beta"]
    assert [s["facts"] for s in energy.json] == [["F102"], ["F102"]]
    media = run("export", "sources", "--sector", "media", "--db", str(MINI_STORE)).json
    assert [i["id"] for i in media] == ["gamma"]
    early = run("export", "sources", "--until", "2022-05", "--json", "--db", str(MINI_STORE))
    assert {s["id"] for s in early.json} == {"alpha", "beta"}
    # As of 2023 the 2024 source was not out yet: its facts lose it, and it is not listed.
    as_of = run("export", "sources", "--as-of", "2023", "--json", "--db", str(MINI_STORE))
    assert [s["id"] for s in as_of.json] == ["alpha"]


def test_formats_are_offered_where_they_apply(run: Runner) -> None:
    cite = " ".join(run("cite", "--help").out.split())
    assert "plain, json, md, bibtex, csl-json, ris." in cite
    # Its examples show every style but the default, the new ones too.
    examples = cite.partition("Examples:")[2]
    for style in ("md", "bibtex", "csl-json", "ris"):
        assert f"kzturk cite F101 --style {style}" in examples, style
    export = " ".join(run("export", "sources", "--help").out.split())
    assert "Output: json, jsonl, csv, bibtex, csl-json, ris." in export
    wrong = run("export", "sources", "--format", "html", "--db", str(MINI_STORE))
    assert wrong.code == 2 and "bibtex, csl-json, ris" in wrong.err
    deals = run("deals", "--format", "ris", "--db", str(MINI_STORE))
    assert deals.code == 2 and deals.out == ""


def test_export_sources_writes_a_file(run: Runner, tmp_path: Path) -> None:
    target = tmp_path / "refs.ris"
    result = run("export", "sources", "--format", "ris", "-o", str(target), "--db", str(MINI_STORE))
    assert result.code == 0 and result.out == ""
    assert len(rispy.loads(target.read_text("utf-8"))) == 3
