"""`kzturk timeline --format html`: the timeline as one page to share.

Facts by year, those of one occasion under its heading; each date at its real precision
("c." approximate, "?" uncertain, intervals as intervals) and as a bar on one time axis for
the whole page, the bar covering the date's whole interval (a day, a month, a year, two
days) and dashed where the date is approximate or uncertain. Each fact has its kind and
sectors as badges, its links to and from other facts (a disagreement links both ways, to the
fact's anchor when it is on the page), and its sources and quotes collapsed; `#F101` brings
a fact into view. The filter box (words, kind, sector) runs in the page itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from kzturk.dates import Span, span_of
from kzturk.model import Fact, fact_span
from kzturk.render import Section, Terminal, View
from kzturk.render.html_facts import (
    Cited,
    Incoming,
    badges,
    citations_of,
    incoming_links,
    item_attributes,
    link_lines,
)
from kzturk.render.html_page import filter_box, page, page_title
from kzturk.render.html_text import anchor_id, esc, percent
from kzturk.render.html_words import filter_words
from kzturk.render.linked_data import linked_data
from kzturk.render.text import MARK_LEGEND, date_label, figure_line

_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


class Axis(NamedTuple):
    """The page's time axis: from 1 January of the first year to 1 January after the last."""

    first_year: int
    last_year: int

    @classmethod
    def around(cls, spans: Iterable[Span]) -> Axis | None:
        spans = list(spans)
        if not spans:
            return None
        return cls(min(s.start.year for s in spans), max(s.end.year for s in spans))

    @property
    def _start(self) -> int:
        return date(self.first_year, 1, 1).toordinal()

    @property
    def _days(self) -> int:
        return date(self.last_year, 12, 31).toordinal() + 1 - self._start

    def place(self, day: date) -> float:
        return (day.toordinal() - self._start) / self._days

    def bar(self, span: Span, loose: bool) -> str:
        """A lane the width of the axis with the span's bar on it (x and width as percentages
        of the lane, so no style attribute is needed)."""
        start = self.place(span.start)
        width = (span.end.toordinal() + 1 - span.start.toordinal()) / self._days
        kind = "span loose" if loose else "span"
        return (
            '<svg class="track" aria-hidden="true" focusable="false">'
            '<rect class="lane" width="100%" height="100%"/>'
            f'<rect class="{kind}" x="{percent(start)}" width="{percent(width)}" height="100%"/>'
            "</svg>"
        )

    def ruler(self) -> str:
        """Year ticks over the lanes, at most about a dozen labels."""
        years = self.last_year + 1 - self.first_year
        step = next((s for s in _STEPS if years / s <= 12), _STEPS[-1])
        marks = []
        for year in range(self.first_year, self.last_year + 2):
            if year % step and year != self.first_year:
                continue
            x = percent(self.place(date(year, 1, 1)))
            anchor = "start" if year == self.first_year else "middle"
            if year == self.last_year + 1:
                anchor = "end"
            marks.append(
                f'<line x1="{x}" x2="{x}" y1="15" y2="24"/>'
                f'<text x="{x}" y="11" text-anchor="{anchor}">{year}</text>'
            )
        return (
            '<div class="ruler" aria-hidden="true"><span class="spacer"></span>'
            f'<svg><line x1="0%" x2="100%" y1="24" y2="24"/>{"".join(marks)}</svg></div>'
        )


class _Page(NamedTuple):
    axis: Axis | None
    cited: Cited
    incoming: Incoming
    on_page: set[str]


def _when(label: str, iso: str | None, notes: Sequence[str]) -> str:
    shown = (
        f'<time datetime="{esc(iso)}">{esc(label)}</time>'
        if iso
        else '<span class="undated">undated</span>'
    )
    extra = "".join(f'<span class="note">{esc(note)}</span>' for note in notes if note)
    return f'<div class="when">{shown}{extra}</div>'


