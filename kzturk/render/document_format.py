"""A manual topic: its Markdown as written for a pipe, a file and `--format md`; drawn by
Rich (headings, tables, code blocks) for a colour terminal."""

from __future__ import annotations

from kzturk.render import Terminal, View


def render(view: View, fmt: str, terminal: Terminal) -> str:
    text: str = view.records[0]["text"] if view.records else ""
    text = text.rstrip("\n") + "\n"
    if fmt != "table" or not terminal.color:
        return text
    from rich.markdown import Markdown

    from kzturk.render.console import make_console

    console, buffer = make_console(terminal)
    console.print(Markdown(text, code_theme="ansi_dark", hyperlinks=False))
    return buffer.getvalue()
