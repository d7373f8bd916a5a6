"""The trade series drawn as a table and as records: a row per year, each reporter's figure
side by side (`kzturk trade`, and `kzturk trade --by-year --json`, the series contract)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzturk.analysis.series import REPORTER_ORDER
from kzturk.model import METRICS, REPORTER_LABELS
from kzturk.render import Column
from kzturk.render.text import format_change, format_usd, join, period_label, short_direction

if TYPE_CHECKING:
    from kzturk.analysis.series import SeriesFigure, TradeSeries, YearRow

DIRECTIONS = ("Kazakhstan to Turkey", "Turkey to Kazakhstan")
SERIES_CSV_HEADER = (
    "year",
    "metric",
    "full_year",
    "ids",
    "amounts_usd",
    "directions",
    "reporters",
    "change_pcts",
)


def reporter_label(reporter: str | None) -> str:
    """'KZ stats', 'TR stats', 'Official', 'Outlet'; 'Unattributed' for none."""
    return REPORTER_LABELS.get(reporter or "", "Unattributed")


def _amount(figure: SeriesFigure) -> str:
    change = format_change(figure.change_pct)
    text = format_usd(figure.fact["amount_usd"]) or "no $ figure"
    return f"{text} {change}" if change else text


def _turnover_cell(reporter: str, first: bool) -> Column:
    def cell(row: YearRow) -> str:
        found = [f for f in row.figures["turnover"] if (f.fact["reporter"] or "") == reporter]
        if found:
            return "\n".join(_amount(f) for f in found)
        return "no figure" if first and not row.figures["turnover"] else ""

    return Column(f"Turnover: {reporter_label(reporter)}", cell, main=first)


def _direction_cell(direction: str) -> Column:
    def cell(row: YearRow) -> str:
        found = [
            f
            for metric in ("exports", "imports")
            for f in row.figures[metric]
            if f.fact["direction"] == direction
        ]
        return "\n".join(
            f"{_amount(f)} ({reporter_label(f.fact['reporter'])}, {f.fact['metric']})"
            for f in found
        )

    return Column(short_direction(direction), cell, secondary=True)


def series_columns(series: TradeSeries) -> list[Column]:
    """Year, one turnover column per reporter that gives any, then each direction's flow."""
    given = {f.fact["reporter"] or "" for row in series.years for f in row.figures["turnover"]}
    reporters = [r for r in REPORTER_ORDER if r in given]
    columns = [Column("Year", lambda row: str(row.year), no_wrap=True)]
    columns += [_turnover_cell(r, i == 0) for i, r in enumerate(reporters or [""])]
    columns += [_direction_cell(d) for d in DIRECTIONS]
    columns.append(Column("Facts", _row_facts, secondary=True))
    return columns


def _row_facts(row: YearRow) -> str:
    ids = [f.fact["id"] for metric in METRICS for f in row.figures[metric]]
    return join(ids)


PARTIAL_COLUMNS = [
    Column("ID", lambda f: f["id"]),
    Column("Period", lambda f: period_label(f["period"]), no_wrap=True),
    Column("Metric", lambda f: f["metric"] or "", main=True),
    Column("Direction", lambda f: short_direction(f["direction"])),
    Column("Amount", lambda f: format_usd(f["amount_usd"]), justify="right"),
    Column("Change", lambda f: format_change(f["change_pct"]), justify="right"),
    Column("Reporter", lambda f: reporter_label(f["reporter"]), secondary=True),
]


def figure_record(figure: SeriesFigure) -> dict[str, Any]:
    fact = figure.fact
    return {
        "id": fact["id"],
        "amount_usd": fact["amount_usd"],
        "direction": fact["direction"],
        "reporter": fact["reporter"],
        "period": fact["period"],
        "change_pct": figure.change_pct,
        "reported_change_pct": fact["change_pct"],
        "sources": list(dict.fromkeys(ref["source"] for ref in fact["sources"])),
    }


def series_records(series: TradeSeries) -> list[dict[str, Any]]:
    """One object per year and metric, every year of the range (no figures: a gap)."""
    return [
        {
            "year": row.year,
            "metric": metric,
            "full_year": True,
            "figures": [figure_record(f) for f in row.figures[metric]],
        }
        for row in series.years
        for metric in METRICS
    ]


def flat_series(record: dict[str, Any]) -> dict[str, str]:
    """CSV columns of a year's metric: its figures' fields joined with '; '."""

    def joined(name: str) -> str:
        return join(["" if f[name] is None else str(f[name]) for f in record["figures"]])

    return {
        "year": str(record["year"]),
        "metric": record["metric"],
        "full_year": "true",
        "ids": joined("id"),
        "amounts_usd": joined("amount_usd"),
        "directions": joined("direction"),
        "reporters": joined("reporter"),
        "change_pcts": joined("change_pct"),
    }
