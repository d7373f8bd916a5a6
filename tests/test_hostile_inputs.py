"""Hostile inputs: wrong options, broken store files and hostile store text.

Each gets a clear one-line error with the documented exit code (2 usage, 1 runtime) or
correct output: never a traceback, never an escape byte from the store on the terminal, and
the user's file is never changed. Runs kzturk.cli.main in-process (the `run` fixture) except
where a real process is needed (another user, resource limits).
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Result, Runner, sha256, strict_json
from hostile_helpers import (
    ESCAPES,
    LONG_WORD,
    MARKUP,
    SCRIPTS,
    assert_no_control,
    environment,
    hostile_data,
    hostile_id_data,
    kzturk,
    mini_data,
    shown,
    squeeze,
    visible,
    write_store,
)

from kzturk.render.text import clean_text
from kzturk.store import canonical_text

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first


def assert_usage(result: Result, *fragments: str) -> None:
    assert result.code == 2, (result.code, result.out[:200], result.err)
    assert result.out == ""
    _one_line(result.err, *fragments)


def assert_runtime(result: Result, *fragments: str) -> None:
    assert result.code == 1, (result.code, result.out[:200], result.err)
    assert result.out == ""
    _one_line(result.err, *fragments)


def _one_line(err: str, *fragments: str) -> None:
    assert err.startswith("kzturk: error: "), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert_no_control(err.rstrip("\n"), "stderr")
    for fragment in fragments:
        assert fragment.casefold() in err.casefold(), (fragment, err)


def cmd_id(value: object) -> str:
    return " ".join(value) if isinstance(value, tuple) else str(value)


# =============================================================================================
# Options
# =============================================================================================

# Every command, with what it needs to run against the mini store.
COMMANDS: list[tuple[str, ...]] = [
    ("deals",),
    ("timeline",),
    ("trade",),
    ("search", "anka"),
    ("show", "F101"),
    ("sources",),
    ("sources", "alpha"),
    ("sectors",),
    ("conflicts",),
    ("cite", "F101"),
    ("check",),
    ("schema",),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=cmd_id)
@pytest.mark.parametrize("option", ["--bogus", "-x", "--json=yes", "--db"])
def test_unknown_or_incomplete_option_on_every_command(
    run: Runner, argv: tuple[str, ...], option: str
) -> None:
    """`--db` last has no value; `--json=yes` gives a flag a value (or is unknown)."""
    assert_usage(run(*argv, option), option.split("=")[0])


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (("deal",), "deals"),
        (("timelime",), "timeline"),
        (("sector",), "sectors"),
        (("deals", "--sectr", "defense"), "--sector"),
        (("timeline", "--sinse", "2022"), "--since"),
        (("trade", "--metrc", "exports"), "--metric"),
    ],
    ids=cmd_id,
)
def test_misspelled_command_or_option_suggests_the_closest(
    run_mini: Runner, argv: tuple[str, ...], hint: str
) -> None:
    assert_usage(run_mini(*argv), hint)


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (("deals", "--sector", "defence"), ("--sector", "'defence'", "did you mean 'defense'")),
        (("timeline", "--sector", "defence"), ("--sector", "did you mean 'defense'")),
        (("conflicts", "--sector", "defence"), ("--sector", "did you mean 'defense'")),
        (("timeline", "-s", "Energie"), ("--sector", "did you mean 'energy'")),
        (("timeline", "--kind", "contxt"), ("--kind", "did you mean 'context'")),
        (("deals", "--status", "sigend"), ("--status", "did you mean 'signed'")),
        (("trade", "-m", "turnvoer"), ("--metric", "did you mean 'turnover'")),
        (("deals", "--sector", "defense", "--sector", "defence"), ("'defence'",)),
        (("deals", "--format", "jsn"), ("--format", "'jsn'", "json, jsonl")),
        (("cite", "F101", "--style", "bibtx"), ("--style", "'bibtx'", "bibtex")),
    ],
    ids=cmd_id,
)
def test_misspelled_vocabulary_value_is_a_usage_error_with_a_hint(
    run_mini: Runner, argv: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert_usage(run_mini(*argv), *fragments)


EMPTY_VALUES: list[tuple[tuple[str, ...], str]] = [
    *(((cmd, "--sector", ""), "--sector") for cmd in ("deals", "timeline", "conflicts")),
    *(
        ((cmd, opt, value), opt)
        for cmd in ("deals", "timeline", "trade")
        for opt in ("--since", "--until")
        for value in ("", " ")
    ),
    *(((cmd, "--as-of", ""), "--as-of") for cmd in ("deals", "timeline", "trade", "conflicts")),
    (("search", "x", "--as-of", ""), "--as-of"),
    (("deals", "--party", ""), "--party"),
    (("timeline", "-p", "  "), "--party"),
    (("timeline", "--kind", ""), "--kind"),
    (("deals", "--status", ""), "--status"),
    (("trade", "--metric", ""), "--metric"),
    (("deals", "--min-sources", ""), "--min-sources"),
    (("deals", "--format", ""), "--format"),
    (("sectors", "-f", " "), "--format"),
    (("cite", "F101", "--style", ""), "--style"),
    (("search", ""), "search"),
    (("show", ""), "fact id"),
    (("show", "   "), "fact id"),
    (("cite", ""), "fact id"),
    (("sources", ""), "source id"),
    # An empty --db is a mistake in the command line (`--db "$UNSET"`), not a request for
    # the bundled store.
    (("deals", "--db", ""), "--db"),
    (("sectors", "--db", ""), "--db"),
]


@pytest.mark.parametrize(("argv", "option"), EMPTY_VALUES, ids=cmd_id)
def test_empty_value_is_a_usage_error_naming_the_option(
    run: Runner, argv: tuple[str, ...], option: str
) -> None:
    db = () if "--db" in argv else ("--db", str(MINI_STORE))
    assert_usage(run(*argv, *db), option)


@pytest.mark.parametrize(
    ("repeated", "single"),
    [
        (("deals", "-s", "defense", "--sector", "DEFENSE"), ("deals", "-s", "defense")),
        (("deals", "--status", "signed", "--status", "signed"), ("deals", "--status", "signed")),
        (("timeline", "-k", "deal", "-k", "deal", "-k", "Deal"), ("timeline", "-k", "deal")),
        (("trade", "-m", "turnover", "-m", "turnover"), ("trade", "-m", "turnover")),
        (("deals", "--json", "--json"), ("deals", "--json")),
        (("deals", "--json", "--format", "json"), ("deals", "--json")),
        (("deals", "--jsonl", "-f", "JSONL"), ("deals", "--jsonl")),
        (("timeline", "--context", "--context"), ("timeline", "--context")),
        # Single-valued options: the last one counts, as in most Unix tools.
        (("deals", "--since", "2022", "--since", "2024"), ("deals", "--since", "2024")),
        (("timeline", "--until", "2024", "--until", "2022"), ("timeline", "--until", "2022")),
        (("deals", "--party", "zzz", "--party", "erdogan"), ("deals", "--party", "erdogan")),
        (("deals", "--min-sources", "5", "--min-sources", "2"), ("deals", "--min-sources", "2")),
        (("deals", "--as-of", "2030", "--as-of", "2023"), ("deals", "--as-of", "2023")),
        (("deals", "-f", "csv", "--format", "md"), ("deals", "--format", "md")),
        (("cite", "F102", "--style", "md", "--style", "json"), ("cite", "F102", "--style", "json")),
    ],
    ids=cmd_id,
)
def test_repeated_options(
    run_mini: Runner, repeated: tuple[str, ...], single: tuple[str, ...]
) -> None:
    twice, once = run_mini(*repeated), run_mini(*single)
    assert (twice.code, twice.err) == (0, ""), twice.err
    assert twice.out == once.out


def test_repeated_db_uses_the_last(run: Runner, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    ok = run("deals", "--json", "--db", str(missing), "--db", str(MINI_STORE))
    assert ok.code == 0, ok.err
    broken = run("deals", "--json", "--db", str(MINI_STORE), "--db", str(missing))
    assert_runtime(broken, str(missing), "no such file")


BAD_DATES = [
    ("2022-13", "month 13"),
    ("2022-02-30", "February 2022 has days 01 to 28"),
    ("2023-02-29", "February 2023"),
    ("2022-00", "month 0"),
    ("2022-04-31", "April 2022"),
    ("22", "'22' is not a date"),
    ("yesterday", "'yesterday' is not a date"),
    ("0000", "year 0"),
    ("2022-5", "'2022-5'"),
    ("2022/05", "'2022/05'"),
    ("20220510", "'20220510'"),
    ("2022-05-10T10:00", "'2022-05-10T10:00'"),
    ("-2022", "'-2022'"),
    ("2022-", "'2022-'"),
    ("10/05/2022", "'10/05/2022'"),
]
DATE_OPTIONS = [
    *((cmd, opt) for cmd in ("deals", "timeline", "trade") for opt in ("--since", "--until")),
    *((cmd, "--as-of") for cmd in ("deals", "timeline", "trade", "search", "conflicts")),
]


@pytest.mark.parametrize(("command", "option"), DATE_OPTIONS, ids=cmd_id)
def test_malformed_dates_are_usage_errors_naming_option_and_value(
    run_mini: Runner, command: str, option: str
) -> None:
    lead = (command, "x") if command == "search" else (command,)
    cases = BAD_DATES if (command, option) == ("deals", "--since") else BAD_DATES[:6]
    for value, fragment in cases:
        assert_usage(run_mini(*lead, option, value), option, fragment)


@pytest.mark.parametrize("command", ["deals", "timeline", "trade"])
@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2023", "2022"),
        ("2022-05-10", "2022-05-09"),
        ("2022-06", "2022-05-31"),
        ("2023-01", "2022"),
    ],
)
def test_since_after_until_is_a_usage_error(
    run_mini: Runner, command: str, since: str, until: str
) -> None:
    assert_usage(run_mini(command, "--since", since, "--until", until), "after", since, until)


@pytest.mark.parametrize(
    ("since", "until"),
    [("2022-05-10", "2022-05-10"), ("2022-05", "2022"), ("2022", "2022-01"), ("2024-02-29", None)],
)
def test_ranges_that_touch_or_overlap_are_accepted(
    run_mini: Runner, since: str, until: str | None
) -> None:
    extra = ("--until", until) if until else ()
    for command in ("deals", "timeline", "trade"):
        result = run_mini(command, "--since", since, *extra, "--json")
        assert result.code == 0, result.err
        assert isinstance(result.json, list)


@pytest.mark.parametrize("command", ["show", "cite"])
@pytest.mark.parametrize("given", ["F1O1", "f1o1", "101", "F-101", " F101x "])
def test_unknown_fact_id_suggests_the_closest_ids(
    run_mini: Runner, command: str, given: str
) -> None:
    assert_usage(run_mini(command, given), "unknown fact id", repr(given), "did you mean", "F101")


def test_unknown_source_id_suggests_the_closest(run_mini: Runner) -> None:
    assert_usage(run_mini("sources", "alpah"), "unknown source id 'alpah'", "did you mean alpha")


@pytest.mark.parametrize(
    "argv",
    [
        ("show", "F1\x1b[2J\n"),
        ("cite", "\x1b]0;title\x07F101"),
        ("sources", "alpha\r\x1b[31m"),
        ("deals", "--sector", "def\x1b[31mense"),
        ("timeline", "--since", "2022\x1b[2J"),
        ("bogus\x1b[31m\n",),
        ("deals", "--bo\x1b[31m\ngus"),
        ("show", "\udcff"),  # an argument that was not UTF-8 (surrogate-escaped)
        ("deals", "--sector", "\udcff"),
    ],
    ids=repr,
)
def test_control_characters_in_arguments_never_reach_the_terminal(
    run_mini: Runner, argv: tuple[str, ...]
) -> None:
    assert_usage(run_mini(*argv))


def test_search_text_with_control_characters_is_shown_cleaned(run_mini: Runner) -> None:
    for fmt in ("table", "md", "csv"):
        result = run_mini("search", "\x1b[2J\x1b]0;t\x07anka\r", "--format", fmt)
        assert result.code == 0, result.err
        assert_no_control(result.out, fmt)


@pytest.mark.parametrize("name", ["new\nline", "esc\x1b[31m", "osc\x1b]0;t\x07", "cr\rx"])
def test_store_path_with_control_characters_is_still_one_clean_line(
    run: Runner, tmp_path: Path, name: str
) -> None:
    folder = tmp_path / name
    folder.mkdir()
    assert_runtime(run("deals", "--db", str(folder / "facts.json")), "no such file")
    broken = folder / "broken.json"
    broken.write_bytes(b"{")
    assert_runtime(run("timeline", "--db", str(broken)), "invalid JSON")
    assert broken.read_bytes() == b"{"


def test_interrupt_exits_130_without_a_traceback(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C: exit 130 like other Unix tools, quietly or with one line, never a traceback."""

    def interrupted(db: str | None) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr("kzturk.cli.values.open_store", interrupted)
    result = run("deals", "--db", str(MINI_STORE))
    assert result.code == 130
    assert result.out == ""
    if result.err:
        _one_line(result.err)


