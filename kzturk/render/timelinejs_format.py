"""`kzturk timeline --format timelinejs`: the timeline as TimelineJS3 JSON, for Knight Lab's
viewer (https://timeline.knightlab.com/docs/json-format.html).

One slide a dated fact: `start_date` (and `end_date` for an interval) at the precision the
sources give (a year, a month or a day: no day or month is invented), `display_date` the
date as kzturk prints it ("c. 1991", "May 2022?", "29–30 Mar 2022"), `group` the fact's kind,
`unique_id` its id. TimelineJS shows a slide's headline and text as HTML, so both are
escaped store text here, with the sources and quotes as a list and a link only for an
http(s) address; `autolink` is off so the viewer makes no other link. Undated facts cannot
be placed on a time line: the title slide says how many were left out.
"""

from __future__ import annotations

from typing import Any

from kzturk.dates import PartialDate
from kzturk.model import Fact, fact_span
from kzturk.render import Terminal, View
from kzturk.render.html_facts import Cited, citations_of
from kzturk.render.html_text import anchor_id, esc
from kzturk.render.json_format import pretty_json
from kzturk.render.text import MARK_LEGEND, date_label, figure_line, json_safe


def _date(when: PartialDate) -> dict[str, int]:
    """A TimelineJS date object with the fields the date is known to."""
    value = {"year": when.year}
    if when.month is not None:
        value["month"] = when.month
    if when.day is not None:
        value["day"] = when.day
    return value


def _text(fact: Fact, sources: Cited) -> str:
    parts = [f"<p>{esc(fact['kind'])}; {esc(', '.join(fact['sectors']))}</p>"]
    if fact["retracted"]:
        why = f"RETRACTED {fact['retracted']['date']}: {fact['retracted']['reason']}"
        parts.append(f"<p><strong>{esc(why)}</strong></p>")
    if fact["date_note"]:
        parts.append(f"<p>Date: {esc(fact['date_note'])}</p>")
    if fact["parties"]:
        parts.append(f"<p>Parties: {esc(', '.join(fact['parties']))}</p>")
    figure = figure_line(fact)
    if figure:
        parts.append(f"<p>{esc(figure)}</p>")
    parts.append(sources.list(citations_of(fact)))
    return "".join(parts)


def _slide(fact: Fact, sources: Cited) -> dict[str, Any] | None:
    span = fact_span(fact)
    if span is None:
        return None
    slide: dict[str, Any] = {"start_date": _date(span.first)}
    if span.is_interval:
        slide["end_date"] = _date(span.last)
    slide["display_date"] = date_label(fact)
    slide["text"] = {
        "headline": f"{esc(fact['id'])}: {esc(fact['summary'])}",
        "text": _text(fact, sources),
    }
    slide["group"] = fact["kind"]
    slide["unique_id"] = anchor_id(fact["id"])
    slide["autolink"] = False
    return slide


def render(view: View, fmt: str, terminal: Terminal) -> str:
    facts: list[Fact] = [fact for section in view.sections for fact in section.rows]
    cited = Cited(view.source_index)
    slides = [s for s in (_slide(f, cited) for f in facts) if s is not None]
    about = [line for line in view.footer.split("\n") if line and line != MARK_LEGEND]
    undated = len(facts) - len(slides)
    if undated:
        about.append(f"{undated} undated fact{'s are' if undated != 1 else ' is'} not shown.")
    data = {
        "title": {
            "text": {
                "headline": esc(view.title),
                "text": "".join(f"<p>{esc(line)}</p>" for line in about),
            }
        },
        "events": slides,
    }
    return json_safe(pretty_json(data)) + "\n"
