"""How a `kzturk` process ends (`kzturk.cli.app._leave`): a lookup flushes its streams and
leaves without the interpreter's tear-down; what it printed and its exit code are unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