def _fact(fact: Fact, ctx: _Page) -> str:
    span = fact_span(fact)
    notes = [fact["date_note"] or ""]
    if fact["date"] and fact["date_basis"] == "reported":
        notes.append("the date a source reported it, not of the event")
    fid = esc(fact["id"])
    anchor = anchor_id(fact["id"])
    parts = [
        f'<article class="fact{" retracted" if fact["retracted"] else ""}" id="{anchor}"'
        f"{item_attributes(fact)}>",
        _when(date_label(fact), fact["date"], notes),
        '<div class="what">',
    ]
    if span is not None and ctx.axis is not None:
        parts.append(ctx.axis.bar(span, fact["date_qualifier"] is not None))
    parts.append(
        f'<p class="summary"><a class="id" href="#{anchor}">{fid}</a> {esc(fact["summary"])}</p>'
    )
    count = len({ref["source"] for ref in fact["sources"]})
    parts.append(
        f"<p>{badges(fact, ctx.incoming)}"
        f'<span class="note">{count} source{"s" if count != 1 else ""}</span></p>'
    )
    if fact["parties"]:
        names = ", ".join(f"<bdi>{esc(p)}</bdi>" for p in fact["parties"])
        parts.append(f'<p class="note">Parties: {names}</p>')
    figure = figure_line(fact)
    if figure:
        parts.append(f'<p class="note">{esc(figure)}</p>')
    parts.append(link_lines(fact, ctx.incoming, ctx.on_page))
    parts.append(ctx.cited.details(citations_of(fact)))
    parts.append("</div></article>")
    return "".join(parts)


def _occasion(heading: Any, members: Sequence[Fact], ctx: _Page) -> str:
    occasion = heading.occasion
    span = span_of(occasion["date"], occasion["date_end"])
    label = span.label() if span else "undated"
    place = f" in {occasion['place']}" if occasion["place"] else ""
    count = f"{len(members)} fact{'s' if len(members) != 1 else ''}"
    bar = ctx.axis.bar(span, False) if span is not None and ctx.axis is not None else ""
    head = (
        '<div class="occasion-head">'
        f"{_when(label, occasion['date'], ())}"
        f'<div class="what">{bar}<h3>▸ {esc(occasion["name"])}</h3>'
        f'<p class="note">{esc(occasion["kind"] + place)}, {count}</p></div></div>'
    )
    facts = "\n".join(_fact(fact, ctx) for fact in members)
    anchor = anchor_id(occasion["id"], "occasion-")
    return f'<section class="occasion" id="{anchor}" data-group>\n{head}\n{facts}\n</section>'


def _year(section: Section, headings: Mapping[str, Any], ctx: _Page) -> str:
    parts = [
        f'<section class="year" id="{anchor_id(section.title, "y")}" data-group>',
        f"<h2>{esc(section.title)}</h2>",
    ]
    rows: list[Fact] = section.rows
    index = 0
    while index < len(rows):
        heading = headings.get(rows[index]["id"])
        if heading is None:
            parts.append(_fact(rows[index], ctx))
            index += 1
            continue
        members = rows[index : index + max(1, heading.facts)]
        parts.append(_occasion(heading, members, ctx))
        index += len(members)
    parts.append("</section>")
    return "\n".join(parts)


def _legend(axis: Axis) -> str:
    solid = '<svg aria-hidden="true"><rect class="span" width="100%" height="100%"/></svg>'
    dashed = '<svg aria-hidden="true"><rect class="span loose" width="100%" height="100%"/></svg>'
    return (
        f"Each bar covers the whole of a date on one axis from {axis.first_year} to "
        f"{axis.last_year}: a day, a month, a year or an interval. {solid} as the sources "
        f'date it, {dashed} approximate ("c.") or uncertain ("?").'
    )


def render(view: View, fmt: str, terminal: Terminal) -> str:
    facts: list[Fact] = [fact for section in view.sections for fact in section.rows]
    spans = [s for s in map(fact_span, facts) if s is not None]
    for heading in view.headings.values():
        span = span_of(heading.occasion["date"], heading.occasion["date_end"])
        if span is not None:
            spans.append(span)
    axis = Axis.around(spans)
    on_page = {f["id"] for f in facts}
    ctx = _Page(axis, Cited(view.source_index), incoming_links(facts), on_page)
    sections = [s for s in view.sections if s.rows]
    body = [_year(s, view.headings, ctx) for s in sections]
    if not sections:
        body.append(f"<p>{esc(view.empty_message)}</p>")
    lead = [line for line in view.footer.split("\n") if line and line != MARK_LEGEND]
    controls = ""
    if facts:
        kinds = sorted({f["kind"] for f in facts})
        sectors = sorted({s for f in facts for s in f["sectors"]})
        controls = filter_box(kinds, sectors) + ("\n" + axis.ruler() if axis else "")
    legend = f'<p class="legend">{_legend(axis)}</p>' if axis else ""
    return page(
        page_title(view.title, view.records),
        legend + "\n".join(body),
        list(view.records),
        lead=lead,
        controls=controls,
        script=bool(facts),
        command=view.command,
        words=filter_words(facts, view.names),
        linked=linked_data(view),
    )
