"""`kzturk check`: every problem of a store, each tied to the record it is in.

Unlike the loader, which stops at the first problem so that lookups fail fast, this reads on
past problems and reports them all, including the ones only a curator cares about: verbatim
quotes, dates after publication, duplicate summaries, parties that are no entity, and the
canonical file format. The schema comes from the table of fields (`kzturk.schema`); the rules
a schema cannot express are in `facts`, `sources`, `entities` and `agreements`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from kzturk.check.agreements import agreement_problems
from kzturk.check.duplicates import duplicate_problems
from kzturk.check.editorial import (
    attribution_rules,
    note_code_rules,
    place_rules,
    publication_day_rules,
    reporter_names,
)
from kzturk.check.entities import entity_problems, occasion_problems, post_problems
from kzturk.check.facts import date_rules, kind_rules, link_rules, occasion_rules, party_rules
from kzturk.check.problems import Problem, normalise_whitespace, schema_messages
from kzturk.check.sources import (
    archived_text,
    citation_rules,
    same_page_problems,
    source_rules,
)
from kzturk.entities import EntityIndex
from kzturk.errors import StoreError
from kzturk.model import Entity
from kzturk.model.fields import AGREEMENT_TABLE, ENTITY_TABLE, FACT_TABLE, TABLES
from kzturk.store.files import read_store_tables
from kzturk.store.write import canonical_text

__all__ = ["Problem", "check_data", "check_store", "check_text", "normalise_whitespace"]


def _records(
    data: dict[str, Any], table: str, problems: list[Problem], more: Any = None
) -> dict[str, dict[str, Any]]:
    """A table's records by id, each validated against its schema (and `more` rules)."""
    records: dict[str, dict[str, Any]] = {}
    for key, record in (data.get(table) or {}).items():
        name = str(record.get("id", f"{table}/{key}"))
        messages = schema_messages(TABLES[table], record)
        problems += [Problem(name, m) for m in messages]
        if name in records:
            problems.append(Problem(name, f"duplicate {table[:-1]} id"))
        records[name] = record
        if more is not None and not messages:
            problems += [Problem(name, m) for m in more(record)]
    return records


def check_data(
    data: dict[str, Any], path: Path, pending: Mapping[str, str] | None = None
) -> list[Problem]:
    """Every problem of parsed tables; `pending` holds archived texts not yet on disk (a
    change being validated), by file name."""
    problems: list[Problem] = []
    sources = _records(data, "sources", problems, source_rules)
    problems += same_page_problems(sources)
    texts = {
        name: archived_text(source, path, problems, pending or {})
        for name, source in sources.items()
    }
    entities = _records(data, "entities", problems)
    index = EntityIndex(
        cast(Entity, e) for e in entities.values() if not schema_messages(ENTITY_TABLE, e)
    )
    problems += entity_problems(index)
    problems += post_problems(entities, sources)
    occasions = _records(data, "occasions", problems)
    problems += occasion_problems(occasions, entities)

    facts: dict[str, dict[str, Any]] = {}
    valid: list[dict[str, Any]] = []
    summaries: dict[str, str] = {}
    for key, fact in data["facts"].items():
        name = str(fact.get("id", f"facts/{key}"))
        messages = schema_messages(FACT_TABLE, fact)
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
            valid.append(fact)
    for fact in valid:
        rules = (
            kind_rules(fact)
            + date_rules(fact)
            + citation_rules(fact, sources, texts)
            + occasion_rules(fact, occasions)
            + party_rules(fact, index)
            + link_rules(fact, facts)
        )
        problems += [Problem(fact["id"], m) for m in rules]
    problems += editorial_problems(valid, facts, sources, index)
    agreements = _records(data, "agreements", problems)
    valid_agreements = {
        key: a for key, a in agreements.items() if not schema_messages(AGREEMENT_TABLE, a)
    }
    problems += agreement_problems(valid_agreements, entities, sources, facts)
    return problems


def editorial_problems(
    valid: list[dict[str, Any]],
    facts: Mapping[str, Any],
    sources: Mapping[str, dict[str, Any]],
    index: EntityIndex,
) -> list[Problem]:
    """The rules that keep one record rather than a pile of reports, on live facts only (a
    retracted fact keeps the words it had)."""
    live = [fact for fact in valid if not fact.get("retracted")]
    names = reporter_names(sources)
    problems = []
    for fact in live:
        rules = (
            note_code_rules(fact, facts)
            + place_rules(fact, index)
            + attribution_rules(fact, names)
            + publication_day_rules(fact, sources)
        )
        problems += [Problem(fact["id"], m) for m in rules]
    return problems + duplicate_problems(live)


def check_text(text: str, data: dict[str, Any], path: Path) -> list[Problem]:
    """The problems of parsed `data`, and whether `text` (its file) is canonical."""
    try:
        problems = check_data(data, path)
        canonical = canonical_text(data)
    except RecursionError:
        raise StoreError(f"{path}: invalid store: records nested too deeply") from None
    if text != canonical:
        problems.append(
            Problem(
                "store",
                "not in canonical format (sorted keys, 2-space indent, documents in number "
                "order, empty optional fields left out); fix it with: "
                f"kzturk check --fix --db {path}",
            )
        )
    return problems


def check_store(path: Path) -> list[Problem]:
    """All problems of the store at `path` (an unreadable file is a StoreError instead)."""
    text, data = read_store_tables(path)
    return check_text(text, data, path)
