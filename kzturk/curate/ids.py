"""Fact ids: given out once, never reused.

A table `meta` keeps the highest number ever given out (document "1":
{"last_fact_number": N}); a new fact gets max(counter, highest number in the store) + 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kzturk.errors import StoreError, UsageError
from kzturk.store.files import MAX_KEY_DIGITS, read_store_tables
from kzturk.suggest import did_you_mean

META_TABLE = "meta"
META_DOCUMENT = "1"
COUNTER_KEY = "last_fact_number"
FACT_ID_PATTERN = re.compile(r"F([0-9]+)")
MAX_FACT_NUMBER = 10**MAX_KEY_DIGITS - 1  # the largest document number a store may hold


def format_fact_id(number: int) -> str:
    """7 → 'F007', 1234 → 'F1234'."""
    return f"F{number:03d}"


def _meta(data: Mapping[str, Any], path: Path) -> Mapping[str, Any]:
    meta = data.get(META_TABLE) or {}
    document = meta.get(META_DOCUMENT) or {}
    if not isinstance(document, Mapping):
        raise StoreError(f"{path}: {META_TABLE}/{META_DOCUMENT} must be an object; fix it by hand")
    return document


def _counter(data: Mapping[str, Any], path: Path) -> int:
    value = _meta(data, path).get(COUNTER_KEY, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StoreError(
            f"{path}: {META_TABLE}/{META_DOCUMENT}: {COUNTER_KEY} must be a whole number, "
            f"not {value!r}; fix it by hand"
        )
    return value


def highest_fact_number(data: Mapping[str, Any], path: Path = Path("facts.json")) -> int:
    """The highest number among the facts' document keys and ids (0 for no facts). An id
    whose number has more digits than any fact number may (MAX_KEY_DIGITS) is a StoreError:
    no next number can follow it."""
    numbers = [0]
    for key, fact in data["facts"].items():
        numbers.append(int(key))
        match = FACT_ID_PATTERN.fullmatch(str(fact.get("id", "")))
        if match:
            digits = match.group(1).lstrip("0") or "0"
            if len(digits) > MAX_KEY_DIGITS:
                raise StoreError(
                    f"{path}: fact {match.group(0)[:12]}… (facts/{key}) has a "
                    f"{len(digits):,}-digit number, more than a fact number may have "
                    f"({MAX_KEY_DIGITS}); "
                    "give it a shorter id by hand, then run kzturk check"
                )
            numbers.append(int(digits))
    return max(numbers)


def next_fact_number(data: Mapping[str, Any], path: Path = Path("facts.json")) -> int:
    """The number of the next new fact: never one given out before, even if deleted since."""
    number = max(_counter(data, path), highest_fact_number(data, path)) + 1
    if number > MAX_FACT_NUMBER:
        raise StoreError(
            f"{path}: the next fact number, {number}, is past the largest a store may hold "
            f"({MAX_FACT_NUMBER}); check {META_TABLE}/{META_DOCUMENT} {COUNTER_KEY}"
        )
    return number


def record_fact_number(data: dict[str, Any], number: int) -> None:
    """Keep `number` as the highest given out."""
    meta = data.setdefault(META_TABLE, {})
    meta[META_DOCUMENT] = {**meta.get(META_DOCUMENT, {}), COUNTER_KEY: number}


def next_fact_id(path: Path) -> str:
    """The id the next `add_fact` on this store will give (without the lock: a hint only)."""
    _, data = read_store_tables(path)
    return format_fact_id(next_fact_number(data, path))


def find_fact(data: Mapping[str, Any], fact_id: str) -> tuple[str, dict[str, Any]]:
    """The document key and record of a fact; UsageError with suggestions if unknown."""
    for key, fact in data["facts"].items():
        if fact.get("id") == fact_id:
            return key, fact
    known = [str(fact.get("id")) for fact in data["facts"].values()]
    raise UsageError(f"unknown fact id {fact_id!r}.{did_you_mean(fact_id, known, 3)}")
