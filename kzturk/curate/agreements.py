"""Curating agreements: add one with the step that signed it, add a step of its life, and
correct it (attach the facts about it).

Each is one validated, atomic write through the store's one write path: a step whose
sources, party or other agreement are not in the store, or that puts the steps out of
order (ratified before signed...), is refused with nothing written, as `kzturk check`
would report it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kzturk.agreements import sorted_steps
from kzturk.curate.changes import Outcome, committed
from kzturk.curate.clean import clean_field
from kzturk.curate.entities import added, edited, find_record
from kzturk.curate.session import entity_ids
from kzturk.errors import UsageError
from kzturk.model import AGREEMENT_TABLE, STEP_FIELDS, Agreement
from kzturk.store.write import Session


def clean_step(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A step's fields, each cleaned as its row says; `kind` is required."""
    names = [row.name for row in STEP_FIELDS]
    unknown = [name for name in fields if name not in names]
    if unknown:
        raise UsageError(f"unknown step field {unknown[0]!r}; fields: {', '.join(names)}")
    step = {row.name: clean_field(row, fields.get(row.name)) for row in STEP_FIELDS}
    if step["kind"] is None:
        raise UsageError("a step needs its kind (--kind signed, ratified, in-force...)")
    if step["agreement"] is not None:
        step["agreement"] = step["agreement"].casefold()
    return step


def _settle(
    data: dict[str, Any], agreement: dict[str, Any], before: Mapping[str, Any] | None
) -> None:
    """Parties given by entity id, name or alias are stored as ids; steps in date order."""
    if before is None or agreement["parties"] != before["parties"]:
        agreement["parties"] = entity_ids(data, agreement["parties"])
    for step in agreement["steps"]:
        if step["party"] is not None:
            step["party"] = entity_ids(data, [step["party"]])[0]
    agreement["steps"] = sorted_steps(agreement["steps"])


def add_agreement(
    path: Path,
    fields: Mapping[str, Any],
    signed: Mapping[str, Any] | None = None,
    *,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Agreement]:
    """Add an agreement: `id` and `title` required, `parties` by entity id, name or alias;
    `signed`, the step that signed it (its kind is 'signed'), since every agreement needs
    one."""
    step = clean_step({**signed, "kind": "signed"}) if signed is not None else None

    def settle(data: dict[str, Any], record: dict[str, Any], before: Any) -> None:
        record["steps"] = [step] if step is not None else []
        _settle(data, record, before)

    return added(path, "agreements", fields, settle, dry_run, timeout)


def add_step(
    path: Path,
    agreement_id: str,
    fields: Mapping[str, Any],
    *,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Agreement]:
    """Add one step to an agreement's life; the steps stay in date order."""
    step = clean_step(fields)

    def change(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        key, record = find_record(session.data, "agreements", agreement_id)
        if step in record["steps"]:
            raise UsageError(f"agreement {record['id']} already has this step")
        updated = {**record, "steps": [*record["steps"], step]}
        _settle(session.data, updated, record)
        session.data["agreements"][key] = updated
        return record, updated

    return committed(path, change, dry_run=dry_run, timeout=timeout, table=AGREEMENT_TABLE)


def edit_agreement(
    path: Path,
    agreement_id: str,
    changes: Mapping[str, Any],
    *,
    append: Mapping[str, Sequence[Any]] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Agreement]:
    """Correct an agreement; `append` adds to its lists (`facts`, `parties`)."""
    return edited(
        path, "agreements", agreement_id, changes, append or {}, _settle, dry_run, timeout
    )
