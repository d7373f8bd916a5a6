"""Rich's layout of plain text, without Rich's console: where a line breaks
(`rich._wrap.divide_line`), how wide text is in cells, and one line of text wrapped as
`Text.wrap` wraps it. What prints without colour (the timeline, tables and cards, a view's
own lines) is written with these, because building Rich's console and measuring every cell
costs more than the rest of the command; tests check the text is the one Rich gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Where Rich's measuring (str.splitlines) and wrapping (split at "\n") see different lines.
LINE_BREAKS = frozenset("\n\x1c\x1d\x1e\x85\u2028\u2029\x0b\x0c\r")


# Characters one cell wide: Rich's own single-cell ranges (rich.cells), plus the dashes,
# quotes and currency signs common in the record ("Türkiye’s", "2022–2024", "₸"). A test
# checks Rich measures each at one cell.
NARROW = frozenset(
    chr(code)
    for start, end in (
        (0x20, 0x7E),
        (0xA0, 0xAC),
        (0xAE, 0x2FF),
        (0x370, 0x482),
        (0x2010, 0x2027),
        (0x2030, 0x205E),
        (0x20A0, 0x20C0),
        (0x2500, 0x25FC),
    )
    for code in range(start, end + 1)
)
is_narrow = NARROW.issuperset  # then a text's length is its width in cells


_SPACES = "".join(sorted(c for c in NARROW if c.isspace()))  # " " and no-break space
_SPACE = re.compile(r"\s")
_NON_SPACE = re.compile(r"\S")


def narrow_breaks(text: str, width: int) -> list[int]:
    """`rich._wrap.divide_line(text, width, fold=True)` for `is_narrow` text, where a
    character is a cell: the same greedy rule, without measuring every word in cells. Rich's
    words are `\\s*\\S+\\s*` (a word, the spaces after it, and for the first the spaces
    before it); rather than stepping through them in Python, each line's first word that does
    not fit is found where the line's last cell falls, by the string searches of C (a third
    of the time on the bundled timeline)."""
    size = len(text)
    end = len(text.rstrip())
    first = size - len(text.lstrip())
    breaks: list[int] = []
    line = word = 0  # where the current line starts; where the next word starts
    while True:
        limit = line + width  # the first character past the line
        if end <= limit or word >= end:
            return breaks
        if limit < word:  # trailing spaces ran past the line: the next word breaks it
            start = word
        elif text[limit] in _SPACES:
            found = _NON_SPACE.search(text, limit)  # there is one: limit < end
            start = found.start() if found else size
        else:
            # (searched back to the line's start only: a long text is not scanned again
            # for each of its lines)
            start = max(text.rfind(space, line, limit) for space in _SPACES) + 1
        if start <= first:  # inside the first word, spaces before it included
            start = 0
        start = max(start, word)
        space = _SPACE.search(text, start or first)
        stop = space.start() if space else size
        following = _NON_SPACE.search(text, stop)
        after = following.start() if following else size
        if stop - start > width:  # fold the word across lines, as Rich's chop_cells does
            for piece in range(start, after, width):
                if piece:
                    breaks.append(piece)
                line = piece
            word = after
        else:
            breaks.append(start)
            line = word = start


def rich_wrapping() -> bool:
    """Whether Rich's private line breaker can be imported (if a release moves it, the
    renderers lay their text out with Rich instead)."""
    try:
        import rich._wrap
        import rich.cells  # noqa: F401
    except ImportError:
        return False
    return True


def cells(text: str) -> int:
    """`text`'s width in cells, as Rich measures it."""
    if is_narrow(text):
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def wrap(text: str, size: int, pad: bool, narrow: bool | None = None) -> list[str]:
    """Rich's `Text.wrap` of one unstyled line: fold long words, justify left (padded to
    `size`) or not at all. `narrow`: whether the text is `is_narrow` (None: look)."""
    if narrow is None:
        narrow = is_narrow(text)
    if narrow and len(text) <= size:  # it fits: no break, nothing to measure
        return [text + " " * (size - len(text)) if pad else text]
    from rich._wrap import divide_line
    from rich.cells import cell_len, set_cell_size

    measure: Callable[[str], int] = len if narrow else cell_len
    lines = []
    breaks = narrow_breaks(text, size) if narrow else divide_line(text, size, fold=True)
    starts = [0, *breaks]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        line = text[start:end]
        if len(line) > size:  # Text.rstrip_end
            trailing = len(line) - len(line.rstrip())
            line = line[: len(line) - min(trailing, len(line) - size)]
        length = measure(line)
        if length > size:
            line = set_cell_size(line, size)
        elif pad and length < size:
            line += " " * (size - length)
        lines.append(line)
    return lines


def crop(text: str, size: int) -> str:
    """`text` cut (or padded) to `size` cells, as Rich's `set_cell_size` does."""
    if is_narrow(text):
        return text[:size] + " " * (size - len(text))
    from rich.cells import set_cell_size

    return set_cell_size(text, size)


def paragraph(text: str, width: int) -> str | None:
    """`Console.print(Text(text))` without colour: each line of `text` wrapped at `width`,
    each ended by a newline. None where Rich could break it differently (a line break other
    than a newline in the text)."""
    lines = text.split("\n")
    if not rich_wrapping() or any(LINE_BREAKS.intersection(line) for line in lines):
        return None
    return "".join(f"{part}\n" for line in lines for part in wrap(line, width, False))
