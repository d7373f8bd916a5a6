"""What each command shows: its JSON records, CSV columns and table columns.

The JSON records built here are the documented output contract (README, "JSON output"):
add fields, never rename them.
"""

from __future__ import annotations

from typing import Any

from kzturk.model import FACT_FIELDS, SOURCE_FIELDS, Fact, Source
from kzturk.query import group_by_year, source_count, split_trade
from kzturk.render import Column, Section, View
from kzturk.render.text import (
    clean_text,
    date_label,
    format_change,
    format_usd,
    format_values,
    join,
)

# ---- records (JSON) -------------------------------------------------------------------------


def fact_record(fact: Fact) -> dict[str, Any]:
    """A fact with every stored field (null where unknown) plus `source_count`."""
    record: dict[str, Any] = {name: fact[name] for name in FACT_FIELDS}  # type: ignore[literal-required]
    record["source_count"] = source_count(fact)
    return record


def source_record(source: Source, fact_count: int) -> dict[str, Any]:
    record: dict[str, Any] = {name: source[name] for name in SOURCE_FIELDS}  # type: ignore[literal-required]
    record["fact_count"] = fact_count
    return record


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


# CSV columns of a fact: the stored fields, the quotes beside the source ids, the count last.
FACT_CSV_HEADER = (
    *(
        name
        for field in FACT_FIELDS
        for name in ((field, "quotes") if field == "sources" else (field,))
    ),
    "source_count",
)


def flat_fact(record: dict[str, Any]) -> dict[str, str]:
    """CSV columns of a fact: lists joined with '; ', quotes in their own column."""
    lists = {
        "sectors": join(record["sectors"]),
        "parties": join(record["parties"]),
        "values": join(
            [
                " ".join(_scalar(part) for part in (v["amount"], v["currency"], v["unit"]) if part)
                for v in record["values"]
            ]
        ),
        "sources": join([ref["source"] for ref in record["sources"]]),
        "links": join([f"{link['relation']} {link['fact']}" for link in record["links"]]),
        "quotes": join([ref["quote"] for ref in record["sources"]]),
        "retracted": (
            f"{record['retracted']['date']}: {record['retracted']['reason']}"
            if record["retracted"]
            else ""
        ),
    }
    return {
        name: lists[name] if name in lists else _scalar(record[name]) for name in FACT_CSV_HEADER
    }


SOURCE_CSV_HEADER = (*SOURCE_FIELDS, "fact_count")


def flat_plain(record: dict[str, Any]) -> dict[str, str]:
    return {key: _scalar(value) for key, value in record.items()}


# ---- columns (table, Markdown) --------------------------------------------------------------

ID = Column("ID", lambda f: f["id"], no_wrap=True)
DATE = Column("Date", date_label, max_width=11)
SUMMARY = Column("Summary", lambda f: f["summary"], min_width=20, main=True)
SOURCES = Column("Src", lambda f: str(source_count(f)), justify="right")
SOURCE_IDS = Column(
    "Sources", lambda f: join(list(dict.fromkeys(r["source"] for r in f["sources"])))
)

DEAL_COLUMNS = [
    ID,
    DATE,
    Column("Sectors", lambda f: "\n".join(f["sectors"]), secondary=True),
    Column("Parties", lambda f: "\n".join(clean_text(p) for p in f["parties"]), secondary=True),
    SUMMARY,
    Column("Value", lambda f: format_values(f["values"]), max_width=16),
    Column("Status", lambda f: f["status"] or ""),
    SOURCES,
]
FACT_COLUMNS = [
    ID,
    DATE,
    Column("Kind", lambda f: f["kind"]),
    Column("Sectors", lambda f: "\n".join(f["sectors"]), secondary=True),
    SUMMARY,
    SOURCES,
]
ACTUAL_COLUMNS = [
    ID,
    Column("Period", lambda f: f["period"] or "n/a", no_wrap=True),
    Column("Metric", lambda f: f["metric"] or ""),
    Column("Direction", lambda f: f["direction"] or "both ways", max_width=16),
    Column(
        "Amount",
        lambda f: format_usd(f["amount_usd"]) or format_values(f["values"]),
        justify="right",
    ),
    Column("Change", lambda f: format_change(f["change_pct"]), justify="right"),
    Column("Reported", date_label),
    SOURCE_IDS,
]
TARGET_COLUMNS = [
    ID,
    Column("Set", date_label),
    Column("By", lambda f: f["announced_by"] or join(f["parties"]), max_width=20),
    Column("Metric", lambda f: f["metric"] or ""),
    Column(
        "Target",
        lambda f: format_usd(f["amount_usd"]) or format_values(f["values"]),
        justify="right",
    ),
    Column("Deadline", lambda f: f["deadline"] or "none stated"),
    SOURCE_IDS,
]


