"""Curation: add sources and facts, correct and retract facts, and never damage the store.

This is the library behind `kzturk add`, `kzturk edit`, `kzturk retract` and
`kzturk source add`; scripts can call it directly. Every change is one locked
read-modify-write of the whole file:

1. the store's lock (`store.store_lock`, a `filelock` beside the store) is taken for the
   whole read-modify-write; a second writer waits up to `lock_timeout()` seconds and then
   fails with a StoreError instead of waiting forever;
2. the file is read and parsed strictly, and the change is applied to the parsed tables;
3. the result is validated with the rules of `kzturk check`: a change that would add any
   problem (unknown vocabulary, a bad date, an unknown source, a quote that is not in the
   source's archived text, a duplicate summary, ...) is refused and nothing is written;
   problems the store already had do not block unrelated changes;
4. the canonical text (`store.canonical_text`) goes to a temporary file in the same folder,
   which is flushed, fsynced and moved over the store with `os.replace`
   (`store.write_store_text`): a crash at any moment leaves the old file or the new one.

Fact ids are never reused: a third table, `meta`, keeps the highest number ever given out
(document "1": {"last_fact_number": N}), and a new fact gets
max(counter, highest number in the store) + 1.

Nothing here imports typer or rich; errors are `UsageError` (the change is wrong) or
`StoreError` (the file cannot be read, locked or written).
"""

from __future__ import annotations

import copy
import math
import os
import re
import stat
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from kzturk.dates import DateFormatError, parse_partial_date
from kzturk.errors import StoreError, UsageError
from kzturk.model import (
    FACT_FIELDS,
    KINDS,
    METRICS,
    RELATIONS,
    SECTORS,
    SOURCE_FIELDS,
    STATUSES,
    Fact,
    Source,
)
from kzturk.store import (
    ENV_VAR,
    LOCK_TIMEOUT_SECONDS,
    TABLES,
    canonical_text,
    is_installed_copy,
    parse_store_text,
    read_store_bytes,
    store_lock,
    write_store_text,
)

LOCK_TIMEOUT_ENV = "KZTURK_LOCK_TIMEOUT"
META_TABLE = "meta"
META_DOCUMENT = "1"
COUNTER_KEY = "last_fact_number"

SOURCE_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
FACT_ID_PATTERN = re.compile(r"F(\d+)")
_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_STORE = _PACKAGE_DIR.parent / "facts.json"
_ALLOWED_CONTROLS = frozenset("\t\n")

# Fields a curator gives when adding a fact; `id` and `retracted` are kzturk's to set.
REQUIRED_FACT_FIELDS: tuple[str, ...] = ("kind", "sectors", "summary", "sources")
EDITABLE_FACT_FIELDS: tuple[str, ...] = tuple(
    name for name in FACT_FIELDS if name not in ("id", "retracted")
)
LIST_FACT_FIELDS: tuple[str, ...] = ("sectors", "parties", "values", "sources", "links")

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a change did: the record as stored, and whether the file was written."""

    path: Path
    record: T
    written: bool
    """False for a dry run, and for an edit that changes nothing."""
    reformatted: bool = False
    """The store was not in canonical format before; this write also reformatted it."""
    changed: tuple[str, ...] = ()
    """The fields an edit changed."""
    archived: Path | None = None
    """The archived text `add_source` wrote (None when it was already there)."""


# ---- where writes go ------------------------------------------------------------------------


def lock_timeout() -> float:
    """Seconds a writer waits for another one: $KZTURK_LOCK_TIMEOUT, else 10."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not raw:
        return LOCK_TIMEOUT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"{LOCK_TIMEOUT_ENV}={raw!r} is not a number of seconds, e.g. 30")
    return value


