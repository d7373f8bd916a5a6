"""The filters and output options of the listing commands, made from their tables.

`@listing()` gives a command the options of the filters whose rows in the table of filters
(`kzturk.filters`) name it, then the output options (--db, --format, --json, --jsonl,
--output, --no-pager), and calls it with its own typed parameters and one `Listing`: the
filter those options describe (a `FactFilter`), the output format and file, the store. The
command line's untyped values stop here; commands see typed objects only.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

import typer

from kzturk.cli.completion import completer, entity_names, fact_ids, occasion_ids, source_ids
from kzturk.cli.options import DbOption
from kzturk.cli.values import NOT_GIVEN, OUTPUT_OPTIONS, OUTPUT_PARAMS, Listing, Output
from kzturk.filters import Option, filters_of
from kzturk.render import CHART, DETAIL, TABLES, formats_for

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
    "words": (list[str] | None, NOT_GIVEN["words"]),
    "text": (str | None, NOT_GIVEN["text"]),
    "flag": (bool, NOT_GIVEN["flag"]),
    "count": (int, NOT_GIVEN["count"]),
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


_FLAGS = {param: flags for param, _, flags in OUTPUT_OPTIONS}


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
        *_FLAGS["fmt"],
        metavar="FORMAT",
        help=text,
        autocompletion=completer(every),
    )


__all__ = ["Listing", "Output", "listing", "output_options"]


def output_options(layouts: tuple[str, ...] = (TABLES,)) -> tuple[inspect.Parameter, ...]:
    """--db, --format, --json, --jsonl, --output and --no-pager (the fields of `Output`)."""
    return (
        inspect.Parameter("db", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=DbOption),
        _format_option(layouts),
        _option("as_json", bool, False, *_FLAGS["as_json"], help="Same as --format json."),
        _option("as_jsonl", bool, False, *_FLAGS["as_jsonl"], help="Same as --format jsonl."),
        _option(
            "output",
            str | None,
            None,
            *_FLAGS["output"],
            metavar="FILE",
            help="Write to FILE instead of standard output, atomically: FILE is replaced "
            "whole or not at all ('-' is standard output).",
        ),
        _option(
            "no_pager",
            bool,
            False,
            *_FLAGS["no_pager"],
            help="Print straight to the terminal, without a pager ($KZTURK_PAGER, $PAGER, less).",
        ),
    )


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
