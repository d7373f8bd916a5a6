"""A problem `kzturk check` reports, and how a record is validated against its schema."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

_WHITESPACE = re.compile(r"\s+")


class Problem(NamedTuple):
    """One defect: the record it is in (fact, source, entity or occasion id, or 'store')
    and what is wrong."""

    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.message}"


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def schema_messages(model: Any, record: dict[str, Any]) -> list[str]:
    """What the schema of a table says is wrong with `record`."""
    from kzturk.schema import validation_messages

    return validation_messages(model, record)
