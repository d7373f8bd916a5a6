"""Lookup commands: deals, timeline, trade, search, show, sources, sectors, schema, check.

Each parses its options, makes one library call and hands the result to a view.
"""

from typing import Annotated, Any

import typer

from kzturk.cli.app import app
from kzturk.cli.completion import source_ids
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import (
    EPILOG_TIP,
    DbOption,
    FactIdArgument,
    choice_option,
    store_path,
    vocabulary,
)
from kzturk.cli.output import one_line, say, write_out
from kzturk.errors import UsageError
from kzturk.model import METRICS, STATUSES
from kzturk.render import CHART, DETAIL, TABLES, TIMELINE, formats_for

ALL_FILTERS = (
    "since",
    "until",
    "sector",
    "kind",
    "party",
    "min_sources",
    "as_of",
    "include_retracted",
    "quoted",
)


@app.command(epilog=EPILOG_TIP)
@listing("sector", "party", "since", "until", "min_sources", "as_of", "include_retracted", "quoted")
def deals(
    status: Annotated[
        list[str] | None,
        choice_option(
            "--status",
            choices=STATUSES,
            help="Deal status (repeatable): {choices}.",
        ),
    ] = None,
    **given: Any,
) -> None:
    """Agreements, memoranda, contracts, investments and purchases.

    Examples:

      kzturk deals --sector defense

      kzturk deals --sector energy --sector transport --since 2024

      kzturk deals --party tiryaki --json
    """
    from kzturk.query import select_shown
    from kzturk.render.views import fact_list_view

    options = Listing(given)
    spec = options.spec(kinds=("deal",), statuses=vocabulary(status, STATUSES, "--status"))
    store = options.store()
    shown = select_shown(store, spec)
    view = fact_list_view(
        "Deals",
        shown.facts,
        store,
        deals=True,
        hidden=shown.hidden,
        filters=options.filters(spec),
        dates=spec.dates,
    )
    options.emit(view)


@app.command(epilog=EPILOG_TIP)
@listing(*ALL_FILTERS, layouts=(TIMELINE,))
def timeline(
    context: Annotated[
        bool,
        typer.Option("--context", help="Include background and regional context (kind 'context')."),
    ] = False,
    analysis: Annotated[
        bool,
        typer.Option(
            "--analysis", help="Include interpretation by authors and experts (kind 'analysis')."
        ),
    ] = False,
    **given: Any,
) -> None:
    """Everything in date order, grouped by year, each date at its real precision; the
    facts of one visit or meeting together under its heading.

    Background (kind 'context') and interpretation (kind 'analysis') are left out unless you
    pass --context, --analysis or --kind; the footer says how many.

    Examples:

      kzturk timeline --since 2022

      kzturk timeline --sector defense --until 2023

      kzturk timeline --kind event --kind deal --format md

      kzturk timeline --since 2022 --format html -o timeline.html
    """
    from kzturk.query import select_shown
    from kzturk.render.views import timeline_view

    options = Listing(given, TIMELINE)
    spec = options.spec(include_context=context, include_analysis=analysis)
    store = options.store()
    shown = select_shown(store, spec)
    view = timeline_view(
        "Timeline",
        shown.facts,
        store,
        hidden=shown.hidden,
        filters=options.filters(spec),
        dates=spec.dates,
    )
    options.emit(view)


@app.command(epilog=EPILOG_TIP)
@listing(
    "since", "until", "min_sources", "as_of", "include_retracted", "quoted", layouts=(TABLES, CHART)
)
def trade(
    metric: Annotated[
        list[str] | None,
        choice_option(
            "--metric",
            "-m",
            choices=METRICS,
            help="Measure (repeatable): {choices}.",
        ),
    ] = None,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw figures and targets as a bar chart.")
    ] = False,
    **given: Any,
) -> None:
    """Trade statistics, and trade targets shown apart from the actual figures.

    Examples:

      kzturk trade

      kzturk trade --metric turnover --since 2022

      kzturk trade --format csv > trade.csv

      kzturk trade --chart

      kzturk trade --chart --format svg -o trade.svg

      kzturk trade --as-of 2022-12-31
    """
    from kzturk.analysis import trade_report
    from kzturk.render.views import trade_chart_view, trade_view

    fmt = (given.get("fmt") or "").strip().casefold()
    if not chart and fmt in formats_for(CHART) and fmt not in formats_for(TABLES):
        raise UsageError(f"--format {fmt} draws the chart: add --chart")
    options = Listing(given, CHART if chart else TABLES)
    if chart and options.format not in formats_for(CHART):
        raise UsageError(
            f"--chart draws a chart; it does not combine with --format {options.format} "
            f"(chart formats: {', '.join(formats_for(CHART))})"
        )
    spec = options.spec(metrics=vocabulary(metric, METRICS, "--metric"))
    store = options.store()
    report = trade_report(store, spec)
    make = trade_chart_view if chart else trade_view
    options.emit(make(report, store, options.filters(spec)))


