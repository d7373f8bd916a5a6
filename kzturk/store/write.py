"""The one write path: a locked, validated, atomic read-modify-write of the whole store.

Every writer (`kzturk add`, `edit`, `retract`, `source add`, `check --fix`) goes through
`transaction`:

1. `writable_store_path` refuses what must not be written (the copy inside an installed
   package, a read-only file or folder, a FIFO or device) and follows a symlink to the file
   it points at, which is the one updated (the link itself stays);
2. the store's lock (`<store>.lock`, an OS file lock) is taken for the whole change; a second
   writer waits `lock_timeout()` seconds ($KZTURK_LOCK_TIMEOUT, else 10) and then fails;
3. the file is read with the one reader (`kzturk.store.files`) and the change is applied to
   a copy of its tables; the caller's `validate` may refuse the result;
4. the new canonical text must load as every reader loads it, so no write can leave a store
   that no command reads again;
5. the text goes to a temporary file in the same folder, is fsynced and moved over the
   store with `os.replace` (Ctrl-C is held for that instant), then the folder is fsynced: a
   crash at any moment leaves the old file or the new one (`kzturk.store.atomic`).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from kzturk.errors import StoreError, UsageError
from kzturk.jsontext import pretty_json
from kzturk.model.fields import TABLES
from kzturk.store.archive import archive_folder
from kzturk.store.atomic import write_atomic
from kzturk.store.files import ENV_VAR, parse_store_json, read_store_tables, require_regular_file
from kzturk.store.loaded import store_from_tables
from kzturk.store.paths import is_installed_copy

LOCK_TIMEOUT_ENV = "KZTURK_LOCK_TIMEOUT"
LOCK_TIMEOUT_SECONDS = 10.0
T = TypeVar("T")


def _sorted_record(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_record(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_record(item) for item in value]
    return value


def _stored(record: Any, optional: frozenset[str]) -> Any:
    """A record as written: keys sorted, its `optional` fields left out when empty (null or
    []), so that a field added to the table later does not rewrite every record."""
    if not isinstance(record, dict):
        return _sorted_record(record)
    return {
        key: _sorted_record(record[key])
        for key in sorted(record)
        if key not in optional or record[key] not in (None, [])
    }


# The fields each table may leave out: the optional ones (`Field.required` is False).
_OPTIONAL = {
    name: frozenset(f.name for f in rows if not f.required) for name, rows in TABLES.items()
}


def canonical_text(data: dict[str, dict[str, Any]]) -> str:
    """The one way a store is written: tables by name, documents by number, keys sorted,
    empty optional fields left out, two-space indent, UTF-8 unescaped, one trailing newline,
    so a new fact is a clean diff and a new optional field changes no existing record."""
    ordered = {
        table: {
            key: _stored(data[table][key], _OPTIONAL.get(table, frozenset()))
            for key in sorted(data[table], key=int)
        }
        for table in sorted(data)
    }
    return pretty_json(ordered) + "\n"  # json.dumps(..., indent=2), three times as fast


def lock_timeout() -> float:
    """Seconds a writer waits for another one: $KZTURK_LOCK_TIMEOUT, else 10."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return LOCK_TIMEOUT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or value > 86400:
        raise UsageError(
            f"{LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds from 0 to 86400, e.g. 30"
        )
    return value


