"""`kzturk check --fix`: rewrite a store in canonical format through the one write path."""

from __future__ import annotations

from pathlib import Path

from kzturk.store.files import decode_store_bytes, parse_store_json, read_store_bytes
from kzturk.store.write import Session, canonical_text, transaction


def fix_store(path: Path, *, timeout: float | None = None, dry_run: bool = False) -> bool:
    """Rewrite the store in canonical form under the lock; False when it already was.

    A broken store is refused, and a canonical one left alone, before any lock file is made.
    """
    text = decode_store_bytes(read_store_bytes(path), path)
    if text == canonical_text(parse_store_json(text, path)):
        return False

    def unchanged(session: Session) -> None:
        return None

    done = transaction(path, unchanged, reformat=True, dry_run=dry_run, timeout=timeout)
    return done.written
