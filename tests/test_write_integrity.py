"""What a write leaves behind: a store every command reads, an exit code that tells the truth,
nothing half-done after Ctrl-C or a full stdout, no quote accepted unverified, no writer
stopped by a reader, no option taken for a value.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Runner
from hostile_helpers import (
    KZTURK,
    assert_one_line_error,
    environment,
    kzturk,
)
from store_helpers import ADD, facts_of, leftovers, make_store

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


WRITERS: list[tuple[str, ...]] = [
    ADD,
    ("edit", "F101", "--summary", "Kazakhstan agreed to assemble ANKA drones, again."),
    ("retract", "F102", "--reason", "found wrong"),
    ("entity", "add", "--id", "tcdd", "--name", "TCDD", "--type", "company"),
    ("occasion", "add", "--id", "v1", "--name", "A visit", "--kind", "visit", "--date", "2022-05"),
    ("source", "add", "--id", "page", "--url", "https://example.org/p", "--published", "2024-01"),
]


@pytest.mark.parametrize("counter", [10**300 - 1, 10**300, 10**308])
def test_a_write_never_leaves_a_store_no_command_reads(
    tmp_path: Path, run: Runner, counter: int
) -> None:
    """A fact number past what the loader accepts is refused before anything is written."""
    path = make_store(tmp_path, meta={"1": {"last_fact_number": counter}})
    before = path.read_bytes()
    result = run(*ADD, "--db", str(path))
    if result.code == 0:  # the number still fits: then the store must load
        assert run("deals", "--db", str(path), "--json").code == 0
    else:
        assert result.code == 1
        assert_one_line_error(result.err)
        assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("argv", WRITERS, ids=lambda a: " ".join(a[:2]))
@pytest.mark.parametrize("where", ["stdout", "stderr"])
def test_a_written_change_exits_0_even_when_its_report_cannot_be_printed(
    store: Path, argv: tuple[str, ...], where: str
) -> None:
    """The exit code tells what was written: a full disk under stdout or stderr after the
    write does not turn a written change into "unchanged" (exit 1)."""
    before = store.read_bytes()
    with open("/dev/full", "wb") as full:
        streams = {"stdout": full} if where == "stdout" else {"stderr": full}
        done = subprocess.run(
            [str(KZTURK), *argv, "--db", str(store)],
            stdin=subprocess.DEVNULL,
            env=environment(),
            timeout=60,
            check=False,
            **({"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | streams),  # type: ignore[arg-type]
        )
    assert done.returncode == 0, done.stderr
    assert store.read_bytes() != before
    assert b"Traceback" not in (done.stderr or b"")


def test_a_store_reached_through_a_symlink_is_updated_where_the_link_points(
    tmp_path: Path, run: Runner
) -> None:
    real = make_store(tmp_path / "data" if (tmp_path / "data").mkdir() is None else tmp_path)
    link = tmp_path / "facts-link.json"
    link.symlink_to(real)
    result = run(*ADD, "--db", str(link))
    assert result.code == 0, result.err
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "Erdoğan greeted Tokayev again." in real.read_text(encoding="utf-8")
    assert not (tmp_path / "facts-link.json.lock").exists()  # the lock is beside the file


def test_check_fix_refuses_a_read_only_store_like_every_writer(tmp_path: Path, run: Runner) -> None:
    path = make_store(tmp_path)
    path.write_text(json.dumps(json.loads(path.read_text())), encoding="utf-8")  # not canonical
    path.chmod(0o444)
    before = path.read_bytes()
    result = run("check", "--fix", "--db", str(path))
    assert result.code == 1
    assert_one_line_error(result.err, "read-only")
    assert path.read_bytes() == before


def test_a_quote_is_never_accepted_unverified(store: Path, run: Runner) -> None:
    (store.parent / "archive" / "beta.txt").unlink()
    before = store.read_bytes()
    result = run(*ADD, "--db", str(store))
    assert result.code == 2
    assert_one_line_error(result.err, "cannot be verified")
    assert store.read_bytes() == before


def test_a_dry_run_into_a_full_stdout_writes_nothing_and_says_so(store: Path) -> None:
    before = store.read_bytes()
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(KZTURK), *ADD, "--dry-run", "--db", str(store)],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=environment(),
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert_one_line_error(done.stderr.decode(), "cannot write the output")
    assert store.read_bytes() == before


@pytest.mark.parametrize("moment", ["write", "fsync", "replace"])
def test_ctrl_c_during_a_write_says_so_and_leaves_nothing_behind(
    store: Path, run: Runner, monkeypatch: pytest.MonkeyPatch, moment: str
) -> None:
    import kzturk.store.write as write

    real = {"write": os.write, "fsync": os.fsync, "replace": os.replace}[moment]

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    if moment == "replace":
        monkeypatch.setattr(write.os, "replace", interrupted)
    elif moment == "fsync":
        monkeypatch.setattr(write.os, "fsync", interrupted)
    else:
        monkeypatch.setattr(Path, "write_bytes", interrupted)  # the new text being written
    del real
    before = store.read_bytes()
    result = run(*ADD, "--db", str(store))
    assert result.code == 130
    assert_one_line_error(result.err, "interrupted", "unchanged")
    assert store.read_bytes() == before
    assert leftovers(store.parent) == []


def test_a_source_dry_run_creates_no_archive_folder(tmp_path: Path, run: Runner) -> None:
    folder = tmp_path / "bare"
    folder.mkdir()
    path = folder / "facts.json"
    path.write_text('{"facts": {}, "sources": {}}\n', encoding="utf-8")
    text = tmp_path / "article.txt"
    text.write_text("An article.", encoding="utf-8")
    result = run(
        "source", "add", "--id", "new", "--text-file", str(text), "--dry-run", "--db", str(path)
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == ["facts.json"]


def test_a_prompted_fact_is_checked_whole_before_confirming_and_answers_are_kept(
    store: Path, run: Runner, terminal: Any
) -> None:
    """A date after its source's publication is only known once the sources are given: the
    problem is shown before the confirmation, and only what is retyped changes."""
    terminal(
        {
            "Kind": "event",
            "Sectors": "diplomacy",
            # the check finds the date after beta's publication (2023): correct only the date
            "Date": ["2099", "2022-05"],
            "Summary": "Erdoğan greeted Tokayev once more.",
            "Source id": "beta",
            "Quote from beta": "Türkiye’s President Erdoğan greeted him",
            "Give the sources again?": "n",  # the sources stay
            "Add this fact?": "y",
        }
    )
    result = run("add", "--db", str(store))
    assert result.code == 0, result.err
    assert "after beta was published" in result.err
    assert result.err.index("after beta was published") < result.err.index("Add this fact?")
    added = facts_of(store)[result.out.strip()[1:]]
    assert added["date"] == "2022-05" and added["summary"] == "Erdoğan greeted Tokayev once more."


def test_a_quote_not_found_shows_the_closest_passage(store: Path, run: Runner) -> None:
    result = run(*ADD[:-1], "Türkiye’s President Erdogan greetted him", "--db", str(store))
    assert result.code == 2
    assert_one_line_error(result.err, "closest passage", "Türkiye’s President Erdoğan greeted him")


def test_a_writer_is_not_stopped_by_a_reader_in_a_loop(store: Path) -> None:
    """Readers never lock: a writer is never kept waiting by lookups."""
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            kzturk("deals", "--db", str(store), "--json")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        done = kzturk(*ADD, "--db", str(store), env=environment(KZTURK_LOCK_TIMEOUT="5"))
    finally:
        stop.set()
        reader.join()
    assert done.code == 0, done.error
    assert stat.S_ISREG(store.stat().st_mode)
    assert MINI_STORE.exists()


@pytest.mark.parametrize(
    ("argv", "option", "taken"),
    [
        (("retract", "F101", "--reason", "--dry-run"), "--reason", "--dry-run"),
        ((*ADD[:5], "--summary", "--dry-run", *ADD[7:]), "--summary", "--dry-run"),
        (("edit", "F101", "--date", "--dry-run"), "--date", "--dry-run"),
        (("deals", "-p", "--json"), "--party", "--json"),
        (("deals", "--party", "--db"), "--party", "--db"),
        (("entity", "add", "--name", "--type"), "--name", "--type"),
    ],
)
def test_an_option_read_as_a_value_is_refused_before_anything_is_written(
    store: Path, run: Runner, argv: tuple[str, ...], option: str, taken: str
) -> None:
    """Click reads `--reason --dry-run` as the reason "--dry-run": the write would be real."""
    before = store.read_bytes()
    result = run(*argv, "--db", str(store))
    assert result.code == 2, (result.out, result.err)
    assert_one_line_error(result.err, f"{option} took '{taken}'")
    assert store.read_bytes() == before


@pytest.mark.parametrize("reason", ["--dry-runs are not reasons", "-s", "--", "-"])
def test_text_that_only_looks_like_an_option_is_still_text(
    store: Path, run: Runner, reason: str
) -> None:
    result = run("retract", "F101", "--reason", reason, "--dry-run", "--db", str(store))
    assert result.code == 0, result.err
    assert json.loads(result.out)["retracted"]["reason"] == reason
