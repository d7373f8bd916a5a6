"""What each command shows: a `View` with its JSON records, CSV columns and table sections.

The records are the output contract (`kzturk.render.records`); the columns are in
`kzturk.render.columns`; the detail views read their labels from the table of fields. Every
listing's footer says what it shows and what its defaults left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from kzturk.dates import DateRange
from kzturk.entities import entity_index, other_names
from kzturk.filters import HIDING
from kzturk.model import Entity, Fact, Occasion, Source
from kzturk.query import group_by_year
from kzturk.render import CITATIONS, EVENTS, TIMELINE, Column, Deferred, Section, View
from kzturk.render.columns import (
    CONFLICT_COLUMNS,
    DEAL_COLUMNS,
    ENTITY_COLUMNS,
    FACT_COLUMNS,
    MATCHED,
    OCCASION_COLUMNS,
    SECTOR_COLUMNS,
    SOURCE_COLUMNS,
)
from kzturk.render.ranges import mark, split_rows, wider_count
from kzturk.render.records import (
    CONFLICT_CSV_HEADER,
    ENTITY_CSV_HEADER,
    FACT_CSV_HEADER,
    OCCASION_CSV_HEADER,
    SOURCE_CSV_HEADER,
    citation_records,
    conflict_record,
    entity_record,
    fact_record,
    flat_conflict,
    flat_fact,
    flat_plain,
    occasion_record,
    source_record,
)
from kzturk.render.text import MARK_LEGEND, date_label_of, is_marked
from kzturk.store.loaded import Store

if TYPE_CHECKING:  # kzturk.analysis and kzturk.search are imported by their commands
    from kzturk.analysis import Conflict
    from kzturk.search import Hit

# How to show what a listing's defaults left out: the words and option of each filter that
# hides facts by default, in the table of filters' order.
_SHOW_HIDDEN = {
    row.hides.reason: (row.hides.one, row.hides.many, row.options[0].flags[0])
    for row in HIDING
    if row.hides is not None
}


class OccasionHeading(NamedTuple):
    """A timeline row that heads the facts of one occasion."""

    occasion: Occasion
    facts: int


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def footer(shown: str, hidden: dict[str, int] | None = None, marked: bool = False) -> str:
    """'12 facts; 98 context facts and 27 analyses not shown: --context, --analysis'."""
    parts = [shown] if shown else []
    left_out = [(k, (hidden or {})[k]) for k in _SHOW_HIDDEN if (hidden or {}).get(k)]
    if left_out:
        counted = [_count(n, *_SHOW_HIDDEN[k][:2]) for k, n in left_out]
        words = counted[0] if len(counted) == 1 else f"{', '.join(counted[:-1])} and {counted[-1]}"
        options = ", ".join(_SHOW_HIDDEN[k][2] for k, _ in left_out)
        parts.append(f"{words} not shown: {options}")
    text = "; ".join(parts)
    return f"{text}\n{MARK_LEGEND}" if marked and text else MARK_LEGEND if marked else text


def _title(title: str, filters: Sequence[str]) -> str:
    return f"{title} ({', '.join(filters)})" if filters else title


def _shown(facts: Sequence[Fact], dates: DateRange | None) -> str:
    """'12 facts' (and how many of them only overlap the date range), or ''."""
    return _count(len(facts), "fact") + wider_count(facts, dates) if facts else ""


def _fact_records(
    facts: Sequence[Fact], store: Store, dates: DateRange | None
) -> list[dict[str, Any]]:
    """The JSON records of `facts`, in their order, marked where they only overlap `dates`."""
    index = entity_index(store)
    records = [fact_record(f, index) for f in facts]
    mark(records, facts, dates)
    return records


def fact_list_view(
    title: str,
    facts: list[Fact],
    store: Store,
    *,
    deals: bool = False,
    columns: list[Column] | None = None,
    hidden: dict[str, int] | None = None,
    filters: Sequence[str] = (),
    dates: DateRange | None = None,
) -> View:
    """A plain list of facts (deals); those only overlapping `dates` after the others."""
    columns = columns or (DEAL_COLUMNS if deals else FACT_COLUMNS)
    inside, wider = split_rows(facts, lambda f: f, dates)
    return View(
        title=_title(title, filters),
        records=Deferred(lambda: _fact_records(facts, store, dates)),
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(title, inside, columns)]
        + [Section(heading, rows, columns) for heading, rows in wider],
        footer=footer(_shown(facts, dates), hidden, any(map(is_marked, facts))),
        references=Deferred(lambda: fact_references(facts, store.sources)),
        source_index=store.sources,
        names=other_names(store, facts),
    )


def _on_fact(column: Column) -> Column:
    """A fact column for rows that are search hits."""
    cell = column.cell
    return column._replace(cell=lambda hit: cell(hit.fact))


def search_view(
    terms: str,
    hits: list[Hit],
    store: Store,
    hidden: dict[str, int],
    filters: Sequence[str],
    dates: DateRange | None = None,
) -> View:
    """Search results, best first, each with where it matched (`matched` in JSON); those
    only overlapping `dates` after the others."""
    index = entity_index(store)
    records = []
    for hit in hits:
        record = fact_record(hit.fact, index)
        record["matched"] = list(hit.places)
        records.append(record)
    columns = [*(_on_fact(c) for c in FACT_COLUMNS), MATCHED]
    facts = [hit.fact for hit in hits]
    mark(records, facts, dates)
    inside, wider = split_rows(hits, lambda hit: hit.fact, dates)
    title = f"Search: {terms}"
    return View(
        title=_title(title, filters),
        records=records,
        flat=lambda r: {**flat_fact(r), "matched": "; ".join(r["matched"])},
        csv_header=(*FACT_CSV_HEADER, "matched"),
        sections=[Section(title, inside, columns)]
        + [Section(heading, rows, columns) for heading, rows in wider],
        footer=footer(_shown(facts, dates), hidden, any(map(is_marked, facts))),
        references=Deferred(lambda: fact_references(facts, store.sources)),
        source_index=store.sources,
        names=other_names(store, facts),
    )


def _timeline_rows(
    facts: list[Fact], store: Store, headings: dict[str, OccasionHeading]
) -> list[Fact]:
    """A year's facts, those of one occasion together at the place of its first fact, whose
    id is noted in `headings` with the occasion's heading."""
    rows: list[Fact] = []
    placed: set[str] = set()
    for fact in facts:
        occasion_id = fact["occasion"]
        occasion = store.occasions.get(occasion_id or "")
        if occasion is None:
            rows.append(fact)
            continue
        if occasion_id in placed:
            continue
        placed.add(str(occasion_id))
        members = [f for f in facts if f["occasion"] == occasion_id]
        headings[members[0]["id"]] = OccasionHeading(occasion, len(members))
        rows += members
    return rows


