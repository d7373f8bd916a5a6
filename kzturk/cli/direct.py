"""The direct path: the lookups run most (`kzturk deals`, `timeline`, `trade`, `search`,
`show`, `sources`, `sectors`, `conflicts`) read their command line here, without Typer, when
it is plain: the command's own options (`--name value`, `--name=value`, `-f value`, flags,
`trade`'s switches) and its positional arguments (`search`'s terms, `show`'s id, `sources`'
optional id), nothing else; so does `kzturk --version` (or `-V`) alone. Importing Typer,
and the Click it builds on, takes longer than the whole lookup.

Any other command line goes to Typer unchanged: help, completion, an option not in the
command's table, a short option run together with its value, a value or an argument that
starts with a dash (Typer refuses an option given as a value, and reads `-o -` as standard
output), a count that is not plain digits, a switch given a value, a positional argument the
command does not take, a search without terms, a `show` without an id or with two, a
`sources` with two ids. The options come from the same tables Typer's are made from (the
table of filters, `OUTPUT_OPTIONS`, a command's `Switch`es), and a property test reads
generated command lines both ways and compares what each command is handed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from kzturk.cli.completion import completing
from kzturk.cli.values import NOT_GIVEN, OUTPUT_OPTIONS, Listing, Output
from kzturk.filters import filters_of
from kzturk.render import CHART, DETAIL, TABLES, TIMELINE


def deals(options: Listing) -> None:
    """Agreements, memoranda, contracts, investments and purchases.

    Examples:

      kzturk deals --sector defense

      kzturk deals --sector energy --sector transport --since 2024

      kzturk deals --party tiryaki --json
    """
    from kzturk.query import DEAL_KINDS, select_shown
    from kzturk.render.views import fact_list_view

    spec = options.spec()._replace(kinds=DEAL_KINDS)
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


def timeline(options: Listing) -> None:
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

    spec = options.spec()
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


def search(options: Listing, terms: list[str]) -> None:
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
    from kzturk.search import parse_terms
    from kzturk.search import search as find

    spec = options.spec()
    store = options.store()
    shown = select_shown(store, spec)
    found = find(shown.facts, parse_terms(terms, entity_index(store)))
    view = search_view(
        " ".join(terms), found, store, shown.hidden, options.filters(spec), spec.dates
    )
    options.emit(view)


def show(options: Listing, fact_id: str) -> None:
    """One fact in full: its dates, occasion, links to and from it, and each source with
    its verbatim quote.

    Examples:

      kzturk show F101

      kzturk show f101 --json
    """
    from kzturk.query import fact_by_id
    from kzturk.render.detail_views import fact_detail_view

    store = options.store()
    options.emit(fact_detail_view(fact_by_id(store, fact_id), store))


def trade(options: Listing, chart: bool = False, by_year: bool = False) -> None:
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
    from kzturk.errors import UsageError
    from kzturk.render import formats_for
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


def sources(options: Listing, source_id: str | None = None) -> None:
    """The sources, archived articles and reference pages, with how many facts cite each.

    Examples:

      kzturk sources

      kzturk sources izvestia
    """
    from kzturk.query import citation_counts, facts_citing, sorted_sources, source_by_id
    from kzturk.render.detail_views import source_detail_view
    from kzturk.render.views import sources_view

    options.use(TABLES if source_id is None else DETAIL)
    store = options.store()
    if source_id is None:
        options.emit(sources_view(sorted_sources(store.sources), citation_counts(store)))
        return
    source = source_by_id(store, source_id)
    options.emit(source_detail_view(source, facts_citing(store, source["id"])))


def sectors(options: Listing) -> None:
    """The sector vocabulary, with how many facts carry each sector.

    Example:

      kzturk sectors
    """
    from kzturk.query import sector_counts
    from kzturk.render.views import sectors_view

    options.emit(sectors_view(sector_counts(options.store())))


def conflicts(options: Listing) -> None:
    """Where sources disagree: a date, an amount, a count, a description.

    Each disagreement shows every version side by side with its source, publication date and
    verbatim quote. Numeric ones (same metric, period and direction, different amounts) are
    found automatically; the others come from links the curators recorded.

    Examples:

      kzturk conflicts

      kzturk conflicts --format md > disagreements.md

      kzturk conflicts --as-of 2023 --json
    """
    from kzturk.analysis import conflicts as find
    from kzturk.render.views import conflicts_view

    spec = options.spec()
    store = options.store()
    options.emit(conflicts_view(find(store, spec), store, options.filters(spec)))


ONE, MANY, OPTIONAL = "one", "many", "optional"


class Switch(NamedTuple):
    """An on/off option of one command's own (`trade --chart`), handed to its body by
    parameter; the command's module gives Typer the same names and help."""

    param: str
    names: tuple[str, ...]
    help: str


