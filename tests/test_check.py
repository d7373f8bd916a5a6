"""`kzturk check`: the bundled store passes, and each kind of defect is caught by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner, printed_problems
from store_helpers import make_store

from kzturk.check import check_store
from kzturk.model import FACT_FIELDS
from kzturk.store import bundled_store_path, canonical_text, load_store

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

BUNDLED = bundled_store_path()


def test_bundled_store_passes_check(run: Runner) -> None:
    result = run("check", "--db", str(BUNDLED))
    assert result.code == 0, result.out + result.err
    assert "is valid" in result.out


def test_bundled_store_has_every_article_and_the_reference_record() -> None:
    store = load_store(BUNDLED)
    archived = [s for s in store.sources.values() if s["archive"]]
    references = [s for s in store.sources.values() if not s["archive"]]
    assert len(archived) == 5
    assert len(references) >= 40
    assert len(store.facts) >= 197 + 150
    cited = {ref["source"] for fact in store.facts for ref in fact["sources"]}
    cited |= {
        source
        for agreement in store.agreements.values()
        for step in agreement["steps"]
        for source in step["sources"]
    }  # a legal page may date only an agreement's step
    assert cited == set(store.sources)
    events = [f for f in store.facts if f["kind"] not in ("context", "analysis")]
    dated = sorted(f["date"] for f in events if f["date"] and not f["retracted"])
    assert dated[0].startswith("1991")  # the default timeline starts with independence
    for source in references:
        assert source["url"].startswith(("http://", "https://")) and source["published"]


@pytest.fixture
def broken_copy(tmp_path: Path) -> Callable[[Callable[[dict[str, Any]], None]], Path]:
    """Copy the bundled store, apply `breaking` to its data, write it canonically."""

    def make(breaking: Callable[[dict[str, Any]], None]) -> Path:
        data = json.loads(BUNDLED.read_text(encoding="utf-8"))
        breaking(data)
        path = tmp_path / "facts.json"
        path.write_text(canonical_text(data), encoding="utf-8")
        return path

    return make


def _first_fact(data: dict[str, Any]) -> dict[str, Any]:
    return data["facts"][min(data["facts"], key=int)]


def _change_quote(data: dict[str, Any]) -> None:
    _first_fact(data)["sources"][0]["quote"] += " (and a word the article never had)"


def _dangling_source(data: dict[str, Any]) -> None:
    _first_fact(data)["sources"][0]["source"] = "no-such-article"


def _bad_date(data: dict[str, Any]) -> None:
    _first_fact(data)["date"] = "2022-02-30"


def _future_date(data: dict[str, Any]) -> None:
    fact = _first_fact(data)
    fact["date"] = "2099"


def _duplicate_id(data: dict[str, Any]) -> None:
    keys = sorted(data["facts"], key=int)
    data["facts"][keys[1]]["id"] = data["facts"][keys[0]]["id"]


def _duplicate_summary(data: dict[str, Any]) -> None:
    keys = sorted(data["facts"], key=int)
    data["facts"][keys[1]]["summary"] = data["facts"][keys[0]]["summary"]


def _unknown_sector(data: dict[str, Any]) -> None:
    _first_fact(data)["sectors"] = ["defence"]


def _dangling_link(data: dict[str, Any]) -> None:
    _first_fact(data)["links"] = [{"fact": "F9999", "relation": "conflicts"}]


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        (_change_quote, "quote not found verbatim"),
        (_dangling_source, "unknown source 'no-such-article'"),
        (_bad_date, "date"),
        (_future_date, "after"),
        (_duplicate_id, "duplicate fact id"),
        (_duplicate_summary, "same summary as"),
        (_unknown_sector, "sectors"),
        (_dangling_link, "links to unknown fact 'F9999'"),
    ],
)
def test_each_defect_is_reported_with_its_record(
    broken_copy: Callable[[Callable[[dict[str, Any]], None]], Path],
    breaking: Callable[[dict[str, Any]], None],
    expected: str,
    run: Runner,
) -> None:
    path = broken_copy(breaking)
    result = run("check", "--db", str(path))  # the library's problems, as printed
    assert result.code == 1
    problems = printed_problems(result.out)
    assert any(expected in problem for _, problem in problems), result.out
    assert all(record for record, _ in problems)


def test_non_canonical_file_is_reported_with_the_fix_and_fixed(tmp_path: Path, run: Runner) -> None:
    path = tmp_path / "facts.json"
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data), encoding="utf-8")  # one line, unsorted: not canonical
    result = run("check", "--db", str(path))
    assert result.code == 1
    assert "canonical" in result.out and "--fix" in result.out
    fixed = run("check", "--db", str(path), "--fix")
    assert fixed.code == 0, fixed.out + fixed.err
    assert path.read_text(encoding="utf-8") == canonical_text(data)


def test_check_json_lists_problems(broken_copy: Callable[..., Path], run: Runner) -> None:
    path = broken_copy(_dangling_source)
    result = run("check", "--db", str(path), "--json")
    assert result.code == 1
    records = result.json
    assert isinstance(records, list) and records
    assert set(records[0]) == {"record", "problem"}


def test_a_store_lacking_optional_fields_passes_check_and_reads_them_empty(
    tmp_path: Path, run: Runner
) -> None:
    """What a store written before a field existed looks like: no record has it. It stays
    valid and canonical (nothing to rewrite), and reads the field as empty, which JSON
    output still prints."""
    path = make_store(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    fact = data["facts"]["102"]
    fact["date_note"] = "early May"
    path.write_text(canonical_text(data), encoding="utf-8")
    assert check_store(path) == []
    for name in ("date_note", "date_basis", "occasion", "links"):  # as if added later
        fact.pop(name, None)
    assert all(name not in fact for name in ("date_note", "links"))
    text = canonical_text(data)
    path.write_text(text, encoding="utf-8")
    assert check_store(path) == []
    assert run("check", "--fix", "--db", str(path)).code == 0
    assert path.read_text(encoding="utf-8") == text  # nothing was rewritten
    record = run("show", "F102", "--db", str(path), "--json").json
    assert record["date_note"] is None and record["links"] == [] and record["occasion"] is None
    assert set(record) >= set(FACT_FIELDS)
    loaded = load_store(path).fact("F102")
    assert loaded is not None and loaded["date_note"] is None and loaded["links"] == []


def test_the_canonical_writer_leaves_out_only_empty_optional_fields() -> None:
    record = {
        "id": "F1",
        "kind": "event",
        "summary": "",  # required: written even empty
        "date_note": None,
        "links": [],
        "sectors": ["energy"],
        "amount_usd": 0,  # zero is a value
    }
    written = json.loads(canonical_text({"facts": {"1": record}}))["facts"]["1"]
    assert written == {
        "id": "F1",
        "kind": "event",
        "summary": "",
        "sectors": ["energy"],
        "amount_usd": 0,
    }