# =============================================================================================
# Store files
# =============================================================================================


def _data_with(change: Any) -> bytes:
    """The mini store changed by `change`, in canonical form (so `check --fix` has nothing
    to reformat and must leave it as it is)."""
    data = mini_data()
    change(data)
    if all(key.isdigit() for table in data.values() for key in table):
        return canonical_text(data).encode()
    return json.dumps(data, ensure_ascii=False).encode()


def _with_literal(path: tuple[Any, ...], literal: str) -> bytes:
    """The mini store with the value at `path` written as `literal` (what json.dumps cannot)."""
    data = mini_data()
    record: Any = data
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = "__LITERAL__"
    return json.dumps(data, ensure_ascii=False).replace('"__LITERAL__"', literal).encode()


def _deep_in_fact(depth: int) -> bytes:
    return _with_literal(("facts", "101", "values"), "[" * depth + "]" * depth)


def _drop(table: str, key: str, field: str) -> Any:
    return lambda data: data[table][key].pop(field)


def _set(table: str, key: str, field: str, value: Any) -> Any:
    return lambda data: data[table][key].__setitem__(field, value)


MINI_TEXT = MINI_STORE.read_text(encoding="utf-8")
BROKEN: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "empty"),
    "whitespace only": (b" \n\t\r\n  ", "empty"),
    "list": (b"[]", "not a kzturk store"),
    "null": (b"null", "not a kzturk store"),
    "number": (b"42", "not a kzturk store"),
    "string": (b'"facts"', "not a kzturk store"),
    "object without tables": (b"{}", "no table"),
    "tables are lists": (b'{"sources": [], "facts": []}', "no table"),
    "truncated": (MINI_TEXT[: len(MINI_TEXT) // 2].encode(), "invalid JSON at line"),
    "trailing garbage": ((MINI_TEXT + "}").encode(), "invalid JSON at line"),
    "two documents": ((MINI_TEXT + MINI_TEXT).encode(), "invalid JSON at line"),
    "comments": (("// facts\n" + MINI_TEXT).encode(), "invalid JSON at line 1"),
    "single quotes": (b"{'sources': {}, 'facts': {}}", "invalid JSON"),
    "not utf-8": (
        MINI_TEXT.replace("Erdoğan", "Erdo\udcffan").encode("utf-8", "surrogateescape"),
        "not UTF-8",
    ),
    "latin-5": (MINI_TEXT.encode("cp1254"), "not UTF-8"),
    "utf-16": (MINI_TEXT.encode("utf-16"), "not UTF-8"),
    "utf-8 with BOM": (b"\xef\xbb\xbf" + MINI_TEXT.encode(), "BOM"),
    "NUL bytes": (b"\x00" * 64, "invalid JSON"),
    "non-numeric document key": (
        _data_with(lambda d: d["facts"].__setitem__("F101", d["facts"].pop("101"))),
        "'F101' is not a number",
    ),
    "negative document key": (
        _data_with(lambda d: d["sources"].__setitem__("-1", d["sources"].pop("1"))),
        "is not a number",
    ),
    "duplicate keys inside a fact": (
        MINI_TEXT.replace('"kind": "deal",', '"kind": "deal", "kind": "event",', 1).encode(),
        "duplicate key 'kind'",
    ),
    "duplicate documents": (
        MINI_TEXT.replace('"facts": {', '"facts": {"101": {}, ', 1).encode(),
        "duplicate key '101'",
    ),
    "NaN": (_with_literal(("facts", "106", "amount_usd"), "NaN"), "NaN"),
    "Infinity": (_with_literal(("facts", "106", "change_pct"), "Infinity"), "Infinity"),
    "-Infinity": (_with_literal(("facts", "101", "values", 0, "amount"), "-Infinity"), "Infinity"),
    "1e400": (_with_literal(("facts", "106", "amount_usd"), "1e400"), "too large"),
    "nested 100000 deep": (("[" * 100_000 + "]" * 100_000).encode(), "nested too deeply"),
    "nested 5000 deep in a fact": (_deep_in_fact(5000), "nested too deeply"),
    "objects nested 20000 deep": (('{"a":' * 20_000 + "1" + "}" * 20_000).encode(), "deeply"),
    "cites a missing source": (
        _data_with(lambda d: d["facts"]["103"]["sources"][0].__setitem__("source", "nowhere")),
        "cites source 'nowhere', which is not in the store",
    ),
    "fact missing a field": (
        _data_with(_drop("facts", "103", "summary")),
        "missing field 'summary'",
    ),
    "fact missing its id": (_data_with(_drop("facts", "103", "id")), "missing field 'id'"),
    "entity missing a field": (_data_with(_drop("entities", "1", "name")), "missing field 'name'"),
    "fact of the wrong type": (_data_with(_set("facts", "101", "sources", "alpha")), "'sources'"),
    "kind outside the vocabulary": (_data_with(_set("facts", "101", "kind", "rumour")), "rumour"),
    "impossible date": (_data_with(_set("facts", "101", "date", "2022-02-30")), "'date'"),
}


def _store_commands() -> list[tuple[str, ...]]:
    """A few commands that read the store in different ways (the CLI matrix in
    test_store_path_that_is_not_a_file runs every command)."""
    return [
        ("deals",),
        ("timeline", "--json"),
        ("show", "F101"),
        ("cite", "F101", "--style", "bibtex"),
    ]


def _every_reading_command() -> list[tuple[str, ...]]:
    return [
        *_store_commands(),
        ("trade", "--format", "csv"),
        ("search", "anka"),
        ("sources", "alpha", "--format", "md"),
        ("sectors", "--jsonl"),
        ("conflicts",),
        ("check",),
    ]


@pytest.fixture
def isolated(tmp_path: Path) -> Iterator[Path]:
    """A folder with only the store in it; after the test nothing else may be there."""
    folder = tmp_path / "store"
    folder.mkdir()
    yield folder
    assert sorted(p.name for p in folder.iterdir()) == ["facts.json"], "files left beside it"


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_store_is_one_line_with_the_path_exit_1_and_unchanged(
    run: Runner, isolated: Path, name: str
) -> None:
    content, fragment = BROKEN[name]
    path = isolated / "facts.json"
    path.write_bytes(content)
    before = sha256(path)
    for argv in _store_commands():
        result = run(*argv, "--db", str(path))
        assert_runtime(result, f"{path}: ", fragment)
    assert sha256(path) == before


@pytest.mark.parametrize("name", list(BROKEN))
def test_check_on_a_broken_store_exits_1_and_changes_nothing(
    run: Runner, tmp_path: Path, name: str
) -> None:
    content, _ = BROKEN[name]
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    for argv in (("check", "--json"), ("check", "--fix")):
        result = run(*argv, "--db", str(path))
        assert result.code == 1, (argv, result)
        assert str(path) in result.err, result.err
        assert "Traceback" not in result.err + result.out
        assert "internal error" not in result.err
        assert_no_control(result.out + result.err, argv)
        if argv == ("check", "--json") and result.out:
            strict_json(result.out)
    assert path.read_bytes() == content


@pytest.mark.parametrize("name", ["truncated", "NaN", "cites a missing source"])
def test_check_fix_of_a_broken_store_leaves_nothing_behind(
    run: Runner, isolated: Path, name: str
) -> None:
    """A --fix that cannot or need not rewrite leaves the folder as it was: no temporary
    file and no lock file beside the user's store."""
    path = isolated / "facts.json"
    path.write_bytes(BROKEN[name][0])
    assert run("check", "--fix", "--db", str(path)).code == 1
    assert path.read_bytes() == BROKEN[name][0]


def test_check_of_a_store_nested_deep_but_loadable_names_the_path(
    run: Runner, tmp_path: Path
) -> None:
    """600 levels load (lookups work) but recursed too deep in `check`: the message must
    still name the file, as every store error does."""
    path = tmp_path / "facts.json"
    path.write_bytes(_deep_in_fact(600))
    result = run("check", "--db", str(path))
    assert result.code == 1
    assert str(path) in result.err, result.err


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d, "no such file"),
        (lambda d: (d / "facts.json").mkdir(), "is a directory"),
        (lambda d: (d / "facts.json").symlink_to(d / "facts.json"), "symbolic links"),
        (lambda d: (d / "facts.json").symlink_to(d / "nowhere.json"), "no such file"),
    ],
    ids=["missing", "directory", "symlink loop", "dangling symlink"],
)
def test_store_path_that_is_not_a_file(
    run: Runner, tmp_path: Path, make: Any, fragment: str
) -> None:
    make(tmp_path)
    path = tmp_path / "facts.json"
    for argv in _every_reading_command():
        assert_runtime(run(*argv, "--db", str(path)), str(path), fragment)
    assert not (tmp_path / "nowhere.json").exists()