# ---- views ----------------------------------------------------------------------------------


def fact_list_view(title: str, facts: list[Fact], *, deals: bool = False) -> View:
    """A plain list of facts (deals, search results)."""
    columns = DEAL_COLUMNS if deals else FACT_COLUMNS
    return View(
        title=title,
        records=[fact_record(f) for f in facts],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(title, facts, columns)],
        footer=f"{len(facts)} fact{'s' if len(facts) != 1 else ''}" if facts else "",
    )


def timeline_view(title: str, facts: list[Fact]) -> View:
    groups = group_by_year(facts)
    return View(
        title=title,
        records=[fact_record(f) for _, year_facts in groups for f in year_facts],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[Section(year, year_facts, FACT_COLUMNS) for year, year_facts in groups],
        layout="timeline",
        footer=f"{len(facts)} fact{'s' if len(facts) != 1 else ''}" if facts else "",
    )


def trade_view(facts: list[Fact]) -> View:
    actuals, targets = split_trade(facts)
    return View(
        title="Trade",
        records=[fact_record(f) for f in actuals + targets],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[
            Section("Trade figures (actual)", actuals, ACTUAL_COLUMNS),
            Section("Trade targets (announced, not achieved figures)", targets, TARGET_COLUMNS),
        ],
        empty_message="No trade figures or targets match.",
    )


def sources_view(sources: list[Source], counts: dict[str, int]) -> View:
    records = [source_record(s, counts.get(s["id"], 0)) for s in sources]
    columns = [
        Column("ID", lambda r: r["id"], no_wrap=True),
        Column("Published", lambda r: r["published"] or "unknown", no_wrap=True),
        Column("Title", lambda r: r["title"] or "(untitled)", min_width=20),
        Column("Outlet", lambda r: r["outlet"] or "not stated", max_width=18),
        Column("Author", lambda r: r["author"] or "not stated", max_width=16),
        Column("Facts", lambda r: str(r["fact_count"]), justify="right"),
    ]
    return View(
        title="Sources",
        records=records,
        flat=flat_plain,
        csv_header=SOURCE_CSV_HEADER,
        sections=[Section("Sources", records, columns)],
    )


def sectors_view(counts: list[tuple[str, int]]) -> View:
    records: list[dict[str, Any]] = [{"sector": s, "count": n} for s, n in counts]
    columns = [
        Column("Sector", lambda r: r["sector"]),
        Column("Facts", lambda r: str(r["count"]), justify="right"),
    ]
    return View(
        title="Sectors",
        records=records,
        flat=flat_plain,
        csv_header=("sector", "count"),
        sections=[Section("Sectors", records, columns)],
    )


FIELD = Column("Field", lambda row: row[0], no_wrap=True)
VALUE = Column("Value", lambda row: row[1], min_width=30)


def fact_detail_view(fact: Fact, sources: dict[str, Source]) -> View:
    """One fact in full, with each source's title, outlet, date and quote."""
    rows: list[tuple[str, str]] = [
        ("Summary", fact["summary"]),
        ("Date", date_label(fact) + (f" ({fact['date_note']})" if fact["date_note"] else "")),
        ("Kind", fact["kind"] + (f", {fact['status']}" if fact["status"] else "")),
        ("Sectors", ", ".join(fact["sectors"])),
        ("Parties", join(fact["parties"])),
    ]
    if fact["values"]:
        rows.append(("Values", format_values(fact["values"])))
    trade = [
        ("Metric", fact["metric"]),
        ("Period", fact["period"]),
        ("Direction", fact["direction"]),
        ("Amount", format_usd(fact["amount_usd"])),
        ("Change", format_change(fact["change_pct"])),
        ("Deadline", fact["deadline"]),
        ("Announced by", fact["announced_by"]),
    ]
    rows += [(name, value) for name, value in trade if value]
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
        (name.replace("_", " ").capitalize(), str(source[name]))  # type: ignore[literal-required]
        for name in SOURCE_FIELDS
        if source[name]  # type: ignore[literal-required]
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
        single=True,
    )
