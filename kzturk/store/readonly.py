"""The TinyDB storage lookups read through: strict, once, never writing (TinyDB's own
JSONStorage creates missing files and would treat an empty file as an empty database).
Imported only when a store is really read, not served from the lookup cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from kzturk.errors import StoreError
from kzturk.store.files import parse_store_file


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads strictly, once, and never writes."""

    def __init__(self, path: str, on_bytes: Callable[[bytes], None] | None = None) -> None:
        self._path = Path(path)
        self._on_bytes = on_bytes
        """Called with the file's bytes before they are parsed (the lookup cache's key)."""
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]]:
        """The parsed file, read once: TinyDB reads the storage again for every table it
        opens, and the file cannot change under a read-only storage."""
        if self._data is None:
            self._data = parse_store_file(self._path, on_bytes=self._on_bytes)
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(f"{self._path}: opened read-only")
