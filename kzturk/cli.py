"""The `kzturk` command: parse options, call `kzturk.query`, hand the result to `kzturk.render`.

`main` owns everything a user sees go wrong: one line on stderr, exit 2 for usage errors, 1
for runtime errors, no traceback, and a quiet end when the reader of a pipe goes away.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, NoReturn

import typer

from kzturk import __version__
from kzturk.dates import DateFormatError, DateRange, make_range
from kzturk.errors import KzturkError, UsageError
from kzturk.model import KINDS, METRICS, SECTORS, STATUSES
from kzturk.render import FORMATS, Terminal, View, render
from kzturk.store import Store, load_store, resolve_store_path

# Typer may vendor click or depend on it; find its base exception either way.
_ClickException: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "ClickException"
)

EPILOG_TIP = (
    "Dates: YYYY, YYYY-MM or YYYY-MM-DD; a fact dated only '2022' matches any range "
    "that overlaps 2022."
)

app = typer.Typer(
    name="kzturk",
    help=(
        "Look up dated claims about Kazakhstan–Turkey relations, each with its sources.\n\n"
        "Examples:\n\n"
        "  kzturk deals --sector defense\n\n"
        "  kzturk timeline --since 2022\n\n"
        "  kzturk trade\n\n"
        "  kzturk deals --sector energy --json | jq '.[].summary'"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ---- option parsing -------------------------------------------------------------------------


def _completer(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete.casefold())]

    return complete


def vocabulary(
    values: Sequence[str] | None, choices: Sequence[str], option: str
) -> tuple[str, ...]:
    """Case-insensitive vocabulary values; an unknown one is a usage error with a hint."""
    from kzturk.query import closest_matches

    chosen: list[str] = []
    for raw in values or ():
        value = raw.strip().casefold()
        if not value:
            raise UsageError(f"{option} needs a value; valid: {', '.join(choices)}")
        if value not in choices:
            near = closest_matches(value, choices)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise UsageError(f"{option}: unknown value {raw!r}.{hint} Valid: {', '.join(choices)}")
        if value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def date_range(since: str | None, until: str | None) -> DateRange:
    for option, value in (("--since", since), ("--until", until)):
        if value is not None and not value.strip():
            raise UsageError(f"{option} needs a date: YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        return make_range(since, until)
    except DateFormatError as exc:
        option = "--until" if since is None or str(exc).startswith(repr(until)) else "--since"
        message = str(exc) if str(exc).startswith("--") else f"{option}: {exc}"
        raise UsageError(message) from None


def output_format(fmt: str | None, as_json: bool, as_jsonl: bool) -> str:
    chosen = {f for f, on in (("json", as_json), ("jsonl", as_jsonl)) if on}
    if fmt is not None:
        value = fmt.strip().casefold()
        if value == "markdown":
            value = "md"
        if value not in FORMATS:
            raise UsageError(f"--format: unknown format {fmt!r}. Valid: {', '.join(FORMATS)}")
        chosen.add(value)
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join(sorted(chosen))}")
    return chosen.pop() if chosen else "table"


def terminal() -> Terminal:
    """Width and colour for human output: NO_COLOR, TERM=dumb and pipes mean no colour."""
    env = os.environ
    is_tty = sys.stdout.isatty()
    color = is_tty and env.get("TERM") != "dumb"
    if env.get("FORCE_COLOR"):
        color = True
    if env.get("NO_COLOR"):
        color = False
    try:
        width = int(env.get("COLUMNS", ""))
    except ValueError:
        width = shutil.get_terminal_size((80, 24)).columns if is_tty else 80
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return Terminal(width=max(width, 20), color=color, unicode=encoding in ("utf8", "utf16"))


def open_store(db: str | None) -> Store:
    return load_store(resolve_store_path(db))


def emit(view: View, fmt: str) -> None:
    """Write the rendered view; data formats are always UTF-8, whatever the locale says."""
    text = render(view, fmt, terminal())
    if fmt in ("json", "jsonl", "csv"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


# ---- shared options -------------------------------------------------------------------------

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Facts file to read (default: $KZTURK_DB, else the bundled store).",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output: table, json, jsonl, csv or md.",
        autocompletion=_completer(FORMATS),
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
JsonlOption = Annotated[bool, typer.Option("--jsonl", help="Same as --format jsonl.")]
SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", metavar="DATE", help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD)."
    ),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", metavar="DATE", help="Up to this date, inclusive.")
]
SectorOption = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        "-s",
        metavar="SECTOR",
        help=f"Sector (repeatable; any of them matches): {', '.join(SECTORS)}.",
        autocompletion=_completer(SECTORS),
    ),
]
PartyOption = Annotated[
    str | None,
    typer.Option(
        "--party",
        "-p",
        metavar="TEXT",
        help="A party whose name contains TEXT (case- and accent-insensitive).",
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"kzturk {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Look up dated claims about Kazakhstan–Turkey relations, each with its sources."""


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
            autocompletion=_completer(STATUSES),
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
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
        party=party,
        dates=date_range(since, until),
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    emit(fact_list_view("Deals", apply_filter(open_store(db), spec), deals=True), fmt)


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
            autocompletion=_completer(KINDS),
        ),
    ] = None,
    party: PartyOption = None,
    context: Annotated[
        bool,
        typer.Option("--context", help="Include regional context (facts of kind 'context')."),
    ] = False,
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
        party=party,
        dates=date_range(since, until),
        include_context=context,
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    emit(timeline_view("Timeline", apply_filter(open_store(db), spec)), fmt)


