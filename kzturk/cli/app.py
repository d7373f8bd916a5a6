"""The Typer app, the options every command shares, and the entry point.

Commands live in sibling modules (`lookup`, ...) that register themselves on `app`.

`main` owns everything a user sees go wrong: one line on stderr, exit 2 for usage errors, 1
for runtime errors, no traceback, and a quiet end when the reader of a pipe goes away.
"""

import contextlib
import copy
import gc
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kzturk import __version__
from kzturk.dates import DateFormatError, DateRange, PartialDate, make_range, parse_partial_date
from kzturk.errors import KzturkError, UsageError
from kzturk.model import SECTORS
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


def completer(choices: Sequence[str]) -> Callable[[str], list[str]]:
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


def party_text(value: str | None) -> str | None:
    """The --party text, stripped; given but blank is a usage error, not 'match everything'."""
    if value is None:
        return None
    if not value.strip():
        raise UsageError("--party needs some text, e.g. --party tiryaki")
    return value.strip()


def date_range(since: str | None, until: str | None) -> DateRange:
    """Both ends checked on their own (so the message names the option), then their order."""
    for option, value in (("--since", since), ("--until", until)):
        if value is not None:
            if not value.strip():
                raise UsageError(f"{option} needs a date: YYYY, YYYY-MM or YYYY-MM-DD")
            try:
                parse_partial_date(value)
            except DateFormatError as exc:
                raise UsageError(f"{option}: {exc}") from None
    try:
        return make_range(since, until)
    except DateFormatError as exc:
        raise UsageError(str(exc)) from None


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
    import codecs

    try:
        encoding = codecs.lookup(getattr(sys.stdout, "encoding", None) or "utf-8").name
    except LookupError:
        encoding = "utf-8"
    return Terminal(
        width=min(max(width, 20), 1000),
        color=color,
        unicode=encoding.startswith("utf"),
        encoding=encoding,
    )


def store_path(db: str | None) -> Path:
    """The store a command uses; `--db ""` is a usage error, not 'the default store'."""
    if db is not None and not db.strip():
        raise UsageError("--db needs a path to a facts file")
    return resolve_store_path(db)


def open_store(db: str | None) -> Store:
    return load_store(store_path(db))


class OutputClosed(Exception):
    """The reader of stdout went away. Not an OSError, so Typer lets it through to `main`."""


def write_out(text: str, *, data: bool = False) -> None:
    """Write all of `text` to stdout: UTF-8 for data formats whatever the locale says, the
    terminal's encoding (unencodable characters replaced) for people. Short writes on an
    unbuffered stdout are retried, so output is never silently cut."""
    encoding = "utf-8" if data else (getattr(sys.stdout, "encoding", None) or "utf-8")
    payload = memoryview(text.encode(encoding, errors="replace"))
    stream = getattr(sys.stdout, "buffer", None)
    try:
        if stream is None:
            sys.stdout.write(text)
            sys.stdout.flush()
            return
        sys.stdout.flush()
        while payload:
            written = stream.write(payload)
            if written == 0:
                raise OSError("stdout accepted no bytes")
            payload = payload[len(payload) if written is None else written :]
        stream.flush()
    except BrokenPipeError:
        raise OutputClosed from None
    except OSError as exc:
        discard_stdout()
        raise KzturkError(f"cannot write the output: {exc.strerror or exc}") from None


def emit(view: View, fmt: str) -> None:
    """Render the view for the chosen format and write it."""
    write_out(render(view, fmt, terminal()), data=fmt in ("json", "jsonl", "csv"))


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
        autocompletion=completer(FORMATS),
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
        autocompletion=completer(SECTORS),
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


MinSourcesOption = Annotated[
    int,
    typer.Option(
        "--min-sources", metavar="N", min=0, help="Only facts that N or more sources support."
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The record as it stood on DATE: only sources published by then.",
    ),
]
RetractedOption = Annotated[
    bool, typer.Option("--include-retracted", help="Also show facts retracted as wrong.")
]


def as_of_date(text: str | None) -> PartialDate | None:
    if text is None:
        return None
    try:
        return parse_partial_date(text)
    except DateFormatError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def _version(value: bool) -> None:
    if value:
        write_out(f"kzturk {__version__}\n")
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


def unknown_id_message(what: str, given: str, known: Sequence[str]) -> str:
    from kzturk.query import closest_matches

    near = closest_matches(given.strip().upper() if what == "fact id" else given, known)
    hint = f" Did you mean {', '.join(near)}?" if near else ""
    return f"unknown {what} {given!r}.{hint}"