def test_store_below_a_file_or_with_a_name_too_long(run: Runner, tmp_path: Path) -> None:
    regular = tmp_path / "facts.json"
    regular.write_bytes(MINI_STORE.read_bytes())
    for path in (regular / "facts.json", tmp_path / ("x" * 300 + ".json")):
        for argv in [*_store_commands(), ("check",)]:
            assert_runtime(run(*argv, "--db", str(path)), str(path))


def test_dev_null_is_an_empty_store(run: Runner) -> None:
    for argv in [*_store_commands(), ("check",)]:
        assert_runtime(run(*argv, "--db", os.devnull), os.devnull, "empty")


def test_kzturk_db_pointing_at_a_broken_file(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(BROKEN["duplicate keys inside a fact"][0])
    monkeypatch.setenv("KZTURK_DB", str(path))
    for argv in _store_commands():
        assert_runtime(run(*argv), str(path), "duplicate key")


def test_endless_device_as_store_is_refused_not_read_forever() -> None:
    """`--db /dev/zero` never ends: reading it whole can only exhaust memory. It must be a
    clear error (not a regular file, or too large), under a memory limit and in time."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    for device in ("/dev/zero", "/dev/urandom"):
        done = kzturk("sectors", "--db", device, timeout=60, preexec_fn=limit_memory)
        assert done.code == 1, (device, done)
        assert done.out == b""
        _one_line(done.error, device)


# ---- unreadable: as another user ------------------------------------------------------------

SETPRIV = shutil.which("setpriv")


def as_nobody() -> list[str]:
    """The command prefix that runs as user nobody (root cannot be denied a read)."""
    if os.geteuid() != 0:
        return []
    assert SETPRIV, "setpriv is needed to test unreadable files when running as root"
    prefix = [SETPRIV, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False, timeout=30)
    assert probe.returncode == 0, probe.stderr
    return prefix


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder any user may enter (pytest's own temporary folders are private)."""
    with tempfile.TemporaryDirectory(prefix="kzturk-hostile-") as name:
        folder = Path(name)
        folder.chmod(0o755)
        yield folder
        for path in folder.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)


