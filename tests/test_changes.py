"""`kzturk changes OLD [NEW]`: the claim-level changelog between two versions of the store.

On synthetic stores for every kind of change (added, changed, retracted, unretracted,
removed, for facts, sources, entities and occasions), in every format; on a git repository
made in the test with two commits (a bare revision, REV:path, an older store format); and a
hypothesis property: exactly the ids that were edited appear.
"""

from __future__ import annotations

import copy
import io
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Runner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzturk.export.changes import compare, word_diff
from kzturk.export.revisions import parse_version
from kzturk.model import FACT_TABLE

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first


def mini_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MINI_STORE.read_text(encoding="utf-8"))
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def edited() -> dict[str, Any]:
    """The mini store with one change of every kind."""
    data = copy.deepcopy(mini_data())
    facts = data["facts"]
    facts["101"]["summary"] = "Kazakhstan agreed to build ANKA drones with Turkish Aerospace."
    facts["101"]["sectors"] = ["defense", "technology"]
    facts["102"]["retracted"] = {"date": "2025-01-02", "reason": "the outlet corrected it"}
    facts["111"]["retracted"] = None
    del facts["105"]
    new_fact = copy.deepcopy(facts["104"])
    new_fact.update(id="F112", summary="A new fact.")
    facts["112"] = new_fact
    data["sources"]["1"]["title"] = "A new title"
    data["entities"]["1"]["note"] = "A note."
    data["occasions"] = {}
    return data


@pytest.fixture
def stores(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path / "old.json", mini_data()), write(tmp_path / "new.json", edited())


def test_every_kind_of_change_in_json(run: Runner, stores: tuple[Path, Path]) -> None:
    old, new = stores
    result = run("changes", str(old), str(new), "--json")
    assert result.code == 0
    record = result.json
    assert list(record) == ["facts", "sources", "entities", "occasions", "agreements"]
    assert [(e["id"], e["change"]) for e in record["facts"]] == [
        ("F101", "changed"),
        ("F102", "retracted"),
        ("F105", "removed"),
        ("F111", "unretracted"),
        ("F112", "added"),
    ]
    f101 = record["facts"][0]["fields"]
    assert f101["sectors"] == {"old": ["defense"], "new": ["defense", "technology"]}
    assert set(f101) == {"summary", "sectors"}
    assert record["facts"][1]["fields"]["retracted"]["new"]["reason"] == "the outlet corrected it"
    assert record["facts"][4]["fields"]["summary"] == {"old": None, "new": "A new fact."}
    source = mini_data()["sources"]["1"]["id"]
    assert record["sources"] == [
        {
            "id": source,
            "change": "changed",
            "fields": {
                "title": {"old": mini_data()["sources"]["1"]["title"], "new": "A new title"}
            },
        }
    ]
    assert [e["change"] for e in record["entities"]] == ["changed"]
    assert [(e["id"], e["change"]) for e in record["occasions"]] == [("2022-05-visit", "removed")]
    assert "WARNING" in result.err and "F105" in result.err  # loud, even with --json


def test_the_table_groups_and_diffs_word_by_word(run: Runner, stores: tuple[Path, Path]) -> None:
    old, new = stores
    result = run("changes", str(old), str(new))
    assert result.code == 0 and result.err == ""
    out = result.out
    for heading in (
        "Facts added (1)",
        "Facts changed (1)",
        "Facts retracted (1)",
        "Facts unretracted (1)",
        "Facts removed (1)",
        "Sources changed (1)",
        "Occasions removed (1)",
    ):
        assert heading in out
    assert "summary: Kazakhstan agreed to [-assemble-] {+build+} ANKA drones" in out
    assert "sectors: {+technology+}" in out
    assert out.rstrip().splitlines()[-1].startswith("WARNING") or "WARNING: removed" in out
    assert "retract, never delete" in out


