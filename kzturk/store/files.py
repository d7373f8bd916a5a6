"""The one way kzturk reads a file it did not write: the store, an archived text, a text
given with --text-file.

`read_regular_file` refuses, before reading, what is not a regular file (a folder, a FIFO
that would never end, a device such as /dev/zero or /proc/self/mem) and never reads more
than a limit, so no input can hang kzturk or exhaust its memory. The store's strict JSON
parse is here too: UTF-8 only, no NaN or Infinity, no duplicate keys, document keys that
are plain numbers, every table an object of objects.
"""

from __future__ import annotations

import codecs
import itertools
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kzturk.errors import StoreError, UsageError

ENV_VAR = "KZTURK_DB"
TABLES = ("sources", "facts")
STORE_LIMIT = 2 * 1024**3  # bytes: far beyond any real store (100,000 facts are 120 MB)
TEXT_LIMIT = 16 * 1024**2  # bytes: an archived article, a --text-file
MAX_KEY_DIGITS = 300  # a document number, like every JSON number kzturk reads, stays below 1e308


def read_regular_file(path: Path, *, limit: int, what: str = "file", usage: bool = False) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or one error naming the path
    and the fix: a StoreError, or a UsageError when `usage` (the path came from an option).
    The file is opened without blocking, so a FIFO cannot hang the read, and checked again
    once open, so it cannot be swapped for something else in between."""
    error = UsageError if usage else StoreError
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise error(f"{path}: no such file{_store_hint(what)}") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, not a {what}") from None
    except PermissionError:
        raise error(f"{path}: permission denied; check the file's mode and its folders'") from None
    except OSError as exc:
        raise error(f"{path}: cannot open: {exc.strerror or exc}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{path}: is a directory, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise error(
                f"{path}: not a regular file (a FIFO, socket or device reads as empty or "
                f"endless); point kzturk at a {what}"
            )
        if info.st_size > limit:
            raise error(f"{path}: {info.st_size:,} bytes, more than a {what} may be ({limit:,})")
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(descriptor, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise error(f"{path}: more than a {what} may be ({limit:,} bytes)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(descriptor)


def _store_hint(what: str) -> str:
    return f"; pass --db PATH or set {ENV_VAR}" if what == "facts file" else ""


def read_store_bytes(path: Path) -> bytes:
    """The store's bytes, or a StoreError naming the path and the reason."""
    return read_regular_file(path, limit=STORE_LIMIT, what="facts file")


