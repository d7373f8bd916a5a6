"""Reading and writing facts.json: one reader, one loader, one write path.

- `files`: the one function that reads a file kzturk did not write, and the strict parse;
- `paths`: which store a command uses, and where archived texts are;
- `loaded`: the store as lookups see it (`load_store`, `Store`), through `readonly` (TinyDB)
  or the lookup cache (`cache`);
- `write`: the locked, validated, atomic read-modify-write every writer uses.

A read never creates, truncates or rewrites the file: a missing, empty or broken store is an
error naming the path, never an empty store. The file holds TinyDB tables keyed by document
number; a fact's document number is the one in its id (F123 is document 123).
"""

from kzturk.store.archive import archive_dirs, archive_folder, find_archive, read_archive
from kzturk.store.files import (
    ASCII_PARSE_ABOVE,
    ENV_VAR,
    TABLES,
    parse_store_file,
    parse_store_json,
    parse_store_text,
    read_regular_file,
    read_store_bytes,
    require_regular_file,
)
from kzturk.store.loaded import Store, load_store, store_from_tables
from kzturk.store.paths import bundled_store_path, is_installed_copy, resolve_store_path

# The write side imports what lookups never need (tempfile, dataclasses, filelock): it is
# loaded when first asked for. Library code imports it from `kzturk.store.write`.
_WRITE_NAMES = frozenset(
    (
        "LOCK_TIMEOUT_ENV",
        "LOCK_TIMEOUT_SECONDS",
        "canonical_text",
        "lock_timeout",
        "store_lock",
        "transaction",
        "writable_store_path",
    )
)


def __getattr__(name: str) -> object:
    if name == "ReadOnlyJSONStorage":  # TinyDB is imported only when a store is parsed
        from kzturk.store.readonly import ReadOnlyJSONStorage

        return ReadOnlyJSONStorage
    if name in _WRITE_NAMES:
        from kzturk.store import write

        return getattr(write, name)
    raise AttributeError(f"module 'kzturk.store' has no attribute {name!r}")


__all__ = [
    "ASCII_PARSE_ABOVE",
    "ENV_VAR",
    "LOCK_TIMEOUT_ENV",
    "LOCK_TIMEOUT_SECONDS",
    "TABLES",
    "ReadOnlyJSONStorage",
    "Store",
    "archive_dirs",
    "archive_folder",
    "bundled_store_path",
    "canonical_text",
    "find_archive",
    "is_installed_copy",
    "load_store",
    "lock_timeout",
    "parse_store_file",
    "parse_store_json",
    "parse_store_text",
    "read_archive",
    "read_regular_file",
    "read_store_bytes",
    "require_regular_file",
    "resolve_store_path",
    "store_from_tables",
    "store_lock",
    "transaction",
    "writable_store_path",
]