def test_markdown_release_notes(run: Runner, stores: tuple[Path, Path]) -> None:
    old, new = stores
    result = run("changes", str(old), str(new), "--format", "md")
    assert result.code == 0
    out = result.out
    assert out.startswith("## Changes from ")
    assert "### Facts added (1)" in out and "- **F112** — undated, event: A new fact." in out
    assert "Kazakhstan agreed to ~~assemble~~ **build** ANKA drones" in out
    assert "> **WARNING: removed 1 fact (F105); 1 occasion (2022-05-visit)." in out
    assert "WARNING" in result.err


def test_stat_counts_only(run: Runner, stores: tuple[Path, Path]) -> None:
    old, new = stores
    counts = run("changes", str(old), str(new), "--stat", "--json").json
    assert counts["facts"] == {
        "added": 1,
        "changed": 1,
        "retracted": 1,
        "unretracted": 1,
        "removed": 1,
    }
    assert counts["sources"] == {"added": 0, "changed": 1, "removed": 0}
    table = run("changes", str(old), str(new), "--stat").out.splitlines()
    assert table[1].split() == ["table", "added", "changed", "retracted", "unretracted", "removed"]
    assert table[2].split() == ["facts", "1", "1", "1", "1", "1"]
    assert table[3].split() == ["sources", "0", "1", "-", "-", "0"]


def test_no_change(run: Runner) -> None:
    result = run("changes", str(MINI_STORE), str(MINI_STORE))
    assert result.code == 0 and "No changes between" in result.out
    record = run("changes", str(MINI_STORE), str(MINI_STORE), "--json").json
    assert record == {"facts": [], "sources": [], "entities": [], "occasions": [], "agreements": []}


def test_new_defaults_to_the_store_reads_use(run: Runner, stores: tuple[Path, Path]) -> None:
    old, new = stores
    explicit = run("changes", str(old), str(new), "--json").json
    assert run("changes", str(old), "--db", str(new), "--json").json == explicit


@pytest.mark.parametrize("args", [("--format", "csv"), ("--jsonl",), ("--format", "nope")])
def test_formats_other_than_table_json_md_are_usage_errors(
    run: Runner, args: tuple[str, ...]
) -> None:
    assert run("changes", str(MINI_STORE), str(MINI_STORE), *args).code == 2


def test_word_diff() -> None:
    assert word_diff("a b c", "a x c") == [("=", "a"), ("-", "b"), ("+", "x"), ("=", "c")]
    assert word_diff("same", "same") == [("=", "same")]
    assert word_diff("", "new words") == [("+", "new words")]


def test_numbers_compare_as_json_numbers() -> None:
    old = mini_data()
    new = copy.deepcopy(old)
    new["facts"]["106"]["amount_usd"] = float(old["facts"]["106"]["amount_usd"])
    changes = compare(
        parse_version(json.dumps(old).encode(), "a"), parse_version(json.dumps(new).encode(), "b")
    )
    assert changes.empty


def test_an_older_store_format_shows_no_change_in_fields_added_since() -> None:
    """Records written before fields were added read them as empty, like the loader does."""
    old = copy.deepcopy(mini_data())
    for fact in old["facts"].values():
        for field in FACT_TABLE:
            if field.added and fact.get(field.name) in (None, []):
                fact.pop(field.name, None)
    del old["entities"], old["occasions"]
    new = mini_data()
    changes = compare(
        parse_version(json.dumps(old).encode(), "old"),
        parse_version(json.dumps(new).encode(), "new"),
    )
    assert changes.tables["facts"] == []
    assert len(changes.tables["entities"]) == 13  # the tables themselves are new


# ---- versions in git ------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits of data/facts.json: the mini store, then `edited()`."""
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    git(root, "init", "-q")
    write(root / "data" / "facts.json", mini_data())
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    write(root / "data" / "facts.json", edited())
    git(root, "commit", "-q", "-am", "second")
    git(root, "tag", "v2")
    monkeypatch.chdir(root / "data")
    return root


