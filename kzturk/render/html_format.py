"""`--format html` of the table views (deals, trade, search, conflicts, sources, sectors...)
and of one record in full (`show`, `sources ID`, `entity`, `occasion`).

A table view is a page with a table per section, the columns the terminal table has, and for
every row about a fact its sources and quotes, collapsed; each fact's first row is its
anchor (`#F101`). A view that can also be drawn as a chart (trade) shows the chart first. A
record in full is a list of its fields, and for a fact its sources with their quotes, open.
The timeline has its own page (`kzturk.render.html_timeline`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kzturk.render import CHART, DETAIL, STATS, Column, Section, Terminal, View
from kzturk.render.html_facts import Cited, citations_of, item_attributes
from kzturk.render.html_page import filter_box, page, page_title
from kzturk.render.html_text import anchor_id, esc, esc_lines, http_url, link
from kzturk.render.html_words import filter_words
from kzturk.render.linked_data import linked_data

# The rows of a fact in full that the page shows as its list of sources instead.
_CITATION_ROW = re.compile(r"(Source|Quote) \d+")
_NUM = ' class="num"'


def _row_fact(row: Any) -> Mapping[str, Any] | None:
    """The fact a table row is about: the row itself, a search hit's, a target's."""
    if isinstance(row, dict) and "sources" in row and "kind" in row:
        return row
    for name in ("fact", "target"):
        fact = getattr(row, name, None)
        if isinstance(fact, dict):
            return fact
    return None


def _row_citations(row: Any, fact: Mapping[str, Any] | None) -> list[tuple[str, str | None]]:
    """The sources a row cites: a fact's, or the one source of a conflict's version."""
    if fact is not None:
        return citations_of(fact)
    if isinstance(row, dict) and {"fact", "source", "quote"} <= row.keys():
        return [(row["source"], row["quote"])]
    return []


def _row_fact_id(row: Any, fact: Mapping[str, Any] | None) -> str | None:
    if fact is not None:
        return str(fact["id"])
    if isinstance(row, dict) and isinstance(row.get("fact"), str):
        return str(row["fact"])
    return None


def _value(text: str) -> str:
    """A cell: a link when it is an http(s) address, else the text with its line breaks."""
    return link(text) if http_url(text) else esc_lines(text)


def _table(section: Section, view: View, anchored: set[str], sources: Cited) -> str:
    facts = [_row_fact(row) for row in section.rows]
    cited = [_row_citations(row, fact) for row, fact in zip(section.rows, facts, strict=True)]
    with_sources = any(cited)
    # A list of sources in a cell says again what the "Sources and quotes" column shows.
    columns: list[Column] = [c for c in section.columns if not (with_sources and c.lines)]
    # The column of sentences (a summary, a claim), not one of short values (a metric).
    prose = [c for c in columns if c.main and any(len(c.cell(r)) > 40 for r in section.rows)]
    head = "".join(
        f'<th scope="col"{_NUM if c.justify == "right" else ""}>{esc(c.header)}</th>'
        for c in columns
    )
    if with_sources:
        head += '<th scope="col">Sources and quotes</th>'
    rows = []
    for row, fact, citations in zip(section.rows, facts, cited, strict=True):
        fact_id = _row_fact_id(row, fact)
        attributes = item_attributes(fact) if fact is not None else " data-item"
        if fact_id is not None and fact_id not in anchored:
            anchored.add(fact_id)
            attributes = f' id="{anchor_id(fact_id)}"' + attributes
        cells = []
        for number, column in enumerate(columns):
            text = column.cell(row)
            content = _value(text)
            label = f' data-label="{esc(column.header)}"'
            if number == 0 and fact_id is not None and text == fact_id:
                content = f'<a href="#{anchor_id(fact_id)}">{content}</a>'
                cells.append(f'<td class="id"{label}>{content}</td>')
            elif not text.strip():
                cells.append(f'<td class="empty"{label}></td>')
            elif column in prose:  # a word longer than the column may break
                cells.append(f'<td class="prose"{label}>{content}</td>')
            elif column.justify == "right":
                cells.append(f'<td class="num"{label}>{content}</td>')
            else:
                cells.append(f"<td{label}>{content}</td>")
        if with_sources:
            cells.append(f'<td class="cited">{sources.details(citations)}</td>')
        rows.append(f"<tr{attributes}>{''.join(cells)}</tr>")
    title = f"<h2>{esc(section.title)}</h2>" if section.title != view.title else ""
    body = "\n".join(rows)
    return (
        f"<section data-group>{title}<table><thead><tr>{head}</tr></thead>"
        f"<tbody>\n{body}\n</tbody></table></section>"
    )


def _detail(view: View) -> list[str]:
    """The record's fields as a list; a fact's sources with their quotes, in full."""
    first, *others = view.sections
    sources = Cited(view.source_index)
    record = view.records[0] if view.records else {}
    is_fact = "sources" in record and "summary" in record
    fields = "".join(
        f"<dt>{esc(label)}</dt><dd>{_value(value)}</dd>"
        for label, value in first.rows
        if not (is_fact and _CITATION_ROW.fullmatch(label))
    )
    title = f"<h2>{esc(first.title)}</h2>" if first.title != view.title else ""
    parts = [f'<section>{title}<dl class="detail">{fields}</dl></section>']
    if is_fact:
        cited = sources.list(citations_of(record))
        parts.append(f"<section><h2>Sources and quotes</h2>{cited}</section>")
    anchored: set[str] = set()
    parts += [_table(s.without_empty_columns(), view, anchored, sources) for s in others if s.rows]
    return parts


def render(view: View, fmt: str, terminal: Terminal) -> str:
    lead = [line for line in view.footer.split("\n") if line]
    data: Any = view.records[0] if view.single and view.records else list(view.records)
    title = page_title(view.title, view.records)
    linked = linked_data(view)
    if view.layout == DETAIL and view.sections:
        body = "\n".join(_detail(view))
        return page(title, body, data, lead=lead, command=view.command, linked=linked)
    sections = [s.without_empty_columns() for s in view.sections if s.rows and s.columns]
    if not sections:
        empty = f"<p>{esc(view.empty_message)}</p>"
        return page(title, empty, data, lead=lead, command=view.command, linked=linked)
    anchored: set[str] = set()
    sources = Cited(view.source_index)
    body = "\n".join(_table(section, view, anchored, sources) for section in sections)
    if view.figure == CHART and len(view.sections) == 3:
        from kzturk.render.chart_data import chart_data
        from kzturk.render.svg_format import chart_svg

        chart = chart_svg(chart_data(view), view.title)
        body = f'<figure class="figure">{chart}</figure>\n{body}'
    if view.layout == STATS:
        from kzturk.render.html_stats import bar_chart

        body = f"{bar_chart(view)}\n{body}"
    facts = [f for s in sections for f in map(_row_fact, s.rows) if f is not None]
    kinds = sorted({f["kind"] for f in facts})
    sectors = sorted({sector for f in facts for sector in f["sectors"]})
    rows = sum(len(s.rows) for s in sections)
    noun = "facts" if len(facts) == rows else "rows"
    controls = filter_box(kinds if len(kinds) > 1 else (), sectors, noun)
    words = filter_words(facts, view.names)
    return page(
        title,
        body,
        data,
        lead=lead,
        controls=controls,
        script=True,
        command=view.command,
        words=words,
        linked=linked,
    )
