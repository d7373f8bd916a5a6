"""A timeline: one heading a year, one entry a fact, each date at its real precision; the
facts of one occasion follow a heading line of their own.

Rich lays it out as a three-column grid. Without colour (a pipe, a file, NO_COLOR) the same
text is produced here directly, with Rich's own line breaking (`rich._wrap.divide_line`)
and the column widths its grid would compute: importing Rich's console and measuring every
cell costs more than the rest of the command. A test checks both give the same text.
"""

from __future__ import annotations

from typing import Any

from kzturk.query import source_count
from kzturk.render import Section, Terminal, View
from kzturk.render.columns import summary as summary_text
from kzturk.render.plain_layout import LINE_BREAKS, cells, is_narrow, rich_wrapping, wrap
from kzturk.render.plain_layout import paragraph as plain_paragraph
from kzturk.render.text import as_encoded, clean_text, date_label_of, marked_date_label

DATE_WIDTH = 11  # the date column's minimum width


def _fact_entry(fact: Any) -> tuple[str, str, str, bool]:
    count = source_count(fact)
    note = f"{fact['id']}, {fact['kind']}, {count} source{'s' if count != 1 else ''}"
    if fact["date_note"]:
        note += f"; date: {fact['date_note']}"
    return marked_date_label(fact), summary_text(fact), note, False


def _occasion_entry(row: Any) -> tuple[str, str, str, bool]:
    occasion = row.occasion
    label = date_label_of(occasion["date"], occasion["date_end"])
    place = f" in {occasion['place']}" if occasion["place"] else ""
    facts = f"{row.facts} fact{'s' if row.facts != 1 else ''}"
    return label, f"▸ {occasion['name']}", f"{occasion['kind']}{place}, {facts}", True


def _entry(row: Any, encoding: str = "utf-8") -> tuple[str, str, str, bool]:
    """(date label, summary, dim note line, is a heading) of one row, cleaned: a fact, or
    the heading of an occasion's facts."""
    label, summary, note, heading = (
        _occasion_entry(row) if hasattr(row, "occasion") else _fact_entry(row)
    )
    if heading and not encoding.startswith("utf"):
        summary = summary.replace("▸", ">")
    cleaned = (as_encoded(clean_text(t), encoding) for t in (label, summary, note))
    label, summary, note = cleaned
    return label, summary, note, heading


def _rows(view: View, section: Section) -> list[Any]:
    """The section's facts, each occasion's heading before its first fact."""
    rows: list[Any] = []
    for fact in section.rows:
        if fact["id"] in view.headings:
            rows.append(view.headings[fact["id"]])
        rows.append(fact)
    return rows


def render(view: View, fmt: str, terminal: Terminal) -> str:
    sections = [s for s in view.sections if s.rows]
    entries = [[_entry(row, terminal.encoding) for row in _rows(view, s)] for s in sections]
    if not terminal.color:  # a pipe or a file: no padding at the ends of lines
        text = _render_plain(view, terminal, sections, entries)
        if text is None:
            text = _render_rich(view, terminal, sections, entries)
        return "\n".join(line.rstrip() for line in text.split("\n"))
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
    for section, rows in zip(sections, entries, strict=True):
        console.print(plain(section.title, "bold underline"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, min_width=DATE_WIDTH)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold", ratio=1)
        for label, summary, note, heading in rows:
            text = plain(summary, "bold" if heading else "")
            text.append("\n")
            text.append(plain(note, "dim"))
            grid.add_row(plain(label, "cyan"), plain("│" if terminal.unicode else "|"), text)
        console.print(grid)
        console.print()
    if view.footer:
        for line in view.footer.split("\n"):
            console.print(plain(line, "dim"))
    return buffer.getvalue()


def _render_plain(
    view: View,
    terminal: Terminal,
    sections: list[Section],
    entries: list[list[tuple[str, str, str, bool]]],
) -> str | None:
    """The text `_render_rich` gives without colour, or None where the two could differ
    (line breaks inside a summary, a terminal too narrow for the date column)."""
    if not rich_wrapping():  # a private module of Rich: if a release moves it, Rich lays out
        return None

    width = terminal.width
    bar = "│" if terminal.unicode else "|"
    out: list[str] = []

    def paragraph(text: str) -> bool:
        """console.print(Text(text)) at the terminal's width; False where Rich could break
        the text apart from its newlines (a cleaned carriage return is one)."""
        written = plain_paragraph(clean_text(text), width)
        if written is None:
            return False
        out.append(written)
        return True

    if not sections and not paragraph(view.empty_message):
        return None
    for section, rows in zip(sections, entries, strict=True):
        if any(LINE_BREAKS.intersection(summary + note) for _, summary, note, _ in rows):
            return None
        if not paragraph(section.title):
            return None
        # Most sections are narrow text throughout: one look, then a length is a width.
        narrow = is_narrow("".join("".join(row[:3]) for row in rows)) or None
        measure = len if narrow else cells
        # The grid's column widths: the date column (one space of padding included) at
        # least 12, the bar 2, the text its longest line, cut to what is left of the width.
        date_width = max(DATE_WIDTH + 1, *(measure(label) + 1 for label, *_ in rows))
        text_width = max(max(measure(summary), measure(note)) for _, summary, note, _ in rows)
        text_width = min(text_width, width)
        if date_width + 2 + text_width > width:
            text_width = width - date_width - 2
        if text_width < 1 or date_width > width:
            return None
        blank = " " * (date_width + 2)
        for label, summary, note, _ in rows:
            lines = wrap(summary, text_width, True, narrow) + wrap(note, text_width, True, narrow)
            first = " " * (date_width - 1 - measure(label)) + label + " " + bar + " "
            out.append(first + lines[0] + "\n")
            out.extend(blank + line + "\n" for line in lines[1:])
        out.append("\n")
    if view.footer:
        for line in view.footer.split("\n"):
            if not paragraph(line):
                return None
    return "".join(out)
