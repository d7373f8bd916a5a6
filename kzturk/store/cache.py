"""The lookup cache: a private copy of a store already read and checked, so that the next
lookup of the same unchanged file skips parsing and checking it (two thirds of a lookup's
own time on the bundled store).

A cache file holds the store's tables as `marshal` data (Python's own serialisation of plain
values: nothing in it can run) behind a header: the cache format, the kzturk version, the
fields of every table, the store's real path, its size and a BLAKE2b digest of its whole
content; the file itself carries a digest of what follows. A lookup reads the store's bytes
(cheap: what costs is parsing and checking them) and is served from the cache only when
they are the bytes that were parsed: no timestamp is trusted, so an edit within the same
second on a file system that keeps whole seconds is seen. Any difference, a cache file that
is not a regular file of ours, a damaged one, or anything unreadable is a miss, and the
store is read as if there were no cache.

Where: $KZTURK_CACHE if set (a folder; "off" turns the cache off), else
$XDG_CACHE_HOME/kzturk, else ~/.cache/kzturk. Stores up to MAX_BYTES are cached, in at most
KEEP files (the least recently written go first). The cache is an optimisation only: a
cache that cannot be read or written is ignored, silently.
"""

from __future__ import annotations

import marshal
import os
import stat
from pathlib import Path
from typing import Any

from kzturk import __version__
from kzturk.model.fields import TABLES

CACHE_ENV = "KZTURK_CACHE"
MAX_BYTES = 16 * 1024 * 1024  # the bundled store is under 1 MB; 16 MB is ~12,000 facts
KEEP = 8
_FORMAT = 2
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


_MAGIC = b"kzturk-cache\x00\x02"
_DIGEST = 32
_ENTRY_LIMIT = 8 * MAX_BYTES  # a cache file far larger than any store's copy is not ours


def _digest(data: bytes) -> bytes:
    """A 256-bit BLAKE2b digest: the store's whole content, and the cache file's own."""
    try:
        from _blake2 import blake2b  # the C module alone: hashlib would load OpenSSL (20 ms)
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=_DIGEST).digest()


def _header(real: str, raw: bytes) -> tuple[Any, ...]:
    return (_FORMAT, __version__, _FIELDS, real, len(raw), _digest(raw))


def _entry(folder: Path, real: str) -> Path:
    """The cache file of the store at `real` (its name from the path; the header holds the
    whole path, so two paths that share a name never share a copy)."""
    import zlib

    encoded = real.encode("utf-8", "surrogateescape")
    return folder / f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.marshal"


def cacheable(st: os.stat_result) -> bool:
    """Whether a store of this size is cached at all (the cache is on, the store small)."""
    return cache_folder() is not None and st.st_size <= MAX_BYTES


def read_cached(path: Path, st: os.stat_result, raw: bytes | None = None) -> dict[str, Any] | None:
    """The tables cached for the store at `path` whose content is `raw` (read here when not
    given), or None. The content itself is compared, by digest: a timestamp can miss an
    edit (file systems that keep whole seconds), the bytes cannot."""
    folder = cache_folder()
    if folder is None or st.st_size > MAX_BYTES:
        return None
    try:
        if raw is None:
            from kzturk.store.files import read_store_bytes

            raw = read_store_bytes(path)
        real = os.path.realpath(path)
        blob = _read_entry(_entry(folder, real))
        if blob is None:
            return None
        header, tables = marshal.loads(blob)
        if header != _header(real, raw) or not isinstance(tables, dict):
            return None
        if not all(isinstance(tables.get(name), dict) for name in ("sources", "facts")):
            return None
    except Exception:  # anything odd about the copy: read the store instead
        return None
    return tables


def _read_entry(entry: Path) -> bytes | None:
    """The verified content of a cache file of ours, or None. Opened without blocking and
    looked at before reading: a FIFO or a device there is never read from (it could hang
    every lookup), a file others can write is not trusted, a damaged one fails its digest."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(entry, flags)
    try:
        own = os.fstat(descriptor)
        if not stat.S_ISREG(own.st_mode) or own.st_size > _ENTRY_LIMIT:
            return None
        if own.st_uid != os.getuid() or own.st_mode & 0o022:  # not ours alone: ignore
            return None
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    head = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or _digest(data[head:]) != data[len(_MAGIC) : head]:
        return None
    return data[head:]


def write_cached(path: Path, st: os.stat_result, tables: dict[str, Any], raw: bytes) -> None:
    """Cache `tables`, parsed and checked from `raw`, the content of the store at `path`."""
    folder = cache_folder()
    if folder is None or st.st_size > MAX_BYTES:
        return
    import tempfile

    try:
        real = os.path.realpath(path)
        blob = marshal.dumps((_header(real, raw), tables))
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + _digest(blob) + blob)
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
