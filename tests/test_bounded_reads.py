"""No hang, no unbounded read: FIFOs and devices are refused at once, text from a file or stdin
is bounded, and a huge summary is laid out in seconds.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hostile_helpers import (
    assert_one_line_error,
    environment,
    kzturk,
    mini_data,
    write_store,
)
from store_helpers import ADD, make_store

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path)


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
