"""Tables and cards as Rich prints them without colour (a pipe, a file, NO_COLOR), written
directly: what each cell and card line says, Rich's column widths, line breaking, padding
and rules. Measuring and drawing every cell through Rich's console took most of a
`kzturk search` (1.5 s for the bundled store); this is a tenth of that. Tests check the text
is Rich's, line for line, for the bundled views and for any text. No Rich console here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kzturk.render import Column, Section, Terminal
from kzturk.render.columns import FIELD, VALUE
from kzturk.render.plain_layout import (
    LINE_BREAKS,
    crop,
    is_narrow,
    paragraph,
    rich_wrapping,
    wrap,
)
from kzturk.render.plain_layout import cells as cells_of
from kzturk.render.text import as_encoded, clean_text


def ruled(section: Section) -> bool:
    """Whether a table of the section has rules between its rows (rows of many lines)."""
    return any(c.main for c in section.columns) or section.columns == [FIELD, VALUE]


def cell_parts(column: Column, row: object, folded: list[Column]) -> list[str]:
    """A cell's text, and in the prose column a line for each folded column's value."""
    parts = [column.cell(row)]
    if column.main:
        for extra in folded:
            value = joined(extra, row)
            if value:
                parts.append(f"\n{extra.header}: {value}")
    return parts


def joined(column: Column, row: object) -> str:
    """A cell on one line ('defense, energy'), or a list of items a line each, indented."""
    parts = [part for part in column.cell(row).split("\n") if part]
    if column.lines and len(parts) > 1:
        return "".join(f"\n  {part}" for part in parts)
    return ", ".join(parts)


def card_lines(section: Section, row: Any) -> list[tuple[str, str]]:
    """A row's card: (header, value) of each non-empty column. A list cell ('defense\nenergy')
    reads as 'defense, energy'; a detail view's value keeps its own line breaks."""
    if section.columns == [FIELD, VALUE]:
        pairs = [(str(row[0]), str(row[1]).strip())]
    else:
        pairs = [(c.header, joined(c, row)) for c in section.columns]
    return [(header, value) for header, value in pairs if value]


def card_paragraphs(section: Section) -> list[tuple[str, str] | None]:
    """The cards' lines before wrapping: the title, then (header, value) pairs, each row's
    first after a blank line (None) but in a detail view."""
    detail = section.columns == [FIELD, VALUE]
    lines: list[tuple[str, str] | None] = [(section.title, "")]
    for row in section.rows:
        if not detail:
            lines.append(None)
        lines.extend(card_lines(section, row))
    return lines


def plain_cards_text(section: Section, terminal: Terminal) -> str | None:
    """The text `_cards` prints without colour, written with Rich's line breaking but not
    its console (a tenth of the time); None where the two could differ (a line break other
    than a newline in the text)."""
    out: list[str] = []
    for index, pair in enumerate(card_paragraphs(section)):
        if pair is None:
            out.append("\n")
            continue
        text = clean_text(pair[0] if not index else f"{pair[0]}: ") + clean_text(pair[1])
        lines = paragraph(as_encoded(text, terminal.encoding), terminal.width)
        if lines is None:
            return None
        out.append(lines)
    return "".join(out)


# Rich's boxes, as this module draws them: the lines above the header, under it, between rows
# and at the bottom (left, rule, crossing, right), and each row's edges and dividers.
_BOXES = {
    True: (
        (" ", " ", " ", " "),
        (" ", "─", "─", " "),
        (" ", " ", " ", " "),
        (" ", " ", " ", " "),
        " ",
    ),
    False: (
        ("+", "-", "+", "+"),
        ("+", "-", "+", "+"),
        ("+", "-", "+", "+"),
        ("+", "-", "+", "+"),
        "|",
    ),
}


