"""One curation change through the store's one write path, validated with `kzturk check`.

A change that would add any problem `kzturk check` finds (unknown vocabulary, a bad date, an
unknown source, a quote that is not in its source's archived text, a duplicate summary...)
is refused with all of them in the message, and nothing is written; problems the store
already had do not block unrelated changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from kzturk.errors import StoreError, UsageError
from kzturk.model import Entity
from kzturk.store.write import Committed, Session, transaction
from kzturk.suggest import did_you_mean

T = TypeVar("T")


def _problems(
    data: dict[str, Any], path: Path, pending: Mapping[str, str] | None = None
) -> list[Any]:
    from kzturk.check import check_data

    try:
        return check_data(data, path, pending)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise StoreError(
            f"{path}: the store has a record kzturk check cannot read ({exc}); "
            "fix it by hand, then run kzturk check"
        ) from None


def new_problems(session: Session) -> list[str]:
    """The problems `kzturk check` would find after the change and not before it, one
    "record: problem; problem" entry per record. (The store before the change is checked
    only when the one after it has a problem: a clean result needs no comparison.)"""
    after = _problems(session.data, session.path, session.pending)
    if not after:
        return []
    before = Counter(_problems(session.original, session.path))
    added: dict[str, list[str]] = {}
    for problem in after:
        if before[problem] > 0:
            before[problem] -= 1
        else:
            added.setdefault(problem.record, []).append(problem.message)
    return [f"{record}: {'; '.join(messages)}" for record, messages in added.items()]


def refuse_new_problems(session: Session) -> None:
    problems = new_problems(session)
    if problems:
        raise UsageError(
            f"would not pass kzturk check: {' | '.join(problems)} (nothing was written)"
        )


def apply(
    path: Path,
    change: Callable[[Session], T],
    *,
    dry_run: bool,
    timeout: float | None,
) -> Committed[T]:
    """Run `change` through `kzturk.store.write.transaction`, refusing new problems."""
    return transaction(path, change, validate=refuse_new_problems, dry_run=dry_run, timeout=timeout)


def require_known_sources(data: Mapping[str, Any], refs: Iterable[Mapping[str, Any]]) -> None:
    """Every cited source must be in the store: a friendlier message than check's."""
    known = [str(source.get("id")) for source in data["sources"].values()]
    for ref in refs:
        if ref["source"] not in known:
            raise UsageError(
                f"unknown source {ref['source']!r}.{did_you_mean(ref['source'], known)} Add a "
                "new article first with kzturk source add"
            )


def entity_index_of(data: Mapping[str, Any]) -> Any:
    from kzturk.entities import EntityIndex

    rows = (data.get("entities") or {}).values()
    return EntityIndex(cast(Entity, e) for e in rows if isinstance(e, dict) and "name" in e)


def canonical_parties(data: Mapping[str, Any], parties: Iterable[str]) -> list[str]:
    """Each party as its entity's canonical name (any alias, or the entity's id, is
    accepted); an unknown one is a usage error naming the closest entities and how to add
    one."""
    index = entity_index_of(data)
    names: list[str] = []
    for party in parties:
        entity = index.resolve(party)
        if entity is None:
            known = [
                name
                for e in index.entities
                for name in (e["name"], *(a["name"] for a in e["aliases"]))
            ]
            hint = did_you_mean(party, known, 3)
            raise UsageError(
                f"unknown party {party!r}: no entity has that name or alias.{hint} "
                f"Add it first: kzturk entity add --id ID --name {party!r} --type TYPE "
                "(nothing was written)"
            )
        if entity["name"] not in names:
            names.append(entity["name"])
    return names


def entity_ids(data: Mapping[str, Any], given: Iterable[str]) -> list[str]:
    """Entities given by id, name or alias, as ids; an unknown one is a usage error."""
    index = entity_index_of(data)
    ids: list[str] = []
    for text in given:
        entity = index.resolve(text)
        if entity is None:
            known = [str(e["id"]) for e in index.entities]
            raise UsageError(
                f"unknown entity {text!r}.{did_you_mean(text.casefold(), known, 3)} Add it first: "
                "kzturk entity add"
            )
        if entity["id"] not in ids:
            ids.append(entity["id"])
    return ids


def fill_quotes(
    data: Mapping[str, Any],
    refs: list[dict[str, Any]],
    quotes: Sequence[str],
    options: tuple[str, str] = ("--source", "--quote"),
) -> None:
    """Give the archived sources among `refs`, in order, the `quotes` (reference pages take
    none): what `--source a --source ref --quote "..."` means."""
    archived_ids = {
        str(s.get("id"))
        for s in data["sources"].values()
        if isinstance(s, dict) and s.get("archive")
    }
    archived = [ref for ref in refs if ref["source"] in archived_ids]
    if len(archived) != len(quotes):
        pages = [ref["source"] for ref in refs if ref["source"] not in archived_ids]
        raise UsageError(
            f"give one {options[1]} for each archived {options[0]} "
            f"({', '.join(r['source'] for r in archived) or 'none'}: {len(archived)}, got "
            f"{len(quotes)}); reference pages ({', '.join(pages) or 'none'}) take none"
        )
    for ref, quote in zip(archived, quotes, strict=True):
        ref["quote"] = quote
