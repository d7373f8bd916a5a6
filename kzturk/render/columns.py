"""The columns of the human formats (tables and Markdown), one list per kind of listing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzturk.model import REPORTER_LABELS, Fact
from kzturk.query import source_count
from kzturk.render import Column
from kzturk.render.text import (
    alias_text,
    clean_text,
    date_label,
    date_label_of,
    format_usd,
    format_values,
    join,
    marked_date_label,
    period_label,
    short_direction,
)

if TYPE_CHECKING:
    from kzturk.analysis import TargetProgress


def summary(fact: Fact) -> str:
    """The summary, with a retraction said first: a retracted claim never reads as live."""
    retracted = fact["retracted"]
    if retracted:
        return f"RETRACTED {retracted['date']} ({retracted['reason']}): {fact['summary']}"
    return fact["summary"]


ID = Column("ID", lambda f: f["id"])
DATE = Column("Date", marked_date_label, max_width=15)
SUMMARY = Column("Summary", summary, main=True)
SOURCES = Column("Src", lambda f: str(source_count(f)), justify="right")
SOURCE_IDS = Column(
    "Sources",
    lambda f: "\n".join(clean_text(s) for s in dict.fromkeys(r["source"] for r in f["sources"])),
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


def _target_amount(fact: Fact) -> str:
    return format_usd(fact["amount_usd"]) or format_values(fact["values"])


def _previous(row: TargetProgress) -> str:
    if row.previous is None:
        return "first stated"
    return f"{row.change or 'follows'} {_target_amount(row.previous)} ({row.previous['id']})"


def _latest(row: TargetProgress) -> str:
    """'$5.4 bn in 2025 (KZ stats, F504)': the full-year figure the target is measured
    against, with its year and reporter, or why there is none."""
    if row.actual is None:
        return "no full-year figure by its deadline"
    actual = row.actual
    who = REPORTER_LABELS.get(actual["reporter"] or "", "Unattributed")
    year = row.year if row.year is not None else actual["period"] or date_label(actual)
    return f"{format_usd(actual['amount_usd'])} in {year} ({who}, {actual['id']})"


TARGET_COLUMNS = [
    Column("ID", lambda r: r.target["id"]),
    Column("Set", lambda r: marked_date_label(r.target)),
    Column("By", lambda r: r.target["announced_by"] or join(r.target["parties"]), max_width=18),
    Column("Metric", lambda r: r.target["metric"] or "", secondary=True),
    Column("Target", lambda r: _target_amount(r.target), justify="right"),
    Column("Deadline", lambda r: r.target["deadline"] or "none stated", secondary=True),
    Column("Follows", _previous, secondary=True),
    Column("Measured against", _latest, main=True),
    Column(
        "Progress",
        lambda r: "" if r.progress_pct is None else f"{r.progress_pct:g}%",
        justify="right",
    ),
    Column("Sources", lambda r: SOURCE_IDS.cell(r.target), secondary=True),
]
INVESTMENT_COLUMNS = [
    ID,
    DATE,
    Column("Measure", lambda f: f["measure"] or ""),
    Column("Direction", lambda f: short_direction(f["direction"])),
    Column("Period", lambda f: period_label(f["period"]) if f["period"] else "", secondary=True),
    Column("Amount", lambda f: format_usd(f["amount_usd"]), justify="right"),
    Column(
        "Reporter",
        lambda f: REPORTER_LABELS.get(f["reporter"] or "", "Unattributed"),
        secondary=True,
    ),
    SUMMARY,
    SOURCES,
]
CONFLICT_COLUMNS = [
    Column("Fact", lambda v: v.fact["id"]),
    Column("Date", lambda v: v.date_label),
    Column("Claim", lambda v: v.fact["summary"], main=True),
    Column("Amount", lambda v: format_usd(v.fact["amount_usd"]), justify="right", secondary=True),
    Column("Sources", lambda v: "\n".join(v.sources), secondary=True, lines=True),
]
SOURCE_COLUMNS = [
    Column("ID", lambda r: r["id"]),
    Column("Published", lambda r: r["published"] or "unknown", no_wrap=True),
    Column("Title", lambda r: r["title"] or "(untitled)", main=True),
    Column("Outlet", lambda r: r["outlet"] or "not stated", secondary=True),
    Column("Author", lambda r: r["author"] or "not stated", secondary=True),
    Column("Kind", lambda r: r["kind"], secondary=True),
    Column("Facts", lambda r: str(r["fact_count"]), justify="right"),
]
ENTITY_COLUMNS = [
    Column("ID", lambda r: r["id"]),
    Column("Name", lambda r: r["name"], main=True),
    Column("Type", lambda r: r["type"]),
    Column(
        "Also known as",
        lambda r: "\n".join(alias_text(a) for a in r["aliases"]),
        secondary=True,
    ),
    Column("Facts", lambda r: str(r["fact_count"]), justify="right"),
]
OCCASION_COLUMNS = [
    Column("ID", lambda r: r["id"], secondary=True),
    Column("Date", lambda r: date_label_of(r["date"], r["date_end"]), no_wrap=True),
    Column("Name", lambda r: r["name"], main=True),
    Column("Kind", lambda r: r["kind"]),
    Column("Place", lambda r: r["place"] or "", secondary=True),
    Column("Facts", lambda r: str(r["fact_count"]), justify="right"),
]
MATCHED = Column("Matched in", lambda hit: ", ".join(hit.places), secondary=True)
SECTOR_COLUMNS = [
    Column("Sector", lambda r: r["sector"]),
    Column("Facts", lambda r: str(r["count"]), justify="right"),
]
FIELD = Column("Field", lambda row: row[0], no_wrap=True)
VALUE = Column("Value", lambda row: row[1])
