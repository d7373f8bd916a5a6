""" "Internal error" is never the answer: odd stores, odd options, odd paths and users, full
or closed pipes each give the one-line error and the right exit code.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import Runner
from hostile_helpers import (
    KZTURK,
    assert_one_line_error,
    environment,
    mini_data,
)
from store_helpers import ADD, leftovers, make_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


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


def test_an_archived_text_that_is_not_utf8_is_a_problem_not_a_crash(
    store: Path, run: Runner
) -> None:
    (store.parent / "archive" / "beta.txt").write_bytes(b"\xff\xfe not text")
    result = run("check", "--db", str(store))
    assert result.code == 1
    assert "beta: archived text unreadable" in result.out and "not UTF-8" in result.out


def _store_text(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    return path


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


@pytest.mark.parametrize("text", ["\u0301", " \u0308 ", "\u200b", "—"])
@pytest.mark.parametrize("command", ["search", "party"])
def test_text_that_folds_to_nothing_matches_nothing_it_is_refused(
    run_mini: Runner, text: str, command: str
) -> None:
    result = run_mini("search", text) if command == "search" else run_mini("deals", "--party", text)
    assert result.code == 2, result.out
    assert_one_line_error(result.err, "letters or digits")


@pytest.mark.parametrize(
    "argv",
    [
        ("edit", "F101", "--kind", "x" * 60_000),
        ("add", "--kind", "event", "--sector", "diplomacy", "--summary", "s" * 60_000),
        ("show", "F" + "9" * 60_000),
        ("deals", "--sector", "z" * 60_000),
    ],
    ids=["edit kind", "add without a source", "show", "deals sector"],
)
def test_a_refusal_quoting_a_huge_value_stays_a_short_line(
    run: Runner, store: Path, argv: tuple[str, ...]
) -> None:
    before = store.read_bytes()
    result = run(*argv, "--db", str(store))
    assert result.code in (1, 2)
    assert_one_line_error(result.err)
    assert len(result.err) < 1_000, len(result.err)
    assert store.read_bytes() == before
