"""Text written without Rich's console is Rich's own, line for line.

Without colour (a pipe, a file, NO_COLOR) the timeline, tables and cards are written directly
with Rich's line breaking (`kzturk/render/plain_layout.py`, `render/plain_table.py`), because
drawing them through Rich's console cost more than the rest of a command. Each is checked
here against Rich drawing the same thing: on the bundled store at several widths, in UTF-8
and ASCII, and on generated text.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from conftest import mini_store
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzturk.query import FactFilter, apply_filter
from kzturk.render import Column, Section, Terminal, View
from kzturk.render.plain_layout import NARROW, narrow_breaks
from kzturk.render.text import clean_text
from kzturk.render.timeline_format import _entry, _render_plain, _render_rich, _rows
from kzturk.render.views import timeline_view

pytestmark = pytest.mark.heavy  # seconds of work: scheduled first

# ---- timeline -------------------------------------------------------------------------------


@pytest.mark.parametrize("unicode", [True, False])
def test_plain_timeline_is_the_rich_one_at_every_width(unicode: bool) -> None:
    facts = apply_filter(mini_store(), FactFilter(include_retracted=True), mini_store().sources)
    view = timeline_view("Timeline", facts, mini_store())
    assert view.headings  # the mini store's occasion heads two of its facts
    sections = [s for s in view.sections if s.rows]
    entries = [[_entry(row) for row in _rows(view, section)] for section in sections]
    for width in range(20, 161):
        terminal = Terminal(width=width, color=False, unicode=unicode)
        plain = _render_plain(view, terminal, sections, entries)
        assert plain == _render_rich(view, terminal, sections, entries), width


narrow_text = st.text(
    alphabet=st.sampled_from([" ", " ", " ", "\xa0", "a", "ü", "–", "’", "₸", "Z", "7"]),
    max_size=120,
) | st.lists(st.text(alphabet="xy ", max_size=60), max_size=8).map(" ".join)


def test_narrow_characters_are_one_cell_for_rich() -> None:
    from rich.cells import cell_len

    assert [c for c in NARROW if cell_len(c) != 1] == []


@settings(max_examples=1000)
@given(narrow_text, st.integers(1, 90))
@example("  \xa0y\xa0a –b\xa0–yyb ’–’y a ’’", 1)  # spaces before the first word are its own
@example("abc      de", 5)  # a word's trailing spaces run past the line
@example("a " + "x" * 30 + " b", 7)  # a word folded across lines, after another
def test_narrow_line_breaks_are_rich_ones(text: str, width: int) -> None:
    from rich._wrap import divide_line

    assert narrow_breaks(text, width) == divide_line(text, width, fold=True)


_wide_text = st.text(alphabet=st.sampled_from([" ", "a", "ü", "哈", "😀", "\u0301"]), max_size=60)


@given(narrow_text | _wide_text | st.text(max_size=60), st.integers(1, 90))
@example("x" * 30 + " ab", 7)  # a word folded across lines
@example("哈萨克 哈萨克斯坦 a", 6)  # two cells a letter
def test_huge_cells_wrap_alike_measured_by_length_or_in_cells(text: str, width: int) -> None:
    """A huge cell's wrap (`plain_table._fill`) measures narrow text by its length: the
    lines are those measured in cells."""
    from rich.cells import cell_len

    from kzturk.render.plain_table import _fill

    assert _fill(text, width) == _fill(text, width, measured=cell_len)


@pytest.mark.parametrize("width", [40, 80, 123, 200])
def test_plain_timeline_of_the_bundled_store_is_the_rich_one(width: int) -> None:
    from kzturk.store import bundled_store_path, load_store

    store = load_store(bundled_store_path())
    view = timeline_view("Timeline", apply_filter(store, FactFilter(), store.sources), store)
    sections = [s for s in view.sections if s.rows]
    entries = [[_entry(row) for row in _rows(view, section)] for section in sections]
    terminal = Terminal(width=width, color=False)
    plain = _render_plain(view, terminal, sections, entries)
    assert plain is not None
    assert plain == _render_rich(view, terminal, sections, entries)


label = st.sampled_from(["2025", "May 2022", "29 Jul 2025", "undated", "29 Jul 2025*"])
words = st.lists(st.text(min_size=0, max_size=30), max_size=20).map(" ".join)


@settings(max_examples=300, deadline=None)
@example(
    [("2025", "", "", False), ("2025", "", "0", False)], 20, "0" * 20 + "\r"
)  # a CR after a full line
@given(
    st.lists(st.tuples(label, words | st.text(), words, st.booleans()), min_size=1, max_size=4),
    st.integers(20, 160),
    st.text(max_size=40),
)
def test_plain_timeline_is_the_rich_one_for_any_text(
    rows: list[tuple[str, str, str, bool]], width: int, footer: str
) -> None:
    cleaned = [(lab, clean_text(s), clean_text(n), i) for lab, s, n, i in rows]
    view = View("T", [], dict, [Section("2024", [None] * len(rows), [])], footer=footer)
    terminal = Terminal(width=width, color=False)
    plain = _render_plain(view, terminal, view.sections, [cleaned])
    if plain is not None:  # None: the text has breaks Rich measures and wraps differently
        assert plain == _render_rich(view, terminal, view.sections, [cleaned])


# ---- table layouts --------------------------------------------------------------------------


def _bundled_table_sections() -> list[Section]:
    """Sections of every kind of table view, from the bundled store."""
    from kzturk.analysis import trade_report
    from kzturk.render.detail_views import fact_detail_view
    from kzturk.render.trade_views import trade_view
    from kzturk.render.views import fact_list_view
    from kzturk.store import bundled_store_path, load_store

    store = load_store(bundled_store_path())
    every = apply_filter(store, FactFilter(), store.sources)
    deals = apply_filter(store, FactFilter(kinds=("deal",)), store.sources)
    views = [
        fact_list_view("Deals", deals, store, deals=True),
        fact_list_view("Facts", every[:60], store),
        trade_view(trade_report(store, FactFilter()), store),
        fact_detail_view(every[0], store),
    ]
    return [s.without_empty_columns() for v in views for s in v.sections if s.rows]


@pytest.mark.parametrize(
    ("width", "unicode"),
    [(40, True), (60, False), (80, True), (100, False), (120, True), (160, False)],
)
def test_tables_and_cards_written_directly_are_richs(width: int, unicode: bool) -> None:
    """Every layout of every kind of table view, written without Rich's console, is the
    text Rich draws, line for line (in UTF-8, and in ASCII where letters become '?' and
    tables have ASCII rules)."""
    from kzturk.render import table_format

    terminal = Terminal(width=width, unicode=unicode, encoding="utf-8" if unicode else "ascii")
    for section in _bundled_table_sections():
        for layout in table_format._layouts(section, terminal):
            assert layout.plain() == layout.rich(), (section.title, width)


@pytest.mark.parametrize("width", [60, 120])
def test_in_colour_rich_draws_the_layout_with_the_fewest_lines(width: int) -> None:
    from kzturk.render import table_format

    terminal = Terminal(width=width, color=True)
    chosen = set()
    for section in _bundled_table_sections():
        section = section._replace(rows=section.rows[:40])  # the choice, not the drawing
        every = [layout.rich() for layout in table_format._layouts(section, terminal)]
        fewest = min(every, key=lambda text: text.count("\n"))
        assert "\x1b[" in fewest
        assert table_format._shortest(section, terminal) == fewest, (section.title, width)
        chosen.add(every.index(fewest))
    assert len(chosen) > 1  # not the same layout every time


cell_text = st.lists(
    st.sampled_from(["Türkiye’s", "x", "2025", "a-b", "哈萨克", "e\u0301", "", " "])
).map(" ".join).filter(lambda text: text.strip() != "") | st.text(max_size=60)


# Made once, not in every draw (hypothesis checks each new strategy).
_headers = st.sampled_from(["ID", "Date", "Sources", "Note"])
_justify = st.sampled_from(["left", "right"])
_row_lists = {
    count: st.lists(st.lists(cell_text, min_size=count, max_size=count), min_size=1, max_size=5)
    for count in range(1, 5)
}
_titles = st.text(max_size=30)


@st.composite
def table_sections(draw: st.DrawFn) -> Section:
    """A section of up to four columns (one the prose column, some secondary or lists) and
    up to five rows of any text."""
    count = draw(st.integers(1, 4))
    main = draw(st.integers(0, count - 1))
    columns = [
        Column(
            draw(_headers) + str(index),
            lambda row, index=index: row[index],
            justify=draw(_justify),
            no_wrap=index != main and draw(st.booleans()),
            secondary=index != main and draw(st.booleans()),
            main=index == main,
            lines=draw(st.booleans()),
        )
        for index in range(count)
    ]
    rows = draw(_row_lists[count])
    return Section(draw(_titles), rows, columns).without_empty_columns()


@settings(max_examples=300, deadline=None)
@given(table_sections(), st.integers(1, 160), st.booleans())
def test_tables_and_cards_written_directly_are_richs_for_any_text(
    section: Section, width: int, unicode: bool
) -> None:
    from kzturk.render import table_format

    terminal = Terminal(width=width, unicode=unicode, encoding="utf-8" if unicode else "ascii")
    for layout in table_format._layouts(section, terminal):
        plain = layout.plain()
        if plain is not None:  # None: text Rich would measure or break apart from a newline
            assert plain == layout.rich()


@contextlib.contextmanager
def _rich_only() -> Iterator[None]:
    """Nothing written directly while it lasts: Rich draws everything."""
    from kzturk.render import plain_layout, plain_table, timeline_format

    with pytest.MonkeyPatch.context() as patch:
        for module in (plain_layout, plain_table, timeline_format):
            patch.setattr(module, "rich_wrapping", lambda: False)
        yield


@pytest.mark.parametrize("width", [30, 80, 130])
def test_whole_listings_written_directly_are_richs(width: int) -> None:
    """Whole outputs, titles, empty messages and footers included, as `render` gives them
    for a pipe: written directly, and with Rich drawing everything."""
    from kzturk.render import render
    from kzturk.render.detail_views import fact_detail_view
    from kzturk.render.views import fact_list_view
    from kzturk.store import bundled_store_path, load_store

    store = load_store(bundled_store_path())
    facts = apply_filter(store, FactFilter(), store.sources)
    views = [
        fact_list_view("Facts", facts[:50], store),
        fact_list_view("Nothing", [], store),
        fact_detail_view(facts[7], store),
        timeline_view("Timeline", facts[:80], store),
    ]
    assert views[0].footer and not views[1].sections[0].rows
    terminal = Terminal(width=width)
    written = [render(view, "table", terminal) for view in views]
    with _rich_only():
        drawn = [render(view, "table", terminal) for view in views]
    assert written == drawn
