"""Hostile inputs, round two: each family of failure tested at the shared mechanism.

1. data integrity: what a write leaves, and what its exit code says;
2. confinement and terminal safety: archived texts stay in their folders, no raw control
   character reaches a terminal or a JSON consumer;
3. hangs and unbounded reads: FIFOs and devices are refused, huge text is laid out in time;
4. "internal error": odd stores, odd options, odd paths and users get the one-line error;
5. smaller: Ctrl-C during a write, dry runs, text that folds to nothing, closed pipes;
6. citations and prompts.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Runner
from hostile_helpers import (
    FORBIDDEN,
    KZTURK,
    assert_no_control,
    assert_one_line_error,
    environment,
    kzturk,
    mini_data,
    write_store,
)
from store_helpers import make_store

from kzturk.store import canonical_text

ADD = (
    "add",
    "--kind",
    "event",
    "--sector",
    "diplomacy",
    "--summary",
    "Erdoğan greeted Tokayev again.",
    "--source",
    "beta",
    "--quote",
    "Türkiye’s President Erdoğan greeted him",
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


def facts_of(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["facts"]
    return data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


# ============================================================================================
# 1. Data integrity


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


WRITERS: list[tuple[str, ...]] = [
    ADD,
    ("edit", "F101", "--summary", "Kazakhstan agreed to assemble ANKA drones, again."),
    ("retract", "F102", "--reason", "found wrong"),
    ("entity", "add", "--id", "tcdd", "--name", "TCDD", "--type", "company"),
    ("occasion", "add", "--id", "v1", "--name", "A visit", "--kind", "visit", "--date", "2022-05"),
    ("source", "add", "--id", "page", "--url", "https://example.org/p", "--published", "2024-01"),
]


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


# ============================================================================================
# 2. Confinement and terminal safety


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


C1_AND_BIDI = "next\u0085line csi\u009b31m \u202eevil\u202c \u2066iso\u2069 sep\u2028ar del\x7f"


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


# ============================================================================================
# 3. Hangs and unbounded reads


def _fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    return fifo


@pytest.mark.parametrize(
    "argv", [ADD, ("check", "--fix"), ("retract", "F101", "--reason", "x")], ids=lambda a: a[0]
)
@pytest.mark.parametrize("target", ["fifo", "/dev/zero", "/dev/null"])
def test_writers_refuse_fifos_and_devices_at_once(
    tmp_path: Path, argv: tuple[str, ...], target: str
) -> None:
    path = str(_fifo(tmp_path)) if target == "fifo" else target
    started = time.monotonic()
    done = kzturk(*argv, "--db", path, timeout=20)
    assert time.monotonic() - started < 15
    assert done.code == 1, done.error
    assert_one_line_error(done.error, "not a regular file")


@pytest.mark.parametrize("target", ["fifo", "/dev/zero"])
def test_a_text_file_that_never_ends_is_refused(tmp_path: Path, target: str) -> None:
    store = make_store(tmp_path)
    path = str(_fifo(tmp_path)) if target == "fifo" else target
    done = kzturk("source", "add", "--id", "x", "--text-file", path, "--db", str(store), timeout=20)
    assert done.code == 2, done.error
    assert_one_line_error(done.error, "--text-file", "not a regular file")


def test_standard_input_as_text_is_bounded(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with open("/dev/zero", "rb") as zero:
        done = kzturk(
            "source",
            "add",
            "--id",
            "x",
            "--text-file",
            "-",
            "--db",
            str(store),
            stdin=zero.fileno(),
            timeout=60,
        )
    assert done.code == 2, done.error
    assert_one_line_error(done.error, "more than a text file may be")


def test_a_multi_megabyte_summary_is_shown_in_seconds(tmp_path: Path) -> None:
    data = mini_data()
    data["facts"]["101"]["summary"] = "word " * 1_000_000  # 5 MB
    path = write_store(tmp_path / "facts.json", data)
    for argv in (("show", "F101"), ("deals",), ("timeline",)):
        started = time.monotonic()
        done = kzturk(*argv, "--db", str(path), env=environment(COLUMNS="80"))
        assert done.code == 0, done.error
        assert time.monotonic() - started < 20, argv
        assert done.text.count("word") == 1_000_000 or argv != ("show", "F101")


# ============================================================================================
# 4. "internal error" is never the answer


def _store_text(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    return path


HOSTILE_STORES = {
    "lone surrogate": '{"sources": {}, "facts": {}, "meta": {"1": {"x": "\\ud800"}}}',
    "lone surrogate in a fact": json.dumps(mini_data()).replace("ANKA", "\\udc00ANKA"),
    "key 01": '{"sources": {"01": {}}, "facts": {}}',
    "arabic digit key": '{"sources": {}, "facts": {"١": {}}}',
    "negative key": '{"sources": {}, "facts": {"-1": {}}}',
    "meta a list": '{"sources": {}, "facts": {}, "meta": []}',
    "meta document a number": '{"sources": {}, "facts": {}, "meta": {"1": 5}}',
    "entities a string": '{"sources": {}, "facts": {}, "entities": "x"}',
}


@pytest.mark.parametrize("text", HOSTILE_STORES.values(), ids=HOSTILE_STORES.keys())
@pytest.mark.parametrize(
    "argv",
    [("deals",), ("check",), ADD, ("check", "--fix")],
    ids=lambda a: a[0] + (a[1] if len(a) > 1 and a[1].startswith("--f") else ""),
)
def test_odd_stores_give_the_one_line_error(
    tmp_path: Path, run: Runner, text: str, argv: tuple[str, ...]
) -> None:
    path = _store_text(tmp_path, text)
    before = path.read_bytes()
    result = run(*argv, "--db", str(path))
    assert result.code in (1, 2), result.err
    assert_one_line_error(result.err)
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_an_archived_text_that_is_not_utf8_is_a_problem_not_a_crash(
    store: Path, run: Runner
) -> None:
    (store.parent / "archive" / "beta.txt").write_bytes(b"\xff\xfe not text")
    result = run("check", "--db", str(store))
    assert result.code == 1
    assert "beta: archived text unreadable" in result.out and "not UTF-8" in result.out


@pytest.mark.parametrize(
    "option",
    [
        ("--value", "1e400 USD"),
        ("--value", "9" * 400 + " USD"),
        ("--amount-usd", "1" + "0" * 30),
        ("--change-pct", "inf"),
    ],
    ids=lambda o: o[1][:12],
)
def test_huge_numbers_in_options_are_usage_errors(
    store: Path, run: Runner, option: tuple[str, str]
) -> None:
    result = run(*ADD, *option, "--db", str(store))
    assert result.code == 2
    assert_one_line_error(result.err, option[0])


@pytest.mark.parametrize(
    "argv",
    [
        ("deals", "--db", "~no-such-user-kz/facts.json"),
        ("source", "add", "--id", "x", "--text-file", "~no-such-user-kz/a.txt"),
    ],
    ids=lambda a: a[0],
)
def test_home_folders_of_unknown_users_are_usage_errors(run: Runner, argv: tuple[str, ...]) -> None:
    result = run(*argv)
    assert result.code == 2
    assert_one_line_error(result.err, "no such user")


def test_an_over_long_source_id_is_a_usage_error(store: Path, run: Runner, tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("An article.", encoding="utf-8")
    result = run("source", "add", "--id", "a" * 300, "--text-file", str(text), "--db", str(store))
    assert result.code == 2
    assert_one_line_error(result.err, "at most 64")


# Root without the capabilities that bypass file permissions is, for files it does not own,
# as unprivileged as any user (and can still run the interpreter under /root).
UNPRIVILEGED = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


@pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists(),
    reason="needs root and util-linux's setpriv to drop the permission-bypassing capabilities",
)
@pytest.mark.parametrize(
    "argv",
    [("timeline",), ("deals", "--db", "facts.json"), ("check", "--db", "facts.json"), ADD],
    ids=lambda a: " ".join(a[:3]),
)
def test_unreadable_working_and_store_folders_for_an_unprivileged_user(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    folder = tmp_path / "private"
    folder.mkdir()
    make_store(folder)
    os.chown(folder, 65534, 65534)  # another user's folder, closed to everyone else
    folder.chmod(0o700)
    argv = (*argv, "--db", "facts.json") if argv == ADD else argv
    done = subprocess.run(
        [*UNPRIVILEGED, str(KZTURK), *argv],
        cwd=folder,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        env=environment(),
        timeout=60,
        check=False,
    )
    err = done.stderr.decode()
    if argv == ("timeline",):  # the bundled store needs no working folder
        assert done.returncode == 0, err
    else:
        assert done.returncode == 1, err
        assert_one_line_error(err, "permission denied")


@pytest.mark.parametrize(
    "argv", [("--help",), ("deals", "--help"), ("add", "--help")], ids=" ".join
)
def test_help_into_a_full_or_closed_stdout(argv: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [str(KZTURK), *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            env=environment(),
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert_one_line_error(done.stderr.decode(), "cannot write the output")
    closed = subprocess.run(
        f"'{KZTURK}' {' '.join(argv)} | head -c 0",
        shell=True,
        capture_output=True,
        env=environment(),
        timeout=60,
        check=False,
    )
    assert b"Traceback" not in closed.stderr and b"Exception ignored" not in closed.stderr
    assert closed.stderr == b""


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


# ============================================================================================
# 5. Smaller


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


@pytest.mark.parametrize("text", ["\u0301", " \u0308 ", "\u200b", "—"])
@pytest.mark.parametrize("command", ["search", "party"])
def test_text_that_folds_to_nothing_matches_nothing_it_is_refused(
    run_mini: Runner, text: str, command: str
) -> None:
    result = run_mini("search", text) if command == "search" else run_mini("deals", "--party", text)
    assert result.code == 2, result.out
    assert_one_line_error(result.err, "letters or digits")


# ============================================================================================
# 6. Citations and prompts

TEX_TEXT = "Costs $5 & 10% #1 a_b ~x ^y \\z {w}"


def _bib_field(entry: str, name: str) -> str:
    start = entry.index(f"  {name} = {{") + len(f"  {name} = {{")
    depth, end = 1, start
    while depth:
        depth += (
            {"{": 1, "}": -1}.get(entry[end], 0)
            if entry[end - 1] != "\\" or entry[end - 2 : end] == "\\\\"
            else 0
        )
        end += 1
    return entry[start : end - 1]


def test_bibtex_escapes_every_tex_special_and_invents_nothing(tmp_path: Path, run: Runner) -> None:
    data = mini_data()
    data["sources"]["2"]["author"] = "Ilgar VELIZADE, political expert"
    data["sources"]["2"]["title"] = None
    data["facts"]["110"]["sources"][0]["quote"] = TEX_TEXT
    path = write_store(tmp_path / "facts.json", data)
    result = run("cite", "F110", "--style", "bibtex", "--db", str(path))
    assert result.code == 0, result.err
    entry = result.out
    assert entry.startswith("@misc{")  # no title: not an article, and no invented one
    assert "Untitled" not in entry and "title =" not in entry
    assert "author = {{Ilgar VELIZADE, political expert}}" in entry
    note = _bib_field(entry, "note")
    for special in (
        "\\$",
        "\\&",
        "\\%",
        "\\#",
        "\\_",
        "\\textasciitilde{}",
        "\\textasciicircum{}",
        "\\textbackslash{}",
        "\\{w\\}",
    ):
        assert special in note, special
    assert entry.count("{") == entry.count("}") + note.count("\\}") - note.count("\\{")


def test_plain_and_markdown_citations_invent_no_title(tmp_path: Path, run: Runner) -> None:
    data = mini_data()
    data["sources"]["2"]["title"] = None
    path = write_store(tmp_path / "facts.json", data)
    for style in ("plain", "md"):
        result = run("cite", "F110", "--style", style, "--db", str(path))
        assert result.code == 0 and "Untitled" not in result.out, result.out


def test_a_prompted_fact_is_checked_whole_before_confirming_and_answers_are_kept(
    store: Path, run: Runner, terminal: Any
) -> None:
    """A date after its source's publication is only known once the sources are given: the
    problem is shown before the confirmation, and only what is retyped changes."""
    terminal(
        "event", "diplomacy", "2099", "", "", "", "", "",  # kind, sectors, date and its details
        "Erdoğan greeted Tokayev once more.", "", "", "", "",  # summary, parties ... links
        "beta", "Türkiye’s President Erdoğan greeted him", "",  # a source and its quote
        # the check finds the date after beta's publication (2023): correct only the date
        "", "", "2022-05", "", "", "", "", "", "", "", "", "", "",
        "n",  # the sources stay
        "y",
    )  # fmt: skip
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
