"""Shared pieces of the page tests: stores made for them, and a reader of what a page holds.

`linked_data` is the mini store with links between facts (a disagreement, a revision), so a
page has cross-links to draw; `html_hostile_data` puts text aimed at a browser (a closing
script tag, event handlers, `javascript:` addresses, bidi overrides) in every free-text field
a page shows; `many_facts_data` clones the mini store's facts to any number, for speed.
`Parsed` is what Python's own HTML parser finds in a page: every element with its attributes,
the text of each script and style block, the text a reader sees.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from hostile_helpers import mini_data

from kzturk.analysis import conflicts, trade_report
from kzturk.query import FactFilter, select_shown
from kzturk.render import View
from kzturk.render.detail_views import fact_detail_view
from kzturk.render.trade_views import trade_chart_view, trade_view
from kzturk.render.views import (
    conflicts_view,
    fact_list_view,
    search_view,
    timeline_view,
)
from kzturk.search import parse_terms, search
from kzturk.store import Store

# Text a browser must show as text: each piece would do something if it reached the page raw.
BROWSER_ATTACKS = [
    "</script><script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 2">',
    '" onmouseover="window.pwned = 3" x="',
    "' onfocus='window.pwned = 4' autofocus '",
    "<!-- </style><style>body { display: none }</style>",
    "]]><![CDATA[ <svg onload=alert(5)>",
    "&lt;already escaped&gt; &amp;",
    "\u202eevil\u202c \u2066isolate\u2069 \u200fmark",
    "\x1b[31mred\x1b[0m\x07\x00",
]
ATTACK = " ".join(BROWSER_ATTACKS)
BAD_URLS = ["javascript:window.pwned=6", " JaVaScRiPt:alert(7)", "data:text/html,<b>x</b>"]
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def linked_data() -> dict[str, Any]:
    """The mini store with F101 and F107 in disagreement about the date, F103 revising F110
    and F102 linking to a fact that is not shown in the timeline (F109, an analysis)."""
    data = copy.deepcopy(mini_data())
    facts = data["facts"]
    facts["101"]["links"] = [{"fact": "F107", "relation": "conflicts", "about": "the date"}]
    facts["103"]["links"] = [{"fact": "F110", "relation": "revises", "about": None}]
    facts["102"]["links"] = [{"fact": "F109", "relation": "related", "about": None}]
    return data


def html_hostile_data() -> dict[str, Any]:
    """Browser attacks in the summaries, parties, notes, quotes, source fields and occasion
    of the mini store, and `javascript:` and `data:` addresses on its sources."""
    data = copy.deepcopy(mini_data())
    facts = data["facts"]
    for key in ("101", "102", "103", "106", "107", "110"):
        fact = facts[key]
        fact["summary"] = f"{fact['summary']} {ATTACK}"
        fact["parties"] = [*fact["parties"], *BROWSER_ATTACKS[:4]]
        fact["date_note"] = BROWSER_ATTACKS[1]
        for ref in fact["sources"]:
            if ref["quote"]:
                ref["quote"] = f"{ref['quote']} {ATTACK}"
    facts["101"]["links"] = [{"fact": "F107", "relation": "conflicts", "about": ATTACK}]
    for number, source in enumerate(data["sources"].values()):
        for name in ("title", "outlet", "author", "language_note"):
            source[name] = f"{name} {ATTACK}"
        source["url"] = BAD_URLS[number % len(BAD_URLS)]
    occasion = data["occasions"]["1"]
    occasion["name"] = f"Visit {ATTACK}"
    occasion["place"] = BROWSER_ATTACKS[2]
    return data


def many_facts_data(count: int) -> dict[str, Any]:
    """A store of `count` facts cloned round-robin from the mini store, ids F1..Fn, every
    year from 1990 on, links and occasions dropped."""
    data = copy.deepcopy(mini_data())
    originals = [data["facts"][key] for key in sorted(data["facts"], key=int)]
    facts = {}
    for number in range(1, count + 1):
        clone = copy.deepcopy(originals[(number - 1) % len(originals)])
        clone["id"] = f"F{number}"
        clone["links"] = []
        clone["occasion"] = None
        clone["summary"] = f"{clone['summary']} (copy {number})"
        if clone["date"]:
            year = 1990 + number % 36
            clone["date"] = f"{year}{clone['date'][4:]}"
            if clone.get("date_end"):
                clone["date_end"] = f"{year}{clone['date_end'][4:]}"
        facts[str(number)] = clone
    data["facts"] = facts
    data.pop("meta", None)
    return data


# ---- the views of each page -----------------------------------------------------------------


def timeline_page(store: Store, **spec: Any) -> View:
    shown = select_shown(store, FactFilter(include_context=True, **spec))
    return timeline_view("Timeline", shown.facts, store, hidden=shown.hidden)


def deals_page(store: Store) -> View:
    shown = select_shown(store, FactFilter(kinds=("deal",)))
    return fact_list_view("Deals", shown.facts, store, deals=True, hidden=shown.hidden)


def search_page(store: Store) -> View:
    shown = select_shown(store, FactFilter())
    return search_view("a*", search(shown.facts, parse_terms(["a*"])), store, shown.hidden, [])


def trade_page(store: Store) -> View:
    return trade_view(trade_report(store, FactFilter()), store)


def chart_page(store: Store) -> View:
    return trade_chart_view(trade_report(store, FactFilter()), store)


def conflicts_page(store: Store) -> View:
    return conflicts_view(conflicts(store, FactFilter()), store)


def show_page(store: Store, fact_id: str = "F102") -> View:
    fact = store.fact(fact_id)
    assert fact is not None
    return fact_detail_view(fact, store)


PAGES = {
    "timeline": timeline_page,
    "deals": deals_page,
    "search": search_page,
    "trade": trade_page,
    "conflicts": conflicts_page,
    "show": show_page,
}


# ---- reading a page -------------------------------------------------------------------------


@dataclass
class Parsed:
    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def attributes(self, tag: str | None = None) -> list[tuple[str, str, str | None]]:
        """(tag, name, value) of every attribute, of one tag's elements or of all."""
        return [
            (t, name, value)
            for t, attrs in self.elements
            if tag is None or t == tag
            for name, value in attrs.items()
        ]

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def ids(self) -> list[str]:
        return [str(a["id"]) for _, a in self.elements if a.get("id") is not None]

    def data_island(self) -> Any:
        (content,) = [text for attrs, text in self.scripts if attrs.get("id") == "kzturk-data"]
        return json.loads(content)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed()
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.parsed.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._in, self._buffer = (tag, attributes), []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if self._in is not None and tag == self._in[0]:
            content = "".join(self._buffer)
            if tag == "script":
                self.parsed.scripts.append((self._in[1], content))
            else:
                self.parsed.styles.append(content)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._buffer.append(data)
        else:
            self.parsed.text.append(data)


def parse_page(page: str) -> Parsed:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.parsed
