"""One record in full: a fact, a source, an entity, an occasion, with what links to it.

The rows are labelled from the table of fields; store text stays data (the renderers clean
and escape it)."""

from __future__ import annotations

from typing import Any

from kzturk.entities import entity_index
from kzturk.model import (
    ENTITY_TABLE,
    FACT_TABLE,
    OCCASION_TABLE,
    SOURCE_TABLE,
    Entity,
    Fact,
    Occasion,
    Source,
)
from kzturk.query import backlinks
from kzturk.render import DETAIL, Section, View
from kzturk.render.columns import FACT_COLUMNS, FIELD, VALUE
from kzturk.render.records import (
    ENTITY_CSV_HEADER,
    FACT_CSV_HEADER,
    OCCASION_CSV_HEADER,
    SOURCE_CSV_HEADER,
    entity_record,
    fact_record,
    flat_fact,
    flat_plain,
    occasion_record,
    source_record,
)
from kzturk.render.text import (
    date_label,
    date_label_of,
    format_change,
    format_usd,
    format_values,
    item_text,
    join,
)
from kzturk.render.views import fact_references, source_line
from kzturk.store.loaded import Store

# Shown within another field's line in the detail view.
_SHOWN_WITH = frozenset(("date_end", "date_qualifier", "date_basis", "date_note", "status"))
_OWN_LINES = frozenset(("id", "summary", "links", "retracted", "sources", "occasion"))
_ALWAYS = frozenset(("date", "kind", "sectors", "parties"))


def _date_line(fact: Fact) -> str:
    text = date_label(fact)
    if fact["date_note"]:
        text += f" ({fact['date_note']})"
    if fact["date"] and fact["date_basis"] == "reported":
        text += "; the date a source reported it, not of the event"
    return text


def _value(fact: Fact, name: str) -> str:
    value: Any = fact[name]  # type: ignore[literal-required]
    if name == "date":
        return _date_line(fact)
    if name == "kind":
        return fact["kind"] + (f", {fact['status']}" if fact["status"] else "")
    if name == "sectors":
        return ", ".join(value)
    if name == "parties":
        return join(value)
    if name == "values":
        return format_values(value)
    if name == "amount_usd":
        return format_usd(value)
    if name == "change_pct":
        return format_change(value)
    return "" if value is None else str(value)


def _places(fact: Fact, store: Store) -> str:
    """The places by their entities' names (an id no entity has, as stored)."""
    return join([store.entities[p]["name"] if p in store.entities else p for p in fact["places"]])


def _link(link: dict[str, Any], facts: Store) -> str:
    other = facts.fact(link["fact"])
    about = f" — {link['about']}" if link.get("about") else ""
    summary = f": {other['summary']}" if other is not None else ""
    return f"{link['relation']} {link['fact']}{about}{summary}"


def fact_detail_view(fact: Fact, store: Store) -> View:
    """One fact in full, field by field as the table of fields labels them, its occasion,
    every link to and from it, then each source with its quote (a reference page has none)."""
    rows: list[tuple[str, str]] = []
    if fact["retracted"]:
        rows.append(("RETRACTED", f"{fact['retracted']['date']}: {fact['retracted']['reason']}"))
    rows.append(("Summary", fact["summary"]))
    for field in FACT_TABLE:
        if field.name in _OWN_LINES or field.name in _SHOWN_WITH:
            continue
        value = _places(fact, store) if field.name == "places" else _value(fact, field.name)
        if value or field.name in _ALWAYS:
            rows.append((field.label, value))
    occasion = store.occasions.get(fact["occasion"] or "")
    if occasion is not None:
        when = date_label_of(occasion["date"], occasion["date_end"])
        rows.append(("Occasion", f"{occasion['name']} ({when}; {occasion['id']})"))
    elif fact["occasion"]:
        rows.append(("Occasion", fact["occasion"]))
    for agreement in store.agreements.values():
        if fact["id"] in agreement["facts"]:
            rows.append(("Agreement", f"{agreement['title']} ({agreement['id']})"))
    for link in fact["links"]:
        rows.append(("Links to", _link(dict(link), store)))
    linked_from = backlinks(store, fact["id"])
    for other, link in linked_from:
        about = f" — {link['about']}" if link["about"] else ""
        rows.append(
            ("Linked from", f"{other['id']} ({link['relation']}{about}): {other['summary']}")
        )
    for number, ref in enumerate(fact["sources"], 1):
        source = store.sources.get(ref["source"])
        rows.append((f"Source {number}", source_line(source, ref["source"])))
        if ref["quote"]:
            rows.append((f"Quote {number}", f"“{ref['quote']}” (verified in the archived text)"))
        elif source is not None and not source["archive"]:
            rows.append((f"Quote {number}", "none: a reference page, cited and not quoted"))
    record = fact_record(fact, entity_index(store))
    record["linked_from"] = [
        {"fact": other["id"], "relation": link["relation"], "about": link["about"]}
        for other, link in linked_from
    ]
    return View(
        title=f"Fact {fact['id']}",
        records=[record],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(f"Fact {fact['id']}", rows, [FIELD, VALUE])],
        layout=DETAIL,
        single=True,
        references=fact_references([fact], store.sources),
        source_index=store.sources,
    )


