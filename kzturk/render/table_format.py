"""Rich tables for people, and stacked cards where they read better.

Each section is laid out the ways that fit the terminal (a table with the secondary columns
folded into the main one, a table with every column at 110 columns and wider, or cards of
"Header: value" lines) and printed the shortest way: so widening the terminal never makes
the output taller. Columns empty in every row are left out; piped output has no trailing
spaces; a table of one-line rows has no rules between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, cast

from kzturk.render import Column, Section, Terminal, View
from kzturk.render.columns import FIELD, VALUE
from kzturk.render.console import make_console, plain
from kzturk.render.plain_layout import LINE_BREAKS, rich_wrapping, wrap
from kzturk.render.text import as_encoded, clean_text

if TYPE_CHECKING:  # Rich is imported when a table is drawn
    from rich.console import Console
    from rich.text import Text

JustifyMethod = Literal["default", "left", "center", "right", "full"]
NARROW = 110  # below this width, secondary columns fold into the main one
FOLDED_MINIMUM = 4  # the narrowest a wrapping column may get before cards read better


def _cell_parts(column: Column, row: object, folded: list[Column]) -> list[str]:
    """A cell's text, and in the prose column a line for each folded column's value."""
    parts = [column.cell(row)]
    if column.main:
        for extra in folded:
            value = _joined(extra, row)
            if value:
                parts.append(f"\n{extra.header}: {value}")
    return parts


def _cell(column: Column, row: object, folded: list[Column], encoding: str) -> Text:
    first, *extras = _cell_parts(column, row, folded)
    text = plain(first, encoding=encoding)
    for extra in extras:
        text.append(plain(extra, "dim", encoding))
    return text


def _joined(column: Column, row: object) -> str:
    """A cell on one line ('defense, energy'), or a list of items a line each, indented."""
    parts = [part for part in column.cell(row).split("\n") if part]
    if column.lines and len(parts) > 1:
        return "".join(f"\n  {part}" for part in parts)
    return ", ".join(parts)


def _card_lines(section: Section, row: Any) -> list[tuple[str, str]]:
    """A row's card: (header, value) of each non-empty column. A list cell ('defense\nenergy')
    reads as 'defense, energy'; a detail view's value keeps its own line breaks."""
    if section.columns == [FIELD, VALUE]:
        pairs = [(str(row[0]), str(row[1]).strip())]
    else:
        pairs = [(c.header, _joined(c, row)) for c in section.columns]
    return [(header, value) for header, value in pairs if value]


def _card_paragraphs(section: Section) -> list[tuple[str, str] | None]:
    """The cards' lines before wrapping: the title, then (header, value) pairs, each row's
    first after a blank line (None) but in a detail view."""
    detail = section.columns == [FIELD, VALUE]
    lines: list[tuple[str, str] | None] = [(section.title, "")]
    for row in section.rows:
        if not detail:
            lines.append(None)
        lines.extend(_card_lines(section, row))
    return lines


def _cards(console: Console, section: Section, encoding: str) -> None:
    """Each row as lines of "Header: value" (a detail view's rows as "Label: value")."""
    for index, pair in enumerate(_card_paragraphs(section)):
        if pair is None:
            console.print()
        elif not index:
            console.print(plain(pair[0], "bold", encoding))
        else:
            line = plain(f"{pair[0]}: ", "bold", encoding)
            line.append(plain(pair[1], encoding=encoding))
            console.print(line, overflow="fold")


def _plain_cards_text(section: Section, terminal: Terminal) -> str | None:
    """The text `_cards` prints without colour, written with Rich's line breaking but not
    its console (a tenth of the time); None where the two could differ (a line break other
    than a newline in the text)."""
    if not rich_wrapping():
        return None
    out: list[str] = []
    for index, pair in enumerate(_card_paragraphs(section)):
        if pair is None:
            out.append("\n")
            continue
        text = clean_text(pair[0] if not index else f"{pair[0]}: ") + clean_text(pair[1])
        text = as_encoded(text, terminal.encoding)
        lines = text.split("\n")
        if any(LINE_BREAKS.intersection(line) for line in lines):
            return None
        out.extend(f"{part}\n" for line in lines for part in wrap(line, terminal.width, False))
    return "".join(out)


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

    multi_line = any(c.main for c in section.columns) or section.columns == [FIELD, VALUE]
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


HUGE = 20_000  # characters in one cell: Rich's line splitting is quadratic in a cell's length


def _fill(text: str, width: int) -> list[str]:
    """Greedy word wrap in one pass (long words folded), for cells too long for Rich."""
    from rich.cells import cell_len

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for word in paragraph.split():
            while cell_len(word) > width:  # fold a word longer than the line
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0
                lines.append(word[:width])
                word = word[width:]
            size = cell_len(word)
            if line and used + 1 + size > width:
                lines.append(" ".join(line))
                line, used = [], 0
            line.append(word)
            used += size + (1 if used else 0)
        lines.append(" ".join(line))
    return lines


