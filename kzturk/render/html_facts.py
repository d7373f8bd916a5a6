"""Pieces of a page about facts: badges, the sources with their quotes, links between facts.

Shared by the timeline, the table pages, a fact in full and TimelineJS slides. All store text
passes through `esc`; a source is linked only when its address is http(s).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.render.html_text import anchor_id, esc, link

# How a link reads from the fact that has it, and from the fact it points at.
_OUTGOING = {
    "conflicts": "Disagrees with",
    "restates": "Restates",
    "revises": "Revises",
    "related": "Related to",
}
_INCOMING = {
    "conflicts": "Disagrees with",
    "restates": "Restated by",
    "revises": "Revised by",
    "related": "Related to",
}

LinkFrom = tuple[str, str, str | None]
"""(id of a fact linking to another, relation, what the link is about)."""
Incoming = Mapping[str, Sequence[LinkFrom]]
_NOT_QUOTED = '<span class="note">A reference page: cited, not quoted.</span>'


def incoming_links(facts: Iterable[Mapping[str, Any]]) -> dict[str, list[LinkFrom]]:
    """For each fact id, the links other facts among `facts` make to it."""
    incoming: dict[str, list[LinkFrom]] = {}
    for fact in facts:
        for item in fact["links"]:
            incoming.setdefault(item["fact"], []).append(
                (fact["id"], item["relation"], item.get("about"))
            )
    return incoming


def item_attributes(fact: Mapping[str, Any]) -> str:
    """What the filter box reads of a fact: its id (its words are in the page's records),
    its kind and its sectors."""
    sectors = "|".join(fact["sectors"])
    return (
        f' data-item data-fact="{esc(fact["id"])}" data-kind="{esc(fact["kind"])}"'
        f' data-sectors="{esc(sectors)}"'
    )


def is_disputed(fact: Mapping[str, Any], incoming: Incoming) -> bool:
    return any(item["relation"] == "conflicts" for item in fact["links"]) or any(
        relation == "conflicts" for _, relation, _ in incoming.get(fact["id"], ())
    )


def badges(fact: Mapping[str, Any], incoming: Incoming) -> str:
    """Kind (with a deal's status), sectors, and a warning for a retracted or disputed fact."""
    kind = fact["kind"] + (f": {fact['status']}" if fact["status"] else "")
    parts = [f'<span class="badge kind">{esc(kind)}</span>']
    parts += [f'<span class="badge">{esc(sector)}</span>' for sector in fact["sectors"]]
    retracted = fact["retracted"]
    if retracted:
        why = f"RETRACTED {retracted['date']}: {retracted['reason']}"
        parts.append(f'<span class="badge warn">{esc(why)}</span>')
    if is_disputed(fact, incoming):
        parts.append('<span class="badge warn">sources disagree</span>')
    return "".join(parts)


def published_label(text: str | None) -> str:
    if not text:
        return "date unknown"
    return parse_partial_date(text).label() if is_partial_date(text) else text


class Cited:
    """The store's sources as one page cites them: each source's description is made once,
    however many facts cite it."""

    def __init__(self, sources: Mapping[str, Any]) -> None:
        self.sources = sources
        self._described: dict[str, tuple[str, bool]] = {}

    def describe(self, source_id: str) -> tuple[str, bool]:
        """(title, outlet, author, date, address as a link if http(s), language note; whether
        it is a reference page, cited and not quoted)."""
        known = self._described.get(source_id)
        if known is None:
            known = self._described[source_id] = _describe(source_id, self.sources.get(source_id))
        return known

    def entry(self, source_id: str, quote: str | None) -> str:
        """One cited source as a list item, with its quote."""
        described, reference = self.describe(source_id)
        if quote:
            return f"<li>{described}<blockquote>“{esc(quote)}”</blockquote></li>"
        if reference:
            return f"<li>{described}<br>{_NOT_QUOTED}</li>"
        return f"<li>{described}</li>"

    def list(self, citations: Iterable[tuple[str, str | None]]) -> str:
        return f"<ol>{''.join(self.entry(sid, quote) for sid, quote in citations)}</ol>"

    def details(self, citations: Sequence[tuple[str, str | None]]) -> str:
        """The sources and quotes, collapsed: one line until opened."""
        if not citations:
            return '<span class="note">no source</span>'
        count = len(citations)
        label = f"{count} source{'s' if count != 1 else ''} and quote{'s' if count != 1 else ''}"
        return f"<details><summary>{label}</summary>{self.list(citations)}</details>"


def _describe(source_id: str, source: Mapping[str, Any] | None) -> tuple[str, bool]:
    if source is None:
        return f'{esc(source_id)} <span class="note">(not in the store)</span>', False
    head = [f"<cite>{esc(source['title'] or '(untitled)')}</cite>"]
    head.append(esc(source["outlet"] or "outlet not stated"))
    if source["author"]:
        head.append(esc(source["author"]))
    head.append(esc(published_label(source["published"])))
    parts = [", ".join(head), f' <span class="note">[{esc(source_id)}]</span>']
    if source["url"]:
        parts.append(f"<br>{link(source['url'])}")
    if source["language_note"]:
        parts.append(f'<br><span class="note">{esc(source["language_note"])}</span>')
    return "".join(parts), not source["archive"]


def citations_of(fact: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    return [(ref["source"], ref["quote"]) for ref in fact["sources"]]


def fact_ref(fact_id: str, on_page: Mapping[str, Any] | set[str]) -> str:
    """A link to another fact on the page, or its id as text (with a note) if it is not."""
    if fact_id in on_page:
        return f'<a href="#{anchor_id(fact_id)}">{esc(fact_id)}</a>'
    return f'{esc(fact_id)} <span class="note">(not on this page)</span>'


def link_lines(fact: Mapping[str, Any], incoming: Incoming, on_page: set[str]) -> str:
    """The links from and to the fact, a line for each kind ("Disagrees with F230 (the
    date)"), each other fact a link to its anchor when it is on the page."""
    pairs = [(_OUTGOING, i["fact"], i["relation"], i.get("about")) for i in fact["links"]]
    pairs += [(_INCOMING, other, rel, about) for other, rel, about in incoming.get(fact["id"], ())]
    lines: dict[tuple[str, str], list[str]] = {}
    for words, other, relation, about in pairs:
        key = (words.get(relation, f"{relation}:"), relation)
        ref = fact_ref(other, on_page) + (f" ({esc(about)})" if about else "")
        refs = lines.setdefault(key, [])
        if ref not in refs:  # a link made both ways reads once
            refs.append(ref)
    return "".join(
        f'<p class="links{" disputed" if relation == "conflicts" else ""}">'
        f"{esc(text)} {', '.join(refs)}</p>"
        for (text, relation), refs in lines.items()
    )
