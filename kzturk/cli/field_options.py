"""The options of the writing commands, made from the table of fields.

Every editable field of a table with an `option` becomes an option of the commands that
write that table (`add`/`edit` for facts, `source add`, `entity add/edit`, `occasion
add/edit`), its help, metavar and completion from the row; for facts, `--source` and
`--quote` together give the citations. `read_options` turns what was typed into field
values, reading each value once with `kzturk.curate.parse`. A new row is a new option, with
no code here.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import typer

from kzturk.cli.completion import (
    agreement_ids,
    completer,
    entity_names,
    occasion_ids,
    source_ids,
)
from kzturk.curate import parse
from kzturk.model import FACT_TABLE, Field

F = TypeVar("F", bound=Callable[..., Any])
SHORT = {"kind": "-k", "sectors": "-s"}


def option_fields(table: tuple[Field, ...]) -> tuple[Field, ...]:
    return tuple(f for f in table if f.editable and f.option)


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


def _completion(field: Field) -> Callable[[str], list[str]] | None:
    """What the shell offers for a field's option: its vocabulary, or the store's ids."""
    if field.vocabulary:
        return completer(field.vocabulary)
    if field.ref == "occasions":
        return occasion_ids
    if field.ref == "agreements":
        return agreement_ids
    if field.ref == "sources":
        return source_ids
    if field.name == "parties" or field.ref == "entities":
        return entity_names
    return None


def _parameter(name: str, decls: tuple[str, ...], many: bool, **options: Any) -> inspect.Parameter:
    kind = list[str] | None if many else str | None
    return inspect.Parameter(
        name,
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[kind, typer.Option(*decls, **options)],
    )


def _repeatable(
    name: str, metavar: str, help: str, completion: Callable[[str], list[str]] | None = None
) -> inspect.Parameter:
    """A repeatable option --NAME of its own (not a field's): the citations, --add-*."""
    option = "--" + name.replace("_", "-")
    return _parameter(name, (option,), True, metavar=metavar, help=help, autocompletion=completion)


def _citation_parameters(mode: str) -> list[inspect.Parameter]:
    what = "Replace all sources" if mode == "edit" else "A source id"
    parameters = [
        _repeatable(
            "source",
            "ID",
            f"{what} (repeatable); each archived one needs a --quote, in order; a reference "
            "page takes none.",
            source_ids,
        ),
        _repeatable(
            "quote",
            "TEXT",
            "The verbatim excerpt that supports the fact, from the archived --source at the "
            "same position among the archived ones.",
        ),
    ]
    if mode == "edit":
        parameters += [
            _repeatable(
                "add_source",
                "ID",
                "Cite one more source (an archived one with an --add-quote).",
                source_ids,
            ),
            _repeatable("add_quote", "TEXT", "The verbatim quote of an archived --add-source."),
            _repeatable(
                "add_link",
                "RELATION:ID[:ABOUT]",
                "Add a link, e.g. 'conflicts:F101:date of the visit'.",
            ),
        ]
    return parameters


def parameters(
    table: tuple[Field, ...], mode: str, skip: tuple[str, ...] = ()
) -> list[inspect.Parameter]:
    """The options of `table`'s fields for `mode` ('add' or 'edit'), in the table's order."""
    found = []
    for field in option_fields(table):
        if field.name in skip or (mode == "edit" and field.name == "id"):
            continue
        if table is FACT_TABLE and field.name == "sources":
            found += _citation_parameters(mode)
            continue
        decls = (
            str(field.option),
            *((SHORT[field.name],) if table is FACT_TABLE and field.name in SHORT else ()),
        )
        found.append(
            _parameter(
                field.name,
                decls,
                field.many,
                metavar=field.metavar,
                help=_help(field, mode),
                autocompletion=_completion(field),
            )
        )
    if mode == "edit" and table is not FACT_TABLE and any(f.name == "aliases" for f in table):
        found.append(
            _repeatable("add_alias", "NAME[@START/END][#LANG]", "Add another name (repeatable).")
        )
    if mode == "edit" and any(f.name == "posts" for f in table):
        found.append(
            _repeatable(
                "add_post", "TITLE[@START/END][#SOURCE,...]", "Add another post (repeatable)."
            )
        )
    return found


def with_options(
    table: tuple[Field, ...], mode: str, skip: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Give a command the options of `table`'s fields before its own, received as **kwargs."""

    def decorate(command: F) -> F:
        own = [
            p
            for p in inspect.signature(command, eval_str=True).parameters.values()
            if p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        positional = [p for p in own if p.default is inspect.Parameter.empty]
        rest = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own if p not in positional]
        params = [*positional, *parameters(table, mode, skip), *rest]
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        return command

    return decorate


_READ_BY_TYPE: dict[str, Callable[[str, str], Any]] = {
    "date": parse.date,
    "period": parse.period,
    "number": parse.number,
}
_READ_ITEM: dict[str, Callable[[str, str], Any]] = {
    "values": parse.value,
    "links": parse.link,
    "aliases": parse.alias,
    "posts": parse.post,
}


def read_text(field: Field, text: str, option: str) -> Any:
    """A scalar field's value from one text (an option's or a prompt answer)."""
    if field.vocabulary:
        return parse.choice(option, field.vocabulary, text)
    if field.type in _READ_BY_TYPE:
        return _READ_BY_TYPE[field.type](option, text)
    if field.required:
        return text  # kept as typed, so that a blank one is reported as empty
    return parse.text(text)


def read_item(field: Field, text: str, option: str) -> Any:
    """One item of a list field from its text: a value, a link or an alias is parsed."""
    read = _READ_ITEM.get(field.name)
    return read(option, text) if read is not None else text.strip()


def read_value(field: Field, raw: Any, option: str) -> Any:
    """One option's text (or texts, for a list) read into the field's value."""
    if field.many:
        if field.vocabulary:
            return parse.choices(option, field.vocabulary, raw)
        return [read_item(field, t, option) for t in raw if t.strip()]
    return read_text(field, raw, option)


def read_citations(given: Mapping[str, Any], prefix: str = "") -> parse.Citations | None:
    """`--source`/`--quote` (or, with prefix 'add_', `--add-source`/`--add-quote`)."""
    return parse.citations(given.get(f"{prefix}source"), given.get(f"{prefix}quote"))


def read_options(table: tuple[Field, ...], given: Mapping[str, Any]) -> dict[str, Any]:
    """The fields given as options, read and checked; a field whose option was left out is
    absent, so `add` can ask for it and `edit` leaves it alone."""
    fields: dict[str, Any] = {}
    for field in option_fields(table):
        if table is FACT_TABLE and field.name == "sources":
            continue  # with their quotes: `read_citations`
        raw = given.get(field.name)
        if raw is not None:
            fields[field.name] = read_value(field, raw, str(field.option))
    return fields
