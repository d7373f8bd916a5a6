"""schema.org JSON-LD for every HTML page, so that search engines and linked-data tools read
what a page shows: facts as `Claim`s (each source an `appearance`, the earliest published
the `firstAppearance`), occasions as `Event`s (dates, place, participants), entities as
`Person`, `Organization`, `Country` or `Place` with their other names, sources as
`CreativeWork`s, all in one `@graph` beside the page's own `WebPage` node.

The page writes it as it writes its data island (`json_island`: `<`, `>` and `&` as \\u
escapes, so no store text can end the block), in a `<script type="application/ld+json">`
block, which is data, never run: the Content-Security-Policy needs no change for it. Only
what the records hold is said; an unknown field is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.render import View
from kzturk.render.html_text import http_url

CONTEXT = "https://schema.org"
ENTITY_TYPES = {
    "country": "Country",
    "person": "Person",
    "company": "Organization",
    "organization": "Organization",
    "place": "Place",
}


def _is_fact(record: Mapping[str, Any]) -> bool:
    return {"summary", "kind", "sources"} <= record.keys()


def _is_occasion(record: Mapping[str, Any]) -> bool:
    return {"participants", "place", "name"} <= record.keys()


def _is_entity(record: Mapping[str, Any]) -> bool:
    return {"aliases", "type", "name"} <= record.keys()


def _is_source(record: Mapping[str, Any]) -> bool:
    return {"outlet", "published", "published_note"} <= record.keys()


def _date(text: object) -> str | None:
    return text if isinstance(text, str) and is_partial_date(text) else None


def creative_work(source: Mapping[str, Any]) -> dict[str, Any]:
    """A source as a CreativeWork: title, address, publication date, outlet, author."""
    node: dict[str, Any] = {"@type": "CreativeWork", "identifier": source["id"]}
    if source.get("title"):
        node["name"] = source["title"]
    url = http_url(source.get("url"))
    if url is not None:
        node["url"] = url
    published = _date(source.get("published"))
    if published:
        node["datePublished"] = published
    if source.get("outlet"):
        node["publisher"] = {"@type": "Organization", "name": source["outlet"]}
    if source.get("author"):
        node["author"] = {"name": source["author"]}
    return node


def claim(fact: Mapping[str, Any], sources: Mapping[str, Any]) -> dict[str, Any]:
    """A fact as a Claim: its summary, the time it covers, and where it appeared."""
    node: dict[str, Any] = {
        "@type": "Claim",
        "identifier": fact["id"],
        "text": fact["summary"],
    }
    if _date(fact.get("date")):
        end = _date(fact.get("date_end"))
        node["temporalCoverage"] = f"{fact['date']}/{end}" if end else fact["date"]
    cited = [sources[c["source"]] for c in fact["sources"] if c["source"] in sources]
    cited = list({s["id"]: s for s in cited}.values())
    if cited:
        node["appearance"] = [creative_work(s) for s in cited]
        dated = [s for s in cited if _date(s.get("published"))]
        if dated:
            node["firstAppearance"] = creative_work(min(dated, key=_first_key))
    return node


_PRECISE = {"day": 0, "month": 1, "year": 2}


def _first_key(source: Mapping[str, Any]) -> tuple[date, int, str]:
    """The earliest published first; on the same first day, the more precise date (it is
    known to be that day), then the source id, so the same sources always give one answer."""
    published = parse_partial_date(source["published"])
    return published.start, _PRECISE[published.precision], str(source["id"])


def event(occasion: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """An occasion as an Event: name, dates, place, participants by name."""
    node: dict[str, Any] = {"@type": "Event", "identifier": occasion["id"]}
    node["name"] = occasion["name"]
    if _date(occasion.get("date")):
        node["startDate"] = occasion["date"]
        node["endDate"] = _date(occasion.get("date_end")) or occasion["date"]
    if occasion.get("place"):
        node["location"] = {"@type": "Place", "name": occasion["place"]}
    people = [names.get(p, p) for p in occasion.get("participants") or []]
    if people:
        node["attendee"] = [{"name": name} for name in people]
    return node


def entity(record: Mapping[str, Any]) -> dict[str, Any]:
    """An entity as a Person, Organization, Country or Place, with its other names."""
    node: dict[str, Any] = {
        "@type": ENTITY_TYPES.get(record["type"], "Thing"),
        "identifier": record["id"],
        "name": record["name"],
    }
    aliases = [a["name"] for a in record.get("aliases") or []]
    if aliases:
        node["alternateName"] = aliases
    if record.get("note"):
        node["description"] = record["note"]
    return node


def linked_data(view: View) -> dict[str, Any]:
    """The page's JSON-LD: a WebPage node, then a node for each record it shows."""
    records = view.records[:1] if view.single else view.records
    graph: list[dict[str, Any]] = [{"@type": "WebPage", "name": view.title}]
    for record in records:
        if _is_fact(record):
            graph.append(claim(record, view.source_index))
        elif _is_occasion(record):
            graph.append(event(record, view.entity_names))
        elif _is_entity(record):
            graph.append(entity(record))
        elif _is_source(record):
            graph.append(creative_work(record))
    return {"@context": CONTEXT, "@graph": graph}
