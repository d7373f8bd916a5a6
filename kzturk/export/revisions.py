"""A version of the store to compare: a file, a git revision, or `REV:path`.

`read_version(spec, store)` reads, in this order:

1. a path to a file that exists (`old-facts.json`);
2. `REV:path`, a file at a revision as git names it (`v0.1:facts.json`, `HEAD~3:data/x.json`;
   the path is from the top of the repository, or from here with `./`);
3. a revision (`HEAD~3`, a tag, a commit) of the repository of the current folder, at the
   path `store` has in it (the store reads use: --db, $KZTURK_DB, else the checkout's).

With neither --db nor $KZTURK_DB, a user in a clone means the clone's store: in a git work
tree whose top folder holds `facts.json`, that file is the store compared (`work_tree_store`),
not the copy installed in the package, which is in no repository.

git is run as a subprocess (`git cat-file blob REV:path`, the bytes `git show REV:path`
prints); a missing git, a folder outside a repository, an unknown revision or path are
usage errors. A store written by an older kzturk reads with the fields added since, empty
(`kzturk.model.shape.upgrade_tables`), so versions of any age compare field by field.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any, NamedTuple

from kzturk.errors import StoreError, UsageError
from kzturk.model.fields import TABLES
from kzturk.model.shape import upgrade_tables
from kzturk.store.files import STORE_LIMIT, decode_store_bytes, parse_store_json, read_regular_file

GIT_TIMEOUT = 120.0  # seconds: a blob of a large store from a packed repository


class Version(NamedTuple):
    """One version of the store: what it is called, and its records by table and id."""

    label: str
    records: dict[str, dict[str, dict[str, Any]]]


# Repository configuration that makes git run a program: a repository one was given (a
# clone of someone else's) must not run anything when kzturk only reads a file from it.
SAFE_GIT_CONFIG: tuple[str, ...] = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=",
    "core.gitProxy=",
    "core.alternateRefsCommand=",
    "credential.helper=",
    "diff.external=",
    "protocol.allow=never",
    "uploadpack.packObjectsHook=",
)
_UNSAFE_ENV = ("GIT_EXTERNAL_DIFF", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_SSH", "GIT_SSH_COMMAND")


def _git(args: list[str], spec: str) -> subprocess.CompletedProcess[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in _UNSAFE_ENV}
    environ |= {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"}
    overrides = [part for setting in SAFE_GIT_CONFIG for part in ("-c", setting)]
    try:
        return subprocess.run(
            ["git", *overrides, *args],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            env=environ,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(
            f"{spec!r} is no file, and git is not installed (or not on PATH) to read it as "
            "a revision; give the path of a store"
        ) from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"{spec!r}: cannot run git: {exc}") from None


def _git_message(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].removeprefix("fatal: ") if lines else f"git exited {result.returncode}"


def repository_root(spec: str) -> Path:
    """The top folder of the repository of the current folder."""
    result = _git(["rev-parse", "--show-toplevel"], spec)
    if result.returncode != 0:
        raise UsageError(
            f"{spec!r} is no file, and {Path.cwd()} is not in a git repository to read it as "
            f"a revision ({_git_message(result)})"
        )
    return Path(result.stdout.decode("utf-8", "surrogateescape").strip())


def work_tree_store() -> Path | None:
    """`facts.json` at the top of the git work tree of the current folder, if there is one."""
    try:
        result = _git(["rev-parse", "--show-toplevel"], "")
    except UsageError:  # no git: no work tree either
        return None
    if result.returncode != 0:
        return None
    top = Path(result.stdout.decode("utf-8", "surrogateescape").strip())
    candidate = top / "facts.json"
    return candidate if candidate.is_file() else None


def git_object(spec: str, store: Path, root: Path) -> str:
    """`REV:path` for `spec`: as given when it names a path, else the store's path in the
    repository (at `root`) at revision `spec`."""
    if ":" in spec:
        return spec
    try:
        inside = os.path.relpath(os.path.realpath(store), os.path.realpath(root))
    except ValueError:  # another drive
        inside = os.pardir
    if inside == os.pardir or inside.startswith(os.pardir + os.sep):
        raise UsageError(
            f"{spec!r}: the store {store} is not in the repository at {root}; "
            f"name the file: {spec}:PATH"
        )
    return f"{spec}:{Path(inside).as_posix()}"


def read_git_blob(spec: str, store: Path) -> tuple[str, bytes]:
    """(`REV:path`, the file's bytes at that revision)."""
    name = git_object(spec, store, repository_root(spec))
    result = _git(["cat-file", "blob", name], spec)
    if result.returncode != 0:
        raise UsageError(
            f"{spec!r}: no such file, and not a file at a revision of this repository "
            f"({_git_message(result)})"
        )
    if len(result.stdout) > STORE_LIMIT:
        raise UsageError(f"{name}: more than a store may be ({STORE_LIMIT:,} bytes)")
    return name, result.stdout


def records_by_id(data: dict[str, Any], label: str) -> dict[str, dict[str, dict[str, Any]]]:
    """Each table's records by their id; a record without one, or an id twice, is a
    StoreError naming the version."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table in TABLES:
        records: dict[str, dict[str, Any]] = {}
        for key, record in (data.get(table) or {}).items():
            record_id = record.get("id")
            if not isinstance(record_id, str) or not record_id:
                raise StoreError(f"{label}: {table}/{key} has no id")
            if record_id in records:
                raise StoreError(f"{label}: {table}/{key}: id {record_id} is there twice")
            records[record_id] = record
        tables[table] = records
    return tables


def parse_version(raw: bytes, label: str) -> Version:
    """The records of a store's bytes, older records given the fields added since."""
    where = Path(label)
    data = parse_store_json(decode_store_bytes(raw, where), where)
    upgrade_tables(data)
    return Version(label, records_by_id(data, label))


def read_version(spec: str, store: Path) -> Version:
    """The version `spec` names (see the module docstring)."""
    given = spec.strip()
    if not given or given.startswith("-"):
        raise UsageError(f"{spec!r} is not a path or a revision")
    try:
        path = Path(given).expanduser()
    except RuntimeError:  # ~user of no such user
        path = Path(given)
    if os.path.lexists(path):
        raw = read_regular_file(path, limit=STORE_LIMIT, what="facts file", usage=True)
        return parse_version(raw, str(path))
    name, raw = read_git_blob(given, store)
    return parse_version(raw, name)


def read_store_version(path: Path) -> Version:
    """The store at `path` (the one reads use, when no NEW is given)."""
    return parse_version(read_regular_file(path, limit=STORE_LIMIT, what="facts file"), str(path))
