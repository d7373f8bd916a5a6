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
KEEP files taking at most BUDGET bytes together (the least recently written go first, the
newest always stays). The cache is an optimisation only: a cache that cannot be read or
written is ignored, silently.
"""

from __future__ import annotations

import itertools
import marshal
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kzturk import __version__
from kzturk.model.fields import TABLES

CACHE_ENV = "KZTURK_CACHE"
MAX_BYTES = 256 * 1024 * 1024  # the bundled store is under 1 MB; 100,000 facts are 90 MB
KEEP = 8
BUDGET = 512 * 1024 * 1024  # all copies together (a copy is about 3/4 of its store's size)
_FORMAT = 3
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


_MAGIC = b"kzturk-cache\x00\x03"
_DIGEST = 32
_ENTRY_LIMIT = 2 * MAX_BYTES  # a cache file far larger than any store's copy is not ours
_ROWS_PER_FRAME = 4096  # a large table's copy is written and read in pieces of this many rows
_LENGTH = 8  # bytes of a frame's length


def _hasher() -> Any:
    """A 256-bit BLAKE2b hasher: for the store's whole content, and the cache file's own."""
    try:
        from _blake2 import blake2b  # the C module alone: hashlib would load OpenSSL (20 ms)
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(digest_size=_DIGEST)


def _digest(data: bytes) -> bytes:
    hasher = _hasher()
    hasher.update(data)
    return hasher.digest()  # type: ignore[no-any-return]


StoreKey = tuple[int, bytes]
"""A store's content as the cache knows it: its size and its digest."""


def store_key(raw: bytes) -> StoreKey:
    """The key of a store whose whole content is `raw`."""
    return (len(raw), _digest(raw))


def _header(real: str, key: StoreKey) -> tuple[Any, ...]:
    return (_FORMAT, __version__, _FIELDS, real, *key)


def _entry(folder: Path, real: str) -> Path:
    """The cache file of the store at `real` (its name from the path; the header holds the
    whole path, so two paths that share a name never share a copy)."""
    import zlib

    encoded = real.encode("utf-8", "surrogateescape")
    return folder / f"{zlib.crc32(encoded):08x}{zlib.adler32(encoded):08x}.marshal"


def cacheable(st: os.stat_result) -> bool:
    """Whether a store of this size is cached at all (the cache is on, the store small)."""
    return cache_folder() is not None and st.st_size <= MAX_BYTES


def read_cached(
    path: Path, st: os.stat_result, key: StoreKey | None = None
) -> dict[str, Any] | None:
    """The tables cached for the store at `path` whose content has `key` (the store is read
    here when not given), or None. The content itself is compared, by digest: a timestamp
    can miss an edit (file systems that keep whole seconds), the bytes cannot."""
    folder = cache_folder()
    if folder is None or st.st_size > MAX_BYTES:
        return None
    try:
        if key is None:
            from kzturk.store.files import read_store_bytes

            key = store_key(read_store_bytes(path))
        real = os.path.realpath(path)
        tables = _read_entry(_entry(folder, real), _header(real, key))
        if tables is None:
            return None
        if not all(isinstance(tables.get(name), dict) for name in ("sources", "facts")):
            return None
    except Exception:  # anything odd about the copy: read the store instead
        return None
    return tables


def _read_entry(entry: Path, header: tuple[Any, ...]) -> dict[str, Any] | None:
    """The tables in a cache file of ours made for `header`, or None. Opened without
    blocking and looked at before reading: a FIFO or a device there is never read from (it
    could hang every lookup), a file others can write is not trusted, and a damaged one
    fails its digest before anything in it is unpacked (a flipped bit in a length could ask
    for gigabytes). The frames are then unpacked one at a time, each dropped once read, so a
    large store's copy is never held whole beside the records made from it."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(entry, flags)
    try:
        own = os.fstat(descriptor)
        if not stat.S_ISREG(own.st_mode) or own.st_size > _ENTRY_LIMIT:
            return None
        if own.st_uid != os.getuid() or own.st_mode & 0o022:  # not ours alone: ignore
            return None
        left = own.st_size - len(_MAGIC) - _DIGEST
        opening = _read_exactly(descriptor, len(_MAGIC) + _DIGEST)
        if opening is None or not opening.startswith(_MAGIC):
            return None
        hasher = _hasher()
        frames: list[bytes] = []
        while left > 0:
            length_bytes = _read_exactly(descriptor, _LENGTH)
            length = int.from_bytes(length_bytes or b"\xff" * _LENGTH, "little")
            left -= _LENGTH + length
            frame = _read_exactly(descriptor, length) if left >= 0 else None
            if length_bytes is None or frame is None:
                return None
            hasher.update(length_bytes)
            hasher.update(frame)
            frames.append(frame)
    finally:
        os.close(descriptor)
    if not frames or left or hasher.digest() != opening[len(_MAGIC) :]:
        return None
    frames.reverse()  # popped from the end, in the order written
    if marshal.loads(frames.pop()) != header:
        return None
    tables: dict[str, Any] = {}
    while frames:
        table, rows = marshal.loads(frames.pop())
        tables.setdefault(table, {}).update(rows)
    return tables


def _read_exactly(descriptor: int, size: int) -> bytes | None:
    """`size` bytes from the file, or None where it ends first."""
    chunks = []
    while size > 0:
        chunk = os.read(descriptor, min(size, 1 << 24))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _frames(header: tuple[Any, ...], tables: dict[str, Any]) -> Iterator[bytes]:
    """The cache file's frames: the header, then each table's rows, a few thousand at a time."""
    yield marshal.dumps(header)
    for table, rows in tables.items():
        pending = iter(rows.items())
        while piece := dict(itertools.islice(pending, _ROWS_PER_FRAME)):
            yield marshal.dumps((table, piece))
        if not rows:
            yield marshal.dumps((table, {}))


def write_cached(path: Path, st: os.stat_result, tables: dict[str, Any], key: StoreKey) -> None:
    """Cache `tables`, parsed and checked from the store at `path` whose content has `key`."""
    folder = cache_folder()
    if folder is None or st.st_size > MAX_BYTES:
        return
    import tempfile

    try:
        real = os.path.realpath(path)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + bytes(_DIGEST))  # the digest is filled in at the end
                hasher = _hasher()
                for frame in _frames(_header(real, key), tables):
                    length = len(frame).to_bytes(_LENGTH, "little")
                    hasher.update(length)
                    hasher.update(frame)
                    out.write(length)
                    out.write(frame)
                out.seek(len(_MAGIC))
                out.write(hasher.digest())
            os.replace(temp, _entry(folder, real))
        except BaseException:
            os.unlink(temp)
            raise
        _prune(folder)
    except (OSError, ValueError):
        return


def _prune(folder: Path) -> None:
    """Keep the most recently written cache files: at most KEEP of them, and no more than
    BUDGET bytes together, though the newest always stays."""
    sizes = {entry: entry.stat() for entry in folder.glob("*.marshal")}
    newest_first = sorted(sizes, key=lambda entry: sizes[entry].st_mtime_ns, reverse=True)
    total = 0
    for count, entry in enumerate(newest_first):
        total += sizes[entry].st_size
        if count and (count >= KEEP or total > BUDGET):
            entry.unlink(missing_ok=True)