def plain_table_text(
    section: Section,
    shown: list[Column],
    folded: list[Column],
    terminal: Terminal,
    widths: list[int | None],
) -> str | None:
    """The text Rich prints for `_table` without colour, written directly: Rich's column
    widths (`Table._calculate_column_widths` for these columns: fixed ones, and one prose
    column that gives way), its line breaking, padding and rules. None where the two could
    differ: a line break other than a newline, a table too wide for one column to absorb."""
    if not rich_wrapping() or not shown:
        return None
    count = len(shown)
    room = terminal.width - (count + 1)  # the edges and dividers take a cell each
    pads = [1] * (count - 1) + [0]  # one space right of each cell, none at the right edge
    columns: list[list[str]] = [[clean_text(c.header)] for c in shown]
    for row in section.rows:
        for cells, column in zip(columns, shown, strict=True):
            parts = cell_parts(column, row, folded)
            cells.append("".join(as_encoded(clean_text(p), terminal.encoding) for p in parts))
    if room < 1 or any(LINE_BREAKS.intersection(t.replace("\n", "")) for c in columns for t in c):
        return None
    sizes = [
        min(width + pad, room) if width is not None else _measured(column, cells, pad, room)
        for column, cells, width, pad in zip(shown, columns, widths, pads, strict=True)
    ]
    sizes = [size or 1 for size in sizes]
    if sum(sizes) > room:  # Table._collapse_widths: the one wrapping column gives way
        flexible = [
            i
            for i, (c, w) in enumerate(zip(shown, widths, strict=True))
            if w is None and not c.no_wrap
        ]
        excess = sum(sizes) - room
        if len(flexible) != 1 or excess >= sizes[flexible[0]]:
            return None
        sizes[flexible[0]] -= excess
        sizes = [
            size if width is not None else _measured(column, cells, pad, size)
            for column, cells, width, pad, size in zip(
                shown, columns, widths, pads, sizes, strict=True
            )
        ]
    top, head, rule, bottom, edge = _BOXES[terminal.unicode]
    multi_line = ruled(section)
    out: list[str] = []
    title = as_encoded(clean_text(section.title), terminal.encoding)
    if LINE_BREAKS.intersection(title.replace("\n", "")):
        return None
    for part in title.split("\n") if title else ():
        out.extend(line + "\n" for line in wrap(part, sum(sizes) + count + 1, True))
    out.append(_box_line(top, sizes))
    for number, texts in enumerate(zip(*columns, strict=True)):  # the header, then each row
        drawn = [
            _cell_lines(text, column, size - pad)
            for text, column, size, pad in zip(texts, shown, sizes, pads, strict=True)
        ]
        height = max(len(lines) for lines in drawn)
        for index, lines in enumerate(drawn):
            blank = [" " * (sizes[index] - pads[index])] * (height - len(lines))
            lines[:] = blank + lines if not number else lines + blank  # the header: at the bottom
        for line in zip(*drawn, strict=True):
            padded = (text + " " * pad for text, pad in zip(line, pads, strict=True))
            out.append(edge + edge.join(padded) + edge + "\n")
        if not number:
            out.append(_box_line(head, sizes))
        elif multi_line and number < len(section.rows):
            out.append(_box_line(rule, sizes))
    out.append(_box_line(bottom, sizes))
    return "".join(out)


def _measured(column: Column, cells: list[str], pad: int, room: int) -> int:
    """Rich's width for a column without a fixed one (`Table._measure_column`): its
    longest line and padding, at most `room`, within the column's own limits."""
    if room - pad < 1:
        longest = room
    else:
        lines = [line for text in cells for line in text.split("\n")]
        longest = min(min(max(cells_of(line) for line in lines), room) + pad, room)
    if column.min_width is not None:
        longest = max(longest, column.min_width + pad)
    if column.max_width is not None:
        longest = min(longest, column.max_width + pad)
    return longest


def _cell_lines(text: str, column: Column, size: int) -> list[str]:
    """A cell's lines at `size` cells, as Rich justifies them (left: padded; right: the
    line's trailing spaces dropped, then padded on the left)."""
    lines: list[str] = []
    for part in text.split("\n"):
        lines.extend([part] if column.no_wrap else wrap(part, size, False))
    right = column.justify == "right"
    justified = []
    for line in lines:
        if right:
            line = line.rstrip()
        if cells_of(line) > size:
            line = crop(line, size)
        fill = " " * (size - cells_of(line))
        justified.append(fill + line if right else line + fill)
    return justified


def _box_line(parts: tuple[str, str, str, str], sizes: list[int]) -> str:
    left, rule, cross, right = parts
    return left + cross.join(rule * size for size in sizes) + right + "\n"


HUGE = 20_000  # characters in one cell: Rich's line splitting is quadratic in a cell's length


def _fill(text: str, width: int, measured: Callable[[str], int] | None = None) -> list[str]:
    """Greedy word wrap in one pass (long words folded), for cells too long for Rich. A
    word's width is `measured`, else its length in narrow text and its cells in any other."""
    from rich.cells import cell_len

    lines: list[str] = []
    for part in text.split("\n"):
        measure = measured or (len if is_narrow(part) else cell_len)
        line: list[str] = []
        used = 0
        for word in part.split():
            while measure(word) > width:  # fold a word longer than the line
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0
                lines.append(word[:width])
                word = word[width:]
            size = measure(word)
            if line and used + 1 + size > width:
                lines.append(" ".join(line))
                line, used = [], 0
            line.append(word)
            used += size + (1 if used else 0)
        lines.append(" ".join(line))
    return lines


def huge_cards(section: Section, terminal: Terminal) -> str:
    """Cards written directly, in time linear in the text (for huge cells)."""
    detail = section.columns == [FIELD, VALUE]
    out = [as_encoded(clean_text(section.title), terminal.encoding)]
    for row in section.rows:
        if not detail:
            out.append("")
        for header, value in card_lines(section, row):
            text = as_encoded(clean_text(f"{header}: {value}"), terminal.encoding)
            out.extend(_fill(text, max(terminal.width, 1)))
    return "\n".join(out) + "\n"