def _run_as_nobody(*argv: str) -> subprocess.CompletedProcess[str]:
    from hostile_helpers import KZTURK

    return subprocess.run(
        [*as_nobody(), str(KZTURK), *argv],
        capture_output=True,
        text=True,
        env=environment(),
        cwd="/",
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "argv", [("deals",), ("timeline", "--json"), ("show", "F101"), ("check",)], ids=cmd_id
)
def test_unreadable_store(open_folder: Path, argv: tuple[str, ...]) -> None:
    path = open_folder / "facts.json"
    path.write_bytes(MINI_STORE.read_bytes())
    path.chmod(0o000)
    before = sha256(path)
    done = _run_as_nobody(*argv, "--db", str(path))
    assert done.returncode == 1, done
    assert done.stdout == ""
    _one_line(done.stderr, str(path), "permission denied")
    assert sha256(path) == before
    assert path.stat().st_mode & 0o777 == 0


@pytest.mark.parametrize("argv", [("deals",), ("sectors", "--json"), ("check",)], ids=cmd_id)
def test_store_in_a_folder_that_cannot_be_entered(open_folder: Path, argv: tuple[str, ...]) -> None:
    private = open_folder / "private"
    private.mkdir()
    path = private / "facts.json"
    path.write_bytes(MINI_STORE.read_bytes())
    private.chmod(0o700)
    done = _run_as_nobody(*argv, "--db", str(path))
    assert done.returncode == 1, done
    assert done.stdout == ""
    _one_line(done.stderr, str(path), "permission denied")


