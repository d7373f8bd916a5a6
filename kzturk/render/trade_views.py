"""`kzturk trade` as a view: the series year by year, the partial-year figures, the targets
(and the same drawn as the chart). Records: the facts and targets, or the series."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kzturk.entities import entity_index, other_names
from kzturk.render import CHART, Section, View
from kzturk.render import trade_series as ts
from kzturk.render.columns import TARGET_COLUMNS
from kzturk.render.ranges import is_wider, mark
from kzturk.render.records import FACT_CSV_HEADER, fact_record, flat_fact, target_record
from kzturk.render.text import is_marked
from kzturk.render.views import _title, fact_references, footer
from kzturk.store.loaded import Store

if TYPE_CHECKING:  # kzturk.analysis is imported by the command
    from kzturk.analysis import TradeReport
    from kzturk.analysis.series import TradeSeries
    from kzturk.dates import DateRange


def trade_view(
    report: TradeReport,
    store: Store,
    filters: Sequence[str] = (),
    *,
    by_year: bool = False,
    dates: DateRange | None = None,
) -> View:
    """The series year by year, the figures that cover no full year, then the targets.
    The records are the facts and targets, or with `by_year` the series (its contract); in
    a listing with a date range each fact record says whether its date only overlaps it."""
    from kzturk.analysis.series import build_series

    index = entity_index(store)
    series = report.series or build_series(report.actuals)
    partial = series.partial
    columns = ts.series_columns(series)
    facts = [*report.actuals, *(row.target for row in report.targets)]
    records = (
        ts.series_records(series)
        if by_year
        else [fact_record(f, index) for f in report.actuals]
        + [target_record(r, index) for r in report.targets]
    )
    if not by_year:
        mark(records, facts, dates)
    wider = sum(is_wider(fact, dates) for fact in facts)
    overlap = (
        f"{wider} figure{'s' if wider != 1 else ''} dated only to a longer period than the "
        "range, which may fall in it"
        if wider
        else ""
    )
    return View(
        title=_title("Trade", filters),
        records=records,
        flat=ts.flat_series if by_year else flat_fact,
        csv_header=ts.SERIES_CSV_HEADER if by_year else FACT_CSV_HEADER,
        sections=[
            Section("Trade by year: full-year figures by reporter", series.years, columns),
            Section("Partial-year and undated figures", partial, ts.PARTIAL_COLUMNS),
            Section(
                "Trade targets (announced goals, against the full-year figure for the deadline)",
                report.targets,
                TARGET_COLUMNS,
            ),
        ],
        empty_message="No trade figures or targets match.",
        footer=footer(
            "; ".join(t for t in (_series_footer(series), overlap) if t),
            None,
            any(map(is_marked, facts)),
        ),
        references=fact_references(facts, store.sources),
        source_index=store.sources,
        figure=CHART,
        names=other_names(store, facts),
    )


def _series_footer(series: TradeSeries) -> str:
    years = series.years_with("turnover")
    span = f"{series.years[0].year}–{series.years[-1].year}" if series.years else ""
    return f"Turnover for {len(years)} of {len(series.years)} years {span}" if years else ""


def trade_chart_view(report: TradeReport, store: Store, filters: Sequence[str] = ()) -> View:
    """The same report as a chart: the series, the partial figures, then the targets."""
    return trade_view(report, store, filters)._replace(layout=CHART, figure="")
