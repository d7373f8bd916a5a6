"""Curating entities (who and what facts name) and occasions (what facts belong to).

Like every change, each is one validated, atomic write (`kzturk.curate.session.apply`): an
alias another entity already has, an occasion whose participants are no entities, dates
that end before they start, are refused with nothing written. A fact whose parties hold
one of an entity's names (a new alias, an old name) gets the entity's name, and renaming an
entity keeps the old name as an alias, so nothing cited breaks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

from kzturk.curate.changes import Outcome, committed
from kzturk.curate.clean import clean_record, unique
from kzturk.curate.session import entity_ids
from kzturk.entities import repeated_names
from kzturk.errors import UsageError
from kzturk.model import AGREEMENT_TABLE, ENTITY_TABLE, OCCASION_TABLE, Entity, Occasion
from kzturk.store.write import Session
from kzturk.suggest import did_you_mean
from kzturk.textfold import fold

_TABLES = {
    "entities": ("entity", ENTITY_TABLE),
    "occasions": ("occasion", OCCASION_TABLE),
    "agreements": ("agreement", AGREEMENT_TABLE),
}


def find_record(data: Mapping[str, Any], table: str, record_id: str) -> tuple[str, dict[str, Any]]:
    what = _TABLES[table][0]
    wanted = record_id.strip().casefold()
    for key, record in (data.get(table) or {}).items():
        if record.get("id") == wanted:
            return key, record
    known = [str(r.get("id")) for r in (data.get(table) or {}).values()]
    raise UsageError(f"unknown {what} {record_id!r}.{did_you_mean(wanted, known, 3)}")


def _insert(session: Session, table: str, record: dict[str, Any]) -> None:
    what = _TABLES[table][0]
    rows = session.data.setdefault(table, {})
    if any(r.get("id") == record["id"] for r in rows.values()):
        raise UsageError(
            f"{what} {record['id']!r} already exists (ids are never reused); choose another id"
        )
    number = max((int(key) for key in rows), default=0) + 1
    rows[str(number)] = record


def _name_parties(data: dict[str, Any], entity: Mapping[str, Any]) -> None:
    """Facts whose parties hold one of the entity's names get its canonical name."""
    names = {fold(entity["name"]), *(fold(a["name"]) for a in entity.get("aliases") or [])}
    for fact in data["facts"].values():
        parties = fact.get("parties")
        if isinstance(parties, list) and any(fold(str(p)) in names for p in parties):
            fact["parties"] = unique(
                entity["name"] if fold(str(p)) in names else p for p in parties
            )


Settle = Callable[[dict[str, Any], dict[str, Any], Mapping[str, Any] | None], None]
"""What a change does beyond setting fields, given the store's data, the new record and the
record as it was (None for a new one)."""


def added(
    path: Path,
    table: str,
    fields: Mapping[str, Any],
    settle: Settle,
    dry_run: bool,
    timeout: float | None,
) -> Outcome[Any]:
    what, rows = _TABLES[table]
    cleaned = clean_record(rows, fields, what)
    record = {row.name: cleaned.get(row.name, row.empty) for row in rows}

    def change(session: Session) -> dict[str, Any]:
        settle(session.data, record, None)
        _insert(session, table, record)
        return record

    return committed(path, change, dry_run=dry_run, timeout=timeout)


def edited(
    path: Path,
    table: str,
    record_id: str,
    changes: Mapping[str, Any],
    append: Mapping[str, Sequence[Any]],
    settle: Settle,
    dry_run: bool,
    timeout: float | None,
) -> Outcome[Any]:
    """Replace the fields in `changes`, add the list items in `append`, then `settle`."""
    what, rows = _TABLES[table]
    if "id" in changes:
        raise UsageError(f"an {what}'s id never changes; add a new {what} instead")
    cleaned = clean_record(rows, changes, what, partial=True)
    extra = clean_record(rows, dict(append), what, partial=True)
    if not cleaned and not any(extra.values()):
        raise UsageError(f"nothing to change in {what} {record_id!r}: give at least one field")

    def change(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        key, record = find_record(session.data, table, record_id)
        updated = {**record, **cleaned}
        for name, items in extra.items():
            updated[name] = unique([*(updated.get(name) or []), *items])
        settle(session.data, updated, record)
        session.data[table][key] = updated
        return record, updated

    return committed(path, change, dry_run=dry_run, timeout=timeout, table=rows)


def _settle_entity(
    data: dict[str, Any], entity: dict[str, Any], before: Mapping[str, Any] | None
) -> None:
    """A renamed entity keeps its old name as an alias; facts get its canonical name."""
    if before is not None and before["name"] != entity["name"]:
        aliases = entity["aliases"]
        if before["name"] not in {a["name"] for a in aliases}:
            aliases.append(
                {"name": before["name"], "start": None, "end": None, "note": None, "language": None}
            )
        entity["aliases"] = [a for a in aliases if a["name"] != entity["name"]]
    known = set(repeated_names(cast(Entity, before))) if before is not None else set()
    for name in repeated_names(cast(Entity, entity)):
        if name not in known:
            raise UsageError(
                f"entity {entity['id']!r} already has the name {name!r}; give it once "
                "(edit the alias that is there to change its dates)"
            )
    _name_parties(data, entity)


def _settle_occasion(
    data: dict[str, Any], occasion: dict[str, Any], before: Mapping[str, Any] | None
) -> None:
    """Participants given by entity id, name or alias are stored as ids."""
    if before is None or occasion["participants"] != before["participants"]:
        occasion["participants"] = entity_ids(data, occasion["participants"])


def add_entity(
    path: Path, fields: Mapping[str, Any], *, dry_run: bool = False, timeout: float | None = None
) -> Outcome[Entity]:
    """Add an entity: `id`, `name` and `type` required; `aliases` [{name, start, end, note}]."""
    return added(path, "entities", fields, _settle_entity, dry_run, timeout)


def edit_entity(
    path: Path,
    entity_id: str,
    changes: Mapping[str, Any],
    *,
    append: Mapping[str, Sequence[Any]] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Entity]:
    """Correct an entity; `append` adds aliases or posts. A new name is written into every fact's
    parties, and the old name is kept as an alias."""
    return edited(
        path, "entities", entity_id, changes, append or {}, _settle_entity, dry_run, timeout
    )


def add_occasion(
    path: Path, fields: Mapping[str, Any], *, dry_run: bool = False, timeout: float | None = None
) -> Outcome[Occasion]:
    """Add an occasion: `id`, `name`, `kind` and `date` required; `participants` by entity
    id, name or alias (stored as ids)."""
    return added(path, "occasions", fields, _settle_occasion, dry_run, timeout)


def edit_occasion(
    path: Path,
    occasion_id: str,
    changes: Mapping[str, Any],
    *,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Occasion]:
    """Correct an occasion (its facts must still lie within its dates)."""
    return edited(path, "occasions", occasion_id, changes, {}, _settle_occasion, dry_run, timeout)
