"""Facts inside a date range, and those that only overlap it because their date is wider.

`--since 2025-07 --until 2025-07` keeps a fact dated only "2025" and a 2023–2025 series:
they may fall in July. A listing shows them after the facts surely inside the range, under
a heading per date that says so ("Dated only to 2025 — may fall in this range"), and JSON
marks every fact record of a ranged listing with `wider_than_range`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from kzturk.dates import DateRange
from kzturk.model import Fact, fact_span
from kzturk.render.text import date_label

Row = TypeVar("Row")
WIDER_FIELD = "wider_than_range"


def is_wider(fact: Fact, dates: DateRange | None) -> bool:
    """Whether the fact is in a ranged listing only because its date is wider than the range."""
    return dates is not None and not dates.is_open and not dates.contains(fact_span(fact))


def wider_heading(fact: Fact) -> str:
    return f"Dated only to {date_label(fact)} — may fall in this range"


def split_rows(
    rows: Sequence[Row], fact_of: Any, dates: DateRange | None
) -> tuple[list[Row], list[tuple[str, list[Row]]]]:
    """(rows inside the range in their order, then the wider ones grouped under a heading
    per date label, in the order each label first comes). `fact_of(row)` is the row's fact."""
    inside: list[Row] = []
    wider: dict[str, list[Row]] = {}
    for row in rows:
        fact = fact_of(row)
        if is_wider(fact, dates):
            wider.setdefault(wider_heading(fact), []).append(row)
        else:
            inside.append(row)
    return inside, list(wider.items())


def mark(records: list[dict[str, Any]], facts: Sequence[Fact], dates: DateRange | None) -> None:
    """Add `wider_than_range` to each fact's record when the listing has a date range."""
    if dates is None or dates.is_open:
        return
    for record, fact in zip(records, facts, strict=True):
        record[WIDER_FIELD] = is_wider(fact, dates)


def wider_count(facts: Sequence[Fact], dates: DateRange | None) -> str:
    """'; 12 of them dated only to a wider period, after the others' or ''."""
    count = sum(is_wider(fact, dates) for fact in facts)
    if not count:
        return ""
    return f", {count} of them dated only to a longer period (listed after the others)"
