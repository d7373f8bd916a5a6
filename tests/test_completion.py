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
    return result.stdout.split()


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