def _is_writable(path: Path) -> bool:
    """Write permission, and for root (whom os.access never refuses) the mode's write bits."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def writable_store_path(path: Path) -> Path:
    """`path` if kzturk may write it; otherwise a StoreError that says what to do.

    Writes go to the store that reads use (--db, $KZTURK_DB, else the checkout's facts.json),
    never to the copy inside an installed package, and never create a store from nothing.
    """
    if is_installed_copy(path):
        raise StoreError(
            f"{path}: the store inside the installed package is read-only; copy it "
            f"(cp {path} facts.json) and pass --db facts.json (or set {ENV_VAR})"
        )
    folder = path.parent
    if not folder.is_dir():
        raise StoreError(f"{path}: folder {folder} does not exist; pass --db PATH of a store")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a facts file")
    if not path.exists():
        raise StoreError(
            f"{path}: no such file; pass --db PATH or set {ENV_VAR} (a new store starts as "
            '{"facts": {}, "sources": {}})'
        )
    if not _is_writable(path):
        raise StoreError(f"{path}: the file is read-only; to change it: chmod u+w {path}")
    if not _is_writable(folder):
        raise StoreError(
            f"{path}: folder {folder} is read-only, and a safe write creates its new file "
            f"there; to change the store: chmod u+w {folder}"
        )
    return path


def archive_folder(store_path: Path) -> Path:
    """Where `add_source` archives a new source's text.

    `archive/` beside the store, except for the checkout's own facts.json, whose texts live
    in the package (kzturk/archive/) so that they ship in the wheel. `check.find_archive`
    looks in both places.
    """
    from kzturk.check import PACKAGE_ARCHIVE

    if store_path.resolve() == _CHECKOUT_STORE.resolve():
        return PACKAGE_ARCHIVE
    return store_path.parent / "archive"


# ---- the locked read-modify-write -----------------------------------------------------------


@dataclass
class _Session:
    """One locked change: the store's path, its tables as read, and the copy to change."""

    path: Path
    original: dict[str, dict[str, Any]]
    data: dict[str, dict[str, Any]]
    created: list[Path] = field(default_factory=list)
    """Files the change created (an archived text), removed again if it is not written."""


@contextmanager
def _locked(path: Path, timeout: float | None) -> Iterator[None]:
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


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed writer left behind. Only the lock holder makes them, so while we
    hold the lock every one of them is an orphan."""
    folders = [(path.parent, f".{path.name}.*.tmp"), (archive_folder(path), ".*.txt.*.tmp")]
    for folder, pattern in folders:
        with suppress(OSError):
            for orphan in folder.glob(pattern):
                with suppress(OSError):
                    orphan.unlink()


def _check_extra_tables(data: dict[str, Any], path: Path) -> None:
    """Tables beyond sources and facts (TinyDB allows any) must still be TinyDB tables, or
    the canonical writer could not order them."""
    for table, rows in data.items():
        if table in TABLES:
            continue
        if not isinstance(rows, dict) or not all(
            isinstance(key, str) and key.isdigit() and isinstance(row, dict)
            for key, row in rows.items()
        ):
            raise StoreError(
                f"{path}: table {table!r} is not a TinyDB table (documents keyed by number); "
                "fix it by hand, then run kzturk check"
            )


def _problems(data: dict[str, dict[str, Any]], path: Path) -> list[Any]:
    from kzturk.check import check_data

    try:
        return check_data(data, path)
    except (ValueError, TypeError, AttributeError) as exc:
        raise StoreError(
            f"{path}: the store has a record kzturk check cannot read ({exc}); "
            "fix it by hand, then run kzturk check"
        ) from None


def _new_problems(session: _Session) -> list[str]:
    """The problems `kzturk check` would find after the change and not before it, one
    "record: problem; problem" entry per record."""
    before = Counter(_problems(session.original, session.path))
    added: dict[str, list[str]] = {}
    for problem in _problems(session.data, session.path):
        if before[problem] > 0:
            before[problem] -= 1
        else:
            added.setdefault(problem.record, []).append(problem.message)
    return [f"{record}: {'; '.join(messages)}" for record, messages in added.items()]


def _known_sources(data: Mapping[str, Any], refs: Iterable[Mapping[str, Any]]) -> None:
    """Every cited source must be in the store: a friendlier message than check's."""
    known = [str(source.get("id")) for source in data["sources"].values()]
    for ref in refs:
        if ref["source"] not in known:
            from kzturk.query import closest_matches

            near = closest_matches(ref["source"], known)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise UsageError(
                f"unknown source {ref['source']!r}.{hint} Add a new article first with "
                "kzturk source add"
            )


def _apply(
    path: Path,
    change: Callable[[_Session], T],
    *,
    dry_run: bool,
    timeout: float | None,
) -> tuple[T, bool, bool]:
    """Run `change` on the store's tables under the lock, validate, write atomically.

    Returns what `change` returned, whether the file was written and whether it was not
    canonical before.
    """
    path = writable_store_path(path)
    import kzturk.schema  # noqa: F401  (pydantic is slow to import: not while holding the lock)

    with _locked(path, timeout):
        _remove_stale_temp_files(path)
        raw = read_store_bytes(path)
        original = parse_store_text(raw, path)
        _check_extra_tables(original, path)
        session = _Session(path=path, original=original, data=copy.deepcopy(original))
        try:
            result = change(session)
            old_text = canonical_text(original)
            new_text = canonical_text(session.data)
            if new_text == old_text:
                _remove_created(session)
                return result, False, False
            problems = _new_problems(session)
            if problems:
                raise UsageError(
                    f"would not pass kzturk check: {' | '.join(problems)} (nothing was written)"
                )
            if dry_run:
                _remove_created(session)
                return result, False, False
            write_store_text(path, new_text)
        except BaseException:
            _remove_created(session)
            raise
        return result, True, raw.decode("utf-8") != old_text


def _remove_created(session: _Session) -> None:
    for created in session.created:
        with suppress(OSError):
            created.unlink()
    session.created.clear()


# ---- cleaning what a curator typed ----------------------------------------------------------


def _text(name: str, value: object, *, required: bool) -> str | None:
    """Stripped text; None for empty optional text. Control characters (other than tab and
    newline) and text that is not valid Unicode are refused."""
    if value is None:
        if required:
            raise UsageError(f"{name} is required")
        return None
    if not isinstance(value, str):
        raise UsageError(f"{name} must be text, not {type(value).__name__}")
    for char in value:
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise UsageError(f"{name} is not valid UTF-8 text; retype it or fix the terminal")
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            raise UsageError(f"{name} contains the control character U+{ord(char):04X}; remove it")
    text = value.strip()
    if not text:
        if required:
            raise UsageError(f"{name} is empty")
        return None
    return text


def _required_text(name: str, value: object) -> str:
    return cast(str, _text(name, value, required=True))


def _word(name: str, value: object, choices: Sequence[str], *, required: bool) -> str | None:
    text = _text(name, value, required=required)
    if text is None:
        return None
    word = text.casefold()
    if word not in choices:
        from kzturk.query import closest_matches

        near = closest_matches(word, choices)
        hint = f" Did you mean {near[0]!r}?" if near else ""
        raise UsageError(f"{name}: unknown value {text!r}.{hint} Valid: {', '.join(choices)}")
    return word


def _partial_date(name: str, value: object) -> str | None:
    text = _text(name, value, required=False)
    if text is None:
        return None
    try:
        return parse_partial_date(text).iso()
    except DateFormatError as exc:
        raise UsageError(f"{name}: {exc}") from None


def _date_or_range(name: str, value: object) -> str | None:
    """A partial date, or START/END (a period such as 2023-01/2023-09)."""
    text = _text(name, value, required=False)
    if text is None:
        return None
    parts = [part.strip() for part in text.split("/")]
    if len(parts) > 2:
        raise UsageError(f"{name}: {text!r} is not a date or a START/END range")
    dates = [cast(str, _partial_date(name, part)) for part in parts]
    if len(dates) == 2 and parse_partial_date(dates[0]).start > parse_partial_date(dates[1]).end:
        raise UsageError(f"{name}: {text!r} ends before it starts")
    return "/".join(dates)


def _number(name: str, value: object) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{name} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise UsageError(f"{name} must be a finite number, not {value!r}")
    return plain_number(value)


def plain_number(value: float) -> int | float:
    """295000000.0 → 295000000, so the JSON holds the number as a curator would write it."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _list(name: str, value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise UsageError(f"{name} must be a list")
    return list(value)


def _unique(items: Iterable[T]) -> list[T]:
    seen: list[T] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def normalise_fact_id(value: str) -> str:
    """'f101 ' → 'F101'."""
    return value.strip().upper()


def _value(index: int, item: object) -> dict[str, Any]:
    name = f"values[{index}]"
    if not isinstance(item, Mapping):
        raise UsageError(f"{name} must be {{amount, currency, unit}}")
    unknown = set(item) - {"amount", "currency", "unit"}
    if unknown:
        raise UsageError(f"{name} has unknown key {sorted(unknown)[0]!r}")
    amount = _number(f"{name}.amount", item.get("amount"))
    if amount is None:
        raise UsageError(f"{name} needs an amount")
    currency = _text(f"{name}.currency", item.get("currency"), required=False)
    return {
        "amount": amount,
        "currency": currency.upper() if currency else None,
        "unit": _text(f"{name}.unit", item.get("unit"), required=False),
    }


def _source_ref(index: int, item: object) -> dict[str, Any]:
    name = f"sources[{index}]"
    if not isinstance(item, Mapping):
        raise UsageError(f"{name} must be {{source, quote}}")
    unknown = set(item) - {"source", "quote"}
    if unknown:
        raise UsageError(f"{name} has unknown key {sorted(unknown)[0]!r}")
    source = _required_text(f"{name}.source", item.get("source")).casefold()
    return {"source": source, "quote": _required_text(f"quote for {source}", item.get("quote"))}


def _link(index: int, item: object) -> dict[str, Any]:
    name = f"links[{index}]"
    if not isinstance(item, Mapping):
        raise UsageError(f"{name} must be {{fact, relation}}")
    unknown = set(item) - {"fact", "relation"}
    if unknown:
        raise UsageError(f"{name} has unknown key {sorted(unknown)[0]!r}")
    return {
        "fact": normalise_fact_id(_required_text(f"{name}.fact", item.get("fact"))),
        "relation": _word(f"{name}.relation", item.get("relation"), RELATIONS, required=True),
    }


_OPTIONAL_TEXT_FIELDS = ("date_note", "direction", "announced_by")


def clean_fact_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check and tidy the fields a curator gave (any subset of the editable ones): strip
    text, lower-case vocabulary, plain numbers; raise UsageError naming the first bad one.
    Whether the fact as a whole is valid is decided later, with `kzturk check`'s rules."""
    unknown = [name for name in fields if name not in EDITABLE_FACT_FIELDS]
    if unknown:
        name = unknown[0]
        if name in ("id", "retracted"):
            what = "ids are given out by kzturk" if name == "id" else "use retract_fact"
            raise UsageError(f"{name!r} cannot be set directly: {what}")
        raise UsageError(f"unknown fact field {name!r}; fields: {', '.join(EDITABLE_FACT_FIELDS)}")
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "kind":
            cleaned[name] = _word("kind", value, KINDS, required=True)
        elif name == "status":
            cleaned[name] = _word("status", value, STATUSES, required=False)
        elif name == "metric":
            cleaned[name] = _word("metric", value, METRICS, required=False)
        elif name == "sectors":
            cleaned[name] = _unique(
                _word("sector", item, SECTORS, required=True) for item in _list(name, value)
            )
        elif name == "summary":
            cleaned[name] = _required_text("summary", value)
        elif name == "date":
            cleaned[name] = _partial_date("date", value)
        elif name in ("period", "deadline"):
            cleaned[name] = _date_or_range(name, value)
        elif name in _OPTIONAL_TEXT_FIELDS:
            cleaned[name] = _text(name, value, required=False)
        elif name in ("amount_usd", "change_pct"):
            cleaned[name] = _number(name, value)
        elif name == "parties":
            parties = (_text("party", item, required=False) for item in _list(name, value))
            cleaned[name] = _unique(party for party in parties if party)
        elif name == "values":
            cleaned[name] = [_value(i, item) for i, item in enumerate(_list(name, value), 1)]
        elif name == "sources":
            refs = [_source_ref(i, item) for i, item in enumerate(_list(name, value), 1)]
            cleaned[name] = _unique(refs)
        elif name == "links":
            cleaned[name] = _unique(_link(i, item) for i, item in enumerate(_list(name, value), 1))
    return cleaned


def _fact_record(number: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {
        name: [] if name in LIST_FACT_FIELDS else None for name in FACT_FIELDS
    }
    record.update(fields)
    record["id"] = format_fact_id(number)
    record["retracted"] = None
    return record


# ---- fact ids -------------------------------------------------------------------------------


def format_fact_id(number: int) -> str:
    """7 → 'F007', 1234 → 'F1234'."""
    return f"F{number:03d}"


def _counter(data: Mapping[str, Any], path: Path) -> int:
    meta = data.get(META_TABLE) or {}
    document = meta.get(META_DOCUMENT) or {}
    value = document.get(COUNTER_KEY, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StoreError(
            f"{path}: {META_TABLE}/{META_DOCUMENT}: {COUNTER_KEY} must be a whole number, "
            f"not {value!r}; fix it by hand"
        )
    return value


def highest_fact_number(data: Mapping[str, Any]) -> int:
    """The highest number among the facts' document keys and ids (0 for no facts)."""
    numbers = [0]
    for key, fact in data["facts"].items():
        numbers.append(int(key))
        match = FACT_ID_PATTERN.fullmatch(str(fact.get("id", "")))
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers)


def next_fact_number(data: Mapping[str, Any], path: Path = Path("facts.json")) -> int:
    """The number of the next new fact: never one given out before, even if deleted since."""
    return max(_counter(data, path), highest_fact_number(data)) + 1


def next_fact_id(path: Path) -> str:
    """The id the next `add_fact` on this store will give (without the lock: a hint only)."""
    data = parse_store_text(read_store_bytes(path), path)
    return format_fact_id(next_fact_number(data, path))


def find_fact(data: Mapping[str, Any], fact_id: str) -> tuple[str, dict[str, Any]]:
    """The document key and record of a fact; UsageError with suggestions if unknown."""
    for key, fact in data["facts"].items():
        if fact.get("id") == fact_id:
            return key, fact
    from kzturk.query import closest_matches

    known = [str(fact.get("id")) for fact in data["facts"].values()]
    near = closest_matches(fact_id, known)
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    raise UsageError(f"unknown fact id {fact_id!r}.{hint}")


# ---- the changes ----------------------------------------------------------------------------


def add_fact(
    path: Path,
    fields: Mapping[str, Any],
    *,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Fact]:
    """Add a new fact with a fresh id; return it as stored.

    `fields` holds the fact's fields except `id` and `retracted`; `kind`, `sectors`,
    `summary` and `sources` are required, the rest default to null or [].
    """
    cleaned = clean_fact_fields(fields)
    missing = [name for name in REQUIRED_FACT_FIELDS if not cleaned.get(name)]
    if missing:
        raise UsageError(f"a new fact needs {', '.join(missing)}")

    def change(session: _Session) -> dict[str, Any]:
        _known_sources(session.data, cleaned["sources"])
        number = next_fact_number(session.data, session.path)
        record = _fact_record(number, cleaned)
        session.data["facts"][str(number)] = record
        meta = session.data.setdefault(META_TABLE, {})
        meta[META_DOCUMENT] = {**meta.get(META_DOCUMENT, {}), COUNTER_KEY: number}
        return record

    record, written, reformatted = _apply(path, change, dry_run=dry_run, timeout=timeout)
    return Outcome(path, cast(Fact, record), written, reformatted)


def edit_fact(
    path: Path,
    fact_id: str,
    changes: Mapping[str, Any],
    *,
    append: Mapping[str, Sequence[Any]] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Fact]:
    """Correct a fact: `changes` replaces fields (lists whole; None or "" clears an optional
    field), `append` adds items to list fields (e.g. {"sources": [{source, quote}]})."""
    fact_id = normalise_fact_id(fact_id)
    cleaned = clean_fact_fields(changes)
    extra = {name: list(items) for name, items in (append or {}).items()}
    not_lists = [name for name in extra if name not in LIST_FACT_FIELDS]
    if not_lists:
        raise UsageError(f"only list fields can be appended to, not {not_lists[0]!r}")
    cleaned_extra = clean_fact_fields(extra)
    if not cleaned and not any(cleaned_extra.values()):
        raise UsageError(f"nothing to change in {fact_id}: give at least one field")

    def change(session: _Session) -> tuple[dict[str, Any], tuple[str, ...]]:
        key, fact = find_fact(session.data, fact_id)
        _known_sources(
            session.data, [*cleaned.get("sources", []), *cleaned_extra.get("sources", [])]
        )
        updated = {**fact, **cleaned}
        for name, items in cleaned_extra.items():
            updated[name] = _unique([*updated.get(name, []), *items])
        changed = tuple(name for name in FACT_FIELDS if updated.get(name) != fact.get(name))
        session.data["facts"][key] = updated
        return updated, changed

    (record, changed), written, reformatted = _apply(path, change, dry_run=dry_run, timeout=timeout)
    return Outcome(path, cast(Fact, record), written, reformatted, changed=changed)


def retract_fact(
    path: Path,
    fact_id: str,
    reason: str,
    *,
    today: date | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Fact]:
    """Mark a fact as wrong: it stays in the store, with `retracted` = {date, reason}."""
    fact_id = normalise_fact_id(fact_id)
    why = _required_text("reason", reason)
    when = (today or date.today()).isoformat()

    def change(session: _Session) -> dict[str, Any]:
        key, fact = find_fact(session.data, fact_id)
        if fact.get("retracted"):
            done = fact["retracted"]
            raise UsageError(
                f"{fact_id} was already retracted on {done.get('date')}: {done.get('reason')}"
            )
        updated = {**fact, "retracted": {"date": when, "reason": why}}
        session.data["facts"][key] = updated
        return updated

    record, written, reformatted = _apply(path, change, dry_run=dry_run, timeout=timeout)
    return Outcome(path, cast(Fact, record), written, reformatted, changed=("retracted",))


def clean_source_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check and tidy a new source's fields; `id` is required, the rest may be null."""
    unknown = [name for name in fields if name not in SOURCE_FIELDS]
    if unknown:
        raise UsageError(f"unknown source field {unknown[0]!r}; fields: {', '.join(SOURCE_FIELDS)}")
    given = _required_text("source id", fields.get("id"))
    source_id = given.casefold()
    if not SOURCE_ID_PATTERN.fullmatch(source_id):
        raise UsageError(
            f"source id {given!r}: use lower-case letters, digits and hyphens, "
            "e.g. 'asiatimes' or 'new-deals'"
        )
    record: dict[str, Any] = {name: None for name in SOURCE_FIELDS}
    record["id"] = source_id
    for name in ("title", "outlet", "author", "published_note", "language_note"):
        record[name] = _text(name, fields.get(name), required=False)
    record["published"] = _partial_date("published", fields.get("published"))
    url = _text("url", fields.get("url"), required=False)
    if url is not None and (not re.match(r"https?://\S+$", url)):
        raise UsageError(f"url {url!r} must be a full http:// or https:// address")
    record["url"] = url
    archive = _text("archive", fields.get("archive"), required=False)
    if archive is not None and (Path(archive).name != archive or archive.startswith(".")):
        raise UsageError(f"archive {archive!r} must be a plain file name, e.g. {source_id}.txt")
    record["archive"] = archive or f"{source_id}.txt"
    return record


def add_source(
    path: Path,
    fields: Mapping[str, Any],
    text: str | None = None,
    *,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Source]:
    """Add a source article. With `text`, archive it as <id>.txt in `archive_folder(path)`
    (refused if a different text is already archived under that name); without, its text
    must already be archived where `kzturk check` looks."""
    from kzturk.check import archive_dirs, find_archive

    record = clean_source_fields(fields)
    if text is not None:
        if not text.strip():
            raise UsageError("the article text is empty")
        if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
            raise UsageError("the article text is not valid UTF-8")
        if record["archive"] != f"{record['id']}.txt":
            raise UsageError(f"a new text is archived as {record['id']}.txt; leave out 'archive'")
    archived: list[Path] = []

    def change(session: _Session) -> dict[str, Any]:
        for existing in session.data["sources"].values():
            if existing.get("id") == record["id"]:
                raise UsageError(
                    f"source {record['id']!r} already exists; choose another id "
                    f"(see kzturk sources {record['id']})"
                )
        name = record["archive"]
        if text is not None:
            folder = archive_folder(session.path)
            target = folder / name
            content = text.encode("utf-8")
            if target.exists():
                if target.read_bytes() != content:
                    raise UsageError(
                        f"{target} already exists with a different text; choose another "
                        "source id, or remove that file if no source uses it"
                    )
            else:
                _write_new_file(target, content)
                session.created.append(target)
                archived.append(target)
        elif find_archive(session.path, name) is None:
            where = " or ".join(str(folder) for folder in archive_dirs(session.path))
            raise UsageError(
                f"no archived text {name!r} in {where}: give the article's text "
                "(--text-file PATH) so that quotes can be checked"
            )
        number = max((int(key) for key in session.data["sources"]), default=0) + 1
        session.data["sources"][str(number)] = record
        return record

    stored, written, reformatted = _apply(path, change, dry_run=dry_run, timeout=timeout)
    return Outcome(
        path,
        cast(Source, stored),
        written,
        reformatted,
        archived=archived[0] if archived and written else None,
    )


def _write_new_file(target: Path, content: bytes) -> None:
    """Create `target` atomically (temp file, fsync, os.replace), its folder if need be."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{target}: cannot write in {folder}: {exc.strerror}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise StoreError(f"{target}: write failed, nothing was changed: {exc.strerror}") from None
    with suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
