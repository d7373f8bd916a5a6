"""Rich tables for people, and stacked cards where a table would not fit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, cast

from kzturk.render import Column, Section, Terminal, View
from kzturk.render.console import make_console, plain

if TYPE_CHECKING:  # Rich is imported when a table is drawn
    from rich.console import Console
    from rich.text import Text

JustifyMethod = Literal["default", "left", "center", "right", "full"]
NARROW = 110  # below this width, secondary columns fold into the main one
CARDS = 60  # below this width, rows print as stacked "Header: value" cards, not a table


def _cell(column: Column, row: object, folded: list[Column], encoding: str) -> Text:
    text = plain(column.cell(row), encoding=encoding)
    if column.main:
        for extra in folded:
            value = ", ".join(part for part in extra.cell(row).split("\n") if part)
            if value:
                text.append(plain(f"\n{extra.header}: {value}", "dim", encoding))
    return text


def _print_cards(console: Console, section: Section, encoding: str) -> None:
    console.print(plain(section.title, "bold", encoding))
    for row in section.rows:
        console.print()
        for column in section.columns:
            value = ", ".join(part for part in column.cell(row).split("\n") if part)
            if value:
                line = plain(f"{column.header}: ", "bold")
                line.append(plain(value, encoding=encoding))
                console.print(line, overflow="fold")


FOLDED_MINIMUM = 4  # the narrowest a wrapping column may get before cards read better


def _unwrapped_width(section: Section, shown: list[Column]) -> int:
    """How wide the table must be at least: its no-wrap columns at full width (Rich crops
    what does not fit), the others folded to a few characters, and two of padding each."""
    from rich.cells import cell_len

    width = 0
    for column in shown:
        if column.no_wrap:
            cells = [column.header, *(column.cell(row) for row in section.rows)]
            width += max(cell_len(line) for cell in cells for line in cell.split("\n"))
        else:
            width += FOLDED_MINIMUM
    return width + 2 * len(shown)


def render(view: View, fmt: str, terminal: Terminal) -> str:
    from rich import box
    from rich.table import Table

    console, buffer = make_console(terminal)
    sections = [s for s in view.sections if s.rows]
    if not sections:
        console.print(plain(view.empty_message, "italic"))
    for index, section in enumerate(sections):
        if index:
            console.print()
        if terminal.width < CARDS:
            _print_cards(console, section, terminal.encoding)
            continue
        table = Table(
            title=plain(section.title, "bold", terminal.encoding),
            title_justify="left",
            show_lines=True,
            box=box.SIMPLE_HEAD if terminal.unicode else box.ASCII2,
            expand=False,
            pad_edge=False,
            collapse_padding=True,
        )
        narrow = terminal.width < NARROW
        shown = [c for c in section.columns if not (narrow and c.secondary)]
        folded = [c for c in section.columns if narrow and c.secondary]
        for column in shown:
            table.add_column(
                plain(column.header),
                justify=cast(JustifyMethod, column.justify),
                min_width=column.min_width,
                max_width=column.max_width,
                no_wrap=column.no_wrap,
                overflow="fold",
            )
        for row in section.rows:
            table.add_row(*(_cell(column, row, folded, terminal.encoding) for column in shown))
        if _unwrapped_width(section, shown) > terminal.width:
            _print_cards(console, section, terminal.encoding)  # Rich would crop the table
        else:
            console.print(table)
    if view.footer:
        console.print(plain(view.footer, "dim", terminal.encoding))
    return buffer.getvalue()
