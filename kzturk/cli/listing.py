"""The filters and output options of the listing commands, made from their tables.

`@listing()` gives a command the options of the filters whose rows in the table of filters
(`kzturk.filters`) name it, then the output options (--db, --format, --json, --jsonl,
--output, --no-pager), and calls it with its own typed parameters and one `Listing`: the
filter those options describe (a `FactFilter`), the output format and file, the store. The
command line's untyped values stop here; commands see typed objects only.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Annotated, Any

import typer

from kzturk.cli.completion import completer, entity_names, fact_ids, occasion_ids, source_ids
from kzturk.cli.options import (
    DbOption,
    open_store,
    output_file,
    output_format,
    same_file,
    store_path,
)
from kzturk.errors import UsageError
from kzturk.filters import FactFilter, Option, describe, filters_of, read_filters
from kzturk.render import CHART, DETAIL, TABLES, View, formats_for
from kzturk.store.loaded import Store

Command = Callable[..., None]


def _option(
    name: str, annotation: Any, default: Any, *decls: str, **info: Any
) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, typer.Option(*decls, **info)],
    )


# The Python type and default of each kind of filter option (`Option.takes`).
_TAKES: dict[str, tuple[Any, Any]] = {
    "words": (list[str] | None, None),
    "text": (str | None, None),
    "flag": (bool, False),
    "count": (int, 0),
}


def filter_parameter(option: Option) -> inspect.Parameter:
    """The Typer option of one option of a filter's row."""
    annotation, default = _TAKES[option.takes]
    info: dict[str, Any] = {"help": option.help}
    if option.metavar:
        info["metavar"] = option.metavar
    if option.takes == "count":
        info["min"] = 0
    if isinstance(option.completion, str):
        info["autocompletion"] = STORE_COMPLETION[option.completion]
    elif option.completion:
        info["autocompletion"] = completer(option.completion)
    return _option(option.param, annotation, default, *option.flags, **info)


# What `Option.completion` may name: completion of what is in the store.
STORE_COMPLETION: dict[str, Callable[[str], list[str]]] = {
    "entities": entity_names,
    "occasions": occasion_ids,
    "facts": fact_ids,
    "sources": source_ids,
}

# What a view of each layout but the first is called in a command's --format help.
_WHEN = {CHART: "With --chart", DETAIL: "With an ID", TABLES: "Without an ID"}


def _format_option(layouts: tuple[str, ...]) -> inspect.Parameter:
    """--format, its help and completion naming the formats of the command's layouts."""
    main = formats_for(layouts[0])
    text = f"Output: {', '.join(main)}."
    for layout in layouts[1:]:
        if formats_for(layout) != main:
            text += f" {_WHEN.get(layout, layout)}: {', '.join(formats_for(layout))}."
    every = tuple(dict.fromkeys(f for layout in layouts for f in formats_for(layout)))
    return _option(
        "fmt",
        str | None,
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help=text,
        autocompletion=completer(every),
    )


@dataclass(frozen=True)
class Output:
    """The output options, as given."""

    db: str | None = None
    fmt: str | None = None
    as_json: bool = False
    as_jsonl: bool = False
    output: str | None = None
    no_pager: bool = False


def output_options(layouts: tuple[str, ...] = (TABLES,)) -> tuple[inspect.Parameter, ...]:
    """--db, --format, --json, --jsonl, --output and --no-pager (the fields of `Output`)."""
    return (
        inspect.Parameter("db", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=DbOption),
        _format_option(layouts),
        _option("as_json", bool, False, "--json", help="Same as --format json."),
        _option("as_jsonl", bool, False, "--jsonl", help="Same as --format jsonl."),
        _option(
            "output",
            str | None,
            None,
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of standard output, atomically: FILE is replaced "
            "whole or not at all ('-' is standard output).",
        ),
        _option(
            "no_pager",
            bool,
            False,
            "--no-pager",
            help="Print straight to the terminal, without a pager ($KZTURK_PAGER, $PAGER, less).",
        ),
    )


OUTPUT_PARAMS = tuple(field.name for field in fields(Output))


def listing(layouts: tuple[str, ...] = (TABLES,)) -> Callable[[Command], Command]:
    """Give a command (named by its function) the filters whose rows name it and the
    output options, and call it with its own parameters and `options: Listing`. The
    --format help names the formats of `layouts` (the first the command's usual view)."""

    def decorate(run: Command) -> Command:
        name = run.__name__
        own = [
            p
            for p in inspect.signature(run, eval_str=True).parameters.values()
            if p.name != "options"
        ]
        rows = filters_of(name)
        taken = [filter_parameter(option) for row in rows for option in row.options]

        def command(**given: Any) -> None:
            mine = {p.name: given.pop(p.name) for p in own}
            output = Output(**{key: given.pop(key) for key in OUTPUT_PARAMS})
            run(**mine, options=Listing(name, given, output, layouts[0]))

        command.__name__ = command.__qualname__ = name
        command.__doc__ = run.__doc__
        command.__module__ = run.__module__
        command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [*own, *taken, *output_options(layouts)]
        )
        return command

    return decorate


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