@needs_git
def test_a_revision_reads_the_stores_path_at_it(run: Runner, repo: Path) -> None:
    store = str(repo / "data" / "facts.json")
    record = run("changes", "HEAD~1", "--db", store, "--json").json
    assert [e["id"] for e in record["facts"]] == ["F101", "F102", "F105", "F111", "F112"]
    assert run("changes", "HEAD~1", "v2", "--db", store, "--json").json == record
    assert run("changes", "HEAD~1:data/facts.json", "HEAD:data/facts.json", "--json").json == record
    assert run("changes", "HEAD~1:./facts.json", "--db", store, "--json").json == record
    assert run("changes", "HEAD", "--db", store, "--json").json["facts"] == []
    title = run("changes", "HEAD~1", "--db", store, "--stat").out.splitlines()[0]
    assert title == f"Changes from HEAD~1:data/facts.json to {store}"


@needs_git
def test_an_older_format_at_a_revision_reads(run: Runner, repo: Path) -> None:
    old = copy.deepcopy(mini_data())
    for fact in old["facts"].values():
        for field in FACT_TABLE:
            if field.added and fact.get(field.name) in (None, []):
                fact.pop(field.name, None)
    write(repo / "data" / "facts.json", old)
    git(repo, "commit", "-q", "-am", "an old format")
    store = str(repo / "data" / "facts.json")
    write(repo / "data" / "facts.json", mini_data())
    assert run("changes", "HEAD", "--db", store, "--json").json["facts"] == []


@needs_git
@pytest.mark.parametrize("spec", ["HEAD~5", "no-such-tag", "HEAD:nothing.json", "HEAD:data"])
def test_an_unknown_revision_or_path_is_a_usage_error(run: Runner, repo: Path, spec: str) -> None:
    result = run("changes", spec, "--db", str(repo / "data" / "facts.json"))
    assert result.code == 2 and result.err.startswith("kzturk: error: ")
    assert len(result.err.strip().splitlines()) == 1


@needs_git
def test_a_store_outside_the_repository_needs_rev_path(
    run: Runner, repo: Path, tmp_path: Path
) -> None:
    outside = write(tmp_path / "elsewhere.json", mini_data())
    result = run("changes", "HEAD~1", "--db", str(outside))
    assert result.code == 2 and "HEAD~1:PATH" in result.err


