"""A timeline: one heading a year, one line a fact, each date at its real precision."""

from __future__ import annotations

from rich.table import Table

from kzturk.model import Fact
from kzturk.query import source_count
from kzturk.render import Terminal, View
from kzturk.render.table_format import make_console, plain
from kzturk.render.text import date_label

SHORT_NOTE = 40  # longer date notes are an inference to read in `show`, not inline


def _entry_note(fact: Fact) -> str:
    count = source_count(fact)
    return f"{fact['id']}, {fact['kind']}, {count} source{'s' if count != 1 else ''}"


def render_timeline(view: View, terminal: Terminal) -> str:
    console, buffer = make_console(terminal)
    sections = [s for s in view.sections if s.rows]
    if not sections:
        console.print(plain(view.empty_message, "italic"))
    inferred = False
    for section in sections:
        console.print(plain(section.title, "bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, min_width=11)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold", ratio=1)
        for fact in section.rows:
            text = plain(fact["summary"])
            text.append("\n")
            text.append(plain(_entry_note(fact), "dim"))
            note = fact["date_note"]
            label = date_label(fact)
            if note and len(note) <= SHORT_NOTE:
                text.append(plain(f"; date: {note}", "dim"))
            elif note:
                label += "*"
                inferred = True
            grid.add_row(plain(label, "cyan"), plain("│" if terminal.unicode else "|"), text)
        console.print(grid)
        console.print()
    if inferred:
        console.print(plain("* date inferred or approximate: 'kzturk show ID' says how", "dim"))
    if view.footer:
        console.print(plain(view.footer, "dim"))
    return buffer.getvalue()