def test_unreadable_store_in_process(
    run: Runner, mini_store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path) == mini_store_copy:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    for argv in _store_commands():
        assert_runtime(run(*argv, "--db", str(mini_store_copy)), str(mini_store_copy), "denied")


# ---- 50 MB ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A valid store of 50 MB: the mini store's facts repeated with long summaries."""
    data = mini_data()
    base = list(data["facts"].values())
    facts: dict[str, Any] = {}
    size, number = 0, 1000
    padding = " ".join(["Kazakhstan–Turkey"] * 250)
    while size < 50 * 1024 * 1024:
        fact = dict(base[number % len(base)])
        fact["id"] = f"F{number}"
        fact["summary"] = f"{fact['summary']} {number} {padding}"
        facts[str(number)] = fact
        size += len(json.dumps(fact, ensure_ascii=False).encode()) + len(str(number)) + 4
        number += 1
    data["facts"] = facts
    path = tmp_path_factory.mktemp("big") / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size >= 50 * 1024 * 1024
    deals = sum(1 for f in facts.values() if f["kind"] == "deal" and not f["retracted"])
    return path, deals


def test_50_mb_store_works(run: Runner, big_store: tuple[Path, int]) -> None:
    path, deals = big_store
    before = path.read_bytes()  # compared whole: hashing 50 MB twice takes longer
    result = run("deals", "--jsonl", "--db", str(path))
    assert result.code == 0, result.err
    lines = result.out.split("\n")[:-1]
    assert len(lines) == deals
    assert all(strict_json(line)["kind"] == "deal" for line in lines)
    assert path.read_bytes() == before


