"""Markdown: a heading that states the filters, a pipe table per section, and a footnote per
fact with its sources (outlet, date, address where known), ready to paste into a report."""

from __future__ import annotations

from kzturk.render import Terminal, View
from kzturk.render.text import markdown_line, markdown_text


def _cell(text: str) -> str:
    """Text of a table cell, heading or footnote: marks escaped (`markdown_text`), line
    breaks as <br> (the one piece of HTML a pipe table has for them)."""
    return markdown_text(text).replace("\n", "<br>")


def _footnote_id(fact_id: str) -> str:
    return "".join(ch for ch in fact_id if ch.isalnum())


def render(view: View, fmt: str, terminal: Terminal) -> str:
    lines = [f"## {_cell(view.title)}", ""]
    sections = [s.without_empty_columns() for s in view.sections if s.rows and s.columns]
    cited = {fact_id for fact_id, _ in view.references}
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
            cells = [_cell(c.cell(row)) for c in section.columns]
            if cells and cells[0] in cited:
                cells[0] += f"[^{_footnote_id(cells[0])}]"
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if view.footer:
        lines += [markdown_line(line) + "  " for line in view.footer.split("\n")]
        lines[-1] = lines[-1].rstrip()
        lines.append("")
    shown = [(fid, refs) for fid, refs in view.references if refs]
    for fact_id, refs in shown:
        lines.append(f"[^{_footnote_id(fact_id)}]: " + "; ".join(_cell(r) for r in refs))
    return "\n".join(lines).rstrip("\n") + "\n"
