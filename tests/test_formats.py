"""Every (format, layout) pair of the render registry, drawn from a store of hostile text.

The pairs come from `FORMAT_TABLE` itself, so a new format or a new layout is checked here
without a line of test code, and a layout nobody can build a view of fails
`test_every_layout_has_a_view`. What holds for every pair: one trailing newline, text that
encodes as UTF-8, no raw control character or bidi override from the store, nothing of it
read as markup, and the data formats parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from agreement_helpers import agreement, step
from hostile_helpers import FORBIDDEN, HOSTILE_TEXT, hostile_data, mini_data, write_store
from html_helpers import ATTACK

from kzturk.agreements import select_agreements
from kzturk.analysis import trade_report
from kzturk.analysis.stats import count
from kzturk.export.bibliography import bibliography
from kzturk.export.changes import compare
from kzturk.export.revisions import read_store_version
from kzturk.manual import topic
from kzturk.query import FactFilter, occasion_counts, select_shown, sorted_occasions
from kzturk.render import (
    AGREEMENTS,
    BIBLIOGRAPHY,
    CHANGE_COUNTS,
    CHANGES,
    CHART,
    CITATIONS,
    DETAIL,
    DOCUMENT,
    EVENTS,
    FORMAT_TABLE,
    STATS,
    TABLES,
    TIMELINE,
    Terminal,
    View,
    render,
)
from kzturk.render.agreement_views import agreements_view
from kzturk.render.change_views import change_counts_view, changes_view
from kzturk.render.detail_views import fact_detail_view
from kzturk.render.export_views import bibliography_view
from kzturk.render.manual_views import topic_view
from kzturk.render.stats_views import stats_view
from kzturk.render.trade_views import trade_chart_view
from kzturk.render.views import citations_view, fact_list_view, occasions_view, timeline_view
from kzturk.store import load_store

EVERYTHING = FactFilter(include_retracted=True)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The mini store, and the same with hostile text in every free-text field (and page
    attacks in the summaries of a deal and a trade figure)."""
    folder = tmp_path_factory.mktemp("formats")
    hostile = hostile_data()
    for key in ("101", "106"):
        hostile["facts"][key]["summary"] += f" {ATTACK}"
    # An agreement with hostile text in every free-text field of it and of its steps, each
    # step dated to the day so that a calendar shows it too.
    text = {name: f"{name}: {HOSTILE_TEXT} {ATTACK}" for name in ("place", "by", "instrument")}
    hostile["agreements"] = {
        "1": agreement(
            "hostile",
            step("signed", "2022-05-10", sources=["alpha"], **text),
            step(
                "ratified", "2022-06-01", party="kazakhstan", number=HOSTILE_TEXT, sources=["alpha"]
            ),
            step("amended", "2023-01-02", sources=["alpha"], note=f"{HOSTILE_TEXT} {ATTACK}"),
            parties=["kazakhstan", "turkey"],
            title=f"Title {HOSTILE_TEXT} {ATTACK}",
            note=HOSTILE_TEXT,
        )
    }
    return (
        write_store(folder / "mini.json", mini_data()),
        write_store(folder / "hostile.json", hostile),
    )


# One view of each layout, made from the hostile store (the changes: from the mini store to it).
VIEWS: dict[str, Callable[[Path, Path], View]] = {
    TABLES: lambda _, path: fact_list_view(
        "Facts", select_shown(load_store(path), EVERYTHING).facts, load_store(path)
    ),
    TIMELINE: lambda _, path: timeline_view(
        "Timeline", select_shown(load_store(path), EVERYTHING).facts, load_store(path)
    ),
    DETAIL: lambda _, path: fact_detail_view(load_store(path).fact("F101"), load_store(path)),  # type: ignore[arg-type]
    CHART: lambda _, path: trade_chart_view(
        trade_report(load_store(path), EVERYTHING), load_store(path)
    ),
    CITATIONS: lambda _, path: citations_view(
        load_store(path).fact("F101"),  # type: ignore[arg-type]
        load_store(path).sources,
    ),
    EVENTS: lambda _, path: occasions_view(
        sorted_occasions(load_store(path)),
        occasion_counts(load_store(path)),
        {key: e["name"] for key, e in load_store(path).entities.items()},
    ),
    AGREEMENTS: lambda _, path: agreements_view(
        select_agreements(load_store(path)), load_store(path)
    ),
    BIBLIOGRAPHY: lambda _, path: bibliography_view(bibliography(load_store(path)), []),
    STATS: lambda _, path: stats_view(count(load_store(path), EVERYTHING), [], {}),
    CHANGES: lambda old, new: changes_view(
        compare(read_store_version(old), read_store_version(new))
    ),
    CHANGE_COUNTS: lambda old, new: change_counts_view(
        compare(read_store_version(old), read_store_version(new))
    ),
    # A topic of the manual: the package's own text, never the store's.
    DOCUMENT: lambda _, __: topic_view(topic("json")),
}
PAIRS = [(row.name, layout) for row in FORMAT_TABLE for layout in row.modules]


def test_every_layout_has_a_view() -> None:
    layouts = {layout for row in FORMAT_TABLE for layout in row.modules}
    assert layouts <= set(VIEWS), layouts - set(VIEWS)
    assert len(PAIRS) > len(layouts)  # formats share layouts: the pairs are more


@pytest.mark.parametrize(("fmt", "layout"), PAIRS, ids=[f"{f}-{layout}" for f, layout in PAIRS])
def test_every_format_of_every_layout_keeps_hostile_text_inert(
    fmt: str, layout: str, stores: tuple[Path, Path]
) -> None:
    view = VIEWS[layout](*stores)
    assert view.layout == layout
    for terminal in (Terminal(width=60), Terminal(width=120, color=True)):
        output = render(view, fmt, terminal)
        output.encode("utf-8")  # no lone surrogate
        assert output.endswith("\n") and not output.endswith("\n\n"), output[-200:]
        text = output.replace("\r\n", "\n") if fmt == "ics" else output  # RFC 5545's CRLF
        if fmt == "ics":  # the hostile records are on the calendar, not left out
            assert "BEGIN:VEVENT" in output, layout
        raw = FORBIDDEN.findall(text.replace("\x1b[", "") if terminal.color else text)
        assert raw == [], (fmt, layout, sorted(set(raw)))
        assert "\x1b]" not in output and "\x1b[31mred" not in output  # the store's own escapes
        if fmt in ("html", "svg"):
            assert "window.pwned = 1</script>" not in output and "<img src=x" not in output
        if fmt in ("json", "jsonl", "timelinejs", "csl-json"):
            for line in output.splitlines() if fmt == "jsonl" else [output]:
                json.loads(line)
        if fmt == "table" and not terminal.color:
            assert "\x1b" not in output
