"""`kzturk stats`: counts by year or decade, or for periods side by side."""

from __future__ import annotations

from typing import Annotated

import typer

from kzturk.cli.app import app
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import EPILOG_TIP, choice_option
from kzturk.errors import UsageError
from kzturk.render import STATS


@app.command(epilog=EPILOG_TIP)
@listing(layouts=(STATS,))
def stats(
    options: Listing,
    period: Annotated[
        list[str] | None,
        typer.Option(
            "--period",
            metavar="FROM..TO",
            help="Count this period (repeatable, side by side): 1992..2008, 2022-01..2022-06.",
        ),
    ] = None,
    by: Annotated[
        str | None,
        choice_option(
            "--by", choices=("year", "decade"), help="Count by {choices} (default: year)."
        ),
    ] = None,
) -> None:
    """How many facts by year (or decade) and kind, by sector, visits each way,
    agreements signed and signed deals per year; with --period, the same for periods side
    by side.

    Every kind of fact is counted, each in the year its date starts; with --period, in a
    period that holds its whole date. A visit is counted to Kazakhstan or to Turkey by its
    place. Agreements signed are the agreements (kzturk agreements) by the date of their
    signing; a filter they do not have (--sector, --kind...) leaves them uncounted. Signed
    deals are the facts of kind deal with status signed.

    Examples:

      kzturk stats

      kzturk stats --by decade --sector defense

      kzturk stats --period 1992..2008 --period 2009..2025

      kzturk stats --as-of 2015 --json

      kzturk stats --format html -o stats.html
    """
    from kzturk.analysis.stats import count, parse_period
    from kzturk.query import select_shown
    from kzturk.render.stats_views import stats_view

    chosen = (by or "year").strip().casefold()
    if chosen not in ("year", "decade"):
        raise UsageError(f"--by: unknown {by!r}. Valid: year, decade")
    if period and by is not None:
        raise UsageError("--period and --by do not combine: periods are counted as given")
    periods = [parse_period(text) for text in period or ()]
    spec = options.spec()
    store = options.store()
    hidden = select_shown(store, spec).hidden
    options.emit(stats_view(count(store, spec, periods, chosen), options.filters(spec), hidden))
