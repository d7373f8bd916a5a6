"""What the writing commands share: their options, and how they report a change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kzturk.cli.output import say, write_out
from kzturk.render.json_format import pretty_json

if TYPE_CHECKING:
    from kzturk.curate import Outcome

WRITE_TIP = (
    "Writes go to --db PATH, else $KZTURK_DB, else the checkout's facts.json (never the copy "
    "inside an installed package). The change is validated like 'kzturk check' and written "
    "atomically under the store's lock. Exit 0: written; 1: the store cannot be read, "
    "locked or written (unchanged); 2: a bad or missing option, or the change would not "
    "pass 'kzturk check' (nothing written)."
)

WriteDbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Store to change (default: $KZTURK_DB, else the checkout's facts.json).",
    ),
]
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Validate and print the record as JSON, but write nothing."),
]


def check_writable(path: Path) -> None:
    """Refuse a store that cannot be written before the curator types anything."""
    from kzturk.store.write import writable_store_path

    writable_store_path(path)


def report(outcome: Outcome[Any], done: str, dry_run: bool) -> None:
    """The record as JSON on stdout for a dry run; one line on stderr either way."""
    if dry_run:
        write_out(pretty_json(outcome.record) + "\n", data=True)
        say(f"dry run: {done} {outcome.path}; nothing was written")
        return
    note = " (it was not in canonical format: this write reformatted the file)"
    say(f"{done} {outcome.path}{note if outcome.reformatted else ''}")
