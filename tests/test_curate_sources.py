"""One page, one source: `kzturk check` names a second source with another's address, adding
one is refused, and `kzturk source merge` folds it into the first (kzturk/curate/sources.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from agreement_helpers import agreement_store
from conftest import Runner, sha256
from store_helpers import fact

from kzturk import curate
from kzturk.check import check_store
from kzturk.errors import UsageError
from kzturk.model import SOURCE_FIELDS
from kzturk.store import canonical_text, parse_store_text


def _page(source_id: str, url: str) -> dict[str, Any]:
    record: dict[str, Any] = {name: None for name in SOURCE_FIELDS}
    record.update(id=source_id, title="A legal page", published="2024-01-01", url=url)
    return record


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    """The agreements store, whose page 'page' is registered again as 'again' (the address
    with a trailing slash), cited by a fact (with 'page' too), a post and agreement steps."""
    path = agreement_store(tmp_path)
    data = parse_store_text(path.read_bytes(), path)
    data["sources"]["9"] = _page("again", "https://example.org/a/ ")
    data["facts"]["103"] = fact(
        103,
        date="2024-01",
        kind="event",
        sectors=["diplomacy"],
        summary="The page's event.",
        parties=["Kazakhstan"],
        sources=[{"source": "again", "quote": None}, {"source": "page", "quote": None}],
    )
    data["entities"]["4"]["posts"] = [
        {"title": "President of Türkiye", "start": None, "end": None, "sources": ["again"]}
    ]
    steps = [s for a in data["agreements"].values() for s in a["steps"] if "page" in s["sources"]]
    assert steps, "the agreements store cites its page in steps"
    steps[0]["sources"] = ["again", "page"]
    for step in steps[1:]:
        step["sources"] = ["again"]
    path.write_text(canonical_text(data), encoding="utf-8")
    return path


def _cited(path: Path) -> list[list[str]]:
    """Every citation list of the store: facts', posts' and agreement steps'."""
    data = parse_store_text(path.read_bytes(), path)
    lists = [[r["source"] for r in f["sources"]] for f in data["facts"].values()]
    lists += [
        p.get("sources") or [] for e in data["entities"].values() for p in e.get("posts") or []
    ]
    lists += [s["sources"] for a in data["agreements"].values() for s in a["steps"]]
    return lists


def test_check_names_the_second_source_of_a_page_and_the_merge(twice: Path) -> None:
    problems = [p for p in check_store(twice) if "same page" in p.message]
    assert [p.record for p in problems] == ["again"]
    assert "source page" in problems[0].message
    assert "kzturk source merge again --into page" in problems[0].message


def test_adding_a_page_already_registered_is_refused(tmp_path: Path) -> None:
    path = agreement_store(tmp_path)
    before = sha256(path)
    with pytest.raises(UsageError, match="same page as source page"):
        curate.add_source(
            path,
            {"id": "copy", "url": "https://example.org/a/", "published": "2024", "title": "A"},
        )
    assert sha256(path) == before


def test_merge_moves_every_citation_once_and_removes_the_duplicate(twice: Path) -> None:
    before = _cited(twice)
    moved = sum("again" in cited for cited in before)
    outcome = curate.merge_source(twice, "again", "page")
    assert outcome.written and outcome.record["id"] == "page"
    assert outcome.record["moved"] == moved >= 3
    after = _cited(twice)
    assert not any("again" in cited for cited in after)
    assert all(len(cited) == len(set(cited)) for cited in after)  # cited once where both were
    assert [sorted({"page" if s == "again" else s for s in c}) for c in before] == [
        sorted(c) for c in after
    ]
    data = parse_store_text(twice.read_bytes(), twice)
    assert "again" not in {s["id"] for s in data["sources"].values()}
    assert check_store(twice) == []


@pytest.mark.parametrize(
    ("duplicate", "into", "message"),
    [
        ("agian", "page", "unknown source 'agian'. Did you mean 'again'"),
        ("again", "again", "itself"),
        ("again", "alpha", "archived article"),
        ("page", "other", "different pages"),
    ],
)
def test_merge_refuses_what_is_not_one_page_twice(
    twice: Path, duplicate: str, into: str, message: str
) -> None:
    data = parse_store_text(twice.read_bytes(), twice)
    data["sources"]["10"] = _page("other", "https://example.org/b")
    twice.write_text(canonical_text(data), encoding="utf-8")
    before = sha256(twice)
    with pytest.raises(UsageError, match=message):
        curate.merge_source(twice, duplicate, into)
    assert sha256(twice) == before


def test_the_command_merges_and_a_dry_run_writes_nothing(run: Runner, twice: Path) -> None:
    before = sha256(twice)
    dry = run("source", "merge", "again", "--into", "page", "--dry-run", "--db", str(twice))
    assert dry.code == 0, dry.err
    assert dry.json["id"] == "page" and "nothing was written" in dry.err
    assert sha256(twice) == before
    done = run("source", "merge", "AGAIN", "--into", "page", "--db", str(twice))
    assert done.code == 0, done.err
    assert done.err.startswith("merged again into page (") and "moved" in done.err
    assert check_store(twice) == []
    again = run("source", "merge", "again", "--into", "page", "--db", str(twice))
    assert again.code == 2 and again.err.count("\n") == 1
    assert "unknown source 'again'" in again.err