def store_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Any:
    """The lock every writer holds for its whole read-modify-write (a `filelock.FileLock`)."""
    from filelock import FileLock

    return FileLock(str(path) + ".lock", timeout=timeout)


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the store's lock, waiting at most `timeout` (None: `lock_timeout()`) seconds."""
    from filelock import Timeout

    wait = lock_timeout() if timeout is None else timeout
    lock = store_lock(path, wait)
    try:
        lock.acquire()
    except Timeout:
        raise StoreError(
            f"{path}: another kzturk is writing it (waited {wait:g} s for {path}.lock); "
            f"try again in a moment, or set {LOCK_TIMEOUT_ENV} to wait longer"
        ) from None
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the lock file {path}.lock: {exc.strerror}; "
            "the store's folder must be writable"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _is_writable(path: Path) -> bool:
    """Write permission, and for root (whom os.access never refuses) the mode's write bits."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable_store_path(path: Path) -> Path:
    """The file a write to `path` changes (a symlink's target), or a StoreError that says
    what to do. Writes never go to the copy inside an installed package, never create a
    store from nothing, and never touch what is not a regular file."""
    if is_installed_copy(path):
        raise StoreError(
            f"{path}: the store inside the installed package is read-only; copy it "
            f"(cp {path} facts.json) and pass --db facts.json (or set {ENV_VAR})"
        )
    target = Path(os.path.realpath(path))
    if not os.path.lexists(target):
        if not path.parent.is_dir():
            raise StoreError(
                f"{path}: folder {path.parent} does not exist; pass --db PATH of a store"
            )
        raise StoreError(
            f"{path}: no such file; pass --db PATH or set {ENV_VAR} (a new store starts as "
            '{"facts": {}, "sources": {}})'
        )
    require_regular_file(target, named=path)
    if not _is_writable(target):
        raise StoreError(f"{path}: the file is read-only; to change it: chmod u+w {target}")
    folder = target.parent
    if not _is_writable(folder):
        raise StoreError(
            f"{path}: folder {folder} is read-only, and a safe write creates its new file "
            f"there; to change the store: chmod u+w {folder}"
        )
    return target


@dataclass
class Session:
    """One locked change: the store's real path, its tables as read, and the copy to change."""

    path: Path
    original: dict[str, Any]
    data: dict[str, Any]
    created: list[Path] = field(default_factory=list)
    """Files the change created (an archived text), removed again if it is not written."""
    pending: dict[str, str] = field(default_factory=dict)
    """Archived texts the change brings (by file name), for validation, written or not."""

    def remove_created(self) -> None:
        for created in self.created:
            with suppress(OSError):
                created.unlink()
        self.created.clear()


@dataclass(frozen=True)
class Committed(Generic[T]):
    """What a transaction did: the change's result, whether the file was written, and
    whether it was not in canonical format before."""

    path: Path
    result: T
    written: bool
    reformatted: bool


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed writer left behind. Only the lock holder makes them, so while we
    hold the lock every one of them is an orphan."""
    for folder, pattern in (
        (path.parent, f".{path.name}.*.tmp"),
        (archive_folder(path), ".*.txt.*.tmp"),
    ):
        with suppress(OSError):
            for orphan in folder.glob(pattern):
                with suppress(OSError):
                    orphan.unlink()


def _second_copy(text: str) -> dict[str, Any]:
    """The tables of `text` again, as a copy the change may alter: `text` was just parsed
    strictly, so the standard parser gives the same records, about three times faster than
    `copy.deepcopy` of the first parse."""
    from kzturk.model.shape import upgrade_tables

    data: dict[str, Any] = json.loads(text)
    upgrade_tables(data)
    return data


def transaction(
    path: Path,
    change: Callable[[Session], T],
    *,
    validate: Callable[[Session], None] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
    reformat: bool = False,
) -> Committed[T]:
    """Apply `change` to the store's tables under the lock, validate, write atomically.

    Nothing is written when the change leaves the canonical text as it was (unless
    `reformat`: then a store that was not canonical is rewritten), on a dry run, or when
    `validate` raises. See the module docstring for the guarantees.
    """
    target = writable_store_path(path)
    # A dry run writes nothing, so it takes no lock (and makes no lock file): like every
    # reader, it sees the old file or the new one, whole.
    with contextlib.nullcontext() if dry_run else locked(target, timeout):
        if not dry_run:
            _remove_stale_temp_files(target)
        raw_text, original = read_store_tables(target)
        session = Session(path=target, original=original, data=_second_copy(raw_text))
        try:
            result = change(session)
            old_text = canonical_text(original)
            new_text = canonical_text(session.data)
            reformatted = raw_text != old_text
            if new_text == old_text and not (reformat and reformatted):
                session.remove_created()
                return Committed(target, result, False, False)
            if validate is not None:
                validate(session)
            try:
                store_from_tables(parse_store_json(new_text, target), target)
            except StoreError as exc:
                raise StoreError(
                    f"{path}: the change would leave a store kzturk cannot read "
                    f"({str(exc).removeprefix(f'{target}: ')}); nothing was written"
                ) from None
            if dry_run:
                session.remove_created()
                return Committed(target, result, False, reformatted)
            write_atomic(target, new_text.encode("utf-8"))
        except BaseException:
            session.remove_created()
            raise
    return Committed(target, result, True, reformatted)
