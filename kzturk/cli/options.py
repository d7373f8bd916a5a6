"""The options every command shares, and reading their values.

Help texts, metavars and completion come from the vocabulary and the format registry, so
`--help` lists exactly what the library accepts. Reading a value that is wrong raises a
UsageError naming the option.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from kzturk.cli.completion import completer, fact_ids
from kzturk.cli.values import open_store as open_store
from kzturk.cli.values import output_file as output_file
from kzturk.cli.values import output_format as output_format
from kzturk.cli.values import same_file as same_file
from kzturk.cli.values import store_path as store_path
from kzturk.cli.values import vocabulary as vocabulary
from kzturk.errors import UsageError

EPILOG_TIP = (
    "Dates: YYYY, YYYY-MM or YYYY-MM-DD; a fact dated only '2022' matches any range "
    "that overlaps 2022."
)


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Facts file to read (default: $KZTURK_DB, else the bundled store).",
    ),
]


def choice_option(*names: str, choices: Sequence[str], help: str) -> Any:
    """An option whose values are a vocabulary: `help` names them where it says {choices},
    the shell completes them, and the metavar is the long name in capitals."""
    return typer.Option(
        *names,
        metavar=names[0].lstrip("-").upper(),
        help=help.format(choices=", ".join(choices)),
        autocompletion=completer(choices),
    )


FactIdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="A fact id, e.g. F101.", autocompletion=fact_ids),
]


def refuse_options_as_values(command: Any) -> None:
    """Make every command of the Click `command` (a group: each subcommand) refuse an
    option's value that is itself one of the command's options: Click reads
    `retract F101 --reason --dry-run` as the reason "--dry-run" and retracts for real.
    (Typer vendors Click privately, so commands and parameters are read by their
    attributes: a group's `commands`, a parameter's `opts` and `param_type_name`.)"""
    for sub in getattr(command, "commands", {}).values():
        refuse_options_as_values(sub)
    if command.callback is None:
        return
    # Long options only: "-s" may be text (a hyphenated word's end), "--dry-run" is not.
    flags = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts) if opt[:2] == "--"}
    options = {
        p.name: max(p.opts, key=len)
        for p in command.params
        if p.param_type_name == "option" and p.name
    }
    run = command.callback

    def checked(**kwargs: Any) -> Any:
        for name, value in kwargs.items():
            items = value if isinstance(value, list | tuple) else (value,)
            taken = next((v for v in items if isinstance(v, str) and v in flags), None)
            if name in options and taken is not None:
                raise UsageError(
                    f"{options[name]} took {taken!r} as its value; give {options[name]} "
                    f"its value, then {taken}"
                )
        return run(**kwargs)

    command.callback = checked