def require_regular_file(path: Path, *, named: Path | None = None) -> os.stat_result:
    """Refuse, before reading, what is not a regular file (see `read_regular_file`); the
    file's status otherwise. Messages name `named` (the path as given) if not `path`."""
    shown = path if named is None else named
    try:
        status = path.stat()
        mode = status.st_mode
    except FileNotFoundError:
        raise StoreError(f"{shown}: no such file; pass --db PATH or set {ENV_VAR}") from None
    except OSError as exc:
        raise StoreError(f"{shown}: cannot open: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise StoreError(f"{shown}: is a directory, not a facts file")
    if not stat.S_ISREG(mode):
        raise StoreError(
            f"{shown}: not a regular file (a FIFO, socket or device reads as empty or "
            "endless); point --db at a facts.json file"
        )
    return status


def decode_text(raw: bytes, path: Path, *, usage: bool = False) -> str:
    """UTF-8 text (a byte-order mark refused), or one error naming the byte."""
    error = UsageError if usage else StoreError
    if raw.startswith(codecs.BOM_UTF8):
        raise error(f"{path}: starts with a byte-order mark (BOM); save it as UTF-8 without one")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 (byte {exc.start}): save the file as UTF-8") from None


def decode_store_bytes(raw: bytes, path: Path) -> str:
    """The file's text: UTF-8 only, and not empty."""
    text = decode_text(raw, path)
    if not text or text.isspace():  # not text.strip(): that copies the whole file
        raise StoreError(
            f"{path}: the file is empty; it should hold the tables 'sources' and 'facts'"
        )
    return text


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {text[:20]} is too large")
    return value


def _float_sized_int(text: str) -> int:
    if len(text) > 310:
        raise ValueError(f"number {text[:20]}... is too large")
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


def parse_store_text(raw: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Strict JSON: UTF-8 only, no NaN/Infinity, no duplicate keys, the tables present."""
    return parse_store_json(decode_store_bytes(raw, path), path)


def parse_store_json(text: str, path: Path, *, surrogates: bool | None = None) -> dict[str, Any]:
    """`parse_store_text` for text already decoded by `decode_store_bytes`. `surrogates`
    says whether the text may hold surrogate escapes (None: look)."""
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
    check_tables(data, path)
    if surrogates is None:
        surrogates = _may_hold_surrogates(text)
    if surrogates:
        _refuse_lone_surrogates(data, path)
    return data  # type: ignore[no-any-return]


def check_tables(data: object, path: Path) -> None:
    """The store's frame: an object whose every table is an object of objects keyed by
    plain document numbers, with at least 'sources' and 'facts'."""
    if not isinstance(data, dict):
        raise StoreError(
            f"{path}: not a kzturk store: expected an object with 'sources' and 'facts', "
            f"found {type(data).__name__ if data is not None else 'null'}"
        )
    for table in TABLES:
        if not isinstance(data.get(table), dict):
            raise StoreError(
                f"{path}: not a kzturk store: no table {table!r} (an object of records)"
            )
    for table, rows in data.items():
        if not isinstance(rows, dict):
            raise StoreError(
                f"{path}: table {table!r} is not a table (an object of records keyed by "
                "number); fix it by hand, then run kzturk check"
            )
        if _plain_table(rows):
            continue
        for key, row in rows.items():
            if not is_document_key(key):
                raise StoreError(
                    f"{path}: table {table!r}: document key {key!r} is not a number "
                    "(0, 1, 2, ... without leading zeros)"
                )
            if not isinstance(row, dict):
                raise StoreError(f"{path}: table {table!r}: document {key} is not an object")


def _plain_table(rows: dict[str, Any]) -> bool:
    """Whether every key is a document number and every row an object, tested with a few
    calls into C rather than a Python step per row (100,000 facts: 10 ms, not 150)."""
    if not rows:
        return True
    keys = "".join(rows)
    return (
        keys.isascii()
        and keys.isdigit()
        and "" not in rows
        and max(map(len, rows)) <= MAX_KEY_DIGITS
        and sum(map(str.startswith, rows, itertools.repeat("0"))) == ("0" in rows)
        and set(map(type, rows.values())) == {dict}
    )


def is_document_key(key: str) -> bool:
    """A plain decimal number that `int()` reads back to the same key: ASCII digits, no
    leading zero, at most MAX_KEY_DIGITS of them ("١" and "01" are not)."""
    return (
        key.isascii()
        and key.isdigit()
        and len(key) <= MAX_KEY_DIGITS
        and (key[0] != "0" or key == "0")
    )


def _may_hold_surrogates(text: str) -> bool:
    """Whether the JSON text has a \\uD800-\\uDFFF escape at all (then each string is
    looked at): a substring search, no regular expression to compile at start-up."""
    return "\\ud" in text or "\\uD" in text


def _refuse_lone_surrogates(value: Any, path: Path, where: str = "") -> None:
    """Text with an unpaired UTF-16 surrogate (from a JSON escape) cannot be written back as
    UTF-8: refuse it at the door, naming where it is."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise StoreError(
                f"{path}: {where or 'a value'} holds an unpaired surrogate escape "
                "(\\ud800-\\udfff); replace it with the character meant"
            ) from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_lone_surrogates(key, path, where)
            _refuse_lone_surrogates(item, path, f"{where}/{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_lone_surrogates(item, path, f"{where}[{index}]")


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


def one_byte_json_text(text: str) -> str:
    """The same JSON document as text Python holds at one byte a character: every character
    beyond U+00FF written as its \\u escape (what json.dumps(ensure_ascii=True) writes).

    Python's C handler does the work, writing \\uXXXX for U+0100 to U+FFFF, which is JSON
    (a handler of ours, called once for each run of such characters, took seconds on a
    store full of dashes). A character beyond U+FFFF comes out as \\UXXXXXXXX, which JSON
    lacks (it needs a surrogate pair): text holding one, or a "\\U" of its own, goes through
    our handler instead."""
    escaped = text.encode("latin-1", "backslashreplace")
    if b"\\U" in escaped:
        escaped = text.encode("latin-1", "kzturk-json-escape")
    return escaped.decode("latin-1")


def parse_store_file(
    path: Path, *, on_bytes: Callable[[bytes], None] | None = None
) -> dict[str, Any]:
    """Read and parse the store at `path` strictly (the frame only; records are checked by
    the loader), first handing its bytes to `on_bytes` if given (the lookup cache's key).
    A large store with characters beyond U+00FF is parsed from a copy with those escaped
    (`one_byte_json_text`): Python keeps such text at 2 or 4 bytes a character, so this
    halves the text held beside the records while they are built (peak memory) and parses
    to the same records."""
    # The bytes are dropped before parsing, so the file is in memory once, as text. The
    # look for surrogate escapes is made in the bytes: a search of one-byte data, several
    # times faster than in text held at two or four bytes a character.
    raw = read_store_bytes(path)
    if on_bytes is not None:
        on_bytes(raw)
    surrogates = b"\\ud" in raw or b"\\uD" in raw
    text = decode_store_bytes(raw, path)
    del raw
    if len(text) < ASCII_PARSE_ABOVE or text.isascii():
        return parse_store_json(text, path, surrogates=surrogates)
    narrow = one_byte_json_text(text)
    del text
    try:
        return parse_store_json(narrow, path, surrogates=surrogates)
    except StoreError:  # the error as the file has it (positions, say): parse it as is
        del narrow
        return parse_store_json(decode_store_bytes(read_store_bytes(path), path), path)


def read_store_tables(path: Path) -> tuple[str, dict[str, Any]]:
    """The store's text and its tables, strictly parsed, older records given the fields
    added since (`kzturk.model.shape.upgrade_record`): what `kzturk check` and every writer
    read."""
    from kzturk.model.shape import upgrade_tables

    text = decode_store_bytes(read_store_bytes(path), path)
    data = parse_store_json(text, path)
    upgrade_tables(data)
    return text, data
