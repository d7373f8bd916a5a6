"""The schema.org JSON-LD in every HTML page, expanded with a JSON-LD processor (pyld).

pyld reads the schema.org context from tests/data (a document loader that serves it
locally: nothing is fetched), and the nodes of each type are counted against `--json`:
a Claim per fact, an Event per occasion, a typed node per entity, a CreativeWork per source.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Runner
from pyld import jsonld

CONTEXT = json.loads((Path(__file__).parent / "data" / "schemaorg-context.jsonld").read_text())
SCHEMA = "https://schema.org/"
BLOCK = re.compile(
    r'<script type="application/ld\+json" id="kzturk-linked-data">(.*?)</script>', re.S
)


def offline_loader(url: str, options: Any = None) -> dict[str, Any]:
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def expanded(page: str) -> list[dict[str, Any]]:
    [block] = BLOCK.findall(page)
    assert "<" not in block and ">" not in block and "&" not in block
    return jsonld.expand(json.loads(block), {"documentLoader": offline_loader})


def of_type(nodes: list[dict[str, Any]], *names: str) -> list[dict[str, Any]]:
    wanted = {SCHEMA + name for name in names}
    return [n for n in nodes if wanted.intersection(n.get("@type", []))]


def value(node: dict[str, Any], name: str) -> Any:
    return [v.get("@value", v.get("@id")) for v in node.get(SCHEMA + name, [])]


@pytest.mark.parametrize(
    "command",
    [("timeline",), ("timeline", "--context", "--analysis"), ("deals",), ("search", "kazakhstan")],
)
def test_a_claim_per_fact_with_its_sources(run: Runner, command: tuple[str, ...]) -> None:
    records = run(*command, "--json", "--db", str(MINI_STORE)).json
    page = run(*command, "--format", "html", "--db", str(MINI_STORE)).out
    nodes = expanded(page)
    claims = of_type(nodes, "Claim")
    assert sorted(value(c, "identifier")[0] for c in claims) == sorted(r["id"] for r in records)
    assert len(of_type(nodes, "WebPage")) == 1
    by_id = {value(c, "identifier")[0]: c for c in claims}
    for record in records:
        claim = by_id[record["id"]]
        assert value(claim, "text") == [record["summary"]]
        cited = {c["source"] for c in record["sources"]}
        appearances = claim.get(SCHEMA + "appearance", [])
        assert len(appearances) == len(cited)


def test_first_appearance_is_the_earliest_published(run: Runner) -> None:
    page = run("show", "F102", "--format", "html", "--db", str(MINI_STORE)).out
    [claim] = of_type(expanded(page), "Claim")
    [first] = claim[SCHEMA + "firstAppearance"]
    assert value(first, "identifier") == ["alpha"]  # 2022-05-30, before beta (2024)
    assert value(first, "datePublished") == ["2022-05-30"]


def _source(source_id: str, published: str) -> dict[str, Any]:
    return {"id": source_id, "title": source_id, "published": published, "outlet": "o"}


@pytest.mark.parametrize(
    ("published", "first"),
    [
        # The same day: the lower source id, whichever the fact cites first.
        ({"zeta": "2022-05-30", "alpha": "2022-05-30", "mid": "2023"}, "alpha"),
        # The same first day: the date known to the day before the month, the month before
        # the year, whatever the ids.
        ({"a-year": "2022", "b-month": "2022-01", "c-day": "2022-01-01"}, "c-day"),
        ({"a-year": "2022", "b-month": "2022-01"}, "b-month"),
        # Earliest first still: a month that starts earlier beats a day inside it.
        ({"z-month": "2022-05", "a-day": "2022-05-02"}, "z-month"),
    ],
)
def test_first_appearance_on_a_tie_is_the_same_whatever_the_order(
    published: dict[str, str], first: str
) -> None:
    from itertools import permutations

    from kzturk.render.linked_data import claim

    sources = {sid: _source(sid, when) for sid, when in published.items()}
    for order in permutations(published):
        fact = {"id": "F1", "summary": "s", "sources": [{"source": sid} for sid in order]}
        node = claim(fact, sources)
        assert node["firstAppearance"]["identifier"] == first, order


def test_an_event_per_occasion(run: Runner) -> None:
    records = run("occasions", "--json", "--db", str(MINI_STORE)).json
    nodes = expanded(run("occasions", "--format", "html", "--db", str(MINI_STORE)).out)
    events = of_type(nodes, "Event")
    assert len(events) == len(records) == 1
    [visit] = events
    assert value(visit, "startDate") == ["2022-05-10"] and value(visit, "endDate") == ["2022-05-11"]
    [place] = visit[SCHEMA + "location"]
    assert value(place, "name") == ["Ankara"]
    attendees = sorted(value(a, "name")[0] for a in visit[SCHEMA + "attendee"])
    assert attendees == ["Kassym-Jomart Tokayev", "Recep Tayyip Erdoğan"]


def test_a_typed_node_per_entity_with_its_other_names(run: Runner) -> None:
    records = run("entities", "--json", "--db", str(MINI_STORE)).json
    nodes = expanded(run("entities", "--format", "html", "--db", str(MINI_STORE)).out)
    typed = of_type(nodes, "Person", "Organization", "Country", "Place")
    assert len(typed) == len(records)
    types = {"country": "Country", "person": "Person", "place": "Place"}
    for record in records:
        [node] = [n for n in typed if value(n, "identifier") == [record["id"]]]
        wanted = types.get(record["type"], "Organization")
        assert node["@type"] == [SCHEMA + wanted]
        assert sorted(value(node, "alternateName")) == sorted(a["name"] for a in record["aliases"])


def test_a_creative_work_per_source(run: Runner) -> None:
    records = run("sources", "--json", "--db", str(MINI_STORE)).json
    nodes = expanded(run("sources", "--format", "html", "--db", str(MINI_STORE)).out)
    works = [n for n in of_type(nodes, "CreativeWork") if SCHEMA + "identifier" in n]
    assert sorted(value(w, "identifier")[0] for w in works) == sorted(r["id"] for r in records)


@pytest.mark.parametrize(
    "command", [("trade",), ("conflicts",), ("sectors",), ("stats",), ("show", "F108")]
)
def test_every_page_has_linked_data(run: Runner, command: tuple[str, ...]) -> None:
    page = run(*command, "--format", "html", "--db", str(MINI_STORE)).out
    nodes = expanded(page)
    assert len(of_type(nodes, "WebPage")) == 1