@needs_git
def test_outside_a_repository_a_revision_is_a_usage_error(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("changes", "HEAD~1", "--db", str(MINI_STORE))
    assert result.code == 2 and "not in a git repository" in result.err


def test_without_git_a_revision_is_a_usage_error(
    run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run("changes", "HEAD~1", "--db", str(MINI_STORE))
    assert result.code == 2 and "git is not installed" in result.err


def test_a_broken_old_store_is_a_store_error(run: Runner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = run("changes", str(broken), str(MINI_STORE))
    assert result.code == 1 and str(broken) in result.err


# ---- property: only the edited ids appear ---------------------------------------------------

FACT_IDS = sorted(f["id"] for f in mini_data()["facts"].values())
EDITS = st.sampled_from(["summary", "sectors", "retract", "date", "remove", "party"])


def apply_edit(data: dict[str, Any], fact_id: str, edit: str) -> None:
    key = fact_id[1:]
    fact = data["facts"][key]
    if edit == "summary":
        fact["summary"] += " (edited)"
    elif edit == "sectors":
        fact["sectors"] = ["science"] if fact["sectors"] != ["science"] else ["media"]
    elif edit == "retract":
        if fact.pop("retracted", None) is None:  # an empty field is left out, as stored
            fact["retracted"] = {"date": "2025-01-01", "reason": "r"}
    elif edit == "date":
        fact["date"] = "1999" if fact.get("date") != "1999" else "2000"
    elif edit == "party":
        fact["parties"] = [*fact.get("parties", []), "Someone New"]
    else:
        del data["facts"][key]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.dictionaries(st.sampled_from(FACT_IDS), st.lists(EDITS, min_size=1, max_size=3)),
    added=st.integers(0, 3),
)
def test_only_the_edited_ids_appear(edits: dict[str, list[str]], added: int) -> None:
    old = mini_data()
    new = copy.deepcopy(old)
    for fact_id, kinds in edits.items():
        for edit in kinds:
            if fact_id[1:] in new["facts"]:
                apply_edit(new, fact_id, edit)
    for number in range(200, 200 + added):
        fact = copy.deepcopy(old["facts"]["104"])
        fact["id"] = f"F{number}"
        new["facts"][str(number)] = fact
    changes = compare(
        parse_version(json.dumps(old).encode(), "old"),
        parse_version(json.dumps(new).encode(), "new"),
    )
    changed = {entry.id for entry in changes.tables["facts"]}
    expected = {
        fact_id
        for fact_id in edits
        if fact_id[1:] not in new["facts"] or new["facts"][fact_id[1:]] != old["facts"][fact_id[1:]]
    }
    assert changed == expected | {f"F{n}" for n in range(200, 200 + added)}
    assert all(not entries for table, entries in changes.tables.items() if table != "facts")
    for entry in changes.tables["facts"]:
        if entry.change == "removed":
            assert entry.id[1:] not in new["facts"]
        elif entry.change == "added":
            assert entry.id[1:] not in old["facts"]
        else:
            names = {f.name for f in entry.fields}
            before, after = old["facts"][entry.id[1:]], new["facts"][entry.id[1:]]
            assert names == {
                k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
            }


def test_store_text_cannot_forge_marks(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markdown marks in the text are escaped; control characters in it (the stand-ins the
    renderer wraps with) are removed; colour only where it is asked for."""
    old, new = mini_data(), mini_data()
    new["facts"]["101"]["summary"] = "A ~~struck~~ *bold* [link](x) \x01\x01 \x1b[31m text."
    paths = [str(write(tmp_path / f"{n}.json", d)) for n, d in (("old", old), ("new", new))]
    md = run("changes", *paths, "--format", "md").out
    assert "\\~\\~struck\\~\\~ \\*bold\\* \\[link\\](x)" in md
    table = run("changes", *paths).out
    assert not any(ch in table for ch in "\x01\x02\x03\x04\x1b")
    assert "{+A ~~struck~~ *bold* [link](x) [31m text.+}" in " ".join(table.split())
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("changes", *paths, "--no-pager").out
    assert "\x1b[32m{+" in coloured and "\x1b[31m[-" in coloured


# ---- a history may hold anything --------------------------------------------------------------

ODD_VALUES = st.sampled_from(
    [
        "2022-02-30", "1991-13", "0000", "", "yesterday", 2022, 20.5, True, None, [], ["2022"],
        {"date": "2022"}, "2022-02-30/2022-03", "\x1b[31m2022", "9" * 400,
    ]
)  # fmt: skip
ODD_FIELDS = st.sampled_from(
    ["date", "date_end", "date_qualifier", "kind", "summary", "occasion", "sectors", "parties"]
)


def _oddly(data: dict[str, Any], changes: dict[str, Any], occasion: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    data["facts"]["101"].update(changes)
    for record in (data.get("occasions") or {}).values():
        record["date"] = occasion
    return data


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(ODD_FIELDS, ODD_VALUES, min_size=1, max_size=3), ODD_VALUES, st.booleans())
def test_odd_values_in_a_version_never_break_changes(
    tmp_path_factory: pytest.TempPathFactory,
    odd: dict[str, Any],
    occasion: Any,
    old_is_odd: bool,
) -> None:
    """Invalid dates, a date stored as a number, an occasion dated 1991-13, any type where a
    string belongs: every format shows the change with the value as it is stored, or says
    in one line which version holds what."""
    from kzturk.cli import main
    from kzturk.cli.output import Environment

    folder = tmp_path_factory.mktemp("odd")
    plain = mini_data()
    strange = _oddly(plain, odd, occasion)
    old, new = (strange, plain) if old_is_odd else (plain, strange)
    paths = [str(write(folder / f"{n}.json", d)) for n, d in (("old", old), ("new", new))]
    for fmt in ("table", "md", "json"):
        out, err = io.StringIO(), io.StringIO()
        env = Environment(io.StringIO(), out, err, os.environ)
        try:
            main(["changes", *paths, "--format", fmt], env)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        assert "Traceback" not in err.getvalue() and "internal error" not in err.getvalue()
        if code == 0:
            assert out.getvalue().endswith("\n")
        else:
            assert code in (1, 2) and err.getvalue().count("\n") == 1, err.getvalue()


@pytest.mark.parametrize(
    ("field", "value"),
    [("date", "2022-02-30"), ("date", 2022), ("date_end", "2022-13"), ("date_qualifier", 7)],
)
@pytest.mark.parametrize("fmt", ["table", "md"])
def test_an_invalid_stored_date_is_shown_as_it_is(
    run: Runner, tmp_path: Path, field: str, value: Any, fmt: str
) -> None:
    new = mini_data()
    new["facts"]["101"][field] = value
    new["facts"]["101"]["summary"] += " once"
    paths = [str(MINI_STORE), str(write(tmp_path / "new.json", new))]
    result = run("changes", *paths, "--format", fmt)
    assert result.code == 0, result.err
    shown = value if isinstance(value, str) else json.dumps(value)
    assert shown in result.out


@pytest.mark.parametrize("fmt", ["table", "md", "json"])
def test_a_30000_word_summary_gaining_a_word_diffs_fast(
    run: Runner, tmp_path: Path, fmt: str
) -> None:
    import time

    words = " ".join(f"word{n % 97}" for n in range(30_000))
    old, new = mini_data(), mini_data()
    old["facts"]["101"]["summary"] = words
    new["facts"]["101"]["summary"] = words.replace("word5 word6", "word5 INSERTED word6", 1)
    paths = [str(write(tmp_path / f"{n}.json", d)) for n, d in (("old", old), ("new", new))]
    start = time.perf_counter()
    result = run("changes", *paths, "--format", fmt)
    assert result.code == 0 and "INSERTED" in result.out
    assert time.perf_counter() - start < 5  # was over 25 s in table and Markdown


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=60),
    st.lists(st.sampled_from(["a", "b", "c", "e"]), max_size=60),
)
def test_word_diff_runs_rebuild_both_texts(a: list[str], b: list[str]) -> None:
    runs = word_diff(" ".join(a), " ".join(b))
    old = " ".join(text for op, text in runs if op in "=-").split()
    new = " ".join(text for op, text in runs if op in "=+").split()
    assert (old, new) == (a, b)


def test_word_diff_of_a_huge_rewrite_is_bounded() -> None:
    import random
    import time

    pick = random.Random(7).choice
    a = " ".join(pick("abcde") for _ in range(40_000))
    b = " ".join(pick("abcde") for _ in range(40_000))
    start = time.perf_counter()
    runs = word_diff(a, b)
    assert time.perf_counter() - start < 2
    assert " ".join(t for op, t in runs if op in "=-").split() == a.split()


@needs_git
def test_repository_configuration_runs_nothing(run: Runner, repo: Path) -> None:
    """A repository's core.fsmonitor (and other settings naming a program) would run a
    command when kzturk reads a file from it; git runs with them turned off."""
    marker = repo.parent / "ran"
    hook = repo.parent / "hook.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(0o755)
    for setting in ("core.fsmonitor", "core.pager", "diff.external", "core.hooksPath"):
        git(repo, "config", setting, str(hook))
    store = str(repo / "data" / "facts.json")
    for spec in (":data/facts.json", "HEAD~1", "HEAD:data/facts.json"):
        result = run("changes", spec, "--db", store)
        assert result.code == 0, result.err
    assert not marker.exists()
