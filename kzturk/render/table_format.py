"""Rich tables for people. Store text is passed as `Text`, so it is never read as markup."""

from __future__ import annotations

import io
from typing import Literal, cast

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from kzturk.render import Column, Section, Terminal, View
from kzturk.render.text import clean_text

JustifyMethod = Literal["default", "left", "center", "right", "full"]
NARROW = 110  # below this width, secondary columns fold into the main one
CARDS = 60  # below this width, rows print as stacked "Header: value" cards, not a table


def make_console(terminal: Terminal) -> tuple[Console, io.StringIO]:
    """A console that writes to a string at the terminal's width, coloured only if asked."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=terminal.width,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        color_system="standard" if terminal.color else None,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        soft_wrap=False,
    )
    return console, buffer


def plain(text: str, style: str = "") -> Text:
    """Store text as a Rich `Text`: cleaned of control characters, never parsed as markup."""
    return Text(clean_text(text), style=style)


def _cell(column: Column, row: object, folded: list[Column]) -> Text:
    text = plain(column.cell(row))
    if column.main:
        for extra in folded:
            value = ", ".join(part for part in extra.cell(row).split("\n") if part)
            if value:
                text.append(plain(f"\n{extra.header}: {value}", "dim"))
    return text


def _print_cards(console: Console, section: Section) -> None:
    console.print(plain(section.title, "bold"))
    for row in section.rows:
        console.print()
        for column in section.columns:
            value = ", ".join(part for part in column.cell(row).split("\n") if part)
            if value:
                line = plain(f"{column.header}: ", "bold")
                line.append(plain(value))
                console.print(line, overflow="fold")


def render(view: View, fmt: str, terminal: Terminal) -> str:
    if view.layout == "timeline":
        from kzturk.render.timeline_format import render_timeline

        return render_timeline(view, terminal)
    console, buffer = make_console(terminal)
    sections = [s for s in view.sections if s.rows]
    if not sections:
        console.print(plain(view.empty_message, "italic"))
    for index, section in enumerate(sections):
        if index:
            console.print()
        if terminal.width < CARDS:
            _print_cards(console, section)
            continue
        table = Table(
            title=plain(section.title, "bold"),
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
            table.add_row(*(_cell(column, row, folded) for column in shown))
        if Measurement.get(console, console.options, table).minimum > terminal.width:
            _print_cards(console, section)  # a table this wide would be cropped
        else:
            console.print(table)
    if view.footer:
        console.print(plain(view.footer, "dim"))
    return buffer.getvalue()
