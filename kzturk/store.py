"""Load (and write) facts.json through TinyDB, refusing anything that is not a valid store.

A read never creates, truncates or rewrites the file: a missing, empty or broken store is an
error naming the path, never an empty store. The file is two TinyDB tables, `sources` and
`facts`, keyed by TinyDB document ids; a fact's document id is the number in its id (F123 → 123).
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
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
    result = dict(pairs)  # in C; a key seen twice shows as a shorter dict
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r} in one object")
            seen.add(key)
    return result


def decode_store_bytes(raw: bytes, path: Path) -> str:
    """The file's text: UTF-8 only, and not empty."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StoreError(f"{path}: not UTF-8 (byte {exc.start}): save the file as UTF-8") from None
    if not text or text.isspace():  # not text.strip(): that copies the whole file
        raise StoreError(
            f"{path}: the file is empty; it should hold the tables 'sources' and 'facts'"
        )
    return text


def parse_store_text(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Strict JSON: UTF-8 only, no NaN/Infinity, no duplicate keys, the two tables present."""
    return parse_store_json(decode_store_bytes(raw, path), path)


def parse_store_json(text: str, path: Path) -> dict[str, dict[str, Any]]:
    """`parse_store_text` for text already decoded by `decode_store_bytes`."""
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


ASCII_PARSE_ABOVE = 4 * 1024 * 1024  # characters


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the unencodable characters as JSON \\u escapes."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escapes = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escapes.append(f"\\u{0xD800 | code >> 10:04x}\\u{0xDC00 | code & 0x3FF:04x}")
        else:
            escapes.append(f"\\u{code:04x}")
    return "".join(escapes), error.end


codecs.register_error("kzturk-json-escape", _json_escape)


def read_store_bytes(path: Path) -> bytes:
    """The store's bytes, or a StoreError naming the path and the reason."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file; pass --db PATH or set {ENV_VAR}") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory, not a facts file") from None
    except PermissionError:
        raise StoreError(f"{path}: permission denied; check the file's mode") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None


class ReadOnlyJSONStorage(Storage):
    """A TinyDB storage that reads strictly and never writes (TinyDB's own JSONStorage
    creates missing files and would treat an empty file as an empty database)."""

    def __init__(self, path: str) -> None:
        self._path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None

    def read(self) -> dict[str, dict[str, Any]]:
        """The parsed file, read once: TinyDB reads the storage again for every table it
        opens, and the file cannot change under a read-only storage."""
        if self._data is None:
            # The bytes are dropped before parsing, so the file is in memory once, as text.
            text = decode_store_bytes(self._read_bytes(), self._path)
            if len(text) < ASCII_PARSE_ABOVE or text.isascii():
                self._data = parse_store_json(text, self._path)
                return self._data
            # A large store is parsed from an ASCII copy, its other characters written as
            # JSON escapes: Python keeps text with a character beyond U+00FF at 2 or 4 bytes a
            # character, so this halves the text held beside the records while they are built
            # (peak memory) and parses to the same records.
            escaped = text.encode("ascii", "kzturk-json-escape")
            del text
            text = escaped.decode("ascii")
            del escaped
            try:
                self._data = parse_store_json(text, self._path)
            except StoreError:  # the error as the file has it (positions, say): parse it as is
                del text
                self._data = parse_store_json(
                    decode_store_bytes(self._read_bytes(), self._path), self._path
                )
        return self._data

    def _read_bytes(self) -> bytes:
        return read_store_bytes(self._path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(f"{self._path}: opened read-only")


class Store:
    """All sources and facts of one file, validated. (A plain class, not a dataclass: a
    dataclass costs about a millisecond to define, at every start of the command line.)"""

    __slots__ = ("_by_id", "facts", "path", "sources")

    def __init__(
        self,
        path: Path,
        sources: dict[str, Source],
        facts: list[Fact],
        _by_id: dict[str, Fact] | None = None,
    ) -> None:
        self.path = path
        self.sources = sources
        self.facts = facts
        self._by_id = {} if _by_id is None else _by_id

    def __repr__(self) -> str:
        return f"Store(path={self.path!r}, {len(self.sources)} sources, {len(self.facts)} facts)"

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
        # The tables as the storage parsed them, keyed by document id: `Table.all()` would
        # copy every record into a `Document` (0.4 s for 100,000 facts) for a `doc_id` that
        # only error messages use.
        tables = db.storage.read()
    problems: list[str] = []
    sources: dict[str, Source] = {}
    for doc_id, row in tables["sources"].items():
        record = cast(dict[str, object], row)
        shape = source_shape_problems(record)
        if shape:
            where = f"source {record.get('id', '?')} (sources/{doc_id})"
            problems += [f"{where}: {p}" for p in shape]
        if isinstance(record.get("id"), str):
            if record["id"] in sources:
                problems.append(f"source {record['id']} (sources/{doc_id}): duplicate source id")
            sources[cast(str, record["id"])] = cast(Source, row)
    facts: list[Fact] = []
    by_id: dict[str, Fact] = {}
    for doc_id, row in tables["facts"].items():
        record = cast(dict[str, object], row)
        shape = fact_shape_problems(record)
        if shape:
            where = f"fact {record.get('id', '?')} (facts/{doc_id})"
            problems += [f"{where}: {p}" for p in shape]
            continue
        fact = cast(Fact, row)
        if fact["id"] in by_id:
            problems.append(f"fact {fact['id']} (facts/{doc_id}): duplicate fact id")
        for ref in fact["sources"]:
            if ref["source"] not in sources:
                problems.append(
                    f"fact {fact['id']} (facts/{doc_id}): cites source {ref['source']!r}, "
                    "which is not in the store"
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
