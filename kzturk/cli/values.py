"""Reading the values of the options commands share, and what a listing's options said
(`Listing`): no Typer here, so the direct path (`kzturk.cli.direct`) reads a command line
the same way Typer's commands do. A value that is wrong raises a UsageError naming the
option."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from kzturk.errors import UsageError
from kzturk.filters import FactFilter, describe, read_filters
from kzturk.model.vocabulary import choose
from kzturk.render import TABLES, View, format_name
from kzturk.store.loaded import Store, load_store
from kzturk.store.paths import resolve_store_path
from kzturk.store.targets import file_target, is_same_path


def vocabulary(
    values: Sequence[str] | None, choices: Sequence[str], option: str
) -> tuple[str, ...]:
    """Case-insensitive vocabulary values; an unknown one is a usage error with a hint."""
    return choose(values, choices, option)


def output_format(fmt: str | None, as_json: bool, as_jsonl: bool, layout: str = TABLES) -> str:
    chosen = {f for f, on in (("json", as_json), ("jsonl", as_jsonl)) if on}
    if fmt is not None:
        chosen.add(format_name(fmt, layout))
    if len(chosen) > 1:
        raise UsageError(f"choose one output format, not {' and '.join(sorted(chosen))}")
    return chosen.pop() if chosen else "table"


def output_file(value: str | None) -> Path | None:
    """The file `--output` names, checked as every file kzturk writes is
    (`kzturk.store.targets`), or None for standard output (not given, or '-')."""
    return None if value is None else file_target(value, "--output")


def same_file(one: Path, other: Path) -> bool:
    return is_same_path(one, other)


def store_path(db: str | None) -> Path:
    """The store a command uses; `--db ""` is a usage error, not 'the default store'."""
    if db is not None and not db.strip():
        raise UsageError("--db needs a path to a facts file")
    return resolve_store_path(db)


def open_store(db: str | None) -> Store:
    return load_store(store_path(db))


class Output(NamedTuple):
    """The output options, as given. (A named tuple, not a dataclass: importing
    `dataclasses` pulls in `inspect`, a tenth of a lookup's start-up.)"""

    db: str | None = None
    fmt: str | None = None
    as_json: bool = False
    as_jsonl: bool = False
    output: str | None = None
    no_pager: bool = False


NOT_GIVEN: dict[str, Any] = {"words": None, "text": None, "flag": False, "count": 0}
"""The value of an option not given, by what it takes (`kzturk.filters.Option.takes`)."""

OUTPUT_OPTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("db", "text", ("--db",)),
    ("fmt", "text", ("--format", "-f")),
    ("as_json", "flag", ("--json",)),
    ("as_jsonl", "flag", ("--jsonl",)),
    ("output", "text", ("--output", "-o")),
    ("no_pager", "flag", ("--no-pager",)),
)
"""Each output option of the listings: its parameter (a field of `Output`), what it takes
(as `kzturk.filters.Option.takes`) and its flags, for Typer's options and the direct path."""
OUTPUT_PARAMS = tuple(param for param, _, _ in OUTPUT_OPTIONS)


class Listing:
    """What a listing's shared options said, read and checked when first used (a bad one
    is a usage error naming it)."""

    def __init__(
        self,
        command: str,
        filters: Mapping[str, Any],
        output: Output = Output(),
        layout: str = TABLES,
    ) -> None:
        self.command = command
        self.given = output
        self._filters = filters
        self._layout = layout
        self._format: str | None = None
        self._spec: FactFilter | None = None

    def use(self, layout: str) -> None:
        """The view will be of `layout`, not the command's usual one: --format is read
        against that layout's formats."""
        self._layout = layout
        self._format = None

    @property
    def format(self) -> str:
        if self._format is None:
            given = self.given
            self._format = output_format(given.fmt, given.as_json, given.as_jsonl, self._layout)
        return self._format

    @functools.cached_property
    def output(self) -> Path | None:
        """The file --output names, or None for standard output."""
        return output_file(self.given.output)

    def spec(self) -> FactFilter:
        """The filter the options describe (the filters the command does not take keep
        their defaults)."""
        if self._spec is None:
            self._spec = read_filters(self.command, self._filters.__getitem__)
        return self._spec

    def store(self) -> Store:
        """The store --db names, once --format and --output are found valid."""
        self.format  # noqa: B018 (read first: a bad --format is reported before the store)
        output = self.output
        if output is not None and same_file(output, store_path(self.given.db)):
            raise UsageError(f"--output {output} is the store being read; choose another file")
        return open_store(self.given.db)

    def emit(self, view: View) -> None:
        """Write the view in the chosen format: to the --output file (atomically), or to
        stdout (paged at a terminal unless --no-pager)."""
        from kzturk.cli.output import emit

        emit(view, self.format, pager=not self.given.no_pager, output=self.output)

    def filters(self, spec: FactFilter) -> list[str]:
        """The filters in words, for titles."""
        return describe(spec)