def test_50_mb_broken_stores(run: Runner, big_store: tuple[Path, int], tmp_path: Path) -> None:
    text = big_store[0].read_bytes()
    cases = {
        "truncated": (text[: text.rindex(b" ", 0, len(text) - 1000)], "invalid JSON at line 1"),
        "blank": (b" " * len(text), "empty"),
        "bad byte at the end": (text[:-2] + b"\xff}", "not UTF-8"),
    }
    for name, (content, fragment) in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_bytes(content)
        assert_runtime(run("sectors", "--db", str(path)), str(path), fragment)
        assert path.read_bytes() == content, name


# =============================================================================================
# Hostile store content shown to people
# =============================================================================================


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("hostile") / "facts.json", hostile_data())


@pytest.fixture(scope="module")
def hostile_ids(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_store(tmp_path_factory.mktemp("hostile-ids") / "facts.json", hostile_id_data())


HUMAN_COMMANDS: list[tuple[str, ...]] = [
    ("deals",),
    ("timeline", "--context"),
    ("trade",),
    ("search", "deal"),
    ("search", "rail"),
    ("show", "F101"),
    ("show", "F103"),
    ("show", "F106"),
    ("sources",),
    ("sources", "alpha"),
    ("sectors",),
    ("conflicts",),
]
CITE_STYLES = ["plain", "md", "bibtex"]


@pytest.fixture
def at_width(run: Runner, monkeypatch: pytest.MonkeyPatch, hostile_store: Path) -> Any:
    def invoke(width: int, *argv: str, db: Path = hostile_store) -> Result:
        monkeypatch.setenv("COLUMNS", str(width))
        result = run(*argv, "--db", str(db))
        assert (result.code, result.err) == (0, ""), (argv, width, result.err)
        return result

    return invoke


@pytest.mark.parametrize("argv", HUMAN_COMMANDS, ids=cmd_id)
def test_no_control_character_from_the_store_reaches_the_terminal(
    at_width: Any, argv: tuple[str, ...]
) -> None:
    for width in (40, 80, 140):
        assert_no_control(at_width(width, *argv).out, (argv, width))
    for fmt in ("md", "csv"):
        assert_no_control(at_width(100, *argv, "--format", fmt).out, (argv, fmt))


@pytest.mark.parametrize("style", CITE_STYLES)
def test_citations_carry_no_control_characters(at_width: Any, style: str) -> None:
    """Every source field, the url too, is store text on its way to a terminal."""
    out = at_width(100, "cite", "F101", "--style", style).out
    assert_no_control(out, style)
    assert "hyperlink" in out


def test_markup_is_printed_literally(at_width: Any) -> None:
    for width in (40, 100, 140):
        for argv in (("show", "F101"), ("sources", "alpha"), ("search", "deal")):
            out = squeeze(at_width(width, *argv).out)
            for text in MARKUP:
                assert squeeze(text) in out, (argv, width, text)
    deals = squeeze(at_width(120, "deals", "--format", "md").out)
    assert squeeze("\\[bold red\\]x\\[/\\]") in deals  # Markdown's escapes: it reads as written


def test_escape_sequences_lose_only_their_control_characters(at_width: Any) -> None:
    out = squeeze(at_width(100, "show", "F101").out)
    for text in ESCAPES:
        assert shown(text) in out, text
    assert "[31mred[0m" in out
    assert "]8;;https://evil.examplehyperlink]8;;" in out


def test_carriage_return_does_not_hide_text(at_width: Any) -> None:
    """A bare CR would move the cursor back and let later text overwrite earlier text; it
    becomes a line break, so both parts stay visible."""
    out = at_width(100, "show", "F101").out
    assert "\r" not in out
    assert re.search(r"over *\n *write", out), out
    assert re.search(r"crlf *\n *line", out), out


@pytest.mark.parametrize("width", [40, 80, 140])
def test_right_to_left_text_and_emoji_are_printed_whole(at_width: Any, width: int) -> None:
    for argv in (("show", "F101"), ("show", "F103"), ("timeline",)):
        out = squeeze(at_width(width, *argv).out)
        for text in SCRIPTS:
            assert squeeze(text) in out, (argv, width, text)


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140])
def test_very_long_words_are_never_cut(at_width: Any, width: int) -> None:
    for argv in (("show", "F101"), ("show", "F103"), ("timeline",), ("search", "deal")):
        out = at_width(width, *argv).out
        assert LONG_WORD in squeeze(out), (argv, width)
    # In a many-column table the word wraps beside other cells: count its characters.
    deals = visible(at_width(width, "deals").out)
    assert not visible(LONG_WORD) - deals


