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
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

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


class Job(NamedTuple):
    """One file of an all-or-nothing write: where it goes, what fills it, its mode, and
    the message when it must not replace an existing file (see `build_atomic`)."""

    target: Path
    fill: Callable[[Path], None]
    mode: int = 0o644
    exists_error: str | None = None


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
    build_all([Job(target, fill, mode, exists_error)], what=what)


def build_all(jobs: Sequence[Job], *, what: str) -> None:
    """`build_atomic` for several files at once, all or nothing: every file is built
    before any is moved into place, and a failure at any step leaves no new file (the
    ones already placed, if new, are removed again)."""
    temps: list[tuple[Job, Path, int]] = []
    placed: list[Path] = []
    current = jobs[0].target  # the file the message names
    try:
        for job in jobs:
            current = job.target
            temp, lock = _locked_temp(job.target)
            temps.append((job, temp, lock))
            job.fill(temp)
            descriptor = os.open(temp, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            os.chmod(temp, job.mode)
        with _signals_held():
            for job, temp, _ in temps:
                current = job.target
                existed = os.path.lexists(job.target)
                _place(temp, job.target, job.exists_error)
                if not existed:
                    placed.append(job.target)
    except BaseException as exc:
        for _, temp, _ in temps:
            temp.unlink(missing_ok=True)
        for target in placed:
            target.unlink(missing_ok=True)
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(f"{current}: interrupted; {what}") from None
        if isinstance(exc, OSError):
            raise StoreError(f"{current}: write failed, {what}: {exc.strerror or exc}") from None
        raise
    finally:
        for _, _, lock in temps:
            os.close(lock)
    for folder in {job.target.parent for job in jobs}:
        _fsync_folder(folder)


def _locked_temp(target: Path) -> tuple[Path, int]:
    """A new temporary file beside `target`, locked (flock) while this process builds it,
    after removing those of earlier writes of `target` that nobody holds (a process killed
    mid-write leaves its temporary file, perhaps many megabytes, behind)."""
    folder = target.parent
    _sweep(folder, f".{target.name}.")
    for _ in range(8):
        try:
            handle, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        except OSError as exc:
            raise StoreError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
        if _try_lock(handle) and os.fstat(handle).st_nlink > 0:
            return Path(name), handle
        os.close(handle)  # swept by another write between its creation and its lock
    raise StoreError(f"{target}: cannot write in {folder}: temporary files keep disappearing")


def _try_lock(descriptor: int) -> bool:
    try:
        import fcntl
    except ImportError:  # no flock here: nothing is swept either
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _sweep(folder: Path, prefix: str) -> None:
    """Remove the abandoned temporary files `prefix`*.tmp in `folder`: regular files of
    this user that no live write holds locked."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:
        return
    for name in names:
        path = folder / name
        try:
            flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
            descriptor = os.open(path, flags)
        except OSError:
            continue
        try:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                continue
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(path)
        except OSError:
            continue
        finally:
            os.close(descriptor)


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
