"""Trade and investment figures: `kzturk trade` (the series, partial years, targets, the
chart) and `kzturk investment`.

Each parses its options, makes one library call and hands the result to a view.
"""

from typing import Annotated

import typer

from kzturk.cli.app import app
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import EPILOG_TIP, choice_option, vocabulary
from kzturk.errors import UsageError
from kzturk.model import MEASURES
from kzturk.render import CHART, TABLES, formats_for


@app.command(epilog=EPILOG_TIP)
@listing(layouts=(TABLES, CHART))
def trade(
    options: Listing,
    chart: Annotated[
        bool,
        typer.Option(
            "--chart", help="Draw the series: a line per reporter, a marker per year, targets."
        ),
    ] = False,
    by_year: Annotated[
        bool,
        typer.Option(
            "--by-year",
            help="JSON, JSON Lines and CSV give the series: one record per year and metric "
            "with its figures (see 'kzturk help trade').",
        ),
    ] = False,
) -> None:
    """Trade year by year since 1992: each reporter's full-year turnover side by side, the
    change within each reporter's series, exports and imports; missing years as gaps;
    partial-year figures apart; then the targets against the figure for their deadline.

    Investment figures are in 'kzturk investment'.

    Examples:

      kzturk trade

      kzturk trade --by-year --json

      kzturk trade --metric turnover --since 2022

      kzturk trade --format csv > trade.csv

      kzturk trade --chart

      kzturk trade --chart --format svg -o trade.svg

      kzturk trade --as-of 2022-12-31
    """
    from kzturk.analysis import trade_report
    from kzturk.render.trade_views import trade_chart_view, trade_view

    fmt = (options.given.fmt or "").strip().casefold()
    if not chart and fmt in formats_for(CHART) and fmt not in formats_for(TABLES):
        raise UsageError(f"--format {fmt} draws the chart: add --chart")
    options.use(CHART if chart else TABLES)
    if chart and options.format not in formats_for(CHART):
        raise UsageError(
            f"--chart draws a chart; it does not combine with --format {options.format} "
            f"(chart formats: {', '.join(formats_for(CHART))})"
        )
    spec = options.spec()
    store = options.store()
    report = trade_report(store, spec)
    if chart:
        options.emit(trade_chart_view(report, store, options.filters(spec)))
    else:
        view = trade_view(report, store, options.filters(spec), by_year=by_year, dates=spec.dates)
        options.emit(view)


@app.command(epilog=EPILOG_TIP)
@listing()
def investment(
    options: Listing,
    measure: Annotated[
        list[str] | None,
        choice_option(
            "--measure",
            choices=MEASURES,
            help="What is measured (repeatable): {choices}.",
        ),
    ] = None,
) -> None:
    """Investment figures both ways: stocks (cumulative to a date), flows (within a period)
    and project sums, each with whose figure it is.

    Examples:

      kzturk investment

      kzturk investment --measure stock --json

      kzturk investment --party Tokayev --as-of 2022-12-31
    """
    from kzturk.analysis.investment import investment_figures
    from kzturk.render.columns import INVESTMENT_COLUMNS
    from kzturk.render.views import fact_list_view

    spec = options.spec()._replace(kinds=("investment",))
    store = options.store()
    shown = investment_figures(store, spec, vocabulary(measure, MEASURES, "--measure"))
    view = fact_list_view(
        "Investment",
        shown.facts,
        store,
        columns=INVESTMENT_COLUMNS,
        hidden=shown.hidden,
        filters=options.filters(spec),
    )
    options.emit(view)
