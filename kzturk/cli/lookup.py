"""Lookup commands: deals, timeline, trade, search, show, sources, sectors, schema, check."""

import sys
from typing import Annotated

import typer

from kzturk.cli.app import (
    EPILOG_TIP,
    AsOfOption,
    DbOption,
    FormatOption,
    JsonlOption,
    JsonOption,
    MinSourcesOption,
    PartyOption,
    RetractedOption,
    SectorOption,
    SinceOption,
    UntilOption,
    app,
    as_of_date,
    completer,
    date_range,
    emit,
    one_line,
    open_store,
    output_format,
    party_text,
    store_path,
    terminal,
    unknown_id_message,
    vocabulary,
    write_out,
)
from kzturk.dates import DateRange
from kzturk.errors import UsageError
from kzturk.model import KINDS, METRICS, SECTORS, STATUSES

# ---- commands -------------------------------------------------------------------------------


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
    from kzturk.query import FactFilter, apply_filter
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
    store = open_store(db)
    emit(fact_list_view("Deals", apply_filter(store, spec, store.sources), deals=True), fmt)


@app.command(epilog=EPILOG_TIP)
def timeline(
    since: SinceOption = None,
    until: UntilOption = None,
    sector: SectorOption = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help=f"Kind of fact (repeatable): {', '.join(KINDS)}.",
            autocompletion=completer(KINDS),
        ),
    ] = None,
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
    from kzturk.query import FactFilter, apply_filter
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
    fmt = output_format(fmt, as_json, as_jsonl)
    store = open_store(db)
    emit(timeline_view("Timeline", apply_filter(store, spec, store.sources)), fmt)


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
    from kzturk.analysis import target_progress
    from kzturk.query import TRADE_KINDS, FactFilter, apply_filter
    from kzturk.render.views import trade_view

    spec = FactFilter(
        kinds=TRADE_KINDS,
        metrics=vocabulary(metric, METRICS, "--metric"),
        dates=date_range(since, until),
        min_sources=min_sources,
        as_of=as_of_date(as_of),
        include_retracted=include_retracted,
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    if chart and fmt != "table":
        raise UsageError(f"--chart draws for the terminal; it does not combine with --format {fmt}")
    store = open_store(db)
    facts = apply_filter(store, spec, store.sources)
    # Progress is measured against actuals whatever the date filter cut: only as-of and
    # retraction limit what was known.
    known = apply_filter(store, spec._replace(dates=DateRange()), store.sources)
    progress = [p for p in target_progress(known) if p.target in facts]
    if chart:
        from kzturk.query import split_trade
        from kzturk.render.chart_format import render_trade_chart

        write_out(render_trade_chart(split_trade(facts)[0], progress, terminal()))
        return
    emit(trade_view(facts, progress), fmt)


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
    from kzturk.query import FactFilter, apply_filter, search_facts
    from kzturk.render.views import fact_list_view

    if not text.strip():
        raise UsageError("search needs some text, e.g. kzturk search anka")
    spec = FactFilter(
        min_sources=min_sources, as_of=as_of_date(as_of), include_retracted=include_retracted
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    store = open_store(db)
    found = search_facts(apply_filter(store, spec, store.sources), text.strip())
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
    from kzturk.render.views import fact_detail_view

    fmt = output_format(fmt, as_json, as_jsonl)
    store = open_store(db)
    fact = store.fact(fact_id) or store.fact(fact_id.strip().upper())
    if fact is None:
        raise UsageError(unknown_id_message("fact id", fact_id, [f["id"] for f in store]))
    emit(fact_detail_view(fact, store.sources), fmt)


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
    from kzturk.query import citation_counts, facts_citing, sorted_sources
    from kzturk.render.views import source_detail_view, sources_view

    fmt = output_format(fmt, as_json, as_jsonl)
    store = open_store(db)
    if source_id is None:
        emit(sources_view(sorted_sources(store.sources), citation_counts(store)), fmt)
        return
    wanted = source_id.strip()
    source = (
        store.sources.get(source_id)
        or store.sources.get(wanted)
        or next(
            (s for key, s in store.sources.items() if key.casefold() == wanted.casefold()), None
        )
    )
    if source is None:
        raise UsageError(unknown_id_message("source id", source_id, list(store.sources)))
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
    import json

    from kzturk.schema import store_json_schema

    write_out(json.dumps(store_json_schema(), indent=2, ensure_ascii=False) + "\n", data=True)


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
    import json

    from kzturk.check import check_store
    from kzturk.store import rewrite_canonical

    path = store_path(db)
    if fix and rewrite_canonical(path):
        print(f"rewrote {path} in canonical format", file=sys.stderr)
    problems = check_store(path)
    if as_json:
        records = [{"record": p.record, "problem": p.message} for p in problems]
        write_out(json.dumps(records, ensure_ascii=False, indent=2) + "\n", data=True)
    else:
        write_out("".join(f"{one_line(str(problem))}\n" for problem in problems))
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        raise typer.Exit(1)
    if not as_json:
        write_out(f"ok: {path} is valid\n")
