"""Curating agreements (kzturk.curate.agreements): kzturk agreement add, step and edit, each
one validated write that refuses what kzturk check would report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from agreement_helpers import agreement_store
from conftest import Runner

from kzturk.check import check_store
from kzturk.store import parse_store_text


def agreements_of(path: Path) -> dict[str, Any]:
    data = parse_store_text(path.read_bytes(), path)
    return {a["id"]: a for a in (data.get("agreements") or {}).values()}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return agreement_store(tmp_path, [])


def test_add_writes_the_agreement_with_its_signing_step(run: Runner, store: Path) -> None:
    result = run(
        "agreement", "add", "--id", "customs", "--title", "Customs cooperation",
        "--party", "Republic of Kazakhstan", "--party", "Türkiye", "--form", "agreement",
        "--signed", "2003-05-22", "--place", "Ankara", "--source", "page", "--db", str(store),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.out == "customs\n"
    saved = agreements_of(store)["customs"]
    assert saved["parties"] == ["kazakhstan", "turkey"]  # names and aliases stored as ids
    assert [(s["kind"], s["date"], s["place"]) for s in saved["steps"]] == [
        ("signed", "2003-05-22", "Ankara")
    ]
    assert check_store(store) == []


def test_add_without_a_source_writes_nothing(run: Runner, store: Path) -> None:
    before = store.read_bytes()
    result = run("agreement", "add", "--id", "x", "--title", "X", "--db", str(store))
    assert result.code == 2 and "--source" in result.err
    assert store.read_bytes() == before


def test_steps_are_kept_in_date_order(run: Runner, store: Path) -> None:
    run("agreement", "add", "--id", "a", "--title", "A", "--signed", "2003-05-22",
        "--source", "page", "--db", str(store))  # fmt: skip
    for kind, when in (("in-force", "2005-03-01"), ("approved", "2003-04"), ("ratified", "2004")):
        result = run("agreement", "step", "a", "--kind", kind, "--date", when,
                     "--source", "page", "--db", str(store))  # fmt: skip
        assert result.code == 0, result.err
    steps = agreements_of(store)["a"]["steps"]
    assert [s["kind"] for s in steps] == ["approved", "signed", "ratified", "in-force"]


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (("--kind", "ratified", "--date", "2001"), "before it was signed"),
        (("--kind", "superseded", "--date", "2010", "--agreement", "nothing"), "not in the store"),
        (("--kind", "superseded", "--date", "2010"), "name the agreement"),
        (("--kind", "ratified", "--date", "2004", "--party", "nobody"), "unknown entity"),
        (("--kind", "ratified", "--date", "2004", "--source", "missing"), "not in the store"),
        (("--kind", "ended", "--date", "2004"), "unknown value"),
    ],
)
def test_a_step_check_would_refuse_is_not_written(
    run: Runner, store: Path, step: tuple[str, ...], message: str
) -> None:
    run("agreement", "add", "--id", "a", "--title", "A", "--signed", "2003-05-22",
        "--source", "page", "--db", str(store))  # fmt: skip
    before = store.read_bytes()
    sources = () if "--source" in step else ("--source", "page")
    result = run("agreement", "step", "a", *step, *sources, "--db", str(store))
    assert result.code == 2, result.out
    assert message in result.err and "Traceback" not in result.err
    assert store.read_bytes() == before


def test_in_force_before_a_ratification_is_refused_unless_explained(
    run: Runner, store: Path
) -> None:
    run("agreement", "add", "--id", "a", "--title", "A", "--signed", "2003-05-22",
        "--source", "page", "--db", str(store))  # fmt: skip
    run("agreement", "step", "a", "--kind", "ratified", "--date", "2006-01-10",
        "--party", "turkey", "--source", "page", "--db", str(store))  # fmt: skip
    refused = run("agreement", "step", "a", "--kind", "in-force", "--date", "2005-03-01",
                  "--source", "page", "--db", str(store))  # fmt: skip
    assert refused.code == 2 and "before its ratification" in refused.err


def test_edit_attaches_facts(run: Runner, store: Path) -> None:
    run("agreement", "add", "--id", "a", "--title", "A", "--signed", "2003",
        "--source", "page", "--db", str(store))  # fmt: skip
    assert run("agreement", "edit", "a", "--add-fact", "F101", "--db", str(store)).code == 0
    assert agreements_of(store)["a"]["facts"] == ["F101"]
    missing = run("agreement", "edit", "a", "--add-fact", "F999", "--db", str(store))
    assert missing.code == 2 and "F999" in missing.err


def test_dry_run_prints_the_record_and_writes_nothing(run: Runner, store: Path) -> None:
    before = store.read_bytes()
    result = run("agreement", "add", "--id", "a", "--title", "A", "--signed", "2003",
                 "--source", "page", "--dry-run", "--db", str(store))  # fmt: skip
    assert result.code == 0 and result.json["steps"][0]["kind"] == "signed"
    assert store.read_bytes() == before
