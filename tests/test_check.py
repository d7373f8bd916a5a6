"""`kzturk check`: the bundled store passes, and each kind of defect is caught by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner

from kzturk.check import check_store
from kzturk.store import bundled_store_path, canonical_text

BUNDLED = bundled_store_path()


def test_bundled_store_passes_check(run: Runner) -> None:
    result = run("check", "--db", str(BUNDLED))
    assert result.code == 0, result.out + result.err
    assert "is valid" in result.out


def test_bundled_store_has_every_article_and_the_reference_record() -> None:
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    archived = [s for s in data["sources"].values() if s["archive"]]
    references = [s for s in data["sources"].values() if not s["archive"]]
    assert len(archived) == 5
    assert len(references) >= 40
    assert len(data["facts"]) >= 197 + 150
    cited = {ref["source"] for fact in data["facts"].values() for ref in fact["sources"]}
    cited |= {
        source
        for agreement in (data.get("agreements") or {}).values()
        for step in agreement["steps"]
        for source in step["sources"]
    }  # a legal page may date only an agreement's step
    assert cited == {source["id"] for source in data["sources"].values()}
    events = [f for f in data["facts"].values() if f["kind"] not in ("context", "analysis")]
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
    problems = check_store(path)
    assert any(expected in p.message for p in problems), [str(p) for p in problems]
    assert all(p.record for p in problems)
    result = run("check", "--db", str(path))
    assert result.code == 1
    assert expected in result.out


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
