"""The changes a curator makes: add, edit and retract facts, add sources, fix a store.

Each is one `kzturk.curate.session.apply` (one locked, validated, atomic write) and returns
an `Outcome`: the record as stored and whether the file was written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from kzturk.curate.clean import (
    clean_fact_fields,
    clean_source_fields,
    required_text,
    unique,
)
from kzturk.curate.ids import (
    find_fact,
    format_fact_id,
    next_fact_number,
    record_fact_number,
)
from kzturk.curate.session import (
    apply,
    canonical_parties,
    entity_ids,
    fill_quotes,
    require_known_sources,
)
from kzturk.errors import StoreError, UsageError
from kzturk.model import (
    FACT_TABLE,
    LIST_FACT_FIELDS,
    REQUIRED_FACT_FIELDS,
    Fact,
    Field,
    Source,
    normalise_fact_id,
)
from kzturk.store.archive import archive_dirs, archive_folder, find_archive
from kzturk.store.atomic import write_atomic
from kzturk.store.write import Session

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


def committed(
    path: Path,
    change: Callable[[Session], Any],
    *,
    dry_run: bool,
    timeout: float | None,
    table: tuple[Field, ...] | None = None,
) -> Outcome[Any]:
    """Run `change` through `apply` and say what it did. For an edit (`table` given),
    `change` returns the record before and after, and the outcome names the fields changed."""
    done = apply(path, change, dry_run=dry_run, timeout=timeout)
    if table is None:
        return Outcome(path, done.result, done.written, done.reformatted)
    before, after = done.result
    changed = tuple(f.name for f in table if after.get(f.name) != before.get(f.name))
    return Outcome(path, after, done.written, done.reformatted, changed=changed)


def _new_fact(number: int, fields: Mapping[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {row.name: [] if row.many else None for row in FACT_TABLE}
    record.update(fields)
    record["id"] = format_fact_id(number)
    record["retracted"] = None
    return record


def _settle(
    session: Session,
    fields: dict[str, Any],
    quotes: Sequence[str] | None,
    options: tuple[str, str] = ("--source", "--quote"),
) -> None:
    """What needs the store to be read: parties as entity names, places as entity ids,
    quotes to the archived sources among the citations."""
    if "parties" in fields:
        fields["parties"] = canonical_parties(session.data, fields["parties"])
    if "places" in fields:
        fields["places"] = entity_ids(session.data, fields["places"])
    if "sources" in fields:
        require_known_sources(session.data, fields["sources"])
        if quotes is not None:
            fill_quotes(session.data, fields["sources"], quotes, options)


def add_fact(
    path: Path,
    fields: Mapping[str, Any],
    *,
    quotes: Sequence[str] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Fact]:
    """Add a new fact with a fresh id; return it as stored.

    `fields` holds the fact's fields except `id` and `retracted`; `kind`, `sectors`,
    `summary` and `sources` are required, the rest default to null or []. Parties may be
    given by any alias (the entity's name is stored). `quotes`, when given, go in order to
    the archived sources among `fields["sources"]` (reference pages take none). A dated fact
    whose basis is not given is dated by the event.
    """
    cleaned = clean_fact_fields(fields)
    missing = [name for name in REQUIRED_FACT_FIELDS if not cleaned.get(name)]
    if missing:
        raise UsageError(f"a new fact needs {', '.join(missing)}")
    if cleaned.get("date") and not cleaned.get("date_basis"):
        cleaned["date_basis"] = "event"

    def change(session: Session) -> dict[str, Any]:
        _settle(session, cleaned, quotes)
        number = next_fact_number(session.data, session.path)
        record = _new_fact(number, cleaned)
        session.data["facts"][str(number)] = record
        record_fact_number(session.data, number)
        return record

    return committed(path, change, dry_run=dry_run, timeout=timeout)


def edit_fact(
    path: Path,
    fact_id: str,
    changes: Mapping[str, Any],
    *,
    append: Mapping[str, Sequence[Any]] | None = None,
    quotes: Sequence[str] | None = None,
    added_quotes: Sequence[str] | None = None,
    dry_run: bool = False,
    timeout: float | None = None,
) -> Outcome[Fact]:
    """Correct a fact: `changes` replaces fields (lists whole; None or "" clears an optional
    field), `append` adds items to list fields (e.g. {"sources": [{source, quote}]}).
    `quotes` and `added_quotes` go to the archived sources of each, as in `add_fact`."""
    fact_id = normalise_fact_id(fact_id)
    cleaned = clean_fact_fields(changes)
    extra = {name: list(items) for name, items in (append or {}).items()}
    not_lists = [name for name in extra if name not in LIST_FACT_FIELDS]
    if not_lists:
        raise UsageError(f"only list fields can be appended to, not {not_lists[0]!r}")
    cleaned_extra = clean_fact_fields(extra)
    if not cleaned and not any(cleaned_extra.values()):
        raise UsageError(f"nothing to change in {fact_id}: give at least one field")

    def change(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        key, fact = find_fact(session.data, fact_id)
        _settle(session, cleaned, quotes)
        _settle(session, cleaned_extra, added_quotes, ("--add-source", "--add-quote"))
        updated = {**fact, **cleaned}
        for name, items in cleaned_extra.items():
            updated[name] = unique([*updated.get(name, []), *items])
        session.data["facts"][key] = updated
        return fact, updated

    return committed(path, change, dry_run=dry_run, timeout=timeout, table=FACT_TABLE)


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
    why = required_text("reason", reason)
    when = (today or date.today()).isoformat()

    def change(session: Session) -> tuple[dict[str, Any], dict[str, Any]]:
        key, fact = find_fact(session.data, fact_id)
        if fact.get("retracted"):
            done = fact["retracted"]
            raise UsageError(
                f"{fact_id} was already retracted on {done.get('date')}: {done.get('reason')}"
            )
        updated = {**fact, "retracted": {"date": when, "reason": why}}
        session.data["facts"][key] = updated
        return fact, updated

    return committed(path, change, dry_run=dry_run, timeout=timeout, table=FACT_TABLE)


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
    must already be archived where `kzturk check` looks, or the source is a reference page
    (a `url` and a `published` date, cited but not copied). A dry run creates nothing."""
    reference = text is None and bool(fields.get("url")) and _no_archive(path, fields)
    record = clean_source_fields(fields, reference=reference)
    if text is not None:
        if not text.strip():
            raise UsageError("the article text is empty")
        if any(0xD800 <= ord(char) <= 0xDFFF for char in text):
            raise UsageError("the article text is not valid UTF-8")
        if record["archive"] != f"{record['id']}.txt":
            raise UsageError(f"a new text is archived as {record['id']}.txt; leave out 'archive'")
    archived: list[Path] = []

    def change(session: Session) -> dict[str, Any]:
        for existing in session.data["sources"].values():
            if existing.get("id") == record["id"]:
                raise UsageError(
                    f"source {record['id']!r} already exists; choose another id "
                    f"(see kzturk sources {record['id']})"
                )
        if text is not None:
            _archive_text(session, record["archive"], text.encode("utf-8"), dry_run, archived)
        elif reference:
            if not record["published"]:
                raise UsageError(
                    "a reference page needs its publication date (--published DATE), as the "
                    "page gives it"
                )
        elif find_archive(session.path, record["archive"]) is None:
            where = " or ".join(str(folder) for folder in archive_dirs(session.path))
            raise UsageError(
                f"no archived text {record['archive']!r} in {where}: give the article's text "
                "(--text-file PATH) so that quotes can be checked, or cite a public page as a "
                "reference (--url URL --published DATE)"
            )
        number = max((int(key) for key in session.data["sources"]), default=0) + 1
        session.data["sources"][str(number)] = record
        return record

    done = apply(path, change, dry_run=dry_run, timeout=timeout)
    return Outcome(
        path,
        cast(Source, done.result),
        done.written,
        done.reformatted,
        archived=archived[0] if archived and done.written else None,
    )


def _no_archive(path: Path, fields: Mapping[str, Any]) -> bool:
    """No archived text is named, and none is kept under the source's id."""
    if fields.get("archive"):
        return False
    given = str(fields.get("id") or "").strip().casefold()
    return not given or find_archive(path, f"{given}.txt") is None


def _archive_text(
    session: Session, name: str, content: bytes, dry_run: bool, archived: list[Path]
) -> None:
    """Write the new source's text into the archive folder (not on a dry run), or accept the
    same text already there; a different one is refused."""
    target = archive_folder(session.path) / name
    try:
        existing = target.read_bytes() if target.is_file() else None
    except OSError as exc:
        raise StoreError(f"{target}: cannot read: {exc.strerror}") from None
    session.pending[name] = content.decode("utf-8")
    if existing is not None:
        if existing != content:
            raise UsageError(
                f"{target} already exists with a different text; choose another source id, "
                "or remove that file if no source uses it"
            )
        return
    if dry_run:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{target}: cannot create {target.parent}: {exc.strerror}") from None
    write_atomic(target, content, 0o644, what="the archive")
    session.created.append(target)
    archived.append(target)
