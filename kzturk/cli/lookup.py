"""Lookup commands: deals, timeline, trade, search, show, sources, sectors, schema, check.

Each parses its options, makes one library call and hands the result to a view.
"""

from typing import Annotated, Any

import typer

from kzturk.cli.app import app
from kzturk.cli.listing import Listing, listing
from kzturk.cli.options import EPILOG_TIP, DbOption, completer, store_path, vocabulary
from kzturk.cli.output import emit, one_line, say, write_out
from kzturk.errors import UsageError
from kzturk.model import METRICS, STATUSES
from kzturk.render import DETAIL, TABLES, TIMELINE


@app.command(epilog=EPILOG_TIP)
@listing("sector", "party", "since", "until", "min_sources", "as_of", "include_retracted")
def deals(
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=f"Deal status (repeatable): {', '.join(STATUSES)}.",
            autocompletion=completer(STATUSES),
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
    from kzturk.query import select
    from kzturk.render.views import fact_list_view

    options = Listing(given)
    spec = options.spec(kinds=("deal",), statuses=vocabulary(status, STATUSES, "--status"))
    emit(fact_list_view("Deals", select(options.store(), spec), deals=True), options.format)


@app.command(epilog=EPILOG_TIP)
@listing("since", "until", "sector", "kind", "party", "min_sources", "as_of", "include_retracted")
def timeline(
    context: Annotated[
        bool,
        typer.Option("--context", help="Include regional context (facts of kind 'context')."),
    ] = False,
    **given: Any,
) -> None:
    """Everything in date order, grouped by year, each date at its real precision.

    Regional context (kind 'context') is left out unless you pass --context or --kind context.

    Examples:

      kzturk timeline --since 2022

      kzturk timeline --sector defense --until 2023

      kzturk timeline --kind event --kind deal --format md
    """
    from kzturk.query import select
    from kzturk.render.views import timeline_view

    options = Listing(given, TIMELINE)
    spec = options.spec(include_context=context)
    emit(timeline_view("Timeline", select(options.store(), spec)), options.format)


@app.command(epilog=EPILOG_TIP)
@listing("since", "until", "min_sources", "as_of", "include_retracted")
def trade(
    metric: Annotated[
        list[str] | None,
        typer.Option(
            "--metric",
            "-m",
            metavar="METRIC",
            help=f"Measure (repeatable): {', '.join(METRICS)}.",
            autocompletion=completer(METRICS),
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

      kzturk trade --as-of 2022-12-31
    """
    from kzturk.analysis import trade_report
    from kzturk.render.views import trade_chart_view, trade_view

    options = Listing(given)
    spec = options.spec(metrics=vocabulary(metric, METRICS, "--metric"))
    if chart and options.format != "table":
        raise UsageError(
            f"--chart draws for the terminal; it does not combine with --format {options.format}"
        )
    report = trade_report(options.store(), spec)
    emit(trade_chart_view(report) if chart else trade_view(report), options.format)


@app.command()
@listing("min_sources", "as_of", "include_retracted")
def search(
    text: Annotated[str, typer.Argument(help="Text to look for in summaries, parties and quotes.")],
    **given: Any,
) -> None:
    """Case-insensitive search over summaries, parties and quotes (context included).

    Examples:

      kzturk search anka

      kzturk search "middle corridor" --json
    """
    from kzturk.query import search_facts, select
    from kzturk.render.views import fact_list_view

    if not text.strip():
        raise UsageError("search needs some text, e.g. kzturk search anka")
    options = Listing(given)
    found = search_facts(select(options.store(), options.spec()), text.strip())
    emit(fact_list_view(f"Search: {text}", found), options.format)


@app.command()
@listing()
def show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id, e.g. F101.")],
    **given: Any,
) -> None:
    """One fact in full, with each source's title, outlet, date and verbatim quote.

    Examples:

      kzturk show F101

      kzturk show f101 --json
    """
    from kzturk.query import fact_by_id
    from kzturk.render.views import fact_detail_view

    options = Listing(given, DETAIL)
    store = options.store()
    emit(fact_detail_view(fact_by_id(store, fact_id), store.sources), options.format)


@app.command()
@listing()
def sources(
    source_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one source in full.")
    ] = None,
    **given: Any,
) -> None:
    """The source articles, with how many facts cite each.

    Examples:

      kzturk sources

      kzturk sources izvestia
    """
    from kzturk.query import citation_counts, facts_citing, sorted_sources, source_by_id
    from kzturk.render.views import source_detail_view, sources_view

    options = Listing(given, TABLES if source_id is None else DETAIL)
    store = options.store()
    if source_id is None:
        emit(sources_view(sorted_sources(store.sources), citation_counts(store)), options.format)
        return
    source = source_by_id(store, source_id)
    emit(source_detail_view(source, facts_citing(store, source["id"])), options.format)


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
    emit(sectors_view(sector_counts(options.store())), options.format)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the store (sources and facts).

    Example:

      kzturk schema > facts.schema.json
    """
    from kzturk.render.json_format import pretty_json
    from kzturk.schema import store_json_schema

    write_out(pretty_json(store_json_schema()) + "\n", data=True)


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
    from kzturk.render.json_format import pretty_json

    path = store_path(db)
    if fix and fix_store(path):
        say(f"rewrote {path} in canonical format")
    problems = check_store(path)
    if as_json:
        records = [{"record": p.record, "problem": p.message} for p in problems]
        write_out(pretty_json(records) + "\n", data=True)
    else:
        write_out("".join(f"{one_line(str(problem))}\n" for problem in problems))
    if problems:
        say(f"{len(problems)} problem(s) in {path}")
        raise typer.Exit(1)
    if not as_json:
        write_out(f"ok: {one_line(str(path))} is valid\n")
