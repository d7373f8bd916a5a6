"""Curation: add sources and facts, correct and retract facts, and never damage the store.

This is the library behind `kzturk add`, `edit`, `retract` and `source add`; scripts can
call it directly. Every change is one locked read-modify-write of the whole file:

1. the store's lock (`<store>.lock`, a `filelock` beside it) is taken for the whole
   read-modify-write; a second writer waits up to `lock_timeout()` seconds and then fails
   with a StoreError instead of waiting forever;
2. the file is read and parsed strictly, and the change is applied to the parsed tables;
3. the result is validated with the rules of `kzturk check`: a change that would add any
   problem (unknown vocabulary, a bad date, an unknown source, a quote that is not in the
   source's archived text, a duplicate summary, ...) is refused and nothing is written;
   problems the store already had do not block unrelated changes;
4. the canonical text goes to a temporary file in the same folder, which is flushed,
   fsynced and moved over the store with `os.replace`: a crash at any moment leaves the old
   file or the new one.

Steps 1, 2 and 4 are the store's one write path (`kzturk.store.write.transaction`); what a
curator typed is read once (`parse`), tidied field by field (`clean`), given ids (`ids`),
validated (`session`) and applied (`changes`).

Fact ids are never reused: a third table, `meta`, keeps the highest number ever given out
(document "1": {"last_fact_number": N}), and a new fact gets
max(counter, highest number in the store) + 1.

Nothing here imports typer or rich; errors are `UsageError` (the change is wrong) or
`StoreError` (the file cannot be read, locked or written).
"""

from typing import TYPE_CHECKING

# The API, loaded when first asked for: `kzturk.curate.parse`, which the command line reads
# options with, must not bring the write path into every start of the program.
_API = {
    "Outcome": "changes",
    "add_fact": "changes",
    "add_source": "changes",
    "edit_fact": "changes",
    "retract_fact": "changes",
    "merge_source": "sources",
    "add_agreement": "agreements",
    "add_step": "agreements",
    "edit_agreement": "agreements",
    "add_entity": "entities",
    "add_occasion": "entities",
    "edit_entity": "entities",
    "edit_occasion": "entities",
    "clean_fact_fields": "clean",
    "clean_source_fields": "clean",
    "fix_store": "fix",
    "find_fact": "ids",
    "format_fact_id": "ids",
    "next_fact_id": "ids",
    "next_fact_number": "ids",
}
_STORE_API = {
    "archive_folder": "kzturk.store.archive",
    "is_installed_copy": "kzturk.store.paths",
    "LOCK_TIMEOUT_ENV": "kzturk.store.write",
    "LOCK_TIMEOUT_SECONDS": "kzturk.store.write",
    "lock_timeout": "kzturk.store.write",
    "writable_store_path": "kzturk.store.write",
}
__all__ = [
    "LOCK_TIMEOUT_ENV",
    "LOCK_TIMEOUT_SECONDS",
    "Outcome",
    "add_agreement",
    "add_entity",
    "add_fact",
    "add_occasion",
    "add_source",
    "add_step",
    "archive_folder",
    "clean_fact_fields",
    "clean_source_fields",
    "edit_agreement",
    "edit_entity",
    "edit_fact",
    "edit_occasion",
    "find_fact",
    "fix_store",
    "format_fact_id",
    "is_installed_copy",
    "lock_timeout",
    "merge_source",
    "next_fact_id",
    "next_fact_number",
    "retract_fact",
    "writable_store_path",
]

if TYPE_CHECKING:
    from kzturk.curate.agreements import add_agreement, add_step, edit_agreement
    from kzturk.curate.changes import Outcome, add_fact, add_source, edit_fact, retract_fact
    from kzturk.curate.clean import clean_fact_fields, clean_source_fields
    from kzturk.curate.entities import add_entity, add_occasion, edit_entity, edit_occasion
    from kzturk.curate.fix import fix_store
    from kzturk.curate.ids import find_fact, format_fact_id, next_fact_id, next_fact_number
    from kzturk.curate.sources import merge_source
    from kzturk.store.archive import archive_folder
    from kzturk.store.paths import is_installed_copy
    from kzturk.store.write import (
        LOCK_TIMEOUT_ENV,
        LOCK_TIMEOUT_SECONDS,
        lock_timeout,
        writable_store_path,
    )


def __getattr__(name: str) -> object:
    from importlib import import_module

    if name in _API:
        return getattr(import_module(f"kzturk.curate.{_API[name]}"), name)
    if name in _STORE_API:
        return getattr(import_module(_STORE_API[name]), name)
    raise AttributeError(f"module 'kzturk.curate' has no attribute {name!r}")
