"""Pages to share, without a browser: golden files, nothing external, hostile text, the data
island, determinism, the SVG chart and TimelineJS JSON.

Golden files are tests/golden/*.html, *.svg and *.timelinejs.json. After a deliberate change
rewrite them with `KZTURK_UPDATE_GOLDEN=1 pytest tests/test_html.py` and read the diff.
The same pages in a real browser are tests/test_browser.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import GOLDEN_DIR, assert_golden, mini_store
from hostile_helpers import hostile_data, hostile_id_data, write_store
from html_helpers import (
    BAD_URLS,
    BIDI,
    CONTROLS,
    PAGES,
    chart_page,
    linked_data,
    parse_page,
    timeline_page,
)

from kzturk.render import View, render
from kzturk.render.html_page import assets
from kzturk.render.html_text import csp_hash, http_url, json_island
from kzturk.render.text import clean_text
from kzturk.store import Store, load_store

SVG = "{http://www.w3.org/2000/svg}"


def _store(name: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    makers = {"hostile": hostile_data, "hostile_ids": hostile_id_data, "linked": linked_data}
    if name == "mini":
        return mini_store()
    path = tmp_path_factory.mktemp(name) / "facts.json"
    return load_store(write_store(path, makers[name]()))


# ---- golden pages ---------------------------------------------------------------------------

GOLDEN: dict[str, tuple[Callable[[Store], View], str]] = {
    **{f"{name}.html": (page, "html") for name, page in PAGES.items()},
    "trade-chart.svg": (chart_page, "svg"),
    "timeline.timelinejs.json": (timeline_page, "timelinejs"),
}


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_page(name: str, linked: Store) -> None:
    page, fmt = GOLDEN[name]
    output = render(page(linked), fmt)
    assert_golden(GOLDEN_DIR / name, output)


def test_every_golden_page_is_used() -> None:
    found = {p.name for p in GOLDEN_DIR.iterdir() if p.suffix in (".html", ".svg", ".json")}
    assert found == set(GOLDEN)


# ---- one file, nothing fetched --------------------------------------------------------------

URL_ATTRIBUTES = {"src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "ping"}


def assert_self_contained(page: str) -> None:
    parsed = parse_page(page)
    assert not parsed.tags() & {"iframe", "object", "embed", "img", "form", "base", "audio"}
    assert not parsed.tags() & {"video", "source", "track", "frame", "applet", "portal"}
    for tag, name, value in parsed.attributes():
        assert name not in URL_ATTRIBUTES, (tag, name, value)
        assert name != "style", (tag, value)  # the policy allows no style attribute
        if name == "href":
            if tag == "link":
                assert value == "data:,"  # the empty favicon
            else:
                assert tag == "a" and value is not None, (tag, value)
                assert value.startswith("#") or http_url(value) == value, value
    assert [a.get("rel") for t, a in parsed.elements if t == "link"] == ["icon"]
    for style in parsed.styles:
        assert "url(" not in style and "@import" not in style and "@font-face" not in style
    for attrs, script in parsed.scripts:
        assert "src" not in attrs
        if attrs.get("type") != "application/json":
            assert "http" not in script and "fetch(" not in script
            assert "XMLHttpRequest" not in script and "import(" not in script


@pytest.mark.parametrize("name", PAGES)
def test_pages_reference_nothing_outside(name: str, linked: Store) -> None:
    assert_self_contained(render(PAGES[name](linked), "html"))


def test_the_policy_allows_nothing_from_outside_and_the_inline_blocks_by_hash(
    linked: Store,
) -> None:
    page = render(timeline_page(linked), "html")
    parsed = parse_page(page)
    (policy,) = [a["content"] for t, a in parsed.elements if t == "meta" and a.get("http-equiv")]
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["base-uri"] == "'none'" and rules["form-action"] == "'none'"
    assert rules["img-src"] == "data:"
    (style,) = parsed.styles
    (script,) = [text for attrs, text in parsed.scripts if "type" not in attrs]
    assert rules["style-src"] == csp_hash(style)
    assert rules["script-src"] == csp_hash(script)
    assert "unsafe" not in policy and "http" not in policy and "*" not in policy
    # The policy is the first thing after the character set, before anything it governs.
    assert page.index("Content-Security-Policy") < page.index("<title>") < page.index("<style>")


def test_a_change_to_the_script_changes_its_hash() -> None:
    css, script, policy = assets()
    assert csp_hash(script) in policy and csp_hash(script + " ") not in policy
    assert csp_hash(css) in policy


def test_fonts_are_the_systems() -> None:
    css, _, _ = assets()
    assert "font-family: system-ui" in css
    assert "@font-face" not in css and "url(" not in css


# ---- the data island ------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_the_data_island_holds_the_json_records(name: str, linked: Store) -> None:
    view = PAGES[name](linked)
    page = render(view, "html")
    assert parse_page(page).data_island() == json.loads(render(view, "json"))


def test_the_data_island_escapes_what_could_end_it(hostile: Store) -> None:
    page = render(timeline_page(hostile), "html")
    island = page.split('id="kzturk-data">', 1)[1].split("</script>", 1)[0]
    assert not set("<>&") & set(island)
    assert "\\u003c/script\\u003e" in island and "\\u0026" in island
    assert not BIDI.search(island)
    assert json.loads(island) == json.loads(render(timeline_page(hostile), "json"))


def test_json_island_escapes_lone_surrogates_and_line_separators() -> None:
    text = json_island(["a\ud800b", "\u2028", "</script>"])
    assert text.isascii()
    assert json.loads(text) == ["a\ud800b", "\u2028", "</script>"]


# ---- hostile text is data -------------------------------------------------------------------


def hostile_pages(store: Store) -> dict[str, str]:
    pages = {name: render(page(store), "html") for name, page in PAGES.items()}
    for fact_id in ("F101", "F103", "F106"):
        pages[f"show {fact_id}"] = render(PAGES["show"](store, fact_id), "html")  # type: ignore[call-arg]
    return pages


def test_hostile_text_cannot_add_markup_scripts_or_handlers(hostile: Store) -> None:
    for name, page in hostile_pages(hostile).items():
        parsed = parse_page(page)
        scripts = [attrs for attrs, _ in parsed.scripts]
        island = {"type": "application/json", "id": "kzturk-data"}
        words = {"type": "application/json", "id": "kzturk-words"}
        expected = [island] if name.startswith("show") else [island, words, {}]
        assert scripts == expected, name
        assert len(parsed.styles) == 1, name
        assert not [a for a in parsed.attributes() if a[1].startswith("on")], name
        assert "autofocus" not in {a[1] for a in parsed.attributes()}, name
        assert not parsed.tags() & {"img", "iframe", "object", "embed"}, name
        assert "<script>window.pwned" not in page and "<img src=x" not in page, name
        assert 'onmouseover="window' not in page, name
        assert "&lt;/script&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page, name
        assert_self_contained(page)


def test_hostile_text_is_shown_as_text(hostile: Store) -> None:
    page = render(timeline_page(hostile), "html")
    text = "".join(parse_page(page).text)
    assert "</script><script>window.pwned = 1</script>" in text
    assert '<img src=x onerror="window.pwned = 2">' in text
    assert "&lt;already escaped&gt; &amp;" in text  # shown as typed, not unescaped once more


@pytest.mark.parametrize("store_name", ["hostile", "hostile_ids", "html_hostile"])
def test_no_bidi_override_or_control_character_anywhere(
    store_name: str, tmp_path_factory: pytest.TempPathFactory, hostile: Store
) -> None:
    store = hostile if store_name == "html_hostile" else _store(store_name, tmp_path_factory)
    outputs = [render(page(store), "html") for page in PAGES.values()]
    outputs += [render(chart_page(store), "svg"), render(timeline_page(store), "timelinejs")]
    for output in outputs:
        assert not BIDI.search(output)
        assert not CONTROLS.search(output)


def test_only_http_addresses_are_links(hostile: Store, linked: Store) -> None:
    hrefs = [
        value
        for page in hostile_pages(hostile).values()
        for tag, name, value in parse_page(page).attributes("a")
        if name == "href"
    ]
    assert hrefs and all(str(h).startswith("#") for h in hrefs)  # no source link at all
    page = render(PAGES["show"](hostile, "F101"), "html")  # type: ignore[call-arg]
    assert "javascript:window.pwned=6" in "".join(parse_page(page).text)  # shown, as text
    sources = [
        v
        for t, n, v in parse_page(render(PAGES["show"](linked), "html")).attributes("a")
        if n == "href" and not str(v).startswith("#")
    ]
    assert sources == ["https://example.org/alpha"]
    for url in [*BAD_URLS, "http://", "https:///path", "http://a b", "ftp://x", "//evil"]:
        assert http_url(url) is None, url
    assert http_url(" https://example.org/x?a=1&b=2 ") == "https://example.org/x?a=1&b=2"


def test_hostile_ids_become_safe_anchors(tmp_path_factory: pytest.TempPathFactory) -> None:
    store = _store("hostile_ids", tmp_path_factory)
    parsed = parse_page(render(timeline_page(store), "html"))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i) for i in parsed.ids())
    hrefs = {str(v)[1:] for t, n, v in parsed.attributes("a") if n == "href" and v[:1] == "#"}
    assert hrefs and hrefs <= set(parsed.ids())  # every in-page link has its target


# ---- the timeline page ----------------------------------------------------------------------


def test_timeline_groups_by_year_and_occasion(linked: Store) -> None:
    page = render(timeline_page(linked), "html")
    years = re.findall(r'<section class="year" id="y(\w+)"', page)
    assert years == ["2022", "2023", "2024", "Undated"]
    occasion = page.index('id="occasion-2022-05-visit"')
    assert occasion < page.index('id="F101"') < page.index('id="F107"')
    assert page.index('id="F109"') < occasion  # F109 (1 Jan 2022) comes before the visit
    assert "▸ Tokayev&#39;s visit to Ankara" in page and "visit in Ankara, 2 facts" in page


def test_timeline_dates_keep_their_precision(linked: Store) -> None:
    page = render(timeline_page(linked), "html")
    assert '<time datetime="2022">c. 2022</time>' in page  # F102, approximate
    assert '<time datetime="2024-03">Mar 2024</time>' in page  # F103, a month
    assert '<time datetime="2024-03-20">20–21 Mar 2024</time>' in page  # F110, two days
    assert "the date a source reported it, not of the event" in page  # F108


def bar(page: str, fact_id: str) -> tuple[float, float, str]:
    """(x, width, class) in percent of the bar drawn for a fact."""
    article = page.split(f'id="{fact_id}"', 1)[1].split("</article>", 1)[0]
    found = re.search(r'<rect class="(span[^"]*)" x="([\d.]+)%" width="([\d.]+)%"', article)
    assert found, fact_id
    return float(found.group(2)), float(found.group(3)), found.group(1)


def test_a_bar_covers_the_whole_interval(linked: Store) -> None:
    page = render(timeline_page(linked), "html")
    year = bar(page, "F102")  # 2022, approximate: a whole year, dashed
    month = bar(page, "F103")  # March 2024
    two_days = bar(page, "F110")  # 20-21 March 2024
    day = bar(page, "F108")  # 1 March 2024
    assert year[2] == "span loose" and month[2] == "span" == day[2]
    # The axis runs 2022-2024 (three years, 1096 days): a year is a third of it.
    assert year[0] == 0 and year[1] == pytest.approx(100 * 365 / 1096, abs=0.01)
    assert month[1] == pytest.approx(100 * 31 / 1096, abs=0.01)
    assert two_days[1] == pytest.approx(2 * day[1], abs=0.01)
    assert month[0] == day[0] < two_days[0] < month[0] + month[1]
    assert "<svg" not in page.split('id="F104"', 1)[1].split("</article>", 1)[0]  # undated


def test_kind_and_sectors_are_badges_and_filter_data(linked: Store) -> None:
    page = render(timeline_page(linked), "html")
    assert '<article class="fact" id="F102" data-item data-fact="F102" data-kind="deal" ' in page
    assert 'data-sectors="energy|investment"' in page
    article = page.split('id="F102"', 1)[1].split("</article>", 1)[0]
    assert '<span class="badge kind">deal: announced</span>' in article
    assert '<span class="badge">energy</span><span class="badge">investment</span>' in article
    assert '<option value="deal">deal</option>' in page
    assert '<option value="transport">transport</option>' in page


def test_conflicts_are_cross_linked_both_ways(linked: Store) -> None:
    page = render(timeline_page(linked), "html")
    f101 = page.split('id="F101"', 1)[1].split("</article>", 1)[0]
    f107 = page.split('id="F107"', 1)[1].split("</article>", 1)[0]
    assert '<p class="links disputed">Disagrees with <a href="#F107">F107</a> (the date)' in f101
    assert '<p class="links disputed">Disagrees with <a href="#F101">F101</a> (the date)' in f107
    assert "sources disagree" in f101 and "sources disagree" in f107
    f110 = page.split('id="F110"', 1)[1].split("</article>", 1)[0]
    assert 'Revised by <a href="#F103">F103</a>' in f110
    f102 = page.split('id="F102"', 1)[1].split("</article>", 1)[0]
    assert "Related to F109" not in f102  # F109 is on the page (the timeline shows analysis)


def test_sources_and_quotes_are_collapsed(linked: Store) -> None:
    page = render(timeline_page(linked), "html")
    f102 = page.split('id="F102"', 1)[1].split("</article>", 1)[0]
    assert "<details><summary>2 sources and quotes</summary><ol>" in f102
    assert "<details open" not in page
    assert "<blockquote>“a joint energy programme was announced”</blockquote>" in f102
    assert '<a href="https://example.org/alpha" rel="noopener noreferrer nofollow"' in f102
    assert "machine translation from Turkish" in f102


def test_pages_read_without_javascript(linked: Store) -> None:
    """Everything is in the HTML; only the filter box needs the script, and it is hidden."""
    page = render(timeline_page(linked), "html")
    assert '<div class="filter" id="filter" role="search" hidden>' in page
    parsed = parse_page(page)
    text = "".join(parsed.text)
    for fact in json.loads(render(timeline_page(linked), "json")):
        assert clean_text(fact["summary"]) in text


def test_empty_timeline_page(linked: Store) -> None:
    view = timeline_page(linked, sectors=("science",))
    page = render(view, "html")
    assert "Nothing matches." in page and 'id="filter"' not in page and "<script>" not in page
    assert parse_page(page).data_island() == []


# ---- every page: determinism, one newline ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "svg", "timelinejs"])
def test_the_same_store_gives_the_same_bytes(fmt: str, tmp_path: Path) -> None:
    """Two stores loaded from two files of the same content, rendered apart, are equal."""
    first = load_store(write_store(tmp_path / "a.json", linked_data()))
    second = load_store(write_store(tmp_path / "b.json", linked_data()))
    pages = {"html": timeline_page, "svg": chart_page, "timelinejs": timeline_page}
    one, two = render(pages[fmt](first), fmt), render(pages[fmt](second), fmt)
    assert one == two
    assert one.endswith("\n") and not one.endswith("\n\n")
    assert not re.search(r"20\d\d-\d\d-\d\dT|\d\d:\d\d:\d\d", one)  # no time stamp
