"""Shell completion of what is in the store: fact and source ids, entity names, occasion ids.

Completion runs kzturk with the words typed so far; the store is the one reads use
($KZTURK_DB, else the bundled one). A store that cannot be read completes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

from kzturk.store.loaded import Store


def completing() -> bool:
    """Whether the shell runs kzturk to complete a word (Click's `_KZTURK_COMPLETE`): then
    every command is built, whatever the words typed so far."""
    return any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ)


def completer(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """Completion of a fixed vocabulary (sectors, kinds, formats...)."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete.casefold())]

    return complete


def _store() -> Store | None:
    from kzturk.errors import KzturkError
    from kzturk.store.loaded import load_store
    from kzturk.store.paths import resolve_store_path

    try:
        return load_store(resolve_store_path(None))
    except (KzturkError, OSError, ValueError):
        return None


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    from kzturk.textfold import fold

    wanted = fold(incomplete)
    return sorted({v for v in values if fold(v).startswith(wanted)})


def _complete(values: Callable[[Store], Iterable[str]]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        store = _store()
        return [] if store is None else _matching(values(store), incomplete)

    return complete


fact_ids = _complete(lambda store: (f["id"] for f in store.facts))
source_ids = _complete(lambda store: store.sources)
occasion_ids = _complete(lambda store: store.occasions)
agreement_ids = _complete(lambda store: store.agreements)
entity_names = _complete(
    lambda store: (
        name
        for entity in store.entities.values()
        for name in (entity["id"], entity["name"], *(a["name"] for a in entity["aliases"]))
    )
)
