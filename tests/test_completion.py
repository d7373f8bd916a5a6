"""Shell completion offers commands and the vocabulary values of the filter options.

The cases run through `main` in this process, with the variables bash sets (Click reads them
there as it would in a process of its own); one runs the installed command, as bash does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI_STORE, Complete, bash_completion_variables, offered_completions

KZTURK = Path(sys.executable).parent / "kzturk"


def test_the_installed_command_completes() -> None:
    assert KZTURK.exists(), f"install kzturk into this environment first ({KZTURK} missing)"
    env = {**os.environ, **bash_completion_variables("kzturk deals --sector de")}
    result = subprocess.run(
        [str(KZTURK)], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert offered_completions(result.stdout) == ["defense"]


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
