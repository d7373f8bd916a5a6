"""Rich tables for people, and stacked cards where they read better.

Each section is laid out the ways that fit the terminal (a table with the secondary columns
folded into the main one, a table with every column at 110 columns and wider, or cards of
"Header: value" lines) and printed the shortest way: so widening the terminal never makes
the output taller. Columns empty in every row are left out; piped output has no trailing
spaces; a table of one-line rows has no rules between them.

Without colour every layout is written directly, as Rich prints it (`plain_table`); lines
are counted on that text, and in colour Rich draws only the layout chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from kzturk.render import Column, Section, Terminal, View
from kzturk.render.console import make_console, plain
from kzturk.render.plain_layout import paragraph
from kzturk.render.plain_table import (
    HUGE,
    card_paragraphs,
    cell_parts,
    huge_cards,
    plain_cards_text,
    plain_table_text,
    ruled,
)
from kzturk.render.text import as_encoded, clean_text

if TYPE_CHECKING:  # Rich is imported when a table is drawn
    from rich.console import Console
    from rich.text import Text

JustifyMethod = Literal["default", "left", "center", "right", "full"]
NARROW = 110  # below this width, secondary columns fold into the main one
FOLDED_MINIMUM = 4  # the narrowest a wrapping column may get before cards read better


def _cell(column: Column, row: object, folded: list[Column], encoding: str) -> Text:
    first, *extras = cell_parts(column, row, folded)
    text = plain(first, encoding=encoding)
    for extra in extras:
        text.append(plain(extra, "dim", encoding))
    return text


def _cards(console: Console, section: Section, encoding: str) -> None:
    """Each row as lines of "Header: value" (a detail view's rows as "Label: value")."""
    for index, pair in enumerate(card_paragraphs(section)):
        if pair is None:
            console.print()
        elif not index:
            console.print(plain(pair[0], "bold", encoding))
        else:
            line = plain(f"{pair[0]}: ", "bold", encoding)
            line.append(plain(pair[1], encoding=encoding))
            console.print(line, overflow="fold")


def _words_width(column: Column, rows: list[Any]) -> tuple[int, int]:
    """(longest word, longest line) of a column, header included, in cells. An address
    ('https://…') is no word to keep whole: it folds wherever it must."""
    from rich.cells import cell_len

    texts = [column.header, *(column.cell(row) for row in rows)]
    lines = [line for text in texts for line in text.split("\n")]
    longest = max(cell_len(line) for line in lines)
    words = [w for line in lines for w in line.split() if "://" not in w]
    return max((cell_len(w) for w in words), default=1), longest


def _widths(
    section: Section, shown: list[Column], folded: list[Column], width: int
) -> list[int | None] | None:
    """Each shown column's width: a column that is not the prose column (`main`) never
    narrower than its longest word, so no id, source id or name is split mid-word; the
    widest shrunk first; the prose column takes what is left (None: Rich sizes it), at
    least as wide as the longest word of the columns folded into it. None when the words do
    not fit: the table is not drawn that way."""
    spans = [_words_width(c, section.rows) for c in shown]
    folded_word = max((_words_width(c, section.rows)[0] for c in folded), default=0)
    low = [
        longest if c.no_wrap else word if not c.main else max(FOLDED_MINIMUM, folded_word)
        for c, (word, longest) in zip(shown, spans, strict=True)
    ]
    high = [
        low_ if c.main else max(low_, min(longest, c.max_width or longest))
        for c, low_, (_, longest) in zip(shown, low, spans, strict=True)
    ]
    room = width - 2 * len(shown)  # padding and rules: two cells a column
    if sum(low) > room:
        return None
    sizes = list(high)
    while sum(sizes) > room:
        widest = max(
            (i for i, c in enumerate(shown) if not c.main and sizes[i] > low[i]),
            key=lambda i: sizes[i],
        )
        sizes[widest] -= 1
    return [None if c.main else size for c, size in zip(shown, sizes, strict=True)]


def _table(
    section: Section,
    shown: list[Column],
    folded: list[Column],
    terminal: Terminal,
    widths: list[int | None],
) -> Any:
    from rich import box
    from rich.table import Table

    multi_line = ruled(section)
    table = Table(
        title=plain(section.title, "bold", terminal.encoding),
        title_justify="left",
        show_lines=multi_line,
        box=box.SIMPLE_HEAD if terminal.unicode else box.ASCII2,
        expand=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for column, width in zip(shown, widths, strict=True):
        table.add_column(
            plain(column.header),
            justify=cast(JustifyMethod, column.justify),
            width=width,
            min_width=column.min_width,
            max_width=column.max_width if width is None else None,
            no_wrap=column.no_wrap,
            overflow="fold",
        )
    for row in section.rows:
        table.add_row(*(_cell(column, row, folded, terminal.encoding) for column in shown))
    return table


class Layout(NamedTuple):
    """One way to print a section: its text without colour written directly (None where
    that text could differ from Rich's), and its text drawn by Rich for the terminal."""

    plain: Callable[[], str | None]
    rich: Callable[[], str]


def _layouts(section: Section, terminal: Terminal) -> list[Layout]:
    """The ways the section fits the terminal: tables first, cards last."""
    bare = terminal._replace(color=False)
    layouts = []
    splits = [[c for c in section.columns if not c.secondary]]
    if terminal.width >= NARROW and len(splits[0]) < len(section.columns):
        splits.insert(0, list(section.columns))
    for shown in splits:
        folded = [c for c in section.columns if c not in shown]
        widths = _widths(section, shown, folded, terminal.width)
        if widths is None:
            continue  # a word would be split, or Rich would crop a column

        def table(
            shown: list[Column] = shown,
            folded: list[Column] = folded,
            widths: list[int | None] = widths,
        ) -> str:
            console, buffer = make_console(terminal)
            console.print(_table(section, shown, folded, terminal, widths))
            return buffer.getvalue()

        plain_table = partial(plain_table_text, section, shown, folded, bare, widths)
        layouts.append(Layout(plain_table, table))

    def cards() -> str:
        console, buffer = make_console(terminal)
        _cards(console, section, terminal.encoding)
        return buffer.getvalue()

    layouts.append(Layout(partial(plain_cards_text, section, bare), cards))
    return layouts


def _shortest(section: Section, terminal: Terminal) -> str:
    """The section printed the layout with the fewest lines; on a tie, the first (the
    richer). Lines are counted on the text written without Rich where there is one (colour
    moves no line break), so Rich draws one layout, the chosen one, and only in colour."""
    section = section.without_empty_columns()
    longest = max((len(c.cell(r)) for r in section.rows for c in section.columns), default=0)
    if longest > HUGE:
        return huge_cards(section, terminal)
    best: tuple[int, Layout, str | None] | None = None
    for layout in _layouts(section, terminal):
        written = layout.plain()
        drawn = layout.rich() if written is None else None
        lines = (written if written is not None else drawn or "").count("\n")
        if best is None or lines < best[0]:
            # the text to print: in colour, Rich's only; without colour, either
            best = (lines, layout, drawn if terminal.color else written or drawn)
    assert best is not None  # there are always cards
    _, layout, text = best
    return text if text is not None else layout.rich()


def render(view: View, fmt: str, terminal: Terminal) -> str:
    sections = [s for s in view.sections if s.rows]
    parts = [] if sections else [_line(view.empty_message, "italic", terminal, "utf-8")]
    for index, section in enumerate(sections):
        if index:
            parts.append("\n")
        parts.append(_shortest(section, terminal))
    for line in view.footer.split("\n") if view.footer else ():
        parts.append(_line(line, "dim", terminal, terminal.encoding))
    text = "".join(parts)
    if not terminal.color:  # a pipe or a file: no padding at the ends of lines
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.rstrip("\n") + "\n"


def _line(text: str, style: str, terminal: Terminal, encoding: str) -> str:
    """A line of the view's own (its empty message, its footer) as Rich prints it; without
    colour written directly, so a table printed without colour needs no Rich console."""
    if not terminal.color:
        written = paragraph(as_encoded(clean_text(text), encoding), terminal.width)
        if written is not None:
            return written
    console, buffer = make_console(terminal)
    console.print(plain(text, style, encoding))
    return buffer.getvalue()
