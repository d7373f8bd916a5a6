"""A timeline: one heading a year, one line a fact, each date at its real precision.

Rich lays it out as a three-column grid. Without colour (a pipe, a file, NO_COLOR) the same
text is produced here directly, with Rich's own line breaking (`rich._wrap.divide_line`)
and the column widths its grid would compute: importing Rich's console and measuring every
cell costs more than the rest of the command. A test checks both give the same text.
"""

from __future__ import annotations

from kzturk.model import Fact
from kzturk.query import source_count
from kzturk.render import Section, Terminal, View
from kzturk.render.text import as_encoded, clean_text, date_label

SHORT_NOTE = 40  # longer date notes are an inference to read in `show`, not inline
DATE_WIDTH = 11  # the date column's minimum width
# Where Rich's measuring (str.splitlines) and wrapping (split at "\n") see different lines.
_LINE_BREAKS = frozenset("\n\x1c\x1d\x1e\x85\u2028\u2029\x0b\x0c\r")
INFERRED_NOTE = "* date inferred or approximate: 'kzturk show ID' says how"


def _entry_note(fact: Fact) -> str:
    count = source_count(fact)
    return f"{fact['id']}, {fact['kind']}, {count} source{'s' if count != 1 else ''}"


def _entry(fact: Fact, encoding: str = "utf-8") -> tuple[str, str, str, bool]:
    """(date label, summary, dim note line, date inferred) of one fact, cleaned."""
    note = _entry_note(fact)
    date_note = fact["date_note"]
    label = date_label(fact)
    inferred = bool(date_note) and len(date_note or "") > SHORT_NOTE
    if date_note and not inferred:
        note += f"; date: {date_note}"
    elif inferred:
        label += "*"
    label, summary, note = (
        as_encoded(clean_text(t), encoding) for t in (label, fact["summary"], note)
    )
    return label, summary, note, inferred


def render(view: View, fmt: str, terminal: Terminal) -> str:
    sections = [s for s in view.sections if s.rows]
    entries = [[_entry(fact, terminal.encoding) for fact in section.rows] for section in sections]
    if not terminal.color:
        plain = _render_plain(view, terminal, sections, entries)
        if plain is not None:
            return plain
    return _render_rich(view, terminal, sections, entries)


def _render_rich(
    view: View,
    terminal: Terminal,
    sections: list[Section],
    entries: list[list[tuple[str, str, str, bool]]],
) -> str:
    from rich.table import Table

    from kzturk.render.console import make_console, plain

    console, buffer = make_console(terminal)
    if not sections:
        console.print(plain(view.empty_message, "italic"))
    inferred = False
    for section, rows in zip(sections, entries, strict=True):
        console.print(plain(section.title, "bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, min_width=DATE_WIDTH)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold", ratio=1)
        for label, summary, note, row_inferred in rows:
            inferred = inferred or row_inferred
            text = plain(summary)
            text.append("\n")
            text.append(plain(note, "dim"))
            grid.add_row(plain(label, "cyan"), plain("│" if terminal.unicode else "|"), text)
        console.print(grid)
        console.print()
    if inferred:
        console.print(plain(INFERRED_NOTE, "dim"))
    if view.footer:
        console.print(plain(view.footer, "dim"))
    return buffer.getvalue()


def _render_plain(
    view: View,
    terminal: Terminal,
    sections: list[Section],
    entries: list[list[tuple[str, str, str, bool]]],
) -> str | None:
    """The text `_render_rich` gives without colour, or None where the two could differ
    (line breaks inside a summary, a terminal too narrow for the date column)."""
    try:  # a private module of Rich: if a release moves it, Rich lays the timeline out
        from rich._wrap import divide_line
        from rich.cells import cell_len, set_cell_size
    except ImportError:
        return None

    width = terminal.width
    bar = "│" if terminal.unicode else "|"
    out: list[str] = []

    def wrap(text: str, size: int, pad: bool) -> list[str]:
        """Rich's `Text.wrap` of one unstyled line: fold long words, justify left (padded to
        `size`) or not at all."""
        lines = []
        starts = [0, *divide_line(text, size, fold=True)]
        for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
            line = text[start:end]
            if len(line) > size:  # Text.rstrip_end
                trailing = len(line) - len(line.rstrip())
                line = line[: len(line) - min(trailing, len(line) - size)]
            length = cell_len(line)
            if length > size:
                line = set_cell_size(line, size)
            elif pad and length < size:
                line += " " * (size - length)
            lines.append(line)
        return lines

    def paragraph(text: str) -> None:  # console.print(Text(text)) at the terminal's width
        out.extend(line + "\n" for line in wrap(text, width, pad=False))

    if not sections:
        paragraph(clean_text(view.empty_message))
    inferred = False
    for section, rows in zip(sections, entries, strict=True):
        if any(_LINE_BREAKS.intersection(summary + note) for _, summary, note, _ in rows):
            return None
        paragraph(clean_text(section.title))
        # The grid's column widths: the date column (one space of padding included) at
        # least 12, the bar 2, the text its longest line, cut to what is left of the width.
        date_width = max(DATE_WIDTH + 1, *(cell_len(label) + 1 for label, *_ in rows))
        text_width = max(max(cell_len(summary), cell_len(note)) for _, summary, note, _ in rows)
        text_width = min(text_width, width)
        if date_width + 2 + text_width > width:
            text_width = width - date_width - 2
        if text_width < 1 or date_width > width:
            return None
        blank = " " * (date_width + 2)
        for label, summary, note, row_inferred in rows:
            inferred = inferred or row_inferred
            lines = wrap(summary, text_width, pad=True) + wrap(note, text_width, pad=True)
            first = " " * (date_width - 1 - cell_len(label)) + label + " " + bar + " "
            out.append(first + lines[0] + "\n")
            out.extend(blank + line + "\n" for line in lines[1:])
        out.append("\n")
    if inferred:
        paragraph(INFERRED_NOTE)
    if view.footer:
        paragraph(clean_text(view.footer))
    return "".join(out)
