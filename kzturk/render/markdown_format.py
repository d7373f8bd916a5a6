"""Markdown: a heading and a pipe table per section, ready to paste into a report."""

from __future__ import annotations

from kzturk.render import Terminal, View
from kzturk.render.text import clean_text


def _cell(text: str) -> str:
    text = clean_text(text)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def render(view: View, fmt: str, terminal: Terminal) -> str:
    lines = [f"## {_cell(view.title)}", ""]
    sections = [s for s in view.sections if s.rows]
    if not sections:
        lines += [_cell(view.empty_message), ""]
    for section in sections:
        if section.title and section.title != view.title:
            lines += [f"### {_cell(section.title)}", ""]
        lines.append("| " + " | ".join(_cell(c.header) for c in section.columns) + " |")
        lines.append(
            "|"
            + "|".join(" ---: " if c.justify == "right" else " --- " for c in section.columns)
            + "|"
        )
        for row in section.rows:
            lines.append("| " + " | ".join(_cell(c.cell(row)) for c in section.columns) + " |")
        lines.append("")
    if view.footer:
        lines += [_cell(view.footer), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
