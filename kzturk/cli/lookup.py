"""Lookup commands: deals, timeline, trade, search, show, sources, sectors, schema, check.

Each parses its options, makes one library call and hands the result to a view.
"""

from typing import Annotated

import typer

from kzturk.cli.app import app
from kzturk.cli.options import (
    EPILOG_TIP,
    AsOfOption,
    DbOption,
    FormatOption,
    JsonlOption,
    JsonOption,
    KindFilterOption,
    MinSourcesOption,
    PartyOption,
    RetractedOption,
    SectorOption,
    SinceOption,
    UntilOption,
    as_of_date,
    completer,
    date_range,
    open_store,
    output_format,
    party_text,
    store_path,
    vocabulary,
)
from kzturk.cli.output import emit, one_line, say, write_out
from kzturk.errors import UsageError
from kzturk.model import KINDS, METRICS, SECTORS, STATUSES
from kzturk.render import DETAIL, TIMELINE


@app.command(epilog=EPILOG_TIP)
def deals(
    sector: SectorOption = None,
    party: PartyOption = None,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=f"Deal status (repeatable): {', '.join(STATUSES)}.",
            autocompletion=completer(STATUSES),
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_sources: MinSourcesOption = 0,
    as_of: AsOfOption = None,
    include_retracted: RetractedOption = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """Agreements, memoranda, contracts, investments and purchases.

    Examples:

      kzturk deals --sector defense

      kzturk deals --sector energy --sector transport --since 2024

      kzturk deals --party tiryaki --json
    """
    from kzturk.query import FactFilter, select
    from kzturk.render.views import fact_list_view

    spec = FactFilter(
        kinds=("deal",),
        sectors=vocabulary(sector, SECTORS, "--sector"),
        statuses=vocabulary(status, STATUSES, "--status"),
        party=party_text(party),
        dates=date_range(since, until),
        min_sources=min_sources,
        as_of=as_of_date(as_of),
        include_retracted=include_retracted,
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    emit(fact_list_view("Deals", select(open_store(db), spec), deals=True), fmt)


@app.command(epilog=EPILOG_TIP)
def timeline(
    since: SinceOption = None,
    until: UntilOption = None,
    sector: SectorOption = None,
    kind: KindFilterOption = None,
    party: PartyOption = None,
    context: Annotated[
        bool,
        typer.Option("--context", help="Include regional context (facts of kind 'context')."),
    ] = False,
    min_sources: MinSourcesOption = 0,
    as_of: AsOfOption = None,
    include_retracted: RetractedOption = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """Everything in date order, grouped by year, each date at its real precision.

    Regional context (kind 'context') is left out unless you pass --context or --kind context.

    Examples:

      kzturk timeline --since 2022

      kzturk timeline --sector defense --until 2023

      kzturk timeline --kind event --kind deal --format md
    """
    from kzturk.query import FactFilter, select
    from kzturk.render.views import timeline_view

    spec = FactFilter(
        kinds=vocabulary(kind, KINDS, "--kind"),
        sectors=vocabulary(sector, SECTORS, "--sector"),
        party=party_text(party),
        dates=date_range(since, until),
        include_context=context,
        min_sources=min_sources,
        as_of=as_of_date(as_of),
        include_retracted=include_retracted,
    )
    fmt = output_format(fmt, as_json, as_jsonl, TIMELINE)
    emit(timeline_view("Timeline", select(open_store(db), spec)), fmt)


@app.command(epilog=EPILOG_TIP)
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
    since: SinceOption = None,
    until: UntilOption = None,
    min_sources: MinSourcesOption = 0,
    as_of: AsOfOption = None,
    include_retracted: RetractedOption = False,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw figures and targets as a bar chart.")
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
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
    from kzturk.query import FactFilter
    from kzturk.render.views import trade_chart_view, trade_view

    spec = FactFilter(
        metrics=vocabulary(metric, METRICS, "--metric"),
        dates=date_range(since, until),
        min_sources=min_sources,
        as_of=as_of_date(as_of),
        include_retracted=include_retracted,
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    if chart and fmt != "table":
        raise UsageError(f"--chart draws for the terminal; it does not combine with --format {fmt}")
    report = trade_report(open_store(db), spec)
    emit(trade_chart_view(report) if chart else trade_view(report), fmt)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Text to look for in summaries, parties and quotes.")],
    min_sources: MinSourcesOption = 0,
    as_of: AsOfOption = None,
    include_retracted: RetractedOption = False,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """Case-insensitive search over summaries, parties and quotes (context included).

    Examples:

      kzturk search anka

      kzturk search "middle corridor" --json
    """
    from kzturk.query import FactFilter, search_facts, select
    from kzturk.render.views import fact_list_view

    if not text.strip():
        raise UsageError("search needs some text, e.g. kzturk search anka")
    spec = FactFilter(
        min_sources=min_sources, as_of=as_of_date(as_of), include_retracted=include_retracted
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    found = search_facts(select(open_store(db), spec), text.strip())
    emit(fact_list_view(f"Search: {text}", found), fmt)


@app.command()
def show(
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id, e.g. F101.")],
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """One fact in full, with each source's title, outlet, date and verbatim quote.

    Examples:

      kzturk show F101

      kzturk show f101 --json
    """
    from kzturk.query import fact_by_id
    from kzturk.render.views import fact_detail_view

    fmt = output_format(fmt, as_json, as_jsonl, DETAIL)
    store = open_store(db)
    emit(fact_detail_view(fact_by_id(store, fact_id), store.sources), fmt)


@app.command()
def sources(
    source_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Show one source in full.")
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """The source articles, with how many facts cite each.

    Examples:

      kzturk sources

      kzturk sources izvestia
    """
    from kzturk.query import citation_counts, facts_citing, sorted_sources, source_by_id
    from kzturk.render.views import source_detail_view, sources_view

    fmt = output_format(fmt, as_json, as_jsonl)
    store = open_store(db)
    if source_id is None:
        emit(sources_view(sorted_sources(store.sources), citation_counts(store)), fmt)
        return
    source = source_by_id(store, source_id)
    emit(source_detail_view(source, facts_citing(store, source["id"])), fmt)


@app.command()
def sectors(
    db: DbOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    as_jsonl: JsonlOption = False,
) -> None:
    """The sector vocabulary, with how many facts carry each sector.

    Example:

      kzturk sectors
    """
    from kzturk.query import sector_counts
    from kzturk.render.views import sectors_view

    fmt = output_format(fmt, as_json, as_jsonl)
    emit(sectors_view(sector_counts(open_store(db))), fmt)


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
    as_json: JsonOption = False,
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
