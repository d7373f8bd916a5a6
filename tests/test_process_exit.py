"""How a `kzturk` process ends (`kzturk.cli.output.end_process`): a lookup flushes its streams and
leaves without the interpreter's tear-down; what it printed and its exit code are unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_STORE
from store_helpers import BETA_TEXT, make_store

from kzturk.store import bundled_store_path

QUOTE = BETA_TEXT.split(". ")[0].strip()


def kzturk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KZTURK_DB"}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "kzturk", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        input=stdin,
        timeout=60,
    )


def test_a_long_output_reaches_the_pipe_whole() -> None:
    result = kzturk(
        "timeline", "--json", "--context", "--analysis", "--db", str(bundled_store_path())
    )
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) > 400
    assert result.stdout.endswith("]\n")


def test_a_usage_error_still_exits_2_with_its_line() -> None:
    result = kzturk("deals", "--sector", "nope", "--db", str(MINI_STORE))
    assert result.returncode == 2
    assert result.stderr.startswith("kzturk: error: --sector")
    assert result.stdout == ""


def test_a_runtime_error_still_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text("{", encoding="utf-8")
    result = kzturk("deals", "--db", str(broken))
    assert result.returncode == 1
    assert "invalid JSON" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_write_ends_the_ordinary_way_and_keeps_its_result(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    before = len(json.loads(store.read_text(encoding="utf-8"))["facts"])
    result = kzturk(
        "add", "--kind", "event", "--sector", "diplomacy", "--date", "2022-05",
        "--summary", "A fact for the exit path.", "--source", "beta", "--quote", QUOTE,
        "--db", str(store),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(json.loads(store.read_text(encoding="utf-8"))["facts"]) == before + 1


def _into_a_closed_pipe(*args: str) -> tuple[int, bytes]:
    """Run `kzturk ARGS` with stdout a pipe nobody reads any more (`| true` that has ended)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kzturk", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    finally:
        os.close(write_end)
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    "args",
    [("--help",), ("deals", "--help"), ("export", "sqlite", "--help"), ("help",), ("deals",)],
    ids=" ".join,
)
def test_help_and_output_into_a_closed_pipe_exit_141_quietly(args: tuple[str, ...]) -> None:
    code, err = _into_a_closed_pipe(
        *args, *(("--db", str(MINI_STORE)) if args == ("deals",) else ())
    )
    assert (code, err) == (141, b"")
