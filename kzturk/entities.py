"""Entities by any of their names: the index behind `--party`, `search` and curation.

Every name and alias is folded (case and accents do not count), so `--party tusas` finds the
facts of Turkish Aerospace, and `search Astana` the ones that say Nur-Sultan.
"""

from __future__ import annotations

from collections.abc import Iterable

from kzturk.model import Entity, Fact
from kzturk.store.loaded import Store
from kzturk.textfold import fold, fold_script, words


def names_of(entity: Entity) -> list[str]:
    """The canonical name, then every alias."""
    return [entity["name"], *(alias["name"] for alias in entity["aliases"])]


class EntityIndex:
    """Entities by folded name and alias."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = list(entities)
        self.by_name: dict[str, Entity] = {}
        self.claims: dict[str, list[Entity]] = {}
        for entity in self.entities:
            for name in names_of(entity):
                key = fold(name)
                claimants = self.claims.setdefault(key, [])
                if entity not in claimants:
                    claimants.append(entity)
                self.by_name.setdefault(key, entity)
        self.by_id = {entity["id"]: entity for entity in self.entities}

    def find(self, name: str) -> Entity | None:
        """The entity whose name or alias is `name` (folded)."""
        return self.by_name.get(fold(name.strip()))

    def resolve(self, given: str) -> Entity | None:
        """The entity `given` names: by name or alias, else by id."""
        return self.find(given) or self.by_id.get(given.strip().casefold())

    def matching(self, needle: str) -> list[Entity]:
        """Entities whose id is `needle`, or with a name or alias that contains it (folded):
        `--party tai` finds Turkish Aerospace by its id, as completion offers it."""
        folded = fold(needle)
        wanted_id = needle.strip().casefold()
        return [
            e
            for e in self.entities
            if e["id"] == wanted_id or any(folded in fold(n) for n in names_of(e))
        ]

    def shared_names(self) -> dict[str, list[Entity]]:
        """Names (folded) that more than one entity claims."""
        return {name: claimants for name, claimants in self.claims.items() if len(claimants) > 1}


def repeated_names(entity: Entity) -> list[str]:
    """The names one entity gives more than once, but for case (its name again as an
    alias, or one alias twice with other dates): each as first written. Spellings that
    differ in accents ('Türkiye', 'Turkiye') are kept apart: both are written as sources
    write them."""
    seen: dict[str, str] = {}
    repeated: list[str] = []
    for name in names_of(entity):
        key = name.casefold()
        if key in seen and seen[key] not in repeated:
            repeated.append(seen[key])
        seen.setdefault(key, name)
    return repeated


def entity_index(store: Store) -> EntityIndex:
    """The store's index, built once per run on first use."""
    index = store.derived.get("entities")
    if index is None:
        index = store.derived["entities"] = EntityIndex(store.entities.values())
    return index


def find_entity(store: Store, given: str) -> Entity:
    """The entity `given` names (by name, any alias or id); a UsageError naming the
    closest when none does."""
    from kzturk.errors import UsageError

    index = entity_index(store)
    entity = index.resolve(given)
    if entity is None:
        raise UsageError(f"no entity is called {given!r}.{_closest(index, given)}")
    return entity


def _spelt(name: str) -> str:
    """A name as parts of names are matched: words folded in case, accents and script."""
    return " ".join(words(fold_script(name)))


def _closest(index: EntityIndex, given: str) -> str:
    """' Did you mean …?' with the names closest to `given`, whole or by one of their words."""
    from kzturk.suggest import closest_matches

    spelt: dict[str, str] = {}
    for entity in index.entities:
        for name in names_of(entity):
            spelt.setdefault(_spelt(name), entity["name"])
            for word in _spelt(name).split():
                spelt.setdefault(word, entity["name"])
    near = dict.fromkeys(spelt[key] for key in closest_matches(_spelt(given), spelt, 6))
    return f" Did you mean {', '.join(list(near)[:3])}?" if near else ""


def find_entities(store: Store, given: str) -> list[Entity]:
    """`kzturk entities TEXT`: the one entity TEXT names (name, alias or id), else every
    entity with TEXT in any of its names, folded in case, accents and script ('kassym',
    'ERDOGAN', 'Туймебаев'); a UsageError with the closest names when none has."""
    from kzturk.errors import UsageError

    index = entity_index(store)
    entity = index.resolve(given)
    if entity is not None:
        return [entity]
    needle = _spelt(given)
    if not needle:
        raise UsageError(f"{given!r} has no letter or digit: give part of a name.")
    found = [e for e in index.entities if any(needle in _spelt(n) for n in names_of(e))]
    if not found:
        raise UsageError(f"no entity has {given!r} in its names.{_closest(index, given)}")
    return sorted(found, key=lambda e: fold(e["name"]))


def list_entities(store: Store, types: tuple[str, ...] = ()) -> list[Entity]:
    """Entities by name, of the given types (all when none)."""
    chosen = [e for e in store.entities.values() if not types or e["type"] in types]
    return sorted(chosen, key=lambda e: fold(e["name"]))


def party_counts(store: Store) -> dict[str, int]:
    """How many facts name each party (by the name they store)."""
    counts: dict[str, int] = {}
    for fact in store.facts:
        for party in fact["parties"]:
            counts[party] = counts.get(party, 0) + 1
    return counts


def other_names(store: Store, facts: Iterable[Fact]) -> dict[str, tuple[str, ...]]:
    """Each party and place of `facts` with every name of its entity: what a page's filter
    box matches a fact by, as `kzturk search` does (places are stored by entity id)."""
    index = entity_index(store)
    found: dict[str, tuple[str, ...]] = {}
    for fact in facts:
        for party in fact["parties"]:
            if party not in found:
                entity = index.find(party)
                found[party] = tuple(names_of(entity)) if entity is not None else ()
        for place in fact.get("places") or ():
            entity = index.resolve(place)
            if entity is not None and entity["name"] not in found:
                found[entity["name"]] = tuple(names_of(entity))
    return {party: names for party, names in found.items() if names}
