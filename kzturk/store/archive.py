"""Archived texts: the article texts that quotes are checked against.

They are looked up by a plain file name in two folders only: `archive/` beside the store,
then the package's `kzturk/archive/`. A name that would reach outside them (an absolute
path, `../x`, a link pointing elsewhere) is never read: `find_archive` refuses it.
"""

from __future__ import annotations

from pathlib import Path

from kzturk.store.files import TEXT_LIMIT, decode_text, read_regular_file
from kzturk.store.paths import PACKAGE_ARCHIVE, is_checkout_store


def archive_dirs(store_path: Path) -> list[Path]:
    """Where archived article texts are looked up: beside the store first, then the package's."""
    return [store_path.parent / "archive", PACKAGE_ARCHIVE]


def archive_folder(store_path: Path) -> Path:
    """Where a new source's text is archived: `archive/` beside the store, except for the
    checkout's own facts.json, whose texts live in the package so that they ship in the wheel."""
    return PACKAGE_ARCHIVE if is_checkout_store(store_path) else store_path.parent / "archive"


def is_plain_file_name(name: str) -> bool:
    """A name that stays inside the folder it is looked up in: no folder part, no '..',
    not hidden, not absolute."""
    return (
        bool(name)
        and name == Path(name).name
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
    )


def find_archive(store_path: Path, name: str) -> Path | None:
    """The archived text called `name`, or None. Only a plain file name that resolves inside
    one of `archive_dirs` is looked at: a store cannot make kzturk read another file."""
    if not is_plain_file_name(name):
        return None
    for folder in archive_dirs(store_path):
        candidate = folder / name
        try:
            real_folder = folder.resolve()
            real = candidate.resolve()
        except OSError:
            continue
        if real.parent != real_folder or not real.is_file():
            continue
        return candidate
    return None


def read_archive(path: Path) -> str:
    """An archived text: a regular UTF-8 file of at most TEXT_LIMIT bytes, or a StoreError."""
    return decode_text(read_regular_file(path, limit=TEXT_LIMIT, what="text file"), path)


__all__ = ["archive_dirs", "archive_folder", "find_archive", "read_archive"]
