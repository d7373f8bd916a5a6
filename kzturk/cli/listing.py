"""The filters and output options the listing commands share, declared once.

A listing command names the filters it takes (`@listing("sector", "party", ...)`); their
options, with help and completion, are added to its signature after its own, then the
output options (--db, --format, --json, --jsonl, --output, --no-pager). `Listing` reads
them back: the fact filter they describe, the output format and file, the store.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import typer

from kzturk.cli.completion import completer, entity_names
from kzturk.cli.options import (
    DbOption,
    as_of_date,
    date_range,
    open_store,
    output_file,
    output_format,
    party_text,
    same_file,
    store_path,
    vocabulary,
)
from kzturk.errors import UsageError
from kzturk.model import KINDS, SECTORS
from kzturk.query import FactFilter
from kzturk.render import CHART, DETAIL, TABLES, formats_for
from kzturk.store.loaded import Store

F = TypeVar("F", bound=Callable[..., Any])


def _option(
    name: str, annotation: Any, default: Any, *decls: str, **info: Any
) -> inspect.Parameter:
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, typer.Option(*decls, **info)],
    )


FILTERS: dict[str, inspect.Parameter] = {
    p.name: p
    for p in (
        _option(
            "sector",
            list[str] | None,
            None,
            "--sector",
            "-s",
            metavar="SECTOR",
            help=f"Sector (repeatable; any of them matches): {', '.join(SECTORS)}.",
            autocompletion=completer(SECTORS),
        ),
        _option(
            "kind",
            list[str] | None,
            None,
            "--kind",
            "-k",
            metavar="KIND",
            help=f"Kind of fact (repeatable): {', '.join(KINDS)}.",
            autocompletion=completer(KINDS),
        ),
        _option(
            "party",
            str | None,
            None,
            "--party",
            "-p",
            metavar="TEXT",
            help="A party whose name or alias contains TEXT (case- and accent-insensitive), "
            "or an entity id (kzturk entities).",
            autocompletion=entity_names,
        ),
        _option(
            "since",
            str | None,
            None,
            "--since",
            metavar="DATE",
            help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD).",
        ),
        _option(
            "until", str | None, None, "--until", metavar="DATE", help="Up to this date, inclusive."
        ),
        _option(
            "min_sources",
            int,
            0,
            "--min-sources",
            metavar="N",
            min=0,
            help="Only facts that N or more sources support.",
        ),
        _option(
            "as_of",
            str | None,
            None,
            "--as-of",
            metavar="DATE",
            help="The record as it stood on DATE: only sources published by then.",
        ),
        _option(
            "include_retracted",
            bool,
            False,
            "--include-retracted",
            help="Also show facts retracted as wrong (marked RETRACTED).",
        ),
        _option(
            "quoted",
            bool,
            False,
            "--quoted",
            help="Only facts with at least one quote verified against an archived text.",
        ),
    )
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


def output_options(layouts: tuple[str, ...] = (TABLES,)) -> tuple[inspect.Parameter, ...]:
    """--db, --format, --json, --jsonl, --output and --no-pager."""
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


def listing(*filters: str, layouts: tuple[str, ...] = (TABLES,)) -> Callable[[F], F]:
    """Give a command the named filters and the output options, received as **kwargs; the
    --format help names the formats of `layouts` (the first the command's usual view)."""
    unknown = [name for name in filters if name not in FILTERS]
    if unknown:
        raise ValueError(f"no such filter: {unknown[0]}")

    def decorate(command: F) -> F:
        own = [
            p
            for p in inspect.signature(command, eval_str=True).parameters.values()
            if p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        extra = [FILTERS[name] for name in FILTERS if name in filters]
        params = [*own, *extra, *output_options(layouts)]
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        return command

    return decorate


class Listing:
    """What a listing's shared options said, read and checked (a bad one is a usage error
    naming it)."""

    def __init__(self, given: Mapping[str, Any], layout: str = TABLES) -> None:
        self._given = given
        self.format = output_format(
            given.get("fmt"), given.get("as_json", False), given.get("as_jsonl", False), layout
        )
        self.output = output_file(given.get("output"))
        self._filter = FactFilter(
            sectors=vocabulary(given.get("sector"), SECTORS, "--sector"),
            kinds=vocabulary(given.get("kind"), KINDS, "--kind"),
            party=party_text(given.get("party")),
            dates=date_range(given.get("since"), given.get("until")),
            min_sources=given.get("min_sources", 0),
            as_of=as_of_date(given.get("as_of")),
            include_retracted=given.get("include_retracted", False),
            quoted=given.get("quoted", False),
        )

    def emit(self, view: Any) -> None:
        """Write the view in the chosen format: to the --output file (atomically), or to
        stdout (paged at a terminal unless --no-pager)."""
        from kzturk.cli.output import emit

        emit(
            view,
            self.format,
            pager=not self._given.get("no_pager", False),
            output=self.output,
        )

    def spec(self, **fields: Any) -> FactFilter:
        """The filter the options describe, with the command's own fields on top."""
        return self._filter._replace(**fields)

    def store(self) -> Store:
        db = self._given.get("db")
        if self.output is not None and same_file(self.output, store_path(db)):
            raise UsageError(f"--output {self.output} is the store being read; choose another file")
        return open_store(db)

    def filters(self, spec: FactFilter) -> list[str]:
        """The filters in words, for titles."""
        from kzturk.query import describe

        return describe(spec)