@app.command()
@listing(*ALL_FILTERS)
def search(
    terms: Annotated[
        list[str],
        typer.Argument(
            metavar="TERM...",
            help="Words to find; every one must match a whole word. 'anka*' matches a "
            "prefix, '\"two words\"' a phrase.",
        ),
    ],
    **given: Any,
) -> None:
    """Facts whose summary, parties (by any of their names), quotes or notes hold every
    term as a whole word, case- and accent-insensitively; summary and party matches first.

    Every kind of fact is searched (context and analysis included).

    Examples:

      kzturk search anka memorandum

      kzturk search "middle corridor" --since 2022 --json

      kzturk search astana --kind event
    """
    from kzturk.entities import entity_index
    from kzturk.query import select_shown
    from kzturk.render.views import search_view
    from kzturk.search import parse_terms, search

    options = Listing(given)
    spec = options.spec()
    store = options.store()
    shown = select_shown(store, spec)
    found = search(shown.facts, parse_terms(terms, entity_index(store)))
    view = search_view(
        " ".join(terms), found, store, shown.hidden, options.filters(spec), spec.dates
    )
    options.emit(view)


@app.command()
@listing(layouts=(DETAIL,))
def show(
    fact_id: FactIdArgument,
    **given: Any,
) -> None:
    """One fact in full: its dates, occasion, links to and from it, and each source with
    its verbatim quote.

    Examples:

      kzturk show F101

      kzturk show f101 --json
    """
    from kzturk.query import fact_by_id
    from kzturk.render.detail_views import fact_detail_view

    options = Listing(given, DETAIL)
    store = options.store()
    options.emit(fact_detail_view(fact_by_id(store, fact_id), store))


@app.command()
@listing()
def sources(
    source_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Show one source in full.", autocompletion=source_ids),
    ] = None,
    **given: Any,
) -> None:
    """The sources, archived articles and reference pages, with how many facts cite each.

    Examples:

      kzturk sources

      kzturk sources izvestia
    """
    from kzturk.query import citation_counts, facts_citing, sorted_sources, source_by_id
    from kzturk.render.detail_views import source_detail_view
    from kzturk.render.views import sources_view

    options = Listing(given, TABLES if source_id is None else DETAIL)
    store = options.store()
    if source_id is None:
        options.emit(sources_view(sorted_sources(store.sources), citation_counts(store)))
        return
    source = source_by_id(store, source_id)
    options.emit(source_detail_view(source, facts_citing(store, source["id"])))


@app.command()
@listing()
def sectors(**given: Any) -> None:
    """The sector vocabulary, with how many facts carry each sector.

    Example:

      kzturk sectors
    """
    from kzturk.query import sector_counts
    from kzturk.render.views import sectors_view

    options = Listing(given)
    options.emit(sectors_view(sector_counts(options.store())))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the store (sources and facts).

    Example:

      kzturk schema > facts.schema.json
    """
    from kzturk.render.json_format import json_text
    from kzturk.schema import store_json_schema

    write_out(json_text(store_json_schema()), data=True)


@app.command()
def check(
    db: DbOption = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Rewrite the file in canonical format (atomically).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Problems as JSON.")] = False,
) -> None:
    """Validate a store: schema, vocabulary, ids, sources, verbatim quotes, dates, format.

    Prints every problem with the id of the record it is in; exits 1 if there is any.

    Examples:

      kzturk check

      kzturk check --db my-facts.json --fix
    """
    from kzturk.check import check_store
    from kzturk.curate import fix_store
    from kzturk.render.json_format import json_text

    path = store_path(db)
    if fix and fix_store(path):
        say(f"rewrote {path} in canonical format")
    problems = check_store(path)
    if as_json:
        records = [{"record": p.record, "problem": p.message} for p in problems]
        write_out(json_text(records), data=True)
    else:
        write_out("".join(f"{one_line(str(problem))}\n" for problem in problems))
    if problems:
        say(f"{len(problems)} problem(s) in {path}")
        raise typer.Exit(1)
    if not as_json:
        write_out(f"ok: {one_line(str(path))} is valid\n")
