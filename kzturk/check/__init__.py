"""`kzturk check`: every problem of a store, each tied to the record it is in.

Unlike the loader, which stops at the first problem so that lookups fail fast, this reads on
past problems and reports them all, including the ones only a curator cares about: verbatim
quotes, dates after publication, duplicate summaries, and the canonical file format. The
rules that a schema cannot express are in `kzturk.check.rules`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzturk.check.rules import Problem, check_data, normalise_whitespace
from kzturk.errors import StoreError
from kzturk.store.files import decode_store_bytes, parse_store_json, read_store_bytes
from kzturk.store.write import canonical_text

__all__ = ["Problem", "check_data", "check_store", "check_text", "normalise_whitespace"]


def check_text(text: str, data: dict[str, Any], path: Path) -> list[Problem]:
    """The problems of parsed `data`, and whether `text` (its file) is canonical."""
    try:
        problems = check_data(data, path)
        canonical = canonical_text(data)
    except RecursionError:
        raise StoreError(f"{path}: invalid store: records nested too deeply") from None
    if text != canonical:
        problems.append(
            Problem(
                "store",
                "not in canonical format (sorted keys, 2-space indent, documents in number "
                f"order); fix it with: kzturk check --fix --db {path}",
            )
        )
    return problems


def check_store(path: Path) -> list[Problem]:
    """All problems of the store at `path` (an unreadable file is a StoreError instead)."""
    text = decode_store_bytes(read_store_bytes(path), path)
    return check_text(text, parse_store_json(text, path), path)
