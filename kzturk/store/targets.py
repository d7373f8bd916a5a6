"""Where a command may write a file: the one check that every file kzturk writes on a
user's behalf goes through (`-o/--output` of the listings and of `export json|jsonl|csv`,
`export sqlite PATH` and its `--metadata`), before anything is read or written.

Every such file is replaced whole (`kzturk.store.atomic`), so the target must be a regular
file or a new name in a folder that exists:

- `-` is standard output, where the option allows it;
- a symlink is followed and the file it points at is written (the link stays a link);
- a name ending in `/`, or naming a folder, is refused (it is a folder, not a file);
- anything but a regular file (a device such as /dev/null, a FIFO, a socket, a link into
  /proc/self/fd/) is refused: replacing it would destroy it, or bypass the reader;
- the store being read is refused, however it is spelled (`sub/../facts.json`, a link).

Refusals are usage errors (exit 2) naming the option, the path and the fix.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kzturk.errors import UsageError
from kzturk.store.paths import user_path


def file_target(given: str, option: str, *, dash: bool = True) -> Path | None:
    """The real path of the file `given` names, ready to be replaced whole; None for
    standard output (`-`, when `dash`)."""
    if dash and given == "-":
        return None
    if not given.strip():
        raise UsageError(f"{option} needs a file name, e.g. {option} out.json")
    path = user_path(given, option)
    shown = f"{option} {given}"
    if os.path.basename(given) in ("", ".", ".."):
        if path.is_dir():
            raise UsageError(f"{shown} is a folder; name a file in it, e.g. {path / 'out.json'}")
        raise UsageError(
            f"{shown} names a folder (it ends with '/', '.' or '..'); name a file instead"
        )
    try:
        status: os.stat_result | None = os.stat(path)  # links followed, /proc's too
    except FileNotFoundError:
        status = None
    except NotADirectoryError:
        raise UsageError(f"{shown}: the folder {path.parent} is not a folder") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot use it: {exc.strerror or exc}") from None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise UsageError(f"{shown} is a folder; name a file in it, e.g. {path / 'out.json'}")
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise UsageError(
            f"{shown} is not a regular file (a device, a FIFO or a socket); "
            f"redirect instead: > {given}"
        )
    real = Path(os.path.realpath(path))
    if _descriptor_link(path) or _is_descriptor_path(str(real)):
        raise UsageError(
            f"{shown} leads to an open file descriptor, not a file; redirect instead: > {given}"
        )
    folder = real.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"{shown}: the folder {folder} {what}")
    return real


_DESCRIPTORS = ("/proc/", "/dev/fd/", "/dev/stdin", "/dev/stdout", "/dev/stderr")


def _is_descriptor_path(text: str) -> bool:
    return text.startswith(_DESCRIPTORS) or text in ("/proc", "/dev/fd")


def _descriptor_link(path: Path) -> bool:
    """Whether following `path`'s symlinks passes through /proc/.../fd or /dev/fd: a link
    to a process's open file, which a replacement would cut off from its reader."""
    current = os.path.abspath(path)
    for _ in range(40):
        if _is_descriptor_path(current):
            return True
        try:
            link = os.readlink(current)
        except OSError:
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return False


def is_same_path(one: Path, other: Path) -> bool:
    """Whether two paths are one file however spelled: the same real path, or (for two
    existing files) the same device and inode."""
    try:
        if os.path.realpath(one) == os.path.realpath(other):
            return True
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


def file_mode(path: Path, default: int = 0o644) -> int:
    """The permission bits a replacement of `path` keeps: those of the file it replaces,
    else `default`."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return default
