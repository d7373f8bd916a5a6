"""The trade chart (kzturk.render.chart_data, chart_format, svg_format): one line per
reporter with a marker per year, broken at missing years; targets as steps to their
deadlines; partial years not drawn; 80 columns and a phone's width."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from rich.cells import cell_len
from test_series import KZ, TR, figure, target

from kzturk.analysis import target_progress
from kzturk.analysis.series import build_series
from kzturk.model import Fact
from kzturk.render import Section, Terminal, View, render
from kzturk.render.chart_data import chart_data

SVG = "{http://www.w3.org/2000/svg}"


def chart_view(facts: list[Fact]) -> View:
    series = build_series(facts)
    return View(
        title="Trade",
        records=[],
        flat=dict,
        layout="chart",
        sections=[
            Section("years", series.years, []),
            Section("partial", series.partial, []),
            Section("targets", target_progress(facts), []),
        ],
    )


FACTS = [
    figure("F1", "2010", 1.8e9, KZ),
    figure("F2", "2011", 3.3e9, KZ),
    figure("F3", "2013", 3.5e9, KZ),
    figure("F4", "2010", 3.28e9, TR),
    figure("F5", "2018-01/2018-06", 8.2e8, "official"),
    target("F9", "2012-10", 10e9, "2015"),
    target("F10", "2017-09", 5e9, None),
]


def test_a_line_per_reporter_broken_at_missing_years() -> None:
    data = chart_data(chart_view(FACTS))
    kz, tr = data.lines
    assert (kz.reporter, tr.reporter) == (KZ, TR)
    assert [[p.year for p in run] for run in kz.runs()] == [[2010, 2011], [2013]]
    assert data.partial == 1  # the half year is counted, not drawn
    assert all(p.fact["id"] != "F5" for line in data.lines for p in line.points)


def test_targets_are_steps_to_their_deadline_or_the_next_target() -> None:
    steps = chart_data(chart_view(FACTS)).steps
    assert [(s.fact["id"], s.start, s.end, s.deadline) for s in steps] == [
        ("F9", 2012, 2015, True),
        ("F10", 2017, 2025, False),
    ]


@pytest.mark.parametrize("width", [80, 60, 40])
def test_the_terminal_chart_fits_and_says_what_it_leaves_out(width: int) -> None:
    text = render(chart_view(FACTS), "table", Terminal(width=width))
    assert all(cell_len(line) <= width for line in text.splitlines())
    words = " ".join(text.split())
    assert "K KZ stats T TR stats" in words
    assert "not drawn: 1 partial-year or undated figures." in words
    assert ("left out: widen the terminal" in words) == (width == 40)


def test_at_80_columns_every_year_has_its_own_column() -> None:
    text = render(chart_view(FACTS), "table", Terminal(width=80))
    assert "1992" in text and "2025" in text and "left out" not in text
    plot = [line.split("┤", 1)[-1].split("│", 1)[-1] for line in text.splitlines()[2:14]]
    assert sum(line.count("K") for line in plot) == 3  # 2010, 2011, 2013
    assert any("─" in line for line in plot)  # the target steps


def test_an_ascii_terminal_gets_no_box_drawing() -> None:
    text = render(chart_view(FACTS), "table", Terminal(width=80, unicode=False))
    assert not set(text) & set("─│┤└·")
    assert "K" in text and "-" in text


def test_the_svg_is_drawn_for_a_phone_and_says_what_it_shows() -> None:
    svg = render(chart_view(FACTS), "svg")
    root = ET.fromstring(svg.split("\n", 1)[1])
    assert root.get("viewBox") == "0 0 420 320"
    assert root.get("style") is None  # presentation attributes only
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"KZ stats", "TR stats", "target", "$0", "$10 bn", "2010"} <= set(texts)
    polylines = list(root.iter(f"{SVG}polyline"))
    assert len(polylines) == 1  # KZ 2010–2011; 2013 alone and TR 2010 alone: no line
    assert len(polylines[0].get("points", "").split()) == 2
    tips = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(t.startswith("F3: turnover 2013, $3.5 bn, KZ stats") for t in tips)
    assert any(t.startswith("F9: target $10 bn, set 2012") and "deadline 2015" in t for t in tips)
    assert not any(t.startswith("F5") for t in tips)


def test_reporters_differ_by_shape_not_colour_alone() -> None:
    root = ET.fromstring(render(chart_view(FACTS), "svg").split("\n", 1)[1])
    shapes = {}
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if title is not None and (title.text or "").startswith(("F1:", "F4:")):
            shapes[(title.text or "")[:2]] = group[1].tag
    assert shapes["F1"] != shapes["F4"]


def test_an_empty_chart_says_so() -> None:
    assert "No full-year turnover" in render(chart_view([]), "table", Terminal(width=80))
    root = ET.fromstring(render(chart_view([]), "svg").split("\n", 1)[1])
    assert any("No full-year turnover" in (t.text or "") for t in root.iter(f"{SVG}text"))


def test_extreme_amounts_still_draw_finite_coordinates() -> None:
    facts = [figure("F1", "2010", 1.7e308, KZ), figure("F2", "2011", 5e-324, KZ)]
    svg = render(chart_view(facts), "svg")
    root = ET.fromstring(svg.split("\n", 1)[1])
    values = [v for e in root.iter() for k, v in e.items() if k in ("x", "y", "cx", "cy")]
    assert values and all(math.isfinite(float(v)) for v in values)
    assert render(chart_view(facts), "table", Terminal(width=80))