def _plain_cards(section: Section, terminal: Terminal) -> str:
    """Cards written directly, in time linear in the text (for huge cells)."""
    detail = section.columns == [FIELD, VALUE]
    out = [as_encoded(clean_text(section.title), terminal.encoding)]
    for row in section.rows:
        if not detail:
            out.append("")
        for header, value in _card_lines(section, row):
            text = as_encoded(clean_text(f"{header}: {value}"), terminal.encoding)
            out.extend(_fill(text, max(terminal.width, 1)))
    return "\n".join(out) + "\n"


def _layouts(section: Section, terminal: Terminal) -> list[str]:
    """The section drawn every way that fits, as text: tables first, cards last."""
    section = section.without_empty_columns()
    longest = max((len(c.cell(r)) for r in section.rows for c in section.columns), default=0)
    if longest > HUGE:
        return [_plain_cards(section, terminal)]
    cards = None if terminal.color else _plain_cards_text(section, terminal)
    drawn: list[str] = []
    splits = [[c for c in section.columns if not c.secondary]]
    if terminal.width >= NARROW and len(splits[0]) < len(section.columns):
        splits.insert(0, list(section.columns))
    for shown in splits:
        folded = [c for c in section.columns if c not in shown]
        widths = _widths(section, shown, folded, terminal.width)
        if widths is None:
            continue  # a word would be split, or Rich would crop a column
        if cards is not None and _fewest_table_lines(section, shown, folded, widths, terminal) > (
            cards.count("\n")
        ):
            continue  # the cards are shorter: no need to draw this table
        console, buffer = make_console(terminal)
        console.print(_table(section, shown, folded, terminal, widths))
        drawn.append(buffer.getvalue())
    if drawn and min(text.count("\n") for text in drawn) <= _fewest_card_lines(section):
        return drawn  # cards could not be shorter: no need to draw them
    if cards is None:
        console, buffer = make_console(terminal)
        _cards(console, section, terminal.encoding)
        cards = buffer.getvalue()
    drawn.append(cards)
    return drawn


def _fewest_table_lines(
    section: Section,
    shown: list[Column],
    folded: list[Column],
    widths: list[int | None],
    terminal: Terminal,
) -> int:
    """A floor on the lines `_table` prints, counted without drawing it: the title, the
    edges, the header and the rule under it, each row as tall as its tallest cell wrapped
    at its column's width (the prose column at the whole width less the others: it is
    never wider), and the rules between rows. A test checks it is never above the truth."""
    if not shown:
        return 0
    multi_line = any(c.main for c in section.columns) or section.columns == [FIELD, VALUE]
    rest = terminal.width - sum(width or 0 for width in widths)
    title = 1 if as_encoded(clean_text(section.title), terminal.encoding) else 0
    total = title + 4 + (len(section.rows) - 1 if multi_line else 0)
    for row in section.rows:
        tallest = 1
        for column, width in zip(shown, widths, strict=True):
            parts = _cell_parts(column, row, folded)
            lines = "".join(as_encoded(clean_text(p), terminal.encoding) for p in parts).split("\n")
            if column.no_wrap or any(LINE_BREAKS.intersection(line) for line in lines):
                tall = len(lines)
            else:
                size = max(width or rest, 1)
                tall = sum(len(wrap(line, size, False)) for line in lines)
            tallest = max(tallest, tall)
        total += tallest
    return total


def _fewest_card_lines(section: Section) -> int:
    """A floor on the lines `_cards` prints: the title, a blank line before each row (not
    in a detail view) and at least one line per non-empty value."""
    blank = 0 if section.columns == [FIELD, VALUE] else 1
    return 1 + sum(blank + len(_card_lines(section, row)) for row in section.rows)


def _shortest(layouts: list[str]) -> str:
    """The layout with the fewest lines; on a tie, the first (the richer)."""
    return min(layouts, key=lambda text: text.count("\n"))


def render(view: View, fmt: str, terminal: Terminal) -> str:
    console, buffer = make_console(terminal)
    sections = [s for s in view.sections if s.rows]
    if not sections:
        console.print(plain(view.empty_message, "italic"))
    parts = [buffer.getvalue()]
    for index, section in enumerate(sections):
        if index:
            parts.append("\n")
        parts.append(_shortest(_layouts(section, terminal)))
    console, buffer = make_console(terminal)
    for line in view.footer.split("\n") if view.footer else ():
        console.print(plain(line, "dim", terminal.encoding))
    parts.append(buffer.getvalue())
    text = "".join(parts)
    if not terminal.color:  # a pipe or a file: no padding at the ends of lines
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.rstrip("\n") + "\n"
