"""Shared fixtures: the small hand-made store in tests/data and a runner for the CLI.

Tests never depend on the contents of the bundled facts.json (it is curated separately);
they read tests/data/mini_store.json, whose facts are listed in MINI below.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from kzturk.model import Fact
from kzturk.store import Store, load_store

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"
MINI_STORE = DATA_DIR / "mini_store.json"
GOLDEN_DIR = TESTS_DIR / "golden"

# The very long word of F109 (301 characters, no spaces).
LONG_WORD = "Uzun" + "kelime" * 49 + "SON"

# What mini_store.json holds, so tests can say what they expect without re-deriving it.
MINI = {
    "deals": ["F102", "F101", "F103", "F110"],  # chronological; F111 is a retracted deal
    "retracted": ["F111"],
    "context": ["F105"],
    "undated": ["F104"],
    "trade": ["F106"],
    "target": ["F107"],
    "hostile": "F108",
    "long_word": "F109",
    "two_sources": "F102",
    # Every fact, oldest first (year-only at the start of its year, undated last).
    "chronological": [
        "F102",  # 2022 (year only)
        "F109",  # 2022-01-01
        "F101",  # 2022-05-10
        "F107",  # 2022-05-11
        "F106",  # 2023-01
        "F105",  # 2023-06-15 (context)
        "F111",  # 2023-09 (retracted)
        "F103",  # 2024-03 (month only)
        "F108",  # 2024-03-01
        "F110",  # 2024-03-20
        "F104",  # undated
    ],
}

REPO_STORE = TESTS_DIR.parent / "facts.json"

# Property tests check results, not speed: no per-example deadline and no "too slow" health
# check, which fail a correct test on a busy machine or a parallel run (speed has its own
# benchmark, tests/bench/bench_cli.py). Every example is still run.
settings.register_profile("kzturk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kzturk")

# The lookup cache of this test run (kzturk.store.cache), inherited by every kzturk the tests
# start: nothing is written to the user's own ~/.cache. tests/test_cache.py sets its own.
os.environ["KZTURK_CACHE"] = tempfile.mkdtemp(prefix="kzturk-test-cache-")


def handed_out_late(item: pytest.Item) -> bool:
    """Whether the test's file goes after the heavy ones (it is not marked `heavy`)."""
    return item.get_closest_marker("heavy") is None


def pytest_collection_finish(session: pytest.Session) -> None:
    """What is alive once the tests are collected (modules, strategies, parameters) lives to
    the end of the run: frozen, the garbage collector's full passes no longer walk it; and
    a pass comes after 10,000 new objects rather than 700. Collections took about 5% of a
    worker's time; a test that needs one calls `gc.collect()`."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files marked `heavy` (seconds of work each) go first. The workers take whole
    files in this order (`--dist loadfile --no-loadscope-reorder`), so neither starts a long
    file while the other is nearly done."""
    items.sort(key=handed_out_late)


@pytest.fixture(scope="session", autouse=True)
def the_repository_store_is_never_written() -> Iterator[None]:
    """Tests read the bundled store but must never change it: a test that wrote it
    (say, a fuzzed write without --db) fails the run here."""
    before = hashlib.sha256(REPO_STORE.read_bytes()).hexdigest() if REPO_STORE.exists() else None
    yield
    after = hashlib.sha256(REPO_STORE.read_bytes()).hexdigest() if REPO_STORE.exists() else None
    assert after == before, f"a test changed {REPO_STORE}; restore it with git checkout"


ENV_VARS = ("KZTURK_DB", "NO_COLOR", "FORCE_COLOR", "KZTURK_DEBUG", "TERM", "COLUMNS")


@cache
def mini_store() -> Store:
    """The mini store, loaded once (hypothesis tests cannot take function fixtures)."""
    return load_store(MINI_STORE)


def mini_facts() -> list[Fact]:
    return list(mini_store().facts)


def ids(facts: Any) -> list[str]:
    """Fact ids of facts or JSON records, in order."""
    return [f["id"] for f in facts]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def strict_json(text: str) -> Any:
    """json.loads that refuses NaN/Infinity, as a strict consumer (jq, JavaScript) would."""

    def reject(name: str) -> Any:
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=reject)


@pytest.fixture
def mini_store_path() -> Path:
    return MINI_STORE


@pytest.fixture
def mini_store_copy(tmp_path: Path) -> Path:
    """A copy of the mini store that a test may break or rewrite."""
    copy = tmp_path / "facts.json"
    copy.write_bytes(MINI_STORE.read_bytes())
    return copy


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sees the caller's KZTURK_DB, colour settings or terminal width."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    yield


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return strict_json(self.out)


Runner = Callable[..., Result]