# ---- entry point ----------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Text for one terminal line: control characters (newlines, ESC, ...) shown escaped."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def _fail(message: str, code: int) -> NoReturn:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    if sys.stderr is not None:
        print(f"kzturk: error: {one_line(message)}", file=sys.stderr)
    raise SystemExit(code)


def discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is still buffered
    cannot fail again (and print its own "Exception ignored" lines) at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _quiet_broken_pipe() -> NoReturn:
    """The reader went away (`| head`): stop quietly, as other Unix tools do."""
    discard_stdout()
    raise SystemExit(141)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; turn every failure into one line on stderr and a documented exit code."""
    if sys.stdout is None:  # started with stdout closed (`kzturk ... >&-`)
        _fail("standard output is closed; redirect it to a file or a pipe", 1)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = list(argv) if argv is not None else sys.argv[1:]
    # A run is short and makes no garbage cycles worth finding; collections would walk every
    # record of a large store again and again while it loads (about a third of load time).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = _app_for(args)(args=args, prog_name="kzturk", standalone_mode=False)
        sys.stdout.flush()
    except (BrokenPipeError, OutputClosed):
        _quiet_broken_pipe()
    except KzturkError as exc:
        _fail(str(exc), exc.exit_code)
    except typer.Abort:
        _fail("aborted", 130)
    except _ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # plain `kzturk`: the help, as help
            help_text = getattr(exc, "format_message", None)
            print(help_text() if help_text else exc, file=sys.stderr)
            raise SystemExit(2) from None
        _fail(_click_message(exc), getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except RecursionError:
        _fail("input nested too deeply", 1)
    except Exception as exc:
        if os.environ.get("KZTURK_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", 1)
    finally:
        if argv is None:
            # The process ends now and its memory with it: frozen objects are left out of
            # the interpreter's collections at exit, which would walk every object (typer's
            # and the store's) twice, about 10 ms.
            gc.freeze()
        elif gc_was_enabled:
            gc.enable()
    if isinstance(result, int) and result:
        raise SystemExit(result)


# Every command and command group, in the order `kzturk --help` lists them, with the module
# that registers it. `main` imports just the one it runs; a test keeps this table complete.
COMMAND_MODULES: dict[str, str] = {
    "deals": "lookup",
    "timeline": "lookup",
    "trade": "lookup",
    "search": "lookup",
    "show": "lookup",
    "sources": "lookup",
    "sectors": "lookup",
    "schema": "lookup",
    "check": "lookup",
    "conflicts": "analysis",
    "cite": "analysis",
    "add": "curate",
    "edit": "curate",
    "retract": "curate",
    "source": "curate",
}


def load_commands(name: str | None = None) -> typer.Typer:
    """`app` with the command (or group) `name` registered and nothing else, or with every
    command when `name` is None or unknown. Typer builds a Click command (signature, type
    hints, parameters) for every registered command on each call, and the modules that
    register them take time to import: a lookup would pay more for both than for its work."""
    from importlib import import_module

    if name in COMMAND_MODULES:
        import_module(f"kzturk.cli.{COMMAND_MODULES[name]}")
        commands = [info for info in app.registered_commands if _command_name(info) == name]
        groups = [info for info in app.registered_groups if info.name == name]
        if len(commands) + len(groups) == 1:
            lean = copy.copy(app)
            lean.registered_commands = commands
            lean.registered_groups = groups
            return lean
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        import_module(f"kzturk.cli.{module}")
    # Registration order depends on which command ran first in this process; help does not.
    order = {command: index for index, command in enumerate(COMMAND_MODULES)}
    full = copy.copy(app)
    full.registered_commands = sorted(
        app.registered_commands, key=lambda info: order.get(_command_name(info) or "", len(order))
    )
    return full


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The app `main` runs: just the command named in `args`; the whole app for help,
    completion and unknown names, so their output and errors are unchanged."""
    if any(key.startswith("_") and key.endswith("_COMPLETE") for key in os.environ):
        return load_commands()
    return load_commands(next((arg for arg in args if not arg.startswith("-")), None))


def _command_name(info: typer.models.CommandInfo) -> str | None:
    """The name Typer gives a command: its own, else the function's with dashes."""
    if info.name:
        return info.name
    return info.callback.__name__.lower().replace("_", "-") if info.callback else None


def _click_message(exc: Exception) -> str:
    """Click's message, with the command's help hint, on one line."""
    message = " ".join(str(getattr(exc, "format_message", lambda: str(exc))()).split())
    ctx = getattr(exc, "ctx", None)
    command = ctx.command_path if ctx is not None else "kzturk"
    return f"{message} (see '{command} --help')"
