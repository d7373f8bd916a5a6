"""Replacing a file whole or not at all: the one technique every file kzturk writes uses
(the store, an archived text, a page written with `--output`, an exported database).

The new content goes to a temporary file in the target's folder, is fsynced and moved over
the target with `os.replace` (Ctrl-C and SIGTERM are held for that instant), then the folder
is fsynced: a crash at any moment leaves the old file or the new one, never a mix. Kept apart
from `kzturk.store.write` so that writing a page does not load the store's locking machinery.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from kzturk.errors import Interrupted, StoreError, UsageError


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while the new file replaces the old one, so that a write is
    either not done or done and reported, never done silently."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_atomic(
    target: Path, content: bytes, mode: int | None = None, what: str = "the store"
) -> None:
    """Replace (or create) `target` with `content` (see `build_atomic`); a new file keeps
    the mode of the one it replaces (0644 for a first one)."""
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o777
        except OSError:
            mode = 0o644

    def fill(temp: Path) -> None:
        temp.write_bytes(content)

    build_atomic(target, fill, mode=mode, what=f"{what} is unchanged")


def build_atomic(
    target: Path,
    fill: Callable[[Path], None],
    *,
    mode: int = 0o644,
    what: str,
    exists_error: str | None = None,
) -> None:
    """Make `target` whole or not at all: `fill` writes a temporary file in its folder (a
    SQLite database, say), which is fsynced, given `mode` and moved into place, then the
    folder is fsynced. On any failure, Ctrl-C included, the temporary file is removed and
    `target` is as it was; `what` names it in the message ("PATH is unchanged").

    With `exists_error`, an existing `target` is never replaced: the file is linked into
    place, which fails if another appeared meanwhile, and that is a UsageError with the
    message given."""
    folder = target.parent
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
    temp = Path(temp_name)
    placed = False
    try:
        fill(temp)
        descriptor = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.chmod(temp, mode)
        with _signals_held():
            placed = _place(temp, target, exists_error)
    except KeyboardInterrupt:
        if not placed:
            temp.unlink(missing_ok=True)
            raise Interrupted(f"{target}: interrupted; {what}") from None
    except UsageError:
        temp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"{target}: write failed, {what}: {exc.strerror or exc}") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _place(temp: Path, target: Path, exists_error: str | None) -> bool:
    """Move `temp` to `target`; with `exists_error`, only if no `target` exists."""
    if exists_error is None:
        os.replace(temp, target)
        return True
    try:
        os.link(temp, target)
    except FileExistsError:
        raise UsageError(exists_error) from None
    except OSError:  # a file system without hard links: check, then replace
        if os.path.lexists(target):
            raise UsageError(exists_error) from None
        os.replace(temp, target)
        return True
    temp.unlink(missing_ok=True)
    return True


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: some file systems refuse it)."""
    with suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
