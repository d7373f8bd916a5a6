"""Load (and write) facts.json through TinyDB, refusing anything that is not a valid store.

A read never creates, truncates or rewrites the file: a missing, empty or broken store is an
error naming the path, never an empty store. The file is two TinyDB tables, `sources` and
`facts`, keyed by TinyDB document ids; a fact's document id is the number in its id (F123 → 123).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tinydb import TinyDB
from tinydb.storages import Storage

from kzturk.errors import StoreError
from kzturk.model import Fact, Source, fact_shape_problems, source_shape_problems

ENV_VAR = "KZTURK_DB"
TABLES = ("sources", "facts")
_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_store_path() -> Path:
    """The facts.json shipped in the wheel, or the checkout's own when run from source."""
    installed = _PACKAGE_DIR / "facts.json"
    return installed if installed.is_file() else _PACKAGE_DIR.parent / "facts.json"


def resolve_store_path(option: str | None) -> Path:
    """`--db` wins over $KZTURK_DB, which wins over the bundled store."""
    chosen = option or os.environ.get(ENV_VAR) or None
    return Path(chosen).expanduser() if chosen else bundled_store_path()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:20]} is too large")
    return value


def _float_sized_int(text: str) -> int:
    value = int(text)
    if abs(value) > 10**308:
        raise ValueError(f"number {text[:20]}... is too large")
    return value


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in one object")
        result[key] = value
    return result


def parse_store_text(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Strict JSON: UTF-8 only, no NaN/Infinity, no duplicate keys, the two tables present."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(f"{path}: not UTF-8 (byte {exc.start}): save the file as UTF-8") from None
    if not text.strip():
        raise StoreError(
            f"{path}: the file is empty; it should hold the tables 'sources' and 'facts'"
        )
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
            parse_int=_float_sized_int,
            object_pairs_hook=_reject_duplicate_keys,
        )
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    except ValueError as exc:
        raise StoreError(f"{path}: invalid JSON: {exc}") from None
    except RecursionError:
        raise StoreError(f"{path}: invalid store: JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise StoreError(
            f"{path}: not a kzturk store: expected an object with 'sources' and 'facts', "
            f"found {type(data).__name__ if data is not None else 'null'}"
        )
    for table in TABLES:
        rows = data.get(table)
        if not isinstance(rows, dict):
            raise StoreError(
                f"{path}: not a kzturk store: no table {table!r} (an object of records)"
            )
        for key, row in rows.items():
            if not key.isdigit():
                raise StoreError(f"{path}: table {table!r}: document key {key!r} is not a number")
            if not isinstance(row, dict):
                raise StoreError(f"{path}: table {table!r}: document {key} is not an object")
    return data


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads strictly and never writes (TinyDB's own JSONStorage
    creates missing files and would treat an empty file as an empty database)."""

    def __init__(self, path: str) -> None:
        self._path = Path(path)

    def read(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            raise StoreError(
                f"{self._path}: no such file; pass --db PATH or set {ENV_VAR}"
            ) from None
        except IsADirectoryError:
            raise StoreError(f"{self._path}: is a directory, not a facts file") from None
        except PermissionError:
            raise StoreError(f"{self._path}: permission denied; check the file's mode") from None
        except OSError as exc:
            raise StoreError(f"{self._path}: cannot read: {exc.strerror}") from None
        return parse_store_text(raw, self._path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(f"{self._path}: opened read-only")


@dataclass(frozen=True)
class Store:
    """All sources and facts of one file, validated."""

    path: Path
    sources: dict[str, Source]
    facts: list[Fact]
    _by_id: dict[str, Fact] = field(default_factory=dict, repr=False)

    def fact(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    def __iter__(self) -> Iterator[Fact]:
        return iter(self.facts)


def require_regular_file(path: Path) -> None:
    """Refuse, before reading, what is not a regular file: a folder, a device that never
    ends (/dev/zero), a path below a file, a folder that cannot be entered."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file; pass --db PATH or set {ENV_VAR}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot open: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"{path}: is a directory, not a facts file")
    if not stat.S_ISREG(mode):
        raise StoreError(
            f"{path}: not a regular file (a device reads as empty or endless); "
            "point --db at a facts.json file"
        )


