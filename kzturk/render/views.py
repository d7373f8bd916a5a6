"""What each command shows: its JSON records, CSV columns and table columns.

The JSON records built here are the documented output contract (README, "JSON output"):
add fields, never rename them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzturk.model import FACT_FIELDS, SOURCE_FIELDS, Fact, Source
from kzturk.query import group_by_year, source_count, split_trade
from kzturk.render import Column, Section, View
from kzturk.render.text import (
    clean_text,
    date_label,
    date_label_of,
    format_change,
    format_usd,
    format_values,
    join,
)

if TYPE_CHECKING:  # kzturk.analysis is imported by the commands that need it
    from kzturk.analysis import Conflict, TargetProgress

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

ID = Column("ID", lambda f: f["id"])
DATE = Column("Date", date_label, max_width=11)
SUMMARY = Column("Summary", lambda f: f["summary"], main=True)
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


def _short_direction(direction: str | None) -> str:
    """'Kazakhstan to Turkey' → 'KZ→TR' for narrow tables; JSON keeps the full text."""
    short = {"Kazakhstan to Turkey": "KZ→TR", "Turkey to Kazakhstan": "TR→KZ"}
    return short.get(direction or "", clean_text(direction) if direction else "both ways")


ACTUAL_COLUMNS = [
    ID,
    Column("Period", lambda f: f["period"] or "n/a", no_wrap=True),
    Column("Metric", lambda f: f["metric"] or "", main=True),
    Column("Direction", lambda f: _short_direction(f["direction"])),
    Column(
        "Amount",
        lambda f: format_usd(f["amount_usd"]) or format_values(f["values"]),
        justify="right",
    ),
    Column("Change", lambda f: format_change(f["change_pct"]), justify="right"),
    Column("Date", date_label, secondary=True),
    Column("Sources", SOURCE_IDS.cell, secondary=True),
]


def _target_amount(fact: Fact) -> str:
    return format_usd(fact["amount_usd"]) or format_values(fact["values"])


def _previous(row: TargetProgress) -> str:
    if row.previous is None:
        return "first stated"
    return f"{row.change or 'follows'} {_target_amount(row.previous)} ({row.previous['id']})"


def _latest(row: TargetProgress) -> str:
    if row.actual is None:
        return "no actual figure"
    period = row.actual["period"] or date_label(row.actual)
    return f"{format_usd(row.actual['amount_usd'])} in {period} ({row.actual['id']})"


TARGET_COLUMNS = [
    Column("ID", lambda r: r.target["id"]),
    Column("Set", lambda r: date_label(r.target)),
    Column("By", lambda r: r.target["announced_by"] or join(r.target["parties"]), max_width=18),
    Column("Metric", lambda r: r.target["metric"] or "", secondary=True),
    Column("Target", lambda r: _target_amount(r.target), justify="right"),
    Column("Deadline", lambda r: r.target["deadline"] or "none stated", secondary=True),
    Column("Follows", _previous, secondary=True),
    Column("Latest actual", _latest, main=True),
    Column(
        "Progress",
        lambda r: "" if r.progress_pct is None else f"{r.progress_pct:g}%",
        justify="right",
    ),
    Column(
        "Sources", lambda r: join(list(dict.fromkeys(x["source"] for x in r.target["sources"])))
    ),
]


def target_record(row: TargetProgress) -> dict[str, Any]:
    """A target's fact record plus `progress` (documented in the README)."""
    record = fact_record(row.target)
    record["progress"] = {
        "previous_target": row.previous["id"] if row.previous else None,
        "change": row.change,
        "latest_actual": row.actual["id"] if row.actual else None,
        "latest_actual_usd": row.actual["amount_usd"] if row.actual else None,
        "latest_actual_period": (row.actual["period"] or row.actual["date"])
        if row.actual
        else None,
        "progress_pct": row.progress_pct,
    }
    return record


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


def trade_view(facts: list[Fact], progress: list[TargetProgress]) -> View:
    actuals, _ = split_trade(facts)
    return View(
        title="Trade",
        records=[fact_record(f) for f in actuals] + [target_record(r) for r in progress],
        flat=flat_fact,
        csv_header=FACT_CSV_HEADER,
        sections=[
            Section("Trade figures (actual)", actuals, ACTUAL_COLUMNS),
            Section(
                "Trade targets (announced goals, set against the latest actual)",
                progress,
                TARGET_COLUMNS,
            ),
        ],
        empty_message="No trade figures or targets match.",
    )


CONFLICT_COLUMNS = [
    Column("Fact", lambda v: v["fact"]),
    Column("Date", lambda v: v["date_label"]),
    Column("Claim", lambda v: v["summary"], main=True),
    Column("Amount", lambda v: format_usd(v["amount_usd"]), justify="right", secondary=True),
    Column("Source", lambda v: f"{v['source']} ({v['published'] or 'undated'})"),
    Column("Quote", lambda v: f"“{v['quote']}”"),
]


def conflict_record(conflict: Conflict, sources: dict[str, Source]) -> dict[str, Any]:
    """One disagreement: how it was found, what it is about, and every version with its
    source, publication date and verbatim quote."""
    versions = []
    for fact in conflict.facts:
        for ref in fact["sources"]:
            source = sources.get(ref["source"])
            versions.append(
                {
                    "fact": fact["id"],
                    "date": fact["date"],
                    "date_note": fact["date_note"],
                    "summary": fact["summary"],
                    "amount_usd": fact["amount_usd"],
                    "source": ref["source"],
                    "title": source["title"] if source else None,
                    "published": source["published"] if source else None,
                    "quote": ref["quote"],
                }
            )
    return {
        "how": conflict.how,
        "about": conflict.about,
        "facts": [f["id"] for f in conflict.facts],
        "versions": versions,
    }


def flat_conflict(record: dict[str, Any]) -> dict[str, str]:
    return {
        "how": record["how"],
        "about": clean_text(record["about"]),
        "facts": join(record["facts"]),
        "versions": join(
            [
                f"{v['fact']} [{v['source']}, {v['published']}]: {v['quote']}"
                for v in record["versions"]
            ]
        ),
    }


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
        csv_header=("how", "about", "facts", "versions"),
        sections=sections,
        empty_message="No disagreements between sources among these facts.",
        footer=f"{len(records)} disagreement{'s' if len(records) != 1 else ''}" if records else "",
    )


def sources_view(sources: list[Source], counts: dict[str, int]) -> View:
    records = [source_record(s, counts.get(s["id"], 0)) for s in sources]
    columns = [
        Column("ID", lambda r: r["id"]),
        Column("Published", lambda r: r["published"] or "unknown", no_wrap=True),
        Column("Title", lambda r: r["title"] or "(untitled)", main=True),
        Column("Outlet", lambda r: r["outlet"] or "not stated", secondary=True),
        Column("Author", lambda r: r["author"] or "not stated", secondary=True),
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
VALUE = Column("Value", lambda row: row[1])


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
