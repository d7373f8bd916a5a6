"""kzturk.render: golden tables at a fixed width, and store text that must print as text.

Golden files live in tests/golden/. After a deliberate change to the layout, rewrite them
with `KZTURK_UPDATE_GOLDEN=1 pytest tests/test_render.py` and read the diff before committing.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import GOLDEN_DIR, LONG_WORD, Runner, assert_golden, mini_store
from hostile_helpers import mini_data, write_store
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from kzturk.analysis import trade_report
from kzturk.model import Fact
from kzturk.query import (
    FactFilter,
    citation_counts,
    facts_citing,
    sector_counts,
    select,
    select_shown,
    sorted_sources,
)
from kzturk.render import FORMATS, Terminal, View, render
from kzturk.render.detail_views import fact_detail_view, source_detail_view
from kzturk.render.text import clean_text, markdown_line, markdown_text
from kzturk.render.trade_views import trade_view
from kzturk.render.views import (
    fact_list_view,
    search_view,
    sectors_view,
    sources_view,
    timeline_view,
)
from kzturk.search import parse_terms
from kzturk.search import search as search_terms


def _filtered(spec: FactFilter) -> list[Fact]:
    return select(mini_store(), spec)


def _fact(fact_id: str) -> Fact:
    fact = mini_store().fact(fact_id)
    assert fact is not None
    return fact


def deals() -> View:
    shown = select_shown(mini_store(), FactFilter(kinds=("deal",)))
    return fact_list_view("Deals", shown.facts, mini_store(), deals=True, hidden=shown.hidden)


def search() -> View:
    """Every fact with the letter 'a' as a word prefix, as `kzturk search 'a*'` lists them."""
    store = mini_store()
    shown = select_shown(store, FactFilter())
    hits = search_terms(shown.facts, parse_terms(["a*"]))
    return search_view("a*", hits, store, shown.hidden, [])


def timeline() -> View:
    shown = select_shown(mini_store(), FactFilter(include_context=True))
    return timeline_view("Timeline", shown.facts, mini_store(), hidden=shown.hidden)


def trade() -> View:
    return trade_view(trade_report(mini_store(), FactFilter()), mini_store())


def sources() -> View:
    store = mini_store()
    return sources_view(sorted_sources(store.sources), citation_counts(store))


def sectors() -> View:
    return sectors_view(sector_counts(mini_store()))


def show_f102() -> View:
    return fact_detail_view(_fact("F102"), mini_store())


def show_f108() -> View:
    return fact_detail_view(_fact("F108"), mini_store())


def show_f109() -> View:
    return fact_detail_view(_fact("F109"), mini_store())


def source_gamma() -> View:
    store = mini_store()
    return source_detail_view(store.sources["gamma"], facts_citing(store.facts, "gamma"))


def empty() -> View:
    return fact_list_view("Deals", [], mini_store(), deals=True)


VIEWS: dict[str, Callable[[], View]] = {
    "deals": deals,
    "search": search,
    "timeline": timeline,
    "trade": trade,
    "sources": sources,
    "sectors": sectors,
    "show_f102": show_f102,
    "show_f108": show_f108,
    "show_f109": show_f109,
    "source_gamma": source_gamma,
    "empty": empty,
}

# (view, format, width): the golden files, tests/golden/<view>-<width>.<format>.txt
WIDTHS = (40, 60, 80, 120)
GOLDEN = [
    *((name, "table", 80) for name in VIEWS),
    *(
        (name, "table", w)
        for name in ("deals", "timeline", "trade", "search", "show_f102")
        for w in WIDTHS
        if w != 80
    ),
    ("deals", "md", 80),
    ("trade", "md", 80),
    ("timeline", "md", 80),
]


def golden_path(name: str, fmt: str, width: int) -> str:
    return f"{name}-{width}.{fmt}.txt"


@pytest.mark.parametrize(
    ("name", "fmt", "width"), GOLDEN, ids=[golden_path(*case) for case in GOLDEN]
)
def test_golden_output(name: str, fmt: str, width: int) -> None:
    output = render(VIEWS[name](), fmt, Terminal(width=width, color=False))
    assert_golden(GOLDEN_DIR / golden_path(name, fmt, width), output)


def test_every_golden_file_is_used() -> None:
    expected = {golden_path(*case) for case in GOLDEN}
    assert {p.name for p in GOLDEN_DIR.glob("*.txt")} == expected


# ---- every view, every format ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(VIEWS))
def test_render_ends_with_one_newline(name: str, fmt: str) -> None:
    output = render(VIEWS[name](), fmt, Terminal(width=100))
    if fmt == "jsonl" and not VIEWS[name]().records:
        assert output == ""
        return
    assert output.endswith("\n")
    assert not output.endswith("\n\n")


def test_default_terminal_is_plain() -> None:
    assert render(deals(), "table") == render(deals(), "table", Terminal(width=100, color=False))


# ---- store text is text ---------------------------------------------------------------------

MARKUP = ["[bold red]x[/]", "a stray [/] and", "[link=https://evil.example]click[/link]"]


@pytest.mark.parametrize("width", [100, 140])
def test_markup_in_store_text_prints_literally(width: int) -> None:
    output = render(show_f108(), "table", Terminal(width=width))
    for text in MARKUP:
        assert text in output, text
    assert "[italic]quoted[/italic]" in output
    assert "[bold red]Breaking[/] news" in output  # the source's title


@pytest.mark.parametrize("name", ["timeline", "search", "source_gamma"])
def test_markup_survives_in_lists(name: str) -> None:
    squeezed = "".join(render(VIEWS[name](), "table", Terminal(width=100)).split())
    assert "[boldred]x[/]andastray[/]and" in squeezed


@pytest.mark.parametrize("width", [40, 100, 140])
@pytest.mark.parametrize("name", list(VIEWS))
def test_no_escape_byte_in_plain_table_output(name: str, width: int) -> None:
    output = render(VIEWS[name](), "table", Terminal(width=width, color=False))
    assert "\x1b" not in output


@pytest.mark.parametrize("name", ["timeline", "show_f108", "search"])
def test_store_escape_sequence_is_defused_even_in_colour(name: str) -> None:
    output = render(VIEWS[name](), "table", Terminal(width=140, color=True))
    assert "\x1b[" in output  # colour is on ...
    assert "\x1b[31mred" not in output  # ... but the store's own ESC[31m lost its ESC
    assert "[31mred" in output


def test_clean_text_removes_controls_and_keeps_text() -> None:
    assert clean_text("a\x1b[31mb\x07c\u202ed") == "a[31mbcd"
    assert clean_text("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree four"
    assert clean_text("Erdoğan [b]x[/b]") == "Erdoğan [b]x[/b]"


# ---- nothing is cut off ---------------------------------------------------------------------


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("width", [40, 60, 100])
@pytest.mark.parametrize("name", ["timeline", "search", "show_f109"])
def test_long_word_is_never_cut(name: str, width: int) -> None:
    assert len(LONG_WORD) > 300
    output = render(VIEWS[name](), "table", Terminal(width=width))
    assert LONG_WORD in squeeze(output)


@pytest.mark.parametrize("name", [n for n in VIEWS if n != "timeline"])
def test_cards_at_width_40_lose_nothing(name: str) -> None:
    """Below 60 columns every row is a stack of "Header: value" lines: every value of every
    column is there, in full."""
    view = VIEWS[name]()
    output = render(view, "table", Terminal(width=40))
    assert all(cell_len(line) <= 40 for line in output.splitlines())
    squeezed = squeeze(output)
    for section in view.sections:
        for row in section.rows:
            for column in section.columns:
                for part in column.cell(row).split("\n"):
                    assert squeeze(clean_text(part)) in squeezed, (column.header, part)


@pytest.mark.parametrize("width", [40, 100])
def test_timeline_loses_nothing(width: int) -> None:
    view = timeline()
    output = render(view, "table", Terminal(width=width))
    assert all(cell_len(line) <= width for line in output.splitlines())
    squeezed = squeeze(output)
    for record in view.records:
        assert f"{record['id']},{record['kind']}," in squeezed
        assert squeeze(clean_text(record["summary"])) in squeezed, record["id"]


def test_timeline_shows_date_labels_and_marks_what_is_not_the_event_date() -> None:
    output = render(timeline(), "table", Terminal(width=100))
    assert "date: only the year is given" in output  # F102: the note is a label, shown inline
    assert "date: early March" in output  # F103
    assert "c. 2022*" in output  # F102 is approximate: "c." and the mark
    assert "1 Mar 2024*" in output  # F108: dated only by when it was reported
    assert "20–21 Mar 2024 " in output  # F110 spans two days
    assert "Jan 2023*" not in output  # F106: a precise, event date has no mark
    assert "* the date is approximate, uncertain or only when a source reported it" in output
    assert output.index("* the date is approximate") > output.index("Undated")
    detail = render(fact_detail_view(_fact("F108"), mini_store()), "table", Terminal())
    assert "the date a source reported it" in detail


def test_timeline_heads_an_occasions_facts() -> None:
    output = render(timeline(), "table", Terminal(width=100))
    heading = output.index("Tokayev's visit to Ankara")
    assert "10–11 May 2022" in output[heading - 40 : heading]
    assert heading < output.index("F101") < output.index("F107")
    assert "visit in Ankara, 2 facts" in output


@pytest.mark.parametrize("name", list(VIEWS))
def test_widening_the_terminal_never_makes_the_output_taller(name: str) -> None:
    heights = [
        render(VIEWS[name](), "table", Terminal(width=w)).count("\n") for w in range(30, 181, 3)
    ]
    assert heights == sorted(heights, reverse=True), heights


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(VIEWS))
def test_no_trailing_spaces_and_no_empty_column(name: str, width: int) -> None:
    output = render(VIEWS[name](), "table", Terminal(width=width))
    assert all(line == line.rstrip() for line in output.splitlines()), name
    if name == "deals":  # Value is empty in every deal of the mini store but two
        assert ("Value" in output) == any(
            f["values"] for f in _filtered(FactFilter(kinds=("deal",)))
        )


def test_sectors_have_no_blank_rows() -> None:
    lines = render(sectors(), "table", Terminal(width=80)).splitlines()
    body = lines[lines.index(next(line for line in lines if "defense" in line)) :]
    assert all(line.strip() for line in body[: len(body) - 1])


def test_cards_read_label_colon_value() -> None:
    output = render(show_f102(), "table", Terminal(width=40))
    assert "Summary: The presidents announced" in " ".join(output.split())
    assert "Field:" not in output and "Value:" not in output


def visible_characters(output: str) -> Counter[str]:
    """Every character a reader sees, ignoring spacing and the header rule."""
    return Counter(c for c in output if not c.isspace() and c != "\u2500")


@pytest.mark.parametrize("name", [n for n in VIEWS if n != "timeline"])
def test_no_width_crops_a_table(name: str) -> None:
    """At every width, whichever layout prints, every cell's text is there in full and no
    line is wider than the terminal."""
    view = VIEWS[name]()
    cells = Counter(
        c
        for section in view.sections
        for row in section.rows
        for column in section.columns
        for c in clean_text(column.cell(row))
        if not c.isspace()
    )
    lost = []
    for width in range(40, 181, 7):
        output = render(view, "table", Terminal(width=width))
        assert all(cell_len(line) <= width for line in output.splitlines()), width
        missing = cells - visible_characters(output)  # a table interleaves its columns
        if missing:
            lost.append((width, "".join(sorted(missing.elements()))))
    assert lost == []


@pytest.mark.parametrize("width", [40, 100])
def test_narrow_trade_keeps_targets_apart(width: int) -> None:
    output = render(trade(), "table", Terminal(width=width))
    assert all(cell_len(line) <= width for line in output.splitlines())
    targets_at = output.index("Trade targets")
    assert output.index("Trade by year") < output.index("F106") < targets_at
    assert "F107" not in output[:targets_at]
    assert "$6.3 bn" in output
    assert "$10 bn" in output


@pytest.mark.parametrize("width", [40, 100])
def test_ascii_terminal_has_no_box_drawing(width: int) -> None:
    for name in ("deals", "timeline", "trade"):
        output = render(VIEWS[name](), "table", Terminal(width=width, unicode=False))
        assert not re.search("[\u2500-\u257f]", output), name


# ---- markdown -------------------------------------------------------------------------------


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.mark.parametrize("name", ["deals", "search", "timeline", "sources", "source_gamma"])
def test_markdown_escapes_pipes_so_rows_keep_their_columns(name: str) -> None:
    output = render(VIEWS[name](), "md", Terminal())
    assert output.startswith("## ")
    tables = 0
    for block in output.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            tables += 1
            header = unescaped_pipes(rows[0])
            assert header == len(rows[0].split(" | ")) + 1  # the header has no escaped pipe
            assert all(unescaped_pipes(row) == header for row in rows), block
    assert tables >= 1


def test_markdown_pipe_in_text_is_escaped() -> None:
    assert "A data centre pipe \\| split deal was proposed." in render(deals(), "md", Terminal())
    assert "Gamma \\| Wire" in render(sources(), "md", Terminal())


def test_markdown_multi_line_cells_use_br() -> None:
    output = render(deals(), "md", Terminal())
    assert "Recep Tayyip Erdoğan<br>Kassym-Jomart Tokayev" in output


# ---- Markdown: store text is text -----------------------------------------------------------

MARKDOWN_MARKS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "**bold** _em_ ~~struck~~ `code`",
    "[click](javascript:alert(1)) ![i](https://evil.example/x.png)",
    "a | pipe \\| and a backslash \\",
    "&lt;img src=x&gt; &#60;b&#62;",
    "<https://evil.example> <mailto:a@b.c>",
]


def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


@pytest.mark.parametrize("marks", MARKDOWN_MARKS)
@pytest.mark.parametrize(
    "argv",
    [("deals",), ("timeline",), ("show", "F101"), ("search", "deal"), ("sources",)],
    ids=" ".join,
)
def test_markdown_listings_hold_store_text_as_text(
    run: Runner, tmp_path: Path, argv: tuple[str, ...], marks: str
) -> None:
    """Store text with HTML, links, emphasis or entities in it, through every Markdown
    listing and a CommonMark renderer: no element comes from the store, the text is there."""
    data = mini_data()
    data["facts"]["101"]["summary"] = f"Deal {marks} end"
    data["sources"]["1"]["title"] = f"Title {marks} end"
    path = write_store(tmp_path / "facts.json", data)
    result = run(*argv, "--format", "md", "--db", str(path))
    assert result.code == 0, result.err
    page = _markdown_html(result.out)
    for element in ("<img", "<script", "<a ", "<em>", "<strong>", "<del>", "<code>"):
        assert element not in page, (element, result.out)
    assert html.escape(f"{marks} end", quote=False) in page.replace("&quot;", '"')


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from(list("\\`*_[]<>|#~&!()-+=.:/;aZ1é \u00a0")), max_size=30))
def test_markdown_text_reads_back_as_the_text(text: str) -> None:
    from markdown_it import MarkdownIt

    rendered = (
        MarkdownIt("commonmark")
        .enable("strikethrough")
        .renderInline("x " + markdown_text(text) + " x")
    )
    assert "<" not in rendered.replace("&lt;", "")
    assert html.unescape(rendered) == "x " + text + " x"


@pytest.mark.parametrize("line", ["- not a list", "+ no", "1. not a list", "12) no", "= no", "#x"])
def test_a_markdown_line_never_starts_a_block(line: str) -> None:
    page = _markdown_html(markdown_line(line))
    assert page == f"<p>{html.escape(line, quote=False)}</p>\n"


def test_a_period_reads_as_people_write_it() -> None:
    from kzturk.render.text import period_label

    assert period_label("2018-01/2018-06") == "Jan–Jun 2018"
    assert period_label("1993/2009") == "1993–2009"
    assert period_label("2016") == "2016"
    assert period_label(None) == "n/a"
    assert period_label("2016/2015-13") == "2016/2015-13"  # not a period: shown as stored


def test_json_records_are_made_only_for_the_formats_that_read_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A timeline or a table in the terminal never builds the JSON records or the citation
    lines (`kzturk.render.Deferred`); JSON gets them as a plain array, once."""
    import json

    from kzturk.render import views

    store = mini_store()
    facts = select(store, FactFilter())
    made: list[int] = []
    real = views._fact_records

    def counted(*args: object, **kw: object) -> list[dict[str, object]]:
        made.append(1)
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(views, "_fact_records", counted)
    for build in (views.timeline_view, views.fact_list_view):
        view = build("T", facts, store)
        render(view, "table", Terminal(width=100))
        assert made == []
        first = json.loads(render(view, "json"))
        assert json.loads(render(view, "json")) == first
        assert [r["id"] for r in first] == [f["id"] for f in facts]
        assert made == [1]
        made.clear()
