"""Trade and investment figures: `kzturk trade` (the series, partial years, targets, the
chart) and `kzturk investment`.

Each parses its options, makes one library call and hands the result to a view.
"""

from typing import Annotated

import typer

from kzturk.cli import direct
from kzturk.cli.app import app
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import EPILOG_TIP, choice_option, vocabulary
from kzturk.model import MEASURES


def trade(
    options: Listing,
    chart: Annotated[
        bool, typer.Option(*direct.CHART_SWITCH.names, help=direct.CHART_SWITCH.help)
    ] = False,
    by_year: Annotated[
        bool, typer.Option(*direct.BY_YEAR_SWITCH.names, help=direct.BY_YEAR_SWITCH.help)
    ] = False,
) -> None:
    direct.trade(options, chart=chart, by_year=by_year)


trade.__doc__ = direct.trade.__doc__  # the help, with the body, lives in `direct`
app.command(epilog=EPILOG_TIP)(listing(layouts=direct.DIRECT["trade"].layouts)(trade))


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
