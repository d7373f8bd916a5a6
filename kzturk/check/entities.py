"""Entities and occasions: names that identify one entity each, posts whose dates hold and
whose sources exist, occasions whose dates hold and whose participants exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kzturk.check.problems import Problem
from kzturk.dates import is_partial_date, span_of
from kzturk.entities import EntityIndex, repeated_names


def _ends_before_it_starts(start: Any, end: Any) -> bool:
    """Whether an alias's or a post's dates run backwards (both must be dates to say)."""
    if not (is_partial_date(start) and is_partial_date(end)):
        return False
    span = span_of(start, end)
    return span is not None and span.end < span.start


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
            if _ends_before_it_starts(start, end):
                problems.append(
                    Problem(entity["id"], f"alias {alias['name']!r}: {end} is before {start}")
                )
    return problems


def post_problems(
    entities: Mapping[str, dict[str, Any]], sources: Mapping[str, Any]
) -> list[Problem]:
    """A post that ends before it starts, or cites a source the store lacks."""
    problems = []
    for entity_id, entity in entities.items():
        for post in entity.get("posts") or []:
            if not isinstance(post, dict):
                continue  # the schema reports it
            title, start, end = post.get("title"), post.get("start"), post.get("end")
            if _ends_before_it_starts(start, end):
                problems.append(Problem(entity_id, f"post {title!r}: {end} is before {start}"))
            for source in post.get("sources") or []:
                if source not in sources:
                    problems.append(
                        Problem(
                            entity_id,
                            f"post {title!r} cites unknown source {source!r} "
                            "(kzturk sources lists them)",
                        )
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
