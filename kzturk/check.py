"""`kzturk check`: every problem of a store, each tied to the record it is in.

Unlike `store.load_store`, which stops at the first problem so that lookups fail fast, this
reads on past problems and reports them all, including the ones only a curator cares about:
verbatim quotes, dates after publication, duplicate summaries, and the canonical file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.errors import StoreError
from kzturk.store import canonical_text, parse_store_text, require_regular_file

PACKAGE_ARCHIVE = Path(__file__).resolve().parent / "archive"
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Problem:
    """One defect: the record it is in (fact or source id, or 'store') and what is wrong."""

    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.message}"


def archive_dirs(store_path: Path) -> list[Path]:
    """Where archived article texts are looked up: beside the store first, then the package's."""
    return [store_path.parent / "archive", PACKAGE_ARCHIVE]


def find_archive(store_path: Path, name: str) -> Path | None:
    for folder in archive_dirs(store_path):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def check_store(path: Path) -> list[Problem]:
    """All problems of the store at `path` (an unreadable file is a StoreError instead)."""
    require_regular_file(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    data = parse_store_text(raw, path)
    try:
        problems = check_data(data, path)
        canonical = canonical_text(data)
    except RecursionError:
        raise StoreError(f"{path}: invalid store: records nested too deeply") from None
    if raw.decode("utf-8") != canonical:
        problems.append(
            Problem(
                "store",
                "not in canonical format (sorted keys, 2-space indent, documents in number "
                f"order); fix it with: kzturk check --fix --db {path}",
            )
        )
    return problems


def _validation_messages(model: Any, record: dict[str, Any]) -> list[str]:
    from pydantic import ValidationError

    try:
        model.model_validate(record)
    except ValidationError as exc:
        return [
            f"{'.'.join(str(p) for p in error['loc']) or 'record'}: {error['msg']}"
            for error in exc.errors()
        ]
    return []


def check_data(data: dict[str, dict[str, Any]], path: Path) -> list[Problem]:
    from kzturk.schema import FactModel, SourceModel

    problems: list[Problem] = []
    sources: dict[str, dict[str, Any]] = {}
    for key, source in data["sources"].items():
        name = str(source.get("id", f"sources/{key}"))
        problems += [Problem(name, m) for m in _validation_messages(SourceModel, source)]
        if name in sources:
            problems.append(Problem(name, "duplicate source id"))
        sources[name] = source
    texts = {name: _archived_text(source, path, problems) for name, source in sources.items()}

    facts: dict[str, dict[str, Any]] = {}
    summaries: dict[str, str] = {}
    for key, fact in data["facts"].items():
        name = str(fact.get("id", f"facts/{key}"))
        messages = _validation_messages(FactModel, fact)
        problems += [Problem(name, m) for m in messages]
        if name in facts:
            problems.append(Problem(name, "duplicate fact id"))
        facts[name] = fact
        if re.fullmatch(r"F\d+", name) and key != str(int(name[1:])):
            problems.append(
                Problem(name, f"stored under key {key!r}; it belongs under {int(name[1:])!r}")
            )
        summary = fact.get("summary")
        if isinstance(summary, str):
            if summary in summaries:
                problems.append(Problem(name, f"same summary as {summaries[summary]}"))
            summaries.setdefault(summary, name)
        if not messages:
            problems += [Problem(name, m) for m in _fact_rules(fact, sources, texts)]
    for name, fact in facts.items():
        for link in fact.get("links") or []:
            if isinstance(link, dict) and link.get("fact") not in facts:
                problems.append(Problem(name, f"links to unknown fact {link.get('fact')!r}"))
    return problems


def _archived_text(source: dict[str, Any], path: Path, problems: list[Problem]) -> str | None:
    name = str(source.get("id"))
    archive = source.get("archive")
    if not isinstance(archive, str) or not archive:
        problems.append(Problem(name, "no archived text: set 'archive' so quotes can be checked"))
        return None
    found = find_archive(path, archive)
    if found is None:
        where = " or ".join(str(d) for d in archive_dirs(path))
        problems.append(Problem(name, f"archived text {archive!r} not found in {where}"))
        return None
    return normalise_whitespace(found.read_text(encoding="utf-8"))


def _fact_rules(
    fact: dict[str, Any],
    sources: dict[str, dict[str, Any]],
    texts: dict[str, str | None],
) -> list[str]:
    """Rules across fields and records that a schema cannot express."""
    messages: list[str] = []
    kind = fact["kind"]
    if kind == "deal" and fact["status"] is None:
        messages.append("a deal needs a status")
    if kind != "deal" and fact["status"] is not None:
        messages.append(f"status is only for deals, not {kind}")
    if kind in ("trade", "target") and fact["metric"] is None:
        messages.append(f"a {kind} figure needs a metric")
    for field_name in ("period", "deadline"):
        value = fact[field_name]
        if value is not None and not all(is_partial_date(p) for p in value.split("/")):
            messages.append(f"{field_name} {value!r} is not a partial date or a START/END range")
    if fact["date"] is not None and not is_partial_date(fact["date"]):
        messages.append(f"date {fact['date']!r} does not exist")
    when = parse_partial_date(fact["date"]) if is_partial_date(fact["date"]) else None
    for ref in fact["sources"]:
        source = sources.get(ref["source"])
        if source is None:
            messages.append(f"cites unknown source {ref['source']!r}")
            continue
        text = texts.get(ref["source"])
        if text is not None and normalise_whitespace(ref["quote"]) not in text:
            messages.append(
                f"quote not found verbatim in {ref['source']}'s archived text: "
                f"{ref['quote'][:60]!r}"
            )
        published = source.get("published")
        published_by = parse_partial_date(str(published)) if is_partial_date(published) else None
        if when is not None and published_by is not None and when.start > published_by.end:
            messages.append(
                f"dated {fact['date']}, after {ref['source']} was published ({published})"
            )
    return messages
