"""Shell completion offers commands and the vocabulary values of the filter options.

The cases run through `main` in this process, with the variables bash sets (Click reads them
there as it would in a process of its own); one runs the installed command, as bash does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINI_STORE, Runner

KZTURK = Path(sys.executable).parent / "kzturk"
Complete = Callable[..., list[str]]


def _bash_variables(words: str) -> dict[str, str]:
    """What bash sets for a completion of the command line `words`, cursor at the end."""
    return {
        "_KZTURK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }


def _offered(out: str) -> list[str]:
    return [v for v in out.splitlines() if v]  # one a line (names hold spaces)


@pytest.fixture
def complete(run: Runner, monkeypatch: pytest.MonkeyPatch) -> Complete:
    """What bash completion offers for `words`, reading `store` if given (completion reads
    $KZTURK_DB, as lookups do)."""

    def offer(words: str, store: Path | None = None) -> list[str]:
        with monkeypatch.context() as patch:
            for name, value in _bash_variables(words).items():
                patch.setenv(name, value)
            if store is not None:
                patch.setenv("KZTURK_DB", str(store))
            result = run()
        assert result.code == 0, result.err
        return _offered(result.out)

    return offer


def test_the_installed_command_completes() -> None:
    assert KZTURK.exists(), f"install kzturk into this environment first ({KZTURK} missing)"
    env = {**os.environ, **_bash_variables("kzturk deals --sector de")}
    result = subprocess.run(
        [str(KZTURK)], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert _offered(result.stdout) == ["defense"]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("kzturk ti", ["timeline"]),
        ("kzturk deals --sector de", ["defense"]),
        ("kzturk deals --status si", ["signed"]),
        ("kzturk timeline --kind ev", ["event"]),
        ("kzturk trade --metric ex", ["exports"]),
        ("kzturk deals --format js", ["json", "jsonl"]),
    ],
)
def test_completion_offers_vocabulary(complete: Complete, words: str, expected: list[str]) -> None:
    assert complete(words) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("kzturk show F10", [f"F10{n}" for n in range(1, 10)]),
        ("kzturk edit F11", ["F110", "F111"]),
        ("kzturk retract F1", [f"F1{n:02}" for n in range(1, 12)]),
        ("kzturk sources al", ["alpha"]),
        ("kzturk add --source g", ["gamma"]),
        ("kzturk edit F101 --add-source b", ["beta"]),
        ("kzturk occasions 2022", ["2022-05-visit"]),
        ("kzturk add --occasion 20", ["2022-05-visit"]),
        ("kzturk entities tu", ["turk-telekom", "turkey", "turkic-academy"]),
        ("kzturk deals --party ta", ["tai"]),
        ("kzturk add --party Kaz", ["Kazakhstan", "Kazakhstan Temir Zholy", "Kazakhtelecom"]),
    ],
)
def test_completion_offers_what_is_in_the_store(
    complete: Complete, words: str, expected: list[str]
) -> None:
    assert complete(words, MINI_STORE) == expected


def test_completion_of_an_unreadable_store_offers_nothing(
    complete: Complete, tmp_path: Path
) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text("{", encoding="utf-8")
    assert complete("kzturk show F1", broken) == []
