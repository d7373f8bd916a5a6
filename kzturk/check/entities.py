"""Entities and occasions: names that identify one entity each, occasions whose dates hold
and whose participants exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kzturk.check.problems import Problem
from kzturk.dates import is_partial_date, span_of
from kzturk.entities import EntityIndex, repeated_names


def entity_problems(index: EntityIndex) -> list[Problem]:
    """A name or alias two entities share; alias dates that end before they start."""
    problems = []
    for name, claimants in index.shared_names().items():
        ids = ", ".join(entity["id"] for entity in claimants)
        for entity in claimants:
            problems.append(
                Problem(
                    entity["id"], f"the name {name!r} is claimed by more than one entity ({ids})"
                )
            )
    for entity in index.entities:
        for name in repeated_names(entity):
            problems.append(
                Problem(
                    entity["id"],
                    f"the name {name!r} is given more than once (as its name or an alias); "
                    "keep one, with its dates",
                )
            )
        for alias in entity["aliases"]:
            start, end = alias.get("start"), alias.get("end")
            if is_partial_date(start) and is_partial_date(end):
                span = span_of(start, end)
                if span is not None and span.end < span.start:
                    problems.append(
                        Problem(entity["id"], f"alias {alias['name']!r}: {end} is before {start}")
                    )
    return problems


def occasion_problems(
    occasions: Mapping[str, dict[str, Any]], entities: Mapping[str, Any]
) -> list[Problem]:
    """Dates that end after they start; participants that are entities."""
    problems = []
    for occasion_id, occasion in occasions.items():
        date, end = occasion.get("date"), occasion.get("date_end")
        if is_partial_date(date) and is_partial_date(end):
            span = span_of(date, end)
            if span is not None and span.last.end < span.first.start:
                problems.append(Problem(occasion_id, f"it ends ({end}) before it starts ({date})"))
        for participant in occasion.get("participants") or []:
            if participant not in entities:
                problems.append(
                    Problem(
                        occasion_id,
                        f"participant {participant!r} is not an entity id "
                        "(kzturk entities lists them)",
                    )
                )
    return problems