CHART_SWITCH = Switch(
    "chart", ("--chart",), "Draw the series: a line per reporter, a marker per year, targets."
)
BY_YEAR_SWITCH = Switch(
    "by_year",
    ("--by-year",),
    "JSON, JSON Lines and CSV give the series: one record per year and metric with its "
    "figures (see 'kzturk help trade').",
)


class Direct(NamedTuple):
    """A command the direct path runs: its body, the layouts of its views (the first its
    usual one), as `kzturk.cli.listing.listing` is given them; its positional arguments,
    handed to the body after `options`: none, exactly ONE (`show`'s id, a string), MANY, at
    least one (`search`'s terms, a list), or OPTIONAL, one or none (`sources`' id, a string
    or None); and its switches, handed by parameter (True or False)."""

    run: Callable[..., None]
    layouts: tuple[str, ...]
    arguments: str | None = None
    switches: tuple[Switch, ...] = ()


DIRECT: dict[str, Direct] = {
    "deals": Direct(deals, (TABLES,)),
    "timeline": Direct(timeline, (TIMELINE,)),
    "trade": Direct(trade, (TABLES, CHART), switches=(CHART_SWITCH, BY_YEAR_SWITCH)),
    "search": Direct(search, (TABLES,), arguments=MANY),
    "show": Direct(show, (DETAIL,), arguments=ONE),
    "sources": Direct(sources, (TABLES,), arguments=OPTIONAL),
    "sectors": Direct(sectors, (TABLES,)),
    "conflicts": Direct(conflicts, (TABLES,)),
}


class Reading(NamedTuple):
    """A command line as the direct path read it: the command, its filters' values by
    parameter, its output options, its positional arguments, its switches by parameter."""

    command: str
    filters: dict[str, Any]
    output: Output
    arguments: tuple[str, ...] = ()
    switches: tuple[tuple[str, bool], ...] = ()


def options_of(command: str) -> dict[str, tuple[str, str]]:
    """Every flag of `command` (long and short): its parameter and what it takes."""
    flags: dict[str, tuple[str, str]] = {}
    for row in filters_of(command):
        for option in row.options:
            flags.update(dict.fromkeys(option.flags, (option.param, option.takes)))
    for param, takes, names in OUTPUT_OPTIONS:
        flags.update(dict.fromkeys(names, (param, takes)))
    for switch in DIRECT[command].switches if command in DIRECT else ():
        flags.update(dict.fromkeys(switch.names, (switch.param, "flag")))
    return flags


def read(args: list[str]) -> Reading | None:
    """`args` read as Typer would read them, or None where the direct path leaves them to
    Typer (see the module's docstring)."""
    if not args or args[0] not in DIRECT:
        return None
    if completing():
        return None
    command = args[0]
    flags = options_of(command)
    values: dict[str, Any] = {param: NOT_GIVEN[takes] for param, takes in flags.values()}
    taken = DIRECT[command].arguments
    arguments: list[str] = []
    tokens = iter(args[1:])
    for token in tokens:
        if taken and not token.startswith("-"):
            arguments.append(token)
            continue
        name, equals, value = token.partition("=") if token[:2] == "--" else (token, "", "")
        if name not in flags:
            return None
        param, takes = flags[name]
        if takes == "flag":
            if equals:
                return None
            values[param] = True
            continue
        if not equals:
            following = next(tokens, None)
            if following is None:
                return None
            value = following
        if value.startswith("-"):
            return None
        if takes == "words":
            values[param] = [*(values[param] or ()), value]
        elif takes == "count":
            if not (value.isascii() and value.isdigit()):
                return None
            values[param] = int(value)
        else:
            values[param] = value
    if (taken in (ONE, MANY) and not arguments) or (taken != MANY and len(arguments) > 1):
        return None  # Typer says which argument is missing, or which one is extra
    output = Output(**{param: values.pop(param) for param, _, _ in OUTPUT_OPTIONS})
    switches = tuple((s.param, values.pop(s.param)) for s in DIRECT[command].switches)
    return Reading(command, values, output, tuple(arguments), switches)


def version() -> None:
    """`kzturk --version`: the line Typer's eager option prints."""
    from kzturk import __version__
    from kzturk.cli.output import write_out

    write_out(f"kzturk {__version__}\n")


VERSION_FLAGS = ("--version", "-V")


def direct_run(args: list[str]) -> Callable[[], None] | None:
    """The run of `args` by the direct path, or None where it leaves them to Typer."""
    if len(args) == 1 and args[0] in VERSION_FLAGS and not completing():
        return version
    reading = read(args)
    if reading is None:
        return None
    command = DIRECT[reading.command]
    options = Listing(reading.command, reading.filters, reading.output, command.layouts[0])
    switches = dict(reading.switches)
    if command.arguments in (ONE, OPTIONAL) and reading.arguments:
        return lambda: command.run(options, reading.arguments[0], **switches)
    if command.arguments == MANY:
        return lambda: command.run(options, list(reading.arguments), **switches)
    return lambda: command.run(options, **switches)