@app.command(epilog=EPILOG_TIP)
def trade(
    metric: Annotated[
        list[str] | None,
        typer.Option(
            "--metric",
            "-m",
            metavar="METRIC",
            help=f"Measure (repeatable): {', '.join(METRICS)}.",
            autocompletion=_completer(METRICS),
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
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
    """
    from kzturk.query import TRADE_KINDS, FactFilter, apply_filter
    from kzturk.render.views import trade_view

    spec = FactFilter(
        kinds=TRADE_KINDS,
        metrics=vocabulary(metric, METRICS, "--metric"),
        dates=date_range(since, until),
    )
    fmt = output_format(fmt, as_json, as_jsonl)
    emit(trade_view(apply_filter(open_store(db), spec)), fmt)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Text to look for in summaries, parties and quotes.")],
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
    from kzturk.query import search_facts
    from kzturk.render.views import fact_list_view

    if not text.strip():
        raise UsageError("search needs some text, e.g. kzturk search anka")
    fmt = output_format(fmt, as_json, as_jsonl)
    emit(fact_list_view(f"Search: {text}", search_facts(open_store(db), text.strip())), fmt)


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
    fact = store.fact(fact_id.strip().upper())
    if fact is None:
        raise UsageError(_unknown("fact id", fact_id, [f["id"] for f in store]))
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
    source = store.sources.get(source_id.strip().casefold())
    if source is None:
        raise UsageError(_unknown("source id", source_id, list(store.sources)))
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

    sys.stdout.buffer.write(
        (json.dumps(store_json_schema(), indent=2, ensure_ascii=False) + "\n").encode()
    )


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

    path = resolve_store_path(db)
    if fix and rewrite_canonical(path):
        print(f"rewrote {path} in canonical format", file=sys.stderr)
    problems = check_store(path)
    if as_json:
        records = [{"record": p.record, "problem": p.message} for p in problems]
        sys.stdout.buffer.write((json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode())
    else:
        for problem in problems:
            print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {path}", file=sys.stderr)
        raise typer.Exit(1)
    if not as_json:
        print(f"ok: {path} is valid")


def _unknown(what: str, given: str, known: Sequence[str]) -> str:
    from kzturk.query import closest_matches

    near = closest_matches(given.strip().upper() if what == "fact id" else given, known)
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    return f"unknown {what} {given!r}.{hint}"


# ---- entry point ----------------------------------------------------------------------------


def _fail(message: str, code: int) -> NoReturn:
    sys.stdout.flush()
    print(f"kzturk: error: {message}", file=sys.stderr)
    raise SystemExit(code)


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (`| head`): stop quietly, as other Unix tools do."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise SystemExit(141)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; turn every failure into one line on stderr and a documented exit code."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        result = app(
            args=list(argv) if argv is not None else None, prog_name="kzturk", standalone_mode=False
        )
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    except KzturkError as exc:
        _fail(str(exc), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 130)
    except _ClickException as exc:
        _fail(_click_message(exc), getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except RecursionError:
        _fail("input nested too deeply", 1)
    except Exception as exc:
        if os.environ.get("KZTURK_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1)
    if isinstance(result, int) and result:
        raise SystemExit(result)


def _click_message(exc: Exception) -> str:
    """Click's message, with the command's help hint, on one line."""
    message = " ".join(str(getattr(exc, "format_message", lambda: str(exc))()).split())
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "kzturk"
    return f"{message} (see '{command} --help')"
