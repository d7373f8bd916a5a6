"""The lookup cache: a private copy of a store already read and checked, so that the next
lookup of the same unchanged file skips parsing and checking it (two thirds of a lookup's
own time on the bundled store).

A cache file holds the store's tables as `marshal` data (Python's own serialisation of plain
values: nothing in it can run) behind a header: the cache format, the kzturk version, the
fields of every table, the store's real path and its file signature (device, inode, size,
modification and change times in nanoseconds). Any difference, a file that is not ours or
anything unreadable is a miss, and the store is read as if there were no cache. Every write
to a store replaces the file (new inode, new times), so a changed store is never served from
the cache.

Where: $KZTURK_CACHE if set (a folder; "off" turns the cache off), else
$XDG_CACHE_HOME/kzturk, else ~/.cache/kzturk. Stores up to MAX_BYTES are cached, in at most
KEEP files (the least recently written go first). The cache is an optimisation only: a
cache that cannot be read or written is ignored, silently.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path
from typing import Any

from kzturk import __version__
from kzturk.model.fields import TABLES

CACHE_ENV = "KZTURK_CACHE"
MAX_BYTES = 16 * 1024 * 1024  # the bundled store is under 1 MB; 16 MB is ~12,000 facts
KEEP = 8
_FORMAT = 1
_OFF = frozenset({"off", "0", "no", "false", "none"})
_FIELDS = tuple((table, tuple(f.name for f in fields)) for table, fields in TABLES.items())


def cache_folder() -> Path | None:
    """Where cache files go, or None when the cache is turned off."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None:
        return None if setting.strip().casefold() in _OFF or not setting.strip() else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base and os.path.isabs(base):
        return Path(base) / "kzturk"
    home = os.environ.get("HOME", "").strip()
    return Path(home) / ".cache" / "kzturk" if home and os.path.isabs(home) else None


def _signature(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _header(real: str, st: os.stat_result) -> tuple[Any, ...]:
    return (_FORMAT, __version__, _FIELDS, real, _signature(st))


def _entry(folder: Path, real: str) -> Path:
    """The cache file of the store at `real` (its name from the path; the header holds the
    whole path, so two paths that share a name never share a copy)."""
    import zlib

    encoded = real.encode("utf-8", "surrogateescape")
    return folder / f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.marshal"


def read_cached(path: Path, st: os.stat_result) -> dict[str, Any] | None:
    """The tables cached for the store at `path` as `st` describes it, or None."""
    folder = cache_folder()
    if folder is None or st.st_size > MAX_BYTES:
        return None
    try:
        real = os.path.realpath(path)
        entry = _entry(folder, real)
        with open(entry, "rb") as handle:
            own = os.fstat(handle.fileno())
            if own.st_uid != os.getuid() or own.st_mode & 0o022:  # not ours alone: ignore
                return None
            header, tables = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if header != _header(real, st) or not isinstance(tables, dict):
        return None
    return tables


def write_cached(path: Path, st: os.stat_result, tables: dict[str, Any]) -> None:
    """Cache `tables`, read and checked from the store at `path` as `st` describes it."""
    folder = cache_folder()
    if folder is None or st.st_size > MAX_BYTES:
        return
    import tempfile

    try:
        real = os.path.realpath(path)
        blob = marshal.dumps((_header(real, st), tables))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(blob)
            os.replace(temp, _entry(folder, real))
        except BaseException:
            os.unlink(temp)
            raise
        _prune(folder)
    except (OSError, ValueError):
        return


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently written cache files."""
    entries = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
