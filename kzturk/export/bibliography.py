"""The sources as a bibliography (`kzturk export sources`): every source of the store, or
the sources of the facts a filter selects, each with the ids of the facts that cite it."""

from __future__ import annotations

from typing import NamedTuple

from kzturk.model import Source, source_ids
from kzturk.query import FactFilter, id_key, select, sorted_sources
from kzturk.store.loaded import Store


class Reference(NamedTuple):
    """A source and the facts (ids, in number order) it is cited for."""

    source: Source
    facts: tuple[str, ...]


def bibliography(store: Store, spec: FactFilter | None = None) -> list[Reference]:
    """With no filter, every source (cited by any fact not retracted, or by none); with one,
    the sources the selected facts cite (under --as-of, only those published by then).
    Oldest first, then by id."""
    facts = select(store, spec if spec is not None else FactFilter())
    citing: dict[str, list[str]] = {}
    for fact in facts:
        for source_id in source_ids(fact):
            citing.setdefault(source_id, []).append(fact["id"])
    wanted = (
        store.sources
        if spec is None
        else {key: source for key, source in store.sources.items() if key in citing}
    )
    return [
        Reference(source, tuple(sorted(citing.get(source["id"], []), key=id_key)))
        for source in sorted_sources(wanted)
    ]
