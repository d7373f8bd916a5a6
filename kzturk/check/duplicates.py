"""Possible duplicates: two live facts of the same kind and month (or day) whose summaries
share most of their content words, and that no link ties together. One event is one fact
with all its sources; a pair a curator has read and found to claim different things is
linked, `distinct` when nothing else relates them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

from kzturk.check.problems import Problem
from kzturk.textfold import words

# Words that say nothing of a claim's content.
_STOP_WORDS = (
    "a an the and or of in on at to for from by with as is was were be been has have had "
    "that this these those its it their his her he she they them which who whom whose than "
    "then also not but into over under after before during about between said says say "
    "according reports reported report writes wrote notes two both new first one other more "
    "will would could should can may"
)
_STOP = frozenset(_STOP_WORDS.split())
SHARE = 0.6
"""Share of the shorter summary's content words the two must have in common."""
MIN_SHARED = 4


def content_words(summary: str) -> frozenset[str]:
    """The folded words of a summary that carry its content (not stop words, not one letter)."""
    return frozenset(w for w in words(summary) if len(w) > 1 and w not in _STOP)


def _linked(facts: Iterable[dict[str, Any]]) -> set[frozenset[str]]:
    return {
        frozenset((fact["id"], link["fact"]))
        for fact in facts
        for link in fact.get("links") or []
        if isinstance(link, dict) and isinstance(link.get("fact"), str)
    }


def alike(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two summaries' content words overlap enough to be the same claim twice."""
    shared = len(one & other)
    smaller = min(len(one), len(other))
    return smaller > 0 and shared >= MIN_SHARED and shared / smaller >= SHARE


def duplicate_problems(facts: Iterable[dict[str, Any]]) -> list[Problem]:
    """Each unlinked pair of live facts of one kind and month whose summaries read alike."""
    live = [
        f
        for f in facts
        if not f.get("retracted") and isinstance(f.get("date"), str) and len(f["date"]) >= 7
    ]
    linked = _linked(live)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for fact in live:
        groups[(fact["kind"], fact["date"][:7])].append(fact)
    problems = []
    for group in groups.values():
        bags = {fact["id"]: content_words(fact["summary"]) for fact in group}
        # A summary of fewer content words than MIN_SHARED is alike no other: left out
        # before pairing, as every short summary of one month would be paired otherwise.
        wordy = [fact for fact in group if len(bags[fact["id"]]) >= MIN_SHARED]
        for one, other in combinations(wordy, 2):
            if len(one["date"]) == len(other["date"]) == 10 and one["date"] != other["date"]:
                continue  # both dated to the day, and different days
            if frozenset((one["id"], other["id"])) in linked:
                continue
            if alike(bags[one["id"]], bags[other["id"]]):
                problems.append(
                    Problem(
                        one["id"],
                        f"possible duplicate of {other['id']} (same kind and "
                        f"{'day' if one['date'] == other['date'] else 'month'}, summaries alike): "
                        f"merge them into one fact with both sources (kzturk edit {one['id']} "
                        f"--add-source …; kzturk retract {other['id']} --reason 'merged into "
                        f"{one['id']}'), or link them if they claim different things "
                        f"(kzturk edit {one['id']} --add-link distinct:{other['id']})",
                    )
                )
    return problems