def printed_problems(out: str) -> list[tuple[str, str]]:
    """(record, problem) of each line `kzturk check` printed before its count of them."""
    lines = out.split("\n\n")[0].splitlines()
    assert all(": " in line for line in lines), out
    return [(record, problem) for record, _, problem in (line.partition(": ") for line in lines)]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Runner:
    """Run `kzturk.cli.main(argv)` in-process: exit code, stdout and stderr.

    main() is what turns errors into exit codes and the one-line message, so every CLI test
    goes through it rather than through Typer's own runner.
    """
    from kzturk.cli import main

    def invoke(*argv: str) -> Result:
        capsys.readouterr()  # drop anything printed before
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def run_mini(run: Runner) -> Runner:
    """`run` with `--db` pointing at the mini store appended."""

    def invoke(*argv: str) -> Result:
        return run(*argv, "--db", str(MINI_STORE))

    return invoke


Complete = Callable[..., list[str]]


def bash_completion_variables(words: str) -> dict[str, str]:
    """What bash sets for a completion of the command line `words`, cursor at the end."""
    return {
        "_KZTURK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }


def offered_completions(out: str) -> list[str]:
    return [v for v in out.splitlines() if v]  # one a line (names hold spaces)


@pytest.fixture
def complete(run: Runner, monkeypatch: pytest.MonkeyPatch) -> Complete:
    """What bash completion offers for `words`, reading `store` if given (completion reads
    $KZTURK_DB, as lookups do)."""

    def offer(words: str, store: Path | None = None) -> list[str]:
        with monkeypatch.context() as patch:
            for name, value in bash_completion_variables(words).items():
                patch.setenv(name, value)
            if store is not None:
                patch.setenv("KZTURK_DB", str(store))
            result = run()
        assert result.code == 0, result.err
        return offered_completions(result.out)

    return offer


def question_label(question: str) -> str:
    """What a prompt asks, without its hints: 'Quote from alpha' of 'Quote from alpha
    (verbatim): ', 'Sectors' of 'Sectors, comma-separated: ', 'Add this fact?' of
    'Add this fact? [Y/n]: '."""
    return re.split(r" \(| \[|:|,", question, maxsplit=1)[0].strip()


Answers = Mapping[str, str | Sequence[str]]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Answers], None]]:
    """Pretend stdin is a terminal; the returned function takes the answers by question
    ({"Kind": "deal", "Status": ["sined", "signed"]}: a list answers the same question asked
    again). A question not named gets Enter (its default), and end of input if it is asked
    again at once, so a required question left out aborts instead of looping; a new
    optional field's question leaves the tests as they were. Every answer must be used."""
    from kzturk.cli import output, prompts

    monkeypatch.setattr(prompts, "can_prompt", lambda: True)
    pending: dict[str, list[str]] = {}
    last: list[str] = []
    keyboard = io.StringIO()
    monkeypatch.setattr(sys, "stdin", keyboard)

    def ask(question: str, prefill: str = "") -> str:
        label = question_label(question)
        if pending.get(label):
            typed = f"{pending[label].pop(0)}\n"
        else:
            typed = "" if last and last[-1] == label else "\n"  # "" is end of input
        last.append(label)
        keyboard.seek(0)
        keyboard.truncate()
        keyboard.write(typed)
        keyboard.seek(0)
        return output.ask(question, prefill)

    def answers(given: Answers) -> None:
        pending.clear()
        last.clear()
        for label, answer in given.items():
            pending[label] = [answer] if isinstance(answer, str) else list(answer)

    monkeypatch.setattr(prompts, "ask", ask)
    yield answers
    unused = {label: left for label, left in pending.items() if left}
    assert unused == {}, f"answers never asked for: {unused}; questions asked: {last}"


def assert_golden(path: Path, output: str) -> None:
    """`output` equals the golden file at `path`; KZTURK_UPDATE_GOLDEN=1 writes it first."""
    if os.environ.get("KZTURK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(output)
    assert path.is_file(), f"{path} is missing: run with KZTURK_UPDATE_GOLDEN=1 to write it"
    with path.open(encoding="utf-8", newline="") as golden:
        expected = golden.read()
    assert output == expected, (
        f"{path.name} differs; if the change is deliberate, rerun with KZTURK_UPDATE_GOLDEN=1"
    )


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store whose facts link to each other: conflicts, occasions, references (the pages)."""
    from hostile_helpers import write_store
    from html_helpers import linked_data

    return load_store(write_store(tmp_path_factory.mktemp("linked") / "f.json", linked_data()))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A store of hostile text for the pages: script tags, handlers, bidi controls."""
    from hostile_helpers import write_store
    from html_helpers import html_hostile_data

    path = tmp_path_factory.mktemp("html-hostile") / "f.json"
    return load_store(write_store(path, html_hostile_data()))
