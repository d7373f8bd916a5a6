"""The options of `kzturk add` and `kzturk edit`, made from the table of fields.

Every editable fact field with an `option` in the table becomes an option of both commands
(its help, metavar and completion from the row); `--source` and `--quote` together give the
citations. `read_fact_options` turns what was typed into fact fields, reading each value
once with `kzturk.curate.parse`. A new field in the table is a new option here, with no code.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import typer

from kzturk.cli.options import completer
from kzturk.curate import parse
from kzturk.model import FACT_TABLE, Field

F = TypeVar("F", bound=Callable[..., Any])
SHORT = {"kind": "-k", "sectors": "-s"}
OPTION_FIELDS: tuple[Field, ...] = tuple(f for f in FACT_TABLE if f.editable and f.option)


def _help(field: Field, mode: str) -> str:
    text = field.help
    if field.vocabulary:
        text += f" One of: {', '.join(field.vocabulary)}."
    if field.many:
        text += " Repeatable" + (", or comma-separated." if field.vocabulary else ".")
        if mode == "edit":
            text += " Replaces the whole list."
    elif mode == "edit" and not field.required:
        text += ' An empty value ("") clears it.'
    return text


def _parameter(name: str, decls: tuple[str, ...], many: bool, **options: Any) -> inspect.Parameter:
    kind = list[str] | None if many else str | None
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[kind, typer.Option(*decls, **options)],
    )


def fact_parameters(mode: str) -> list[inspect.Parameter]:
    """The options for `mode` ('add' or 'edit'), in the table's order."""
    parameters = []
    for field in OPTION_FIELDS:
        decls = (str(field.option), *((SHORT[field.name],) if field.name in SHORT else ()))
        complete = completer(field.vocabulary) if field.vocabulary else None
        if field.name == "sources":
            what = "Replace all sources" if mode == "edit" else "A source id"
            parameters.append(
                _parameter(
                    "source", decls, True, metavar="ID", help=f"{what} (one --quote for each)."
                )
            )
            parameters.append(
                _parameter(
                    "quote",
                    ("--quote",),
                    True,
                    metavar="TEXT",
                    help="The verbatim excerpt of the --source at the same position that "
                    "supports the fact.",
                )
            )
            continue
        parameters.append(
            _parameter(
                field.name,
                decls,
                field.many,
                metavar=field.metavar,
                help=_help(field, mode),
                autocompletion=complete,
            )
        )
    if mode == "edit":
        parameters += [
            _parameter(
                "add_source",
                ("--add-source",),
                True,
                metavar="ID",
                help="Cite one more source (one --add-quote for each).",
            ),
            _parameter(
                "add_quote",
                ("--add-quote",),
                True,
                metavar="TEXT",
                help="The verbatim quote of --add-source.",
            ),
            _parameter(
                "add_link",
                ("--add-link",),
                True,
                metavar="RELATION:ID",
                help="Add a link, e.g. conflicts:F101.",
            ),
        ]
    return parameters


def with_fact_options(mode: str) -> Callable[[F], F]:
    """Give a command the fact options of `mode` before its own, received as **kwargs."""

    def decorate(command: F) -> F:
        own = [
            p
            for p in inspect.signature(command, eval_str=True).parameters.values()
            if p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        positional = [p for p in own if p.default is inspect.Parameter.empty]
        rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p not in positional]
        params = [*positional, *fact_parameters(mode), *rest]
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        return command

    return decorate


def read_value(field: Field, raw: Any, option: str) -> Any:
    """One option's text (or texts, for a list) read into the field's value."""
    if field.many:
        texts = [t for t in raw if t.strip()]
        if field.vocabulary:
            return parse.choices(option, field.vocabulary, raw)
        if field.name == "values":
            return [parse.value(option, t) for t in texts]
        if field.name == "links":
            return [parse.link(option, t) for t in texts]
        return texts
    return read_text(field, raw, option)


def read_text(field: Field, text: str, option: str) -> Any:
    """A scalar field's value from one text (an option's or a prompt answer)."""
    if field.vocabulary:
        return parse.choice(option, field.vocabulary, text)
    if field.type == "date":
        return parse.date(option, text)
    if field.type == "period":
        return parse.period(option, text)
    if field.type == "number":
        return parse.number(option, text)
    if field.required:
        return text  # kept as typed, so that a blank one is reported as empty
    return parse.text(text)


def read_fact_options(given: Mapping[str, Any]) -> dict[str, Any]:
    """The fact fields given as options, read and checked; a field whose option was left out
    is absent, so `add` can ask for it and `edit` leaves it alone."""
    fields: dict[str, Any] = {}
    for field in OPTION_FIELDS:
        if field.name == "sources":
            refs = parse.citations(given.get("source"), given.get("quote"), "--source", "--quote")
            if refs is not None:
                fields["sources"] = refs
            continue
        raw = given.get(field.name)
        if raw is not None:
            fields[field.name] = read_value(field, raw, str(field.option))
    return fields
