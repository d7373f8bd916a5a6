"""The table of filters: each listing filter is one row.

A row says everything about a filter: its command-line options (names, metavar, help, what
the shell completes), how their values are read (a bad one is a usage error naming the
option), the field of `FactFilter` it sets, what it keeps (`keep`), how a title says it
(`words`), what its default hides (footers: "12 context facts not shown: --context"), and
the commands that take it. The Typer options (`kzturk.cli.listing`), the reader, the
filtering (`apply_filter`), titles (`describe`), footers, `--help` and the manual's list
(`kzturk help filters`) all come from these rows. How to add one: kzturk/manual/development.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from kzturk.entities import EntityIndex
from kzturk.filters.spec import FactFilter as FactFilter
from kzturk.filters.spec import Filter as Filter
from kzturk.filters.spec import Hides as Hides
from kzturk.filters.spec import Option as Option
from kzturk.filters.spec import Where
from kzturk.filters.spec import hidden_kinds as hidden_kinds
from kzturk.filters.table import FILTER_TABLE as FILTER_TABLE
from kzturk.model import Fact, Source

FILTER = {row.field: row for row in FILTER_TABLE}


def filters_of(command: str) -> tuple[Filter, ...]:
    """The rows of the filters `command` takes, in the table's order."""
    return tuple(row for row in FILTER_TABLE if command in row.commands)


def read_filters(command: str, given: Callable[[str], Any]) -> FactFilter:
    """The FactFilter that the options of `command` say; `given(param)` is each option's
    value as the command line gave it. The filters the command does not take keep their
    defaults."""
    fields = {
        row.field: row.read(*(given(option.param) for option in row.options))
        for row in filters_of(command)
    }
    return FactFilter(**fields)


def matching(
    facts: Iterable[Fact],
    spec: FactFilter,
    sources: dict[str, Source] | None = None,
    index: EntityIndex | None = None,
) -> list[Fact]:
    """The facts every row of the table keeps, in their order (`kzturk.query.apply_filter`
    sorts them). `sources` serve `as_of` and `quoted`;
    `index` lets `party` match every alias of an entity."""
    where = Where(sources or {}, index)
    selected = list(facts)
    for row in sorted(FILTER_TABLE, key=lambda row: not row.first):
        selected = row.keep(selected, spec, where)
    return selected


def describe(spec: FactFilter) -> list[str]:
    """The filters of `spec` in words, for titles ('since 2022', 'as of 2023-12-31')."""
    return [words for row in FILTER_TABLE for words in row.words(spec)]


HIDING = tuple(row for row in FILTER_TABLE if row.hides is not None)
"""The filters whose default leaves facts out, in the order footers name them."""


def relaxed(spec: FactFilter) -> FactFilter:
    """`spec` with every default that hides facts turned off."""
    shown: dict[str, Any] = {row.field: True for row in HIDING}
    return spec._replace(**shown)


def hidden_reason(fact: Fact, spec: FactFilter) -> str | None:
    """Why `spec`'s defaults leave out `fact` (which its other filters keep): the reason of
    the last row of the table that hides it (a retracted context fact counts as retracted)."""
    for row in reversed(HIDING):
        hides: Hides | None = row.hides
        if hides is not None and hides.hidden(fact, spec):
            return hides.reason
    return None


def reference() -> str:
    """The filters as a Markdown table, one line per option (the manual's list: a test
    keeps kzturk/manual/filters.md equal to it)."""
    lines = ["| option | commands | what it does |", "| --- | --- | --- |"]
    for row in FILTER_TABLE:
        for option in row.options:
            name = ", ".join(f"`{flag}`" for flag in option.flags)
            value = f" {option.metavar}" if option.metavar else ""
            text = option.help.replace("|", "\\|")
            lines.append(f"| {name}{value} | {', '.join(row.commands)} | {text} |")
    return "\n".join(lines) + "\n"
