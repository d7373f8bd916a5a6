"""Output formats, chosen through one registry: a row per format, a module per layout.

A command builds a `View` (what to show) and `render` turns it into text in the chosen
format. Each row of `FORMAT_TABLE` says what a format is for, whether it is data (always
UTF-8, whatever the locale) and which module renders each layout of view it supports; the
command line derives its `--format` choices and help from the rows, so they cannot drift.
Renderers return strings and never write: I/O stays in the CLI. Rich is imported only by the
terminal renderers, and only when they are used.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from importlib import import_module
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVar, overload

from kzturk.errors import UsageError

# The layouts a view may have: plain tables of rows, a timeline, one record in detail, a
# chart, citations, the changes between two versions of the store and their counts.
TABLES, TIMELINE, DETAIL, CHART, CITATIONS = "tables", "timeline", "detail", "chart", "citations"
CHANGES, CHANGE_COUNTS = "changes", "change-counts"
DOCUMENT = "document"  # a page of the manual (`kzturk help TOPIC`)
EVENTS = "events"
"""Tables of dated records a calendar can hold too (occasions): the table formats, and ics."""
AGREEMENTS = "agreements"
"""Agreements through their lives (`kzturk agreements`): the table formats, and ics, a day
for each step dated to the day."""
BIBLIOGRAPHY = "bibliography"
"""Sources as a bibliography for a reference manager (`kzturk export sources`)."""
STATS = "stats"
"""Counts side by side (`kzturk stats`): the table formats, the HTML page with a bar chart."""
LISTINGS = (TABLES, TIMELINE, DETAIL)
ROWS = (TABLES, EVENTS, AGREEMENTS, STATS)
"""The layouts every table format draws as tables of rows."""
HISTORY = (CHANGES, CHANGE_COUNTS)
REFERENCES = (CITATIONS, BIBLIOGRAPHY)


class Format(NamedTuple):
    """One output format: its name, what it is, and the module for each layout it renders."""

    name: str
    help: str
    modules: dict[str, str]
    data: bool = False
    """Written as UTF-8 whatever the terminal's encoding, and never paged: data, and pages
    for a browser."""
    aliases: tuple[str, ...] = ()


def _each(module: str, layouts: tuple[str, ...]) -> dict[str, str]:
    return {layout: f"kzturk.render.{module}" for layout in layouts}


FORMAT_TABLE: tuple[Format, ...] = (
    Format(
        "table",
        "tables and timelines for people",
        {
            **_each("table_format", (*ROWS, DETAIL)),
            TIMELINE: "kzturk.render.timeline_format",
            CHART: "kzturk.render.chart_format",
            CITATIONS: "kzturk.render.citation_format",
            **_each("changes_format", HISTORY),
            DOCUMENT: "kzturk.render.document_format",
        },
    ),
    Format(
        "json",
        "one JSON array (one object for a single record)",
        _each("json_format", (*LISTINGS, *ROWS, *REFERENCES, *HISTORY, DOCUMENT)),
        data=True,
    ),
    Format(
        "jsonl",
        "JSON Lines: one object a line",
        _each("json_format", (*LISTINGS, *ROWS, BIBLIOGRAPHY)),
        data=True,
    ),
    Format(
        "csv",
        "CSV with a header row",
        _each("csv_format", (*LISTINGS, *ROWS, BIBLIOGRAPHY)),
        data=True,
    ),
    Format(
        "md",
        "Markdown to paste into a report",
        {
            **_each("markdown_format", (*LISTINGS, *ROWS)),
            CITATIONS: "kzturk.render.citation_format",
            **_each("changes_format", HISTORY),
            DOCUMENT: "kzturk.render.document_format",
        },
        aliases=("markdown",),
    ),
    Format("bibtex", "BibTeX entries", _each("citation_format", REFERENCES)),
    Format(
        "csl-json",
        "CSL-JSON items for Zotero, Pandoc and other citation processors",
        _each("csl_format", REFERENCES),
        data=True,
    ),
    Format(
        "ris",
        "RIS records for reference managers (Zotero, EndNote, Mendeley)",
        _each("ris_format", REFERENCES),
        data=True,
    ),
    Format(
        "html",
        "one self-contained web page to share (nothing fetched, works offline)",
        {
            **_each("html_format", (TABLES, EVENTS, AGREEMENTS, STATS, DETAIL)),
            TIMELINE: "kzturk.render.html_timeline",
        },
        data=True,
    ),
    Format(
        "svg",
        "the chart as a standalone SVG image for an article",
        {CHART: "kzturk.render.svg_format"},
        data=True,
    ),
    Format(
        "timelinejs",
        "TimelineJS3 JSON, for Knight Lab's timeline viewer",
        {TIMELINE: "kzturk.render.timelinejs_format"},
        data=True,
    ),
    Format(
        "ics",
        "an iCalendar file: one all-day event per thing dated to the day",
        _each("ics_format", (TIMELINE, EVENTS, AGREEMENTS)),
        data=True,
        aliases=("ical", "icalendar"),
    ),
)
FORMAT = {row.name: row for row in FORMAT_TABLE}
FORMATS: tuple[str, ...] = tuple(row.name for row in FORMAT_TABLE if TABLES in row.modules)
"""The formats of the listing commands (`--format`)."""


def formats_for(layout: str) -> tuple[str, ...]:
    """The formats that render views of `layout`, in the table's order."""
    return tuple(row.name for row in FORMAT_TABLE if layout in row.modules)


