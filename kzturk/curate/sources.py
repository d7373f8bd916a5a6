"""Fold a page registered twice into one source: `kzturk source merge`.

One page is one source, so that its citations and its count in `kzturk sources` are whole
(`kzturk check` names a second source with the address of another). Merging moves every
citation of the duplicate, in facts, agreement steps and entity posts, to the source kept,
cites it once where a record cited both, and removes the duplicate: one validated write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kzturk.check.sources import same_page_key
from kzturk.curate.changes import Outcome, committed
from kzturk.errors import UsageError
from kzturk.store.write import Session
from kzturk.suggest import did_you_mean


def merge_source(
    path: Path, duplicate: str, into: str, *, dry_run: bool = False, timeout: float | None = None
) -> Outcome[dict[str, Any]]:
    """Fold reference page `duplicate` into `into`, the same page (same address); the
    outcome's record is the source kept, with `moved`: how many records now cite it
    instead. Archived articles are not merged: their quotes belong to their own text."""
    duplicate, into = duplicate.strip().casefold(), into.strip().casefold()
    if duplicate == into:
        raise UsageError(f"--into names {into!r} itself; give the source to keep")

    def change(session: Session) -> dict[str, Any]:
        sources = session.data["sources"]
        keys = {str(record.get("id")): key for key, record in sources.items()}
        for name in (duplicate, into):
            if name not in keys:
                raise UsageError(f"unknown source {name!r}.{did_you_mean(name, list(keys))}")
        old, kept = sources[keys[duplicate]], sources[keys[into]]
        for record in (old, kept):
            if record.get("archive") or not record.get("url"):
                raise UsageError(
                    f"{record['id']} is an archived article, not a reference page: only two "
                    "registrations of one page are merged"
                )
        if same_page_key(old["url"]) != same_page_key(kept["url"]):
            raise UsageError(
                f"{duplicate} ({old['url']}) and {into} ({kept['url']}) are different pages; "
                "only two registrations of one page are merged"
            )
        moved = _move_citations(session.data, duplicate, into)
        del sources[keys[duplicate]]
        return {**kept, "moved": moved}

    return committed(path, change, dry_run=dry_run, timeout=timeout)


def _move_citations(data: dict[str, Any], old: str, new: str) -> int:
    """Point every citation of `old` at `new`, once per record; how many records changed."""
    moved = 0
    for fact in data["facts"].values():
        refs = fact.get("sources") or []
        if any(ref.get("source") == old for ref in refs):
            cited = [{**ref, "source": new} if ref.get("source") == old else ref for ref in refs]
            fact["sources"] = [r for i, r in enumerate(cited) if r not in cited[:i]]
            moved += 1
    entities, agreements = data.get("entities") or {}, data.get("agreements") or {}
    holders = [
        *(post for entity in entities.values() for post in entity.get("posts") or []),
        *(step for agreement in agreements.values() for step in agreement.get("steps") or []),
    ]
    for holder in holders:
        ids = holder.get("sources") or []
        if old in ids:
            holder["sources"] = list(dict.fromkeys(new if s == old else s for s in ids))
            moved += 1
    return moved
