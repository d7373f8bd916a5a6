"""`kzturk check --fix`: what can be fixed without a curator's judgement, through the one
write path: the canonical format (and the fields added since an older store was written),
and parties given by an alias, which become the entity's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzturk.curate.clean import unique
from kzturk.curate.session import entity_index_of
from kzturk.store.files import read_store_tables
from kzturk.store.loaded import store_from_tables
from kzturk.store.write import Session, canonical_text, transaction


def _canonical_names(data: dict[str, Any]) -> bool:
    """Parties that are an alias of exactly one entity become its name; True if any did."""
    index = entity_index_of(data)
    changed = False
    for fact in data["facts"].values():
        parties = fact.get("parties")
        if not isinstance(parties, list):
            continue
        names = []
        for party in parties:
            entity = index.find(party) if isinstance(party, str) else None
            names.append(entity["name"] if entity is not None else party)
        names = unique(names)
        if names != parties:
            fact["parties"] = names
            changed = True
    return changed


def fix_store(path: Path, *, timeout: float | None = None, dry_run: bool = False) -> bool:
    """Rewrite the store canonically, parties as entity names, under the lock; False when
    there was nothing to fix. A broken store is refused, and one with nothing to fix left
    alone, before any lock file is made."""
    text, data = read_store_tables(path)
    if not _canonical_names(data) and text == canonical_text(data):
        return False
    store_from_tables(data, path)  # a store that cannot be read is refused before the lock

    def fix(session: Session) -> None:
        _canonical_names(session.data)

    done = transaction(path, fix, reformat=True, dry_run=dry_run, timeout=timeout)
    return done.written
