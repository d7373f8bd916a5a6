"""The Typer app and the entry point.

Commands live in sibling modules (`lookup`, `analysis`, `facts`, `sources`) that register
themselves on `app` when imported; `main` imports only the module of the command it runs.
"""

import copy
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup


class Commands(TyperGroup):
    """A command group whose `--help` lists each command with its whole first sentence,
    wrapped to the terminal, where Click cuts it at the line's end with '...'."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [
            (name, command.get_short_help_str(limit=1_000))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


app = typer.Typer(
    name="kzturk",
    cls=Commands,
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


def command_group(name: str, help: str) -> typer.Typer:
    """A group of subcommands under `app` (kzturk source, entity, occasion, export), with the
    app's help settings: `kzturk NAME` alone prints its help."""
    group = typer.Typer(
        name=name,
        cls=Commands,
        help=help,
        no_args_is_help=True,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.add_typer(group, name=name)
    return group


def _version(value: bool) -> None:
    if value:  # `--version` alone is the direct path's; this is `kzturk -V deals`, say
        from kzturk.cli.direct import version

        version()
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


def typer_run(args: Sequence[str]) -> Callable[[], Any]:
    """The run of `args` by Typer: the command named in them, built and called."""
    command = _command_for(args)
    return lambda: command(args=list(args), prog_name="kzturk", standalone_mode=False)


# Every command and command group, in the order `kzturk --help` lists them, with the module
# that registers it. `main` imports just the one it runs; a test keeps this table complete.
COMMAND_MODULES: dict[str, str] = {
    "deals": "lookup",
    "timeline": "lookup",
    "trade": "figures",
    "investment": "figures",
    "search": "lookup",
    "show": "lookup",
    "sources": "lookup",
    "sectors": "lookup",
    "schema": "lookup",
    "check": "lookup",
    "conflicts": "analysis",
    "cite": "analysis",
    "stats": "stats",
    "changes": "export",
    "export": "export",
    "add": "facts",
    "edit": "facts",
    "retract": "facts",
    "entities": "entities",
    "occasions": "entities",
    "source": "sources",
    "entity": "entities",
    "occasion": "entities",
    "agreements": "agreements",
    "agreement": "agreements",
    "help": "manual",
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


def _name_for(args: Sequence[str]) -> str | None:
    """The command `main` builds for `args`: the one they name; None (the whole app) for
    help, completion and unknown names, so their output and errors are unchanged."""
    from kzturk.cli.completion import completing

    if completing():
        return None
    name = next((arg for arg in args if not arg.startswith("-")), None)
    return name if name in COMMAND_MODULES else None


# Click commands built in this process, by `_name_for`: a process that runs several
# commands (a test suite, a script calling `main`) builds each once. Typer reads every
# parameter's type hints again on each build, a few milliseconds a command.
_BUILT: dict[str | None, Any] = {}


def _command_for(args: Sequence[str]) -> Any:
    """The Click command `main` runs (Typer's, from `load_commands`), refusing options
    given as values (`kzturk.cli.options.refuse_options_as_values`)."""
    from kzturk.cli.options import refuse_options_as_values

    name = _name_for(args)
    if name not in _BUILT:
        command = typer.main.get_command(load_commands(name))
        refuse_options_as_values(command)
        _BUILT[name] = command
    return _BUILT[name]


def _command_name(info: typer.models.CommandInfo) -> str | None:
    """The name Typer gives a command: its own, else the function's with dashes."""
    if info.name:
        return info.name
    return info.callback.__name__.lower().replace("_", "-") if info.callback else None