def _expected_cells(records: list[dict[str, Any]], fields: tuple[str, ...]) -> str:
    return "".join(clean_text(str(r[f])) for r in records for f in fields if r.get(f))


@pytest.mark.parametrize("width", [60, 80, 100, 140])
@pytest.mark.parametrize(
    ("argv", "fields"),
    [
        (("deals",), ("id", "summary", "status")),
        (("search", "a"), ("id", "summary", "kind")),
        (("trade",), ("id", "period", "metric")),
        (("sources",), ("id", "title", "outlet")),
    ],
    ids=cmd_id,
)
def test_nothing_is_cut_off_at_any_width(
    at_width: Any,
    run: Runner,
    hostile_store: Path,
    argv: tuple[str, ...],
    fields: tuple[str, ...],
    width: int,
) -> None:
    """Every character of the main cells of every row is on screen somewhere: a column that
    no longer fits may wrap or fold, but never crop another column away."""
    records = run(*argv, "--json", "--db", str(hostile_store)).json
    out = at_width(width, *argv).out
    lost = visible(_expected_cells(records, fields)) - visible(out)
    assert not lost, f"lost at width {width}: {''.join(sorted(lost.elements()))[:200]}"


@pytest.mark.parametrize("width", [60, 100, 140])
def test_trade_amounts_survive_a_long_period(at_width: Any, width: int) -> None:
    out = squeeze(at_width(width, "trade").out)
    assert "$6.3bn" in out
    assert "nine" in out and "provisional" in out


