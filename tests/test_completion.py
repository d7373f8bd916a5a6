"""Shell completion offers commands and the vocabulary values of the filter options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

KZTURK = Path(sys.executable).parent / "kzturk"


def complete(words: str) -> list[str]:
    """What bash completion offers for the command line `words` (cursor at the end)."""
    assert KZTURK.exists(), f"install kzturk into this environment first ({KZTURK} missing)"
    parts = words.split(" ")
    env = {
        **os.environ,
        "_KZTURK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    result = subprocess.run(
        [str(KZTURK)], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    return [v for v in result.stdout.splitlines() if v]  # one a line (names hold spaces)


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
def test_completion_offers_vocabulary(words: str, expected: list[str]) -> None:
    assert complete(words) == expected


def complete_in(store: Path, words: str) -> list[str]:
    """`complete`, reading `store` (completion reads $KZTURK_DB, as lookups do)."""
    previous = os.environ.get("KZTURK_DB")
    os.environ["KZTURK_DB"] = str(store)
    try:
        return complete(words)
    finally:
        if previous is None:
            del os.environ["KZTURK_DB"]
        else:
            os.environ["KZTURK_DB"] = previous


MINI = Path(__file__).parent / "data" / "mini_store.json"


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
def test_completion_offers_what_is_in_the_store(words: str, expected: list[str]) -> None:
    assert complete_in(MINI, words) == expected


def test_completion_of_an_unreadable_store_offers_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "facts.json"
    broken.write_text("{", encoding="utf-8")
    assert complete_in(broken, "kzturk show F1") == []