def format_name(given: str, layout: str = TABLES, option: str = "--format") -> str:
    """The format a user asked for (case-insensitive, aliases allowed), or a usage error
    naming the formats this layout has."""
    value = given.strip().casefold()
    valid = ", ".join(formats_for(layout))
    for row in FORMAT_TABLE:
        if value == row.name or value in row.aliases:
            if layout in row.modules:
                return row.name
            raise UsageError(
                f"{option} {row.name} does not apply to this {layout} view. Valid: {valid}"
            )
    raise UsageError(f"{option}: unknown format {given!r}. Valid: {valid}")


class Column(NamedTuple):
    """A column of the human formats (table, Markdown): header and cell text.

    On a narrow terminal a `secondary` column is folded into the section's `main` column as
    a dim "Header: text" line, so no column is ever cut off at the right edge."""

    header: str
    cell: Callable[[Any], str]
    min_width: int | None = None
    max_width: int | None = None
    justify: str = "left"
    no_wrap: bool = False
    secondary: bool = False
    main: bool = False
    lines: bool = False
    """Each line of the cell is an item that keeps a line of its own when the column is
    folded or drawn as a card (a conflict's sources), not joined with commas."""


class Section(NamedTuple):
    """A titled group of rows with its columns: the targets apart from the actual trade
    figures, say."""

    title: str
    rows: list[Any]
    columns: list[Column]

    def without_empty_columns(self) -> Section:
        """The section less the columns that are empty in every row (all kept if all are)."""
        kept = [c for c in self.columns if any(c.cell(row).strip() for row in self.rows)]
        return self._replace(columns=kept or self.columns)


Item = TypeVar("Item")


class Deferred(Sequence[Item]):
    """A list made when a format first reads it: a view's JSON records or its citation
    lines, which a table or a timeline in the terminal never reads (making them was a tenth
    of `kzturk timeline`)."""

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], Sequence[Item]]) -> None:
        self._make = make
        self._items: Sequence[Item] | None = None

    def _list(self) -> Sequence[Item]:
        if self._items is None:
            self._items = self._make()
        return self._items

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | Sequence[Item]:
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self) -> Iterator[Item]:
        return iter(self._list())

    def __repr__(self) -> str:
        return f"Deferred({self._list()!r})"


class View(NamedTuple):
    """What a command shows, independent of format.

    `records` are the JSON objects (the documented contract); `flat` turns one record into
    CSV columns (`csv_header` names them, for when there are no rows); `sections` drive the
    table and Markdown forms; `layout` says which module of a format draws it (see
    `FORMAT_TABLE`); `single` makes JSON one object instead of an array (for `show`);
    `footer` says what is shown and what the defaults left out.
    """

    title: str
    records: Sequence[dict[str, Any]]
    flat: Callable[[dict[str, Any]], dict[str, str]]
    sections: list[Section]
    empty_message: str = "Nothing matches."
    csv_header: tuple[str, ...] = ()
    layout: str = TABLES
    single: bool = False
    footer: str = ""
    references: Sequence[tuple[str, tuple[str, ...]]] = ()
    """Each shown fact's sources as citation lines (Markdown footnotes, HTML)."""
    headings: Mapping[str, Any] = MappingProxyType({})
    """Timeline: the heading row (an occasion) printed before the fact with this id."""
    source_index: Mapping[str, Any] = MappingProxyType({})
    """The store's sources by id, for formats that show a cited source in full (HTML)."""
    figure: str = ""
    """A layout the same view can also be drawn in, which a page shows above its tables
    (the trade chart on the trade page)."""
    entity_names: Mapping[str, str] = MappingProxyType({})
    """Entity names by id, for formats that name the entities a record points to by id
    (an occasion's participants in a calendar and in linked data)."""
    names: Mapping[str, tuple[str, ...]] = MappingProxyType({})
    """Each party's other names (its entity's), so a page's filter finds a fact by them."""
    command: str = ""
    """The command line that made the output, for a page's footer."""


class Terminal(NamedTuple):
    """Where a human format goes: its width, whether colour is wanted, whether it can
    show box-drawing characters (not under PYTHONIOENCODING=ascii, say), and the encoding
    its text is written in."""

    width: int = 100
    color: bool = False
    unicode: bool = True
    encoding: str = "utf-8"


def render(view: View, fmt: str, terminal: Terminal | None = None) -> str:
    """The whole output for `view` in format `fmt`, ending in one newline."""
    row = FORMAT[fmt]
    module_name = row.modules.get(view.layout)
    if module_name is None:
        raise UsageError(
            f"--format {fmt} is not available here; use one of: "
            f"{', '.join(formats_for(view.layout))}"
        )
    renderer: Callable[[View, str, Terminal], str] = import_module(module_name).render
    return renderer(view, fmt, terminal or Terminal())
