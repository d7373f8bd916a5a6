"""A problem `kzturk check` reports, and how a record is validated against its schema."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from kzturk.check.conforms import conforms
from kzturk.model.field import Field

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


def schema_messages(table: tuple[Field, ...], record: dict[str, Any]) -> list[str]:
    """What the schema of `table` says is wrong with `record`: pydantic is asked (and
    imported) only for a record the quick pass does not vouch for."""
    if conforms(table, record):
        return []
    from kzturk.schema import model_for, validation_messages

    return validation_messages(model_for(table), record)
