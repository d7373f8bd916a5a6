"""The trade chart as SVG and the timeline as TimelineJS JSON, without a browser; and the
fast paths of the shared text helpers the pages lean on.

The golden files of both are in tests/test_html.py's set (tests/golden/trade-chart.svg,
tests/golden/timeline.timelinejs.json).
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import MINI
from hostile_helpers import write_store
from html_helpers import chart_page, linked_data, parse_page, timeline_page
from hypothesis import example, given
from hypothesis import strategies as st

from kzturk.render import render
from kzturk.render.text import _CONTROL, _JSON_ESCAPES, clean_text, json_safe
from kzturk.store import Store, load_store

SVG = "{http://www.w3.org/2000/svg}"


# ---- the SVG chart --------------------------------------------------------------------------


def test_the_svg_parses_and_carries_its_labels(linked: Store) -> None:
    svg = render(chart_page(linked), "svg")
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    root = ET.fromstring(svg.split("\n", 1)[1])
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 960 540"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Trade: figures and targets, US$" in texts
    assert {"$0", "$2 bn", "$10 bn"} <= set(texts)  # the dollar axis
    assert {"2022", "2023"} <= set(texts)  # the time axis
    assert {"turnover", "target (dashed: on to its deadline)"} <= set(texts)  # the legend
    assert "$6.3 bn: 2022 turnover" in texts and "target $10 bn, set 11 May 2022" in texts
    tooltips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(t.startswith("F106: 2022 turnover, $6.3 bn") for t in tooltips)
    assert any(t.startswith("F107: target turnover, $10 bn") for t in tooltips)


def test_the_svg_reads_in_grey(linked: Store) -> None:
    """Targets are hollow and dashed, figures filled: told apart without colour."""
    root = ET.fromstring(render(chart_page(linked), "svg").split("\n", 1)[1])
    marks = {}
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if title is not None:
            marks[(title.text or "")[:4]] = group[1]
    assert marks["F107"].get("fill") == "#ffffff"  # the target: hollow
    assert marks["F106"].get("fill") not in ("#ffffff", None)  # the figure: filled
    assert marks["F106"].tag != marks["F107"].tag  # and a different shape
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray") == "6 4"]
    assert len(dashed) == 1  # F107's line on to its 2030 deadline


def test_an_empty_chart_is_an_svg_that_says_so(linked: Store) -> None:
    view = chart_page(linked)._replace(sections=[])
    root = ET.fromstring(render(view, "svg").split("\n", 1)[1])
    assert "No trade figures or targets in US dollars match." in [
        t.text for t in root.iter(f"{SVG}text")
    ]


def test_extreme_amounts_still_draw(tmp_path: Path) -> None:
    data = linked_data()
    data["facts"]["106"]["amount_usd"] = 1.7e308
    data["facts"]["107"]["amount_usd"] = -5e-324
    store = load_store(write_store(tmp_path / "f.json", data))
    root = ET.fromstring(render(chart_page(store), "svg").split("\n", 1)[1])
    marks = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}title") is not None]
    heights = [float(c.get("cy") or -1) for g in marks for c in g.iter(f"{SVG}circle")]
    assert heights == [84.0]  # F106, at the top of the plot area
    coordinates = [v for e in root.iter() for k, v in e.items() if k in ("x", "y", "cx", "cy")]
    assert coordinates and all(math.isfinite(float(v)) for v in coordinates)


def test_the_svg_and_timelinejs_of_hostile_text_are_text(hostile: Store) -> None:
    svg = render(chart_page(hostile), "svg")
    ET.fromstring(svg.split("\n", 1)[1])  # well-formed XML despite the store's text
    assert "<script" not in svg and "onload=" not in svg.replace("onload=alert", "")
    slides = json.loads(render(timeline_page(hostile), "timelinejs"))
    for slide in [slides["title"], *slides["events"]]:
        for html in slide["text"].values():
            parsed = parse_page(html)
            assert not parsed.scripts and not parsed.tags() & {"img", "svg", "style"}
            assert not [a for a in parsed.attributes() if a[1].startswith("on")]
            assert not [a for a in parsed.attributes() if a[1] == "href"]  # no http source
    assert "&lt;/script&gt;&lt;script&gt;" in json.dumps(slides)


# ---- TimelineJS -----------------------------------------------------------------------------


def test_timelinejs_slides(linked: Store) -> None:
    data = json.loads(render(timeline_page(linked), "timelinejs"))
    events = {e["unique_id"]: e for e in data["events"]}
    dated = [f for f in MINI["chronological"] if f not in ("F104", "F111")]
    assert list(events) == dated  # in date order; undated F104 cannot be placed
    assert "1 undated fact is not shown." in data["title"]["text"]["text"]
    assert events["F102"]["start_date"] == {"year": 2022} and "end_date" not in events["F102"]
    assert events["F102"]["display_date"] == "c. 2022"
    assert events["F103"]["start_date"] == {"year": 2024, "month": 3}
    assert events["F110"]["start_date"] == {"year": 2024, "month": 3, "day": 20}
    assert events["F110"]["end_date"] == {"year": 2024, "month": 3, "day": 21}
    assert events["F110"]["display_date"] == "20–21 Mar 2024"
    assert {e["group"] for e in events.values()} >= {"deal", "trade", "target", "context"}
    assert events["F106"]["group"] == "trade" and events["F106"]["autolink"] is False
    assert events["F101"]["text"]["headline"].startswith("F101: Kazakhstan agreed")
    assert "<blockquote>“the ANKA drones" in events["F101"]["text"]["text"]


# ---- the fast paths of the shared text helpers ----------------------------------------------

SPECIAL = ["\r", "\n", "\t", "\x1b", "\x7f", "\x85", "\u202e", "\u2028", "\u061c", "ğ"]
TEXTS = st.text(
    alphabet=st.characters(codec=None, categories=None) | st.sampled_from(SPECIAL),
    max_size=40,
)


@given(TEXTS)
def test_clean_text_is_what_it_was_without_its_fast_path(text: str) -> None:
    slow = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    assert clean_text(text) == slow.translate(_CONTROL)


@given(TEXTS)
@example("\x7f")  # DEL: ASCII, yet escaped
@example("plain ASCII")
def test_json_safe_is_what_str_translate_gave(text: str) -> None:
    assert json_safe(text) == text.translate(_JSON_ESCAPES)