def timeline_view(
    title: str,
    facts: list[Fact],
    store: Store,
    *,
    hidden: dict[str, int] | None = None,
    filters: Sequence[str] = (),
    dates: DateRange | None = None,
) -> View:
    """Facts by year; those only overlapping `dates` after the years, by date."""
    groups = group_by_year(facts)
    in_order = [f for _, year_facts in groups for f in year_facts]
    inside, wider = split_rows(facts, lambda f: f, dates)
    headings: dict[str, OccasionHeading] = {}
    sections = [
        Section(label, _timeline_rows(rows, store, headings), FACT_COLUMNS)
        for label, rows in [*(group_by_year(inside) if wider else groups), *wider]
    ]
    return View(
        title=_title(title, filters),
        records=Deferred(lambda: _fact_records(in_order, store, dates)),
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=sections,
        headings=headings,
        layout=TIMELINE,
        footer=footer(_shown(facts, dates), hidden, any(map(is_marked, facts))),
        references=Deferred(lambda: fact_references(facts, store.sources)),
        source_index=store.sources,
        names=other_names(store, facts),
    )


class ConflictVersion(NamedTuple):
    """A row of a disagreement: one fact, once, with every source that tells it."""

    fact: Fact
    date_label: str
    sources: list[str]


def _cited_line(version: dict[str, Any]) -> str:
    """'izvestia (2025): “the quote”', or for a reference page its id, date and outlet."""
    published = version["published"] or "undated"
    if version["quote"]:
        return f"{version['source']} ({published}): “{version['quote']}”"
    outlet = f", {version['outlet']}" if version["outlet"] else ""
    return f"{version['source']} ({published}{outlet}), a reference page"


