"""Rich consoles and text for the terminal renderers (tables, timeline): one place, so the
renderers do not import each other. Store text is passed as `Text`, so it is never read as
markup, and is cleaned of control characters first."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from kzturk.render import Terminal
from kzturk.render.text import as_encoded, clean_text

if TYPE_CHECKING:  # Rich is imported when something is drawn
    from rich.console import Console
    from rich.text import Text


def make_console(terminal: Terminal) -> tuple[Console, io.StringIO]:
    """A console that writes to a string at the terminal's width, coloured only if asked."""
    from rich.console import Console

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


def plain(text: str, style: str = "", encoding: str = "utf-8") -> Text:
    """Store text as a Rich `Text`: cleaned of control characters, never parsed as markup,
    and only characters the output's `encoding` can show."""
    from rich.text import Text

    return Text(as_encoded(clean_text(text), encoding), style=style)
