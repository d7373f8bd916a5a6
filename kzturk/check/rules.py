"""The rules of `kzturk check` beyond the schema: across fields and across records.

Which kinds of fact need or refuse a field is read from the table of fields (`required_for`,
`exclusive`); the rest are written out here because they really differ: verbatim quotes,
dates against publication, unique ids and summaries, links that resolve.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.errors import StoreError
from kzturk.model.fields import FACT_TABLE
from kzturk.store.archive import archive_dirs, find_archive, read_archive

_WHITESPACE = re.compile(r"\s+")


class Problem(NamedTuple):
    """One defect: the record it is in (fact or source id, or 'store') and what is wrong."""

    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.record}: {self.message}"


def normalise_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


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


def check_data(
    data: dict[str, Any], path: Path, pending: Mapping[str, str] | None = None
) -> list[Problem]:
    """Every problem of parsed tables; `pending` holds archived texts not yet on disk (a
    change being validated), by file name."""
    from kzturk.schema import FactModel, SourceModel

    problems: list[Problem] = []
    sources: dict[str, dict[str, Any]] = {}
    for key, source in data["sources"].items():
        name = str(source.get("id", f"sources/{key}"))
        problems += [Problem(name, m) for m in _validation_messages(SourceModel, source)]
        if name in sources:
            problems.append(Problem(name, "duplicate source id"))
        sources[name] = source
    texts = {
        name: _archived_text(source, path, problems, pending or {})
        for name, source in sources.items()
    }

    facts: dict[str, dict[str, Any]] = {}
    summaries: dict[str, str] = {}
    for key, fact in data["facts"].items():
        name = str(fact.get("id", f"facts/{key}"))
        messages = _validation_messages(FactModel, fact)
        problems += [Problem(name, m) for m in messages]
        if name in facts:
            problems.append(Problem(name, "duplicate fact id"))
        facts[name] = fact
        if re.fullmatch(r"F[0-9]+", name) and key != str(int(name[1:])):
            problems.append(
                Problem(name, f"stored under key {key!r}; it belongs under {int(name[1:])!r}")
            )
        summary = fact.get("summary")
        if isinstance(summary, str):
            if summary in summaries:
                problems.append(Problem(name, f"same summary as {summaries[summary]}"))
            summaries.setdefault(summary, name)
        if not messages:
            problems += [Problem(name, m) for m in fact_rules(fact, sources, texts)]
    for name, fact in facts.items():
        for link in fact.get("links") or []:
            if isinstance(link, dict) and link.get("fact") not in facts:
                problems.append(Problem(name, f"links to unknown fact {link.get('fact')!r}"))
    return problems


def _archived_text(
    source: dict[str, Any], path: Path, problems: list[Problem], pending: Mapping[str, str]
) -> str | None:
    name = str(source.get("id"))
    archive = source.get("archive")
    if not isinstance(archive, str) or not archive:
        problems.append(Problem(name, "no archived text: set 'archive' so quotes can be checked"))
        return None
    if archive in pending:
        return normalise_whitespace(pending[archive])
    found = find_archive(path, archive)
    if found is None:
        where = " or ".join(str(d) for d in archive_dirs(path))
        problems.append(Problem(name, f"archived text {archive!r} not found in {where}"))
        return None
    try:
        return normalise_whitespace(read_archive(found))
    except StoreError as exc:
        problems.append(Problem(name, f"archived text unreadable: {exc}"))
        return None


def _kind_rules(fact: dict[str, Any]) -> list[str]:
    """Fields a kind of fact needs or refuses, as the table of fields says."""
    kind = fact["kind"]
    messages = []
    for field in FACT_TABLE:
        value = fact.get(field.name)
        empty = value is None or value == []
        label = field.label.lower()
        if kind in field.required_for and empty:
            messages.append(f"a {kind} needs a {label}")
        if field.exclusive and not empty and not field.applies_to(kind):
            allowed = ", ".join(f"{k}s" for k in field.kinds or ())
            messages.append(f"{label} is only for {allowed}, not {kind}")
    return messages


def is_period(value: str) -> bool:
    return all(is_partial_date(part) for part in value.split("/"))


def fact_rules(
    fact: dict[str, Any],
    sources: dict[str, dict[str, Any]],
    texts: dict[str, str | None],
) -> list[str]:
    """Rules across fields and records that a schema cannot express."""
    messages = _kind_rules(fact)
    for field in FACT_TABLE:
        value = fact.get(field.name)
        if field.type == "period" and value is not None and not is_period(value):
            messages.append(f"{field.name} {value!r} is not a partial date or a START/END range")
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
