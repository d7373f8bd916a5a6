"""Output formats, chosen through a registry: one small module per format.

A command builds a `View` (what to show) and `render` turns it into text for the chosen
format. Renderers return strings and never write: I/O stays in the CLI. Rich is imported
only by the table and timeline modules, and only when they are used.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any, NamedTuple

FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "md")


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


class Section(NamedTuple):
    """A titled group of rows with its columns: the targets apart from the actual trade
    figures, say."""

    title: str
    rows: list[Any]
    columns: list[Column]


class View(NamedTuple):
    """What a command shows, independent of format.

    `records` are the JSON objects (the documented contract); `flat` turns one record into
    CSV columns (`csv_header` names them, for when there are no rows); `sections` drive the
    table and Markdown forms; `layout` picks a special human layout ("timeline") instead of
    plain tables; `single` makes JSON one object instead of an array (for `show`).
    """

    title: str
    records: list[dict[str, Any]]
    flat: Callable[[dict[str, Any]], dict[str, str]]
    sections: list[Section]
    empty_message: str = "Nothing matches."
    csv_header: tuple[str, ...] = ()
    layout: str = "tables"
    single: bool = False
    footer: str = ""


class Terminal(NamedTuple):
    """Where a human format goes: its width, whether colour is wanted, whether it can
    show box-drawing characters (not under PYTHONIOENCODING=ascii, say), and the encoding
    its text is written in."""

    width: int = 100
    color: bool = False
    unicode: bool = True
    encoding: str = "utf-8"


_REGISTRY: dict[str, str] = {
    "table": "kzturk.render.table_format",
    "json": "kzturk.render.json_format",
    "jsonl": "kzturk.render.json_format",
    "csv": "kzturk.render.csv_format",
    "md": "kzturk.render.markdown_format",
}


def render(view: View, fmt: str, terminal: Terminal | None = None) -> str:
    """The whole output for `view` in format `fmt`, ending in one newline."""
    module = import_module(_REGISTRY[fmt])
    renderer: Callable[[View, str, Terminal], str] = module.render
    return renderer(view, fmt, terminal or Terminal())
