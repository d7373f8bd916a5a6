"""The rules of an agreement that a schema cannot express: a signing step, steps in an order
that can be, and every id a step or the agreement names (parties, sources, facts, the
agreement that amended or superseded it) found in the store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kzturk.agreements import out_of_order
from kzturk.check.problems import Problem

_NEEDS_OTHER = ("amended", "superseded")


def agreement_problems(
    agreements: Mapping[str, dict[str, Any]],
    entities: Mapping[str, Any],
    sources: Mapping[str, Any],
    facts: Mapping[str, Any],
) -> list[Problem]:
    """Every agreement's problems, each tied to the agreement's id."""
    problems: list[Problem] = []
    for agreement_id, agreement in agreements.items():

        def add(message: str, agreement_id: str = agreement_id) -> None:
            problems.append(Problem(agreement_id, message))

        steps = agreement.get("steps") or []
        if not any(step.get("kind") == "signed" for step in steps):
            add("no signing step (kzturk agreement step ID --kind signed ...)")
        for message in out_of_order(agreement):
            add(message)
        for party in agreement.get("parties") or []:
            if party not in entities:
                add(f"party {party!r} is not an entity id (kzturk entities lists them)")
        for fact_id in agreement.get("facts") or []:
            if fact_id not in facts:
                add(f"fact {fact_id} is not in the store")
        for number, step in enumerate(steps, 1):
            where = f"step {number} ({step.get('kind')} {step.get('date') or 'undated'})"
            other = step.get("agreement")
            if other is not None and other not in agreements:
                add(f"{where}: agreement {other!r} is not in the store")
            elif other == agreement_id:
                add(f"{where}: an agreement cannot {step.get('kind')} itself")
            if step.get("kind") in _NEEDS_OTHER and other is None:
                add(f"{where}: name the agreement that {step.get('kind')} it (--agreement ID)")
            if step.get("party") is not None and step["party"] not in entities:
                add(f"{where}: party {step['party']!r} is not an entity id")
            if not step.get("sources"):
                add(f"{where}: cites no source")
            for source in step.get("sources") or []:
                if source not in sources:
                    add(f"{where}: source {source!r} is not in the store")
    return problems