def _plain_rows(record: dict[str, Any], table: tuple[Any, ...]) -> list[tuple[str, str]]:
    rows = []
    for field in table:
        value = record.get(field.name)
        if field.name in ("aliases", "posts"):
            value = "; ".join(item_text(a) for a in value or [])
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value:
            rows.append((field.label, str(value)))
    return rows


def _with_facts(
    title: str,
    heading: str,
    record: dict[str, Any],
    csv_header: tuple[str, ...],
    rows: list[tuple[str, str]],
    facts_heading: str,
    facts: list[Fact],
) -> View:
    """One record in full (a source, an entity, an occasion), then the facts that have it."""
    return View(
        title=title,
        records=[record],
        flat=flat_plain,
        csv_header=csv_header,
        sections=[
            Section(heading, rows, [FIELD, VALUE]),
            Section(facts_heading, facts, FACT_COLUMNS),
        ],
        layout=DETAIL,
        single=True,
    )


def source_detail_view(source: Source, facts: list[Fact]) -> View:
    record = source_record(source, len(facts))
    rows = _plain_rows(record, SOURCE_TABLE)
    rows.append(
        (
            "Kind",
            "archived: its text is kept, every quote verified"
            if record["kind"] == "archived"
            else "reference page: cited by address and date, not quoted",
        )
    )
    rows.append(("Facts citing it", str(len(facts))))
    heading = f"Source {source['id']}"
    return _with_facts(heading, heading, record, SOURCE_CSV_HEADER, rows, "Facts citing it", facts)


def entity_detail_view(entity: Entity, facts: list[Fact]) -> View:
    record = entity_record(entity, len(facts))
    record["facts"] = [f["id"] for f in facts]
    rows = _plain_rows(record, ENTITY_TABLE)
    rows.append(("Facts naming it", str(len(facts))))
    title, heading = f"Entity {entity['id']}", f"Entity {entity['id']}: {entity['name']}"
    header = (*ENTITY_CSV_HEADER, "facts")
    return _with_facts(title, heading, record, header, rows, "Facts naming it", facts)


def occasion_detail_view(occasion: Occasion, facts: list[Fact], store: Store) -> View:
    record = occasion_record(occasion, len(facts))
    record["facts"] = [f["id"] for f in facts]
    rows = _plain_rows(record, OCCASION_TABLE)
    names = [
        store.entities[p]["name"] if p in store.entities else p for p in occasion["participants"]
    ]
    rows = [
        (label, ", ".join(names) if label == "Participants" else value) for label, value in rows
    ]
    rows = [
        (label, date_label_of(occasion["date"], occasion["date_end"]) if label == "Date" else value)
        for label, value in rows
        if label != "Date end"
    ]
    heading = f"Occasion {occasion['id']}"
    header = (*OCCASION_CSV_HEADER, "facts")
    return _with_facts(heading, heading, record, header, rows, "Its facts", facts)