def test_a_very_long_id_is_not_cropped(at_width: Any, tmp_path: Path) -> None:
    data = mini_data()
    fact = data["facts"].pop("101")
    long_id = "F101" + "0" * 60
    fact["id"] = long_id
    data["facts"][long_id[1:]] = fact
    path = write_store(tmp_path / "facts.json", data)
    for width in (60, 100, 140):
        for argv in (("deals",), ("search", "anka"), ("sources", "alpha")):
            out = squeeze(at_width(width, *argv, db=path).out)
            # A narrow table may fold the id over several lines of its cell, between other
            # columns' text; every one of its characters must still be on screen.
            assert "F101" in out and out.count("0") >= long_id.count("0"), (argv, width)
            assert "ANKA" in out, (argv, width)


def test_data_formats_keep_hostile_text_exactly(run: Runner, hostile_store: Path) -> None:
    data = hostile_data()
    db = ("--db", str(hostile_store))
    fact = run("show", "F101", "--json", *db).json
    assert fact["summary"] == data["facts"]["101"]["summary"]
    assert fact["parties"] == data["facts"]["101"]["parties"]
    source = run("sources", "alpha", "--json", *db).json
    assert source["url"] == data["sources"]["1"]["url"]
    cited = run("cite", "F101", "--style", "json", *db)
    assert cited.code == 0, cited.err
    [citation] = cited.json
    assert citation["quote"] == data["facts"]["101"]["sources"][0]["quote"]
    assert citation["source"]["url"] == data["sources"]["1"]["url"]
    lines = run("timeline", "--context", "--jsonl", *db).out.split("\n")[:-1]
    assert [strict_json(line) for line in lines] == run("timeline", "--context", "--json", *db).json


# ---- hostile ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [*HUMAN_COMMANDS[:4], ("sources",), ("show", "F102"), ("cite", "F108"), ("conflicts",)],
    ids=cmd_id,
)
def test_hostile_ids_in_tables(at_width: Any, hostile_ids: Path, argv: tuple[str, ...]) -> None:
    for width in (40, 100):
        assert_no_control(at_width(width, *argv, db=hostile_ids).out, (argv, width))


def test_check_prints_hostile_ids_cleaned(run: Runner, hostile_ids: Path) -> None:
    result = run("check", "--db", str(hostile_ids))
    assert result.code == 1
    assert "F101" in result.out and "gamma" in result.out
    assert_no_control(result.out, "check")
    assert_no_control(result.err, "check stderr")


def test_suggested_ids_are_printed_cleaned(run: Runner, hostile_ids: Path) -> None:
    result = run("show", "F101", "--db", str(hostile_ids))
    assert_usage(result, "unknown fact id 'F101'", "did you mean")
    result = run("sources", "gamma", "--db", str(hostile_ids))
    assert_usage(result, "unknown source id 'gamma'", "did you mean")


def test_load_error_naming_a_hostile_id_is_one_clean_line(run: Runner, tmp_path: Path) -> None:
    data = hostile_id_data()
    data["facts"]["101"]["id"] = "F101\x1b[2J\nkzturk: error: fake second line"
    del data["facts"]["101"]["summary"]
    data["sources"]["2"]["id"] = "beta\x1b]0;t\x07"
    path = write_store(tmp_path / "facts.json", data)
    for argv in _store_commands():
        assert_runtime(run(*argv, "--db", str(path)), str(path), "missing field")
