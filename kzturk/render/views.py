"""What each command shows: a `View` with its JSON records, CSV columns and table sections.

The records are the output contract (`kzturk.render.records`); the columns are in
`kzturk.render.columns`; the detail view reads its labels from the table of fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzturk.model import FACT_TABLE, SOURCE_TABLE, Fact, Source
from kzturk.query import group_by_year
from kzturk.render import CHART, CITATIONS, DETAIL, TIMELINE, Section, View
from kzturk.render.columns import (
    ACTUAL_COLUMNS,
    CONFLICT_COLUMNS,
    DEAL_COLUMNS,
    FACT_COLUMNS,
    FIELD,
    SECTOR_COLUMNS,
    SOURCE_COLUMNS,
    TARGET_COLUMNS,
    VALUE,
)
from kzturk.render.records import (
    CONFLICT_CSV_HEADER,
    FACT_CSV_HEADER,
    SOURCE_CSV_HEADER,
    citation_records,
    conflict_record,
    fact_record,
    flat_conflict,
    flat_fact,
    flat_plain,
    source_record,
    target_record,
)
from kzturk.render.text import (
    date_label,
    date_label_of,
    format_change,
    format_usd,
    format_values,
    join,
)

if TYPE_CHECKING:  # kzturk.analysis is imported by the commands that need it
    from kzturk.analysis import Conflict, TradeReport


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}" if n else ""


def fact_list_view(title: str, facts: list[Fact], *, deals: bool = False) -> View:
    """A plain list of facts (deals, search results)."""
    columns = DEAL_COLUMNS if deals else FACT_COLUMNS
    return View(
        title=title,
        records=[fact_record(f) for f in facts],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(title, facts, columns)],
        footer=_count(len(facts), "fact"),
    )


def timeline_view(title: str, facts: list[Fact]) -> View:
    groups = group_by_year(facts)
    return View(
        title=title,
        records=[fact_record(f) for _, year_facts in groups for f in year_facts],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(year, year_facts, FACT_COLUMNS) for year, year_facts in groups],
        layout=TIMELINE,
        footer=_count(len(facts), "fact"),
    )


def trade_view(report: TradeReport) -> View:
    return View(
        title="Trade",
        records=[fact_record(f) for f in report.actuals]
        + [target_record(r) for r in report.targets],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[
            Section("Trade figures (actual)", report.actuals, ACTUAL_COLUMNS),
            Section(
                "Trade targets (announced goals, set against the latest actual)",
                report.targets,
                TARGET_COLUMNS,
            ),
        ],
        empty_message="No trade figures or targets match.",
    )


def trade_chart_view(report: TradeReport) -> View:
    """The same report as a chart: actual figures first, then the targets."""
    view = trade_view(report)
    return view._replace(layout=CHART)


def conflicts_view(conflicts: list[Conflict], sources: dict[str, Source]) -> View:
    records = [conflict_record(c, sources) for c in conflicts]
    sections = []
    for number, record in enumerate(records, 1):
        rows = [
            {
                **v,
                "date_label": date_label_of(v["date"])
                + (f" ({v['date_note']})" if v["date_note"] else ""),
            }
            for v in record["versions"]
        ]
        sections.append(
            Section(f"{number}. {record['about']} ({record['how']})", rows, CONFLICT_COLUMNS)
        )
    return View(
        title="Conflicts between sources",
        records=records,
        flat=flat_conflict,
        csv_header=CONFLICT_CSV_HEADER,
        sections=sections,
        empty_message="No disagreements between sources among these facts.",
        footer=_count(len(records), "disagreement"),
    )


def sources_view(sources: list[Source], counts: dict[str, int]) -> View:
    records = [source_record(s, counts.get(s["id"], 0)) for s in sources]
    return View(
        title="Sources",
        records=records,
        flat=flat_plain,
        csv_header=SOURCE_CSV_HEADER,
        sections=[Section("Sources", records, SOURCE_COLUMNS)],
    )


def sectors_view(counts: list[tuple[str, int]]) -> View:
    records: list[dict[str, Any]] = [{"sector": s, "count": n} for s, n in counts]
    return View(
        title="Sectors",
        records=records,
        flat=flat_plain,
        csv_header=("sector", "count"),
        sections=[Section("Sectors", records, SECTOR_COLUMNS)],
    )


# How the detail view shows a field's value, by the field's name where it really differs.
_SHOWN_WITH = {"date_note": "date", "status": "kind"}  # folded into another field's line


def _detail_value(fact: Fact, name: str) -> str:
    value: Any = fact[name]  # type: ignore[literal-required]
    if name == "date":
        return date_label(fact) + (f" ({fact['date_note']})" if fact["date_note"] else "")
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


def fact_detail_view(fact: Fact, sources: dict[str, Source]) -> View:
    """One fact in full, field by field as the table of fields labels them, then each
    source's title, outlet, date and quote."""
    rows: list[tuple[str, str]] = [("Summary", fact["summary"])]
    always = ("date", "kind", "sectors", "parties")
    for field in FACT_TABLE:
        name = field.name
        if name in ("id", "summary", "links", "retracted", "sources") or name in _SHOWN_WITH:
            continue
        value = _detail_value(fact, name)
        if value or name in always:
            rows.append((field.label, value))
    for link in fact["links"]:
        rows.append(("Link", f"{link['relation']} {link['fact']}"))
    if fact["retracted"]:
        rows.append(("RETRACTED", f"{fact['retracted']['date']}: {fact['retracted']['reason']}"))
    for number, ref in enumerate(fact["sources"], 1):
        rows.append((f"Source {number}", _citation_line(sources.get(ref["source"]), ref["source"])))
        rows.append((f"Quote {number}", f"“{ref['quote']}”"))
    return View(
        title=f"Fact {fact['id']}",
        records=[fact_record(fact)],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(f"Fact {fact['id']}", rows, [FIELD, VALUE])],
        layout=DETAIL,
        single=True,
    )


def _citation_line(source: Source | None, source_id: str) -> str:
    if source is None:
        return f"{source_id} (not in the store)"
    parts = [source["title"] or "(untitled)", source["outlet"] or "outlet not stated"]
    if source["author"]:
        parts.append(source["author"])
    parts.append(source["published"] or "date unknown")
    return f"[{source_id}] " + " — ".join(parts)


def source_detail_view(source: Source, facts: list[Fact]) -> View:
    rows: list[tuple[str, str]] = [
        (field.label, str(source[field.name]))  # type: ignore[literal-required]
        for field in SOURCE_TABLE
        if source[field.name]  # type: ignore[literal-required]
    ]
    rows.append(("Facts citing it", str(len(facts))))
    return View(
        title=f"Source {source['id']}",
        records=[source_record(source, len(facts))],
        flat=flat_plain,
        csv_header=SOURCE_CSV_HEADER,
        sections=[
            Section(f"Source {source['id']}", rows, [FIELD, VALUE]),
            Section("Facts citing it", facts, FACT_COLUMNS),
        ],
        layout=DETAIL,
        single=True,
    )


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