def conflicts_view(conflicts: list[Conflict], store: Store, filters: Sequence[str] = ()) -> View:
    records = [conflict_record(c, store.sources) for c in conflicts]
    sections = []
    for number, (conflict, record) in enumerate(zip(conflicts, records, strict=True), 1):
        rows = []
        for fact in conflict.facts:
            label = date_label_of(fact["date"], fact["date_end"], fact["date_qualifier"])
            if fact["date_note"]:
                label += f" ({fact['date_note']})"
            cited = [_cited_line(v) for v in record["versions"] if v["fact"] == fact["id"]]
            rows.append(ConflictVersion(fact, label, cited))
        sections.append(
            Section(f"{number}. {record['about']} ({record['how']})", rows, CONFLICT_COLUMNS)
        )
    facts = [f for c in conflicts for f in c.facts]
    shown = (
        f"{_count(len(records), 'disagreement')} among {_count(len(facts), 'fact')}"
        if records
        else ""
    )
    return View(
        title=_title("Conflicts between sources", filters),
        records=records,
        flat=flat_conflict,
        csv_header=CONFLICT_CSV_HEADER,
        sections=sections,
        empty_message="No disagreements between sources among these facts.",
        footer=shown,
        references=Deferred(lambda: fact_references(facts, store.sources)),
        source_index=store.sources,
        names=other_names(store, facts),
    )


def _record_list(
    name: str,
    records: list[dict[str, Any]],
    csv_header: Sequence[str],
    columns: list[Column],
    footer: str = "",
    title: str | None = None,
) -> View:
    """A listing of plain records (sources, sectors, entities, occasions): one table."""
    return View(
        title=title or name,
        records=records,
        flat=flat_plain,
        csv_header=tuple(csv_header),
        sections=[Section(name, records, columns)],
        footer=footer,
    )


def sources_view(sources: list[Source], counts: dict[str, int]) -> View:
    records = [source_record(s, counts.get(s["id"], 0)) for s in sources]
    kinds = [r["kind"] for r in records]
    shown = (
        f"{_count(kinds.count('archived'), 'archived article')} (quotes verified against "
        f"their text), {_count(kinds.count('reference'), 'reference page')} (cited by address "
        "and date, not quoted)"
        if records
        else ""
    )
    return _record_list("Sources", records, SOURCE_CSV_HEADER, SOURCE_COLUMNS, footer=shown)


def sectors_view(counts: list[tuple[str, int]]) -> View:
    records: list[dict[str, Any]] = [{"sector": s, "count": n} for s, n in counts]
    return _record_list("Sectors", records, ("sector", "count"), SECTOR_COLUMNS)


def entities_view(entities: list[Entity], counts: dict[str, int], filters: Sequence[str]) -> View:
    records = [entity_record(e, counts.get(e["name"], 0)) for e in entities]
    footer = _count(len(records), "entity", "entities") if records else ""
    return _record_list(
        "Entities", records, ENTITY_CSV_HEADER, ENTITY_COLUMNS, footer, _title("Entities", filters)
    )


def occasions_view(
    occasions: list[Occasion],
    counts: dict[str, int],
    names: dict[str, str] | None = None,
    filters: Sequence[str] = (),
) -> View:
    """The occasions (a calendar can hold them too); `names`: entity names by id."""
    records = [occasion_record(o, counts.get(o["id"], 0)) for o in occasions]
    footer = _count(len(records), "occasion") if records else ""
    title = _title("Occasions", filters)
    view = _record_list("Occasions", records, OCCASION_CSV_HEADER, OCCASION_COLUMNS, footer, title)
    return view._replace(layout=EVENTS, entity_names=names or {})


def citations_view(fact: Fact, sources: dict[str, Source]) -> View:
    """`kzturk cite`: a fact's sources as citations (plain, md, bibtex, json)."""
    cited = [(sources[r["source"]], r["quote"]) for r in fact["sources"] if r["source"] in sources]
    return View(
        title=f"Citations for {fact['id']}",
        records=citation_records(fact, sources),
        flat=flat_plain,
        sections=[Section(fact["id"], [(fact, source, quote) for source, quote in cited], [])],
        layout=CITATIONS,
    )


def source_line(source: Source | None, source_id: str) -> str:
    """'[asiatimes] Title — Outlet — author — 2022-05' (and the address of a page)."""
    if source is None:
        return f"{source_id} (not in the store)"
    parts = [source["title"] or "(untitled)", source["outlet"] or "outlet not stated"]
    if source["author"]:
        parts.append(source["author"])
    parts.append(source["published"] or "date unknown")
    if source["url"]:
        parts.append(source["url"])
    return f"[{source_id}] " + " — ".join(parts)


def fact_references(
    facts: Sequence[Fact], sources: dict[str, Source]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each fact's sources as citation lines: the footnotes of Markdown and HTML."""
    return tuple(
        (
            fact["id"],
            tuple(source_line(sources.get(r["source"]), r["source"]) for r in fact["sources"]),
        )
        for fact in facts
    )
