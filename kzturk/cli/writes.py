"""What the writing commands share: their options, and how they report a change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kzturk.cli.output import OutputClosed, say, write_out
from kzturk.errors import KzturkError
from kzturk.render.json_format import json_text

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


def report(outcome: Outcome[Any], done: str, dry_run: bool, result: str | None = None) -> None:
    """The result (a new id) on stdout and one line on stderr; for a dry run, the record as
    JSON on stdout. Once the store is written, the exit code says so (0) even if stdout or
    stderr cannot take the report: the change is not undone by a full disk or a closed pipe."""
    if dry_run:
        write_out(json_text(outcome.record), data=True)
        say(f"dry run: {done} {outcome.path}; nothing was written")
        return
    try:
        if result is not None:
            write_out(f"{result}\n")
    except (KzturkError, OutputClosed) as exc:
        reason = str(exc) or "the reader of standard output went away"
        say(f"{done} {outcome.path}, but the result could not be printed ({reason})")
        return
    note = " (it was not in canonical format: this write reformatted the file)"
    say(f"{done} {outcome.path}{note if outcome.reformatted else ''}")


def report_added(outcome: Outcome[Any], dry_run: bool, what: str = "") -> None:
    """'added [WHAT ]ID to PATH', and the new id on stdout."""
    new_id = outcome.record["id"]
    done = "would add" if dry_run else "added"
    report(outcome, f"{done} {what}{new_id} to", dry_run, result=new_id)


def report_edited(outcome: Outcome[Any], dry_run: bool, what: str = "") -> None:
    """'edited [WHAT ]ID (FIELDS) in PATH', or that nothing changed (exit 0 either way)."""
    record_id = outcome.record["id"]
    if not outcome.changed:
        say(f"{what}{record_id}: nothing changed; {outcome.path} is as it was")
        return
    done = "would edit" if dry_run else "edited"
    report(outcome, f"{done} {what}{record_id} ({', '.join(outcome.changed)}) in", dry_run)
