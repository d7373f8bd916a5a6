"""Hostile text in the SVG chart, the timeline as TimelineJS JSON, without a browser; and
the fast paths of the shared text helpers the pages lean on (the chart itself:
tests/test_trade_chart.py).

The golden files of both are in tests/test_html.py's set (tests/golden/trade-chart.svg,
tests/golden/timeline.timelinejs.json).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import MINI
from html_helpers import chart_page, parse_page, timeline_page
from hypothesis import example, given
from hypothesis import strategies as st

from kzturk.render import render
from kzturk.render.text import _CONTROL, _JSON_ESCAPES, clean_text, json_safe
from kzturk.store import Store

SVG = "{http://www.w3.org/2000/svg}"


# ---- the SVG chart --------------------------------------------------------------------------


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
