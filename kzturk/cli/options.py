"""The options every command shares, and reading their values.

Help texts, metavars and completion come from the vocabulary and the format registry, so
`--help` lists exactly what the library accepts. Reading a value that is wrong raises a
UsageError naming the option.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from kzturk.dates import DateFormatError, DateRange, PartialDate, make_range, parse_partial_date
from kzturk.errors import UsageError
from kzturk.model.vocabulary import choose
from kzturk.render import TABLES, format_name
from kzturk.store.loaded import Store, load_store
from kzturk.store.paths import resolve_store_path

EPILOG_TIP = (
    "Dates: YYYY, YYYY-MM or YYYY-MM-DD; a fact dated only '2022' matches any range "
    "that overlaps 2022."
)


def completer(choices: Sequence[str]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete.casefold())]

    return complete


def vocabulary(
    values: Sequence[str] | None, choices: Sequence[str], option: str
) -> tuple[str, ...]:
    """Case-insensitive vocabulary values; an unknown one is a usage error with a hint."""
    return choose(values, choices, option)


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


def as_of_date(text: str | None) -> PartialDate | None:
    if text is None:
        return None
    try:
        return parse_partial_date(text)
    except DateFormatError as exc:
        raise UsageError(f"--as-of: {exc}") from None


def output_format(fmt: str | None, as_json: bool, as_jsonl: bool, layout: str = TABLES) -> str:
    chosen = {f for f, on in (("json", as_json), ("jsonl", as_jsonl)) if on}
    if fmt is not None:
        chosen.add(format_name(fmt, layout))
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join(sorted(chosen))}")
    return chosen.pop() if chosen else "table"


def output_file(value: str | None) -> Path | None:
    """The file `--output` names (a symlink followed to the file it points at), or None for
    standard output (not given, or '-'). A folder, a path in a folder that does not exist, and
    anything but a regular file (a device, a FIFO) are usage errors: the file is replaced whole,
    so only a regular file, or a new one in an existing folder, can be written."""
    if value is None or value == "-":
        return None
    if not value.strip():
        raise UsageError("--output needs a file name, e.g. -o timeline.html")
    path = Path(os.path.realpath(value))
    if path.is_dir():
        raise UsageError(f"--output {value} is a folder; name a file in it, e.g. {value}/page.html")
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UsageError(f"--output {value}: the folder {folder} {what}")
    if path.exists() and not path.is_file():
        raise UsageError(
            f"--output {value} is not a regular file (a device or a FIFO); redirect instead: "
            f"> {value}"
        )
    return path


def same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def store_path(db: str | None) -> Path:
    """The store a command uses; `--db ""` is a usage error, not 'the default store'."""
    if db is not None and not db.strip():
        raise UsageError("--db needs a path to a facts file")
    return resolve_store_path(db)


def open_store(db: str | None) -> Store:
    return load_store(store_path(db))


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH",
        help="Facts file to read (default: $KZTURK_DB, else the bundled store).",
    ),
]


def complete_fact_ids(incomplete: str) -> list[str]:
    from kzturk.cli.completion import fact_ids

    return fact_ids(incomplete)


def complete_source_ids(incomplete: str) -> list[str]:
    from kzturk.cli.completion import source_ids

    return source_ids(incomplete)


FactIdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="A fact id, e.g. F101.", autocompletion=complete_fact_ids),
]
