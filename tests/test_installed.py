"""The installed `kzturk` command, run as a user runs it: in a subprocess, through pipes."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_STORE, strict_json

from kzturk import __version__

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

KZTURK = Path(sys.executable).parent / "kzturk"


@pytest.fixture(scope="module")
def kzturk() -> str:
    assert KZTURK.is_file() and os.access(KZTURK, os.X_OK), (
        f"the kzturk command is not installed next to {sys.executable}; "
        "run `pip install -e .` in this environment"
    )
    return str(KZTURK)


def environment(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that changes kzturk's output."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "KZTURK_DB",
            "NO_COLOR",
            "FORCE_COLOR",
            "KZTURK_DEBUG",
            "COLUMNS",
            "PYTHONUNBUFFERED",
        )
    }
    env.update(
        {"TERM": "xterm-256color", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "", "KZTURK_PAGER": ""}
    )
    env.update(extra)
    return env


def run(argv: list[str], cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment(**env),
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini store's facts repeated until the output is far bigger than a pipe buffer."""
    data = json.loads(MINI_STORE.read_text(encoding="utf-8"))
    facts = {}
    for copy in range(300):
        for fact in data["facts"].values():
            number = 1000 + copy * 100 + int(fact["id"][1:]) - 100
            facts[str(number)] = {**fact, "id": f"F{number}"}
    data["facts"] = facts
    path = tmp_path_factory.mktemp("big") / "facts.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("argv", ["timeline --json", "timeline", "deals --format csv"])
def test_reader_going_away_is_quiet(
    kzturk: str, big_store: Path, tmp_path: Path, argv: str
) -> None:
    script = (
        f"{shlex.quote(kzturk)} {argv} 2>err.txt | head -c 20 > head.txt; "
        'echo "${PIPESTATUS[0]}" > rc.txt'
    )
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=environment(KZTURK_DB=str(big_store)),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    err = (tmp_path / "err.txt").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in err
    assert "BrokenPipe" not in err
    assert "Exception ignored" not in err
    assert err == ""
    assert len((tmp_path / "head.txt").read_bytes()) == 20
    assert (tmp_path / "rc.txt").read_text().strip() != ""


@pytest.mark.parametrize(
    ("argv", "unbuffered"),
    [(["timeline", "--json"], False), (["timeline"], False), (["timeline", "--json"], True)],
    ids=["json", "table", "json-PYTHONUNBUFFERED"],
)
def test_broken_pipe_exit_code_is_141(
    kzturk: str, big_store: Path, argv: list[str], unbuffered: bool
) -> None:
    """README: 141 when the reader of a pipe goes away, as other Unix tools do. Under
    PYTHONUNBUFFERED stdout's binary layer is a raw FileIO whose write() reports a short
    write instead of raising, so the output must be written in full or the failure seen."""
    extra = {"PYTHONUNBUFFERED": "1"} if unbuffered else {}
    process = subprocess.Popen(
        [kzturk, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(KZTURK_DB=str(big_store), **extra),
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(20)
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == 141
    assert err == b""


def test_no_color_wins_over_force_color(kzturk: str) -> None:
    forced = run([kzturk, "timeline", "--db", str(MINI_STORE)], FORCE_COLOR="1")
    assert forced.returncode == 0
    assert "\x1b[" in forced.stdout  # the check below can fail
    plain = run([kzturk, "timeline", "--db", str(MINI_STORE)], FORCE_COLOR="1", NO_COLOR="1")
    assert plain.returncode == 0
    assert "\x1b[" not in plain.stdout
    assert "\x1b" not in plain.stdout


@pytest.mark.parametrize("argv", [["timeline"], ["deals"], ["show", "F108"], ["trade"]])
def test_output_to_a_pipe_has_no_escape_codes(kzturk: str, argv: list[str]) -> None:
    result = run([kzturk, *argv, "--db", str(MINI_STORE)])
    assert result.returncode == 0, result.stderr
    assert result.stdout
    assert "\x1b" not in result.stdout
    assert result.stderr == ""


def test_columns_sets_the_width_of_piped_output(kzturk: str) -> None:
    result = run([kzturk, "deals", "--db", str(MINI_STORE)], COLUMNS="70")
    assert result.returncode == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 70


@pytest.mark.parametrize("content", [b"", b'{"sources": {}, "facts": {', b"\xff"])
def test_broken_store_via_environment(kzturk: str, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "facts.json"
    path.write_bytes(content)
    result = run([kzturk, "timeline"], KZTURK_DB=str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"kzturk: error: {path}: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_missing_store_via_environment(kzturk: str, tmp_path: Path) -> None:
    result = run([kzturk, "deals"], KZTURK_DB=str(tmp_path / "missing.json"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "no such file" in result.stderr
    assert not (tmp_path / "missing.json").exists()


def test_usage_error_exit_2(kzturk: str) -> None:
    result = run([kzturk, "deals", "--sector", "defence", "--db", str(MINI_STORE)])
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("kzturk: error: ")
    assert result.stderr.count("\n") == 1


def test_python_dash_m(tmp_path: Path) -> None:
    result = run([sys.executable, "-m", "kzturk", "--version"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"kzturk {__version__}\n"
    assert result.stderr == ""


def test_version(kzturk: str) -> None:
    result = run([kzturk, "--version"])
    assert result.returncode == 0
    assert result.stdout == f"kzturk {__version__}\n"


def test_runs_from_another_directory_with_the_bundled_store(kzturk: str, tmp_path: Path) -> None:
    result = run([kzturk, "timeline", "--json"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    records = strict_json(result.stdout)
    assert isinstance(records, list)
    assert len(records) > 0
    assert list(tmp_path.iterdir()) == []  # nothing written in the working directory


def test_json_is_utf8_whatever_the_locale(kzturk: str) -> None:
    result = subprocess.run(
        [kzturk, "deals", "--json", "--db", str(MINI_STORE)],
        capture_output=True,
        env=environment(LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii"),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Erdoğan" in result.stdout.decode("utf-8")


def test_closed_stdout_is_a_clean_error(kzturk: str) -> None:
    result = subprocess.run(
        ["bash", "-c", f"{shlex.quote(kzturk)} deals --db {shlex.quote(str(MINI_STORE))} >&-"],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("kzturk: error: ")
    assert "Traceback" not in result.stderr
