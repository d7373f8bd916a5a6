"""The types of the table of filters (`kzturk.filters`): the filter a listing asks for
(`FactFilter`) and a row of the table (`Filter`, its `Option`s, what it `Hides`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from kzturk.dates import DateRange, PartialDate
from kzturk.entities import EntityIndex
from kzturk.model import Fact, Source


class FactFilter(NamedTuple):
    """Everything a listing command can narrow by; empty fields do not filter. One field
    per row of `FILTER_TABLE` (a test keeps them equal)."""

    sectors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    party: str | None = None
    dates: DateRange = DateRange()
    include_context: bool = True
    """Keep facts of kind 'context' (background); asking for --kind context keeps them too."""
    min_sources: int = 0
    as_of: PartialDate | None = None
    include_retracted: bool = False
    include_analysis: bool = True
    """Keep facts of kind 'analysis' (interpretation); --kind analysis keeps them too."""
    quoted: bool = False
    """Only facts with at least one verified quote (from an archived source)."""


class Where(NamedTuple):
    """What some filters look up besides the facts: the sources (as-of dates, archived
    quotes) and the entities (every name of a party)."""

    sources: dict[str, Source]
    entities: EntityIndex | None = None


class Option(NamedTuple):
    """One command-line option of a filter (most filters have one; the dates two)."""

    flags: tuple[str, ...]
    """'--sector', '-s': the first is the name messages and the manual use."""
    param: str
    """The Python name its value is passed by (the long name in snake case)."""
    takes: str
    """'words' (repeatable), 'text', 'flag' or 'count' (a whole number from 0)."""
    help: str
    metavar: str | None = None
    completion: tuple[str, ...] | str = ()
    """A vocabulary the shell completes, or what in the store it completes: 'entities'
    (names and aliases), 'occasions', 'facts' or 'sources' (ids; `cli.listing.STORE_COMPLETION`)."""


class Hides(NamedTuple):
    """What a filter's default leaves out, for footers: '12 context facts not shown'."""

    reason: str
    one: str
    many: str
    hidden: Callable[[Fact, FactFilter], bool]
    """Whether `spec` leaves the fact out for this reason."""


class Filter(NamedTuple):
    """One row of the table of filters."""

    field: str
    options: tuple[Option, ...]
    read: Callable[..., Any]
    """The options' values, in order, to the value of `field` (or a UsageError)."""
    keep: Callable[[list[Fact], FactFilter, Where], list[Fact]]
    words: Callable[[FactFilter], list[str]]
    """The filter in words for a title ('since 2022'); none when it does not filter."""
    commands: tuple[str, ...]
    hides: Hides | None = None
    first: bool = False
    """Rewrites the facts the other filters read (their sources): applied before them."""


def hidden_kinds(spec: FactFilter) -> tuple[str, ...]:
    """The background kinds `spec` leaves out (none when it names kinds itself)."""
    if spec.kinds:
        return ()
    hidden = (("context", spec.include_context), ("analysis", spec.include_analysis))
    return tuple(kind for kind, shown in hidden if not shown)