def load_store(path: Path) -> Store:
    """Read and validate a store; raise StoreError with the path and the first problem."""
    require_regular_file(path)
    with TinyDB(str(path), storage=ReadOnlyJSONStorage) as db:
        source_rows = db.table("sources").all()
        fact_rows = db.table("facts").all()
    problems: list[str] = []
    sources: dict[str, Source] = {}
    for row in source_rows:
        record = cast(dict[str, object], row)
        where = f"source {record.get('id', '?')} (sources/{row.doc_id})"
        problems += [f"{where}: {p}" for p in source_shape_problems(record)]
        if isinstance(record.get("id"), str):
            if record["id"] in sources:
                problems.append(f"{where}: duplicate source id")
            sources[cast(str, record["id"])] = cast(Source, row)
    facts: list[Fact] = []
    by_id: dict[str, Fact] = {}
    for row in fact_rows:
        record = cast(dict[str, object], row)
        where = f"fact {record.get('id', '?')} (facts/{row.doc_id})"
        shape = fact_shape_problems(record)
        problems += [f"{where}: {p}" for p in shape]
        if shape:
            continue
        fact = cast(Fact, row)
        if fact["id"] in by_id:
            problems.append(f"{where}: duplicate fact id")
        for ref in fact["sources"]:
            if ref["source"] not in sources:
                problems.append(
                    f"{where}: cites source {ref['source']!r}, which is not in the store"
                )
        by_id[fact["id"]] = fact
        facts.append(fact)
    if problems:
        more = f" (and {len(problems) - 1} more; run 'kzturk check')" if len(problems) > 1 else ""
        raise StoreError(f"{path}: {problems[0]}{more}")
    return Store(path=path, sources=sources, facts=facts, _by_id=by_id)


def _sorted_record(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted_record(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_record(item) for item in value]
    return value


def canonical_text(data: dict[str, dict[str, Any]]) -> str:
    """The one way a store is written: tables by name, documents by number, keys sorted,
    two-space indent, UTF-8 unescaped, one trailing newline, so a new fact is a clean diff."""
    ordered = {
        table: {key: _sorted_record(data[table][key]) for key in sorted(data[table], key=int)}
        for table in sorted(data)
    }
    return json.dumps(ordered, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


LOCK_TIMEOUT_SECONDS = 10.0


def is_installed_copy(path: Path) -> bool:
    """True for the facts.json inside an installed package, which is never written."""
    return path.resolve() == (_PACKAGE_DIR / "facts.json").resolve()


def store_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Any:
    """The lock every writer holds for its whole read-modify-write (a `filelock.FileLock`)."""
    from filelock import FileLock

    return FileLock(str(path) + ".lock", timeout=timeout)


def write_store_text(path: Path, text: str) -> None:
    """Replace the store atomically: temp file in the same folder, fsync, os.replace.

    A crash at any point leaves either the old file or the new one, never a mix. The caller
    holds `store_lock(path)`.
    """
    import tempfile

    if is_installed_copy(path):
        raise StoreError(
            f"{path}: the store inside the installed package is read-only; "
            "copy it and pass --db PATH (or set KZTURK_DB)"
        )
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"{path}: folder {folder} does not exist")
    try:
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{path}: cannot write in {folder}: {exc.strerror}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"{path}: write failed, the store is unchanged: {exc.strerror}") from None
    try:
        directory = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def rewrite_canonical(path: Path) -> bool:
    """Rewrite the store in canonical form under the lock; False when it already was."""
    from filelock import Timeout

    require_regular_file(path)
    # A broken store is refused, and a canonical one left alone, before any lock file is made.
    raw = path.read_bytes()
    if raw.decode("utf-8", errors="replace") == canonical_text(parse_store_text(raw, path)):
        return False
    try:
        with store_lock(path):
            raw = path.read_bytes()
            data = parse_store_text(raw, path)
            text = canonical_text(data)
            if raw.decode("utf-8") == text:
                return False
            write_store_text(path, text)
            return True
    except Timeout:
        raise StoreError(f"{path}: another kzturk is writing it; try again in a moment") from None
