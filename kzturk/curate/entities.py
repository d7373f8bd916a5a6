"""Curating entities (who and what facts name) and occasions (what facts belong to).

Like every change, each is one validated, atomic write (`kzturk.curate.session.apply`): an
alias another entity already has, an occasion whose participants are no entities, dates
that end before they start, are refused with nothing written. A fact whose parties hold
one of an entity's names (a new alias, an old name) gets the entity's name, and renaming an
entity keeps the old name as an alias, so nothing cited breaks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kzturk.curate.changes import Outcome, committed
from kzturk.curate.clean import clean_record, unique
from kzturk.curate.session import entity_ids
from kzturk.errors import UsageError
from kzturk.model import ENTITY_TABLE, OCCASION_TABLE, Entity, Occasion
from kzturk.store.write import Session
from kzturk.suggest import did_you_mean
from kzturk.textfold import fold

_TABLES = {"entities": ("entity", ENTITY_TABLE), "occasions": ("occasion", OCCASION_TABLE)}


def _find(data: Mapping[str, Any], table: str, record_id: str) -> tuple[str, dict[str, Any]]:
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


def _full(table: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    what, rows = _TABLES[table]
    record = clean_record(rows, fields, what)
    return {row.name: record.get(row.name, row.empty) for row in rows}


def add_entity(
    path: Path, fields: Mapping[str, Any], *, dry_run: bool = False, timeout: float | None = None
) -> Outcome[Entity]:
    """Add an entity: `id`, `name` and `type` required; `aliases` [{name, start, end, note}]."""
    record = _full("entities", fields)

    def change(session: Session) -> dict[str, Any]:
        _insert(session, "entities", record)
        _name_parties(session.data, record)
        return record

    return committed(path, change, dry_run=dry_run, timeout=timeout)


def edit_entity(
    path: Path,
    entity_id: str,
    changes: Mapping[str, Any],
    *,
    append: Mapping[str, Sequence[Any]] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Entity]:
    """Correct an entity; `append` adds aliases. A new name is written into every fact's
    parties, and the old name is kept as an alias."""
    if "id" in changes:
        raise UsageError("an entity's id never changes; add a new entity instead")
    cleaned = clean_record(ENTITY_TABLE, changes, "entity", partial=True)
    extra = clean_record(ENTITY_TABLE, dict(append or {}), "entity", partial=True)
    if not cleaned and not any(extra.values()):
        raise UsageError(f"nothing to change in entity {entity_id!r}: give at least one field")

    def change(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        key, entity = _find(session.data, "entities", entity_id)
        updated = {**entity, **cleaned}
        updated["aliases"] = unique([*updated.get("aliases", []), *extra.get("aliases", [])])
        old, new = entity["name"], updated["name"]
        if new != old:
            known = {a["name"] for a in updated["aliases"]}
            if old not in known:
                updated["aliases"].append({"name": old, "start": None, "end": None, "note": None})
            updated["aliases"] = [a for a in updated["aliases"] if a["name"] != new]
        session.data["entities"][key] = updated
        _name_parties(session.data, updated)
        return entity, updated

    return committed(path, change, dry_run=dry_run, timeout=timeout, table=ENTITY_TABLE)


def add_occasion(
    path: Path, fields: Mapping[str, Any], *, dry_run: bool = False, timeout: float | None = None
) -> Outcome[Occasion]:
    """Add an occasion: `id`, `name`, `kind` and `date` required; `participants` by entity
    id, name or alias (stored as ids)."""
    record = _full("occasions", fields)

    def change(session: Session) -> dict[str, Any]:
        record["participants"] = entity_ids(session.data, record["participants"])
        _insert(session, "occasions", record)
        return record

    return committed(path, change, dry_run=dry_run, timeout=timeout)


def edit_occasion(
    path: Path,
    occasion_id: str,
    changes: Mapping[str, Any],
    *,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Occasion]:
    """Correct an occasion (its facts must still lie within its dates)."""
    if "id" in changes:
        raise UsageError("an occasion's id never changes; add a new occasion instead")
    cleaned = clean_record(OCCASION_TABLE, changes, "occasion", partial=True)
    if not cleaned:
        raise UsageError(f"nothing to change in occasion {occasion_id!r}: give at least one field")

    def change(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        key, occasion = _find(session.data, "occasions", occasion_id)
        if "participants" in cleaned:
            cleaned["participants"] = entity_ids(session.data, cleaned["participants"])
        updated = {**occasion, **cleaned}
        session.data["occasions"][key] = updated
        return occasion, updated

    return committed(path, change, dry_run=dry_run, timeout=timeout, table=OCCASION_TABLE)
