"""Confinement and terminal safety of the write path: archived texts stay in their folders, and
no raw control character from a path or a record reaches a terminal or a JSON consumer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Runner
from hostile_helpers import (
    FORBIDDEN,
    assert_no_control,
    mini_data,
    write_store,
)
from store_helpers import ADD, make_store

from kzturk.store import canonical_text


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


C1_AND_BIDI = "next\u0085line csi\u009b31m \u202eevil\u202c \u2066iso\u2069 sep\u2028ar del\x7f"


@pytest.mark.parametrize(
    "archive", ["/etc/passwd", "../../../../etc/passwd", "../facts.json", "x/../../y.txt"]
)
def test_an_archive_name_cannot_reach_outside_the_archive_folders(
    store: Path, run: Runner, archive: str
) -> None:
    data = json.loads(store.read_text(encoding="utf-8"))
    data["sources"]["2"]["archive"] = archive
    data["facts"]["102"]["sources"] = [{"source": "beta", "quote": "root"}]  # in /etc/passwd
    store.write_text(canonical_text(data), encoding="utf-8")
    result = run("check", "--db", str(store))
    assert result.code == 1
    assert "beta: archived text" in result.out
    assert "F102: quote from beta cannot be verified" in result.out


def test_an_archive_symlink_pointing_outside_is_not_read(store: Path, run: Runner) -> None:
    beta = store.parent / "archive" / "beta.txt"
    beta.unlink()
    beta.symlink_to("/etc/passwd")
    result = run("check", "--db", str(store))
    assert result.code == 1
    assert "cannot be verified" in result.out


@pytest.mark.parametrize("name", ["esc\x1b[31mred", "new\nline", "bidi\u202eoverride"])
def test_status_lines_never_print_a_paths_control_characters(
    tmp_path: Path, run: Runner, name: str
) -> None:
    folder = tmp_path / name
    folder.mkdir()
    path = make_store(folder)
    for result in (run("check", "--fix", "--db", str(path)), run(*ADD, "--db", str(path))):
        assert result.code in (0, 1), result.err
        assert_no_control(result.out.replace("\n", ""), "stdout")
        assert_no_control(result.err.replace("\n", ""), "stderr")
    assert run("check", "--db", str(path)).out.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ("deals", "--json"),
        ("deals", "--jsonl"),
        ("timeline", "--json", "--include-retracted"),
        ("search", "joint", "--json"),
        ("show", "F102", "--json"),
        ("show", "F102", "--jsonl"),
        ("cite", "F102", "--style", "json"),
        ("sources", "--json"),
        ("entities", "--json"),
    ],
    ids=" ".join,
)
def test_json_never_carries_raw_c1_or_bidi_controls(
    tmp_path: Path, run: Runner, argv: tuple[str, ...]
) -> None:
    data = mini_data()
    data["facts"]["102"]["summary"] = f"The presidents announced a joint {C1_AND_BIDI}."
    data["sources"]["1"]["title"] = C1_AND_BIDI
    data["entities"]["1"]["note"] = C1_AND_BIDI
    path = write_store(tmp_path / "facts.json", data)
    result = run(*argv, "--db", str(path))
    assert result.code == 0, result.err
    assert not FORBIDDEN.search(result.out.replace("\n", "")), argv
    for line in result.out.splitlines() if "--jsonl" in argv else [result.out]:
        json.loads(line)  # the escapes are JSON: the data is intact
    if "--json" in argv and argv[0] in ("deals", "show"):
        records = json.loads(result.out)
        record = records if isinstance(records, dict) else records[0]
        if record["id"] == "F102":
            assert C1_AND_BIDI in record["summary"]


def test_a_dry_run_record_is_json_safe_too(store: Path, run: Runner) -> None:
    bidi = "\u202eevil\u202c \u2066iso\u2069 sep\u2028ar"  # typed text: controls are refused
    result = run(
        *ADD[:5], "--summary", f"Hostile {bidi}", *ADD[7:], "--dry-run", "--db", str(store)
    )
    assert result.code == 0, result.err
    assert not FORBIDDEN.search(result.out.replace("\n", "")) and "\u2028" not in result.out
    assert bidi in json.loads(result.out)["summary"]
