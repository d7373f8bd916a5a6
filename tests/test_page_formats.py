"""The page formats on the command line: registered once, offered where they apply.

`--format` choices, help and completion come from the registry's rows (html: tables,
timeline and detail views; svg: the chart; timelinejs: the timeline), so a format is offered
exactly where it renders, and asking for it elsewhere is a usage error that says where it
does apply.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Complete, Runner
from hostile_helpers import environment, kzturk
from test_cli import assert_usage_error

from kzturk.render import (
    AGREEMENTS,
    CHART,
    DETAIL,
    EVENTS,
    FORMAT,
    STATS,
    TABLES,
    TIMELINE,
    formats_for,
)

MINI = str(Path(__file__).parent / "data" / "mini_store.json")


def test_the_registry_rows() -> None:
    assert set(FORMAT["html"].modules) == {TABLES, EVENTS, AGREEMENTS, STATS, TIMELINE, DETAIL}
    assert set(FORMAT["svg"].modules) == {CHART}
    assert set(FORMAT["timelinejs"].modules) == {TIMELINE}
    assert all(FORMAT[name].data for name in ("html", "svg", "timelinejs"))
    assert formats_for(CHART) == ("table", "svg")
    assert "timelinejs" in formats_for(TIMELINE) and "timelinejs" not in formats_for(TABLES)
    assert set(FORMAT["ics"].modules) == {TIMELINE, EVENTS, AGREEMENTS}
    assert "ics" not in formats_for(TABLES) and "ics" not in formats_for(DETAIL)


def help_of(run: Runner, command: str) -> str:
    result = run(command, "--help")
    assert result.code == 0
    return " ".join(result.out.split())


@pytest.mark.parametrize(
    ("command", "expected", "absent"),
    [
        ("timeline", "Output: table, json, jsonl, csv, md, html, timelinejs, ics.", "svg"),
        ("deals", "Output: table, json, jsonl, csv, md, html.", "timelinejs"),
        (
            "trade",
            "Output: table, json, jsonl, csv, md, html. With --chart: table, svg.",
            "jsonl, svg",
        ),
        ("show", "Output: table, json, jsonl, csv, md, html.", "timelinejs"),
        (
            "agreements",
            "Output: table, json, jsonl, csv, md, html, ics. With an ID: table, json, jsonl, "
            "csv, md, html.",
            "timelinejs",
        ),
    ],
)
def test_format_help_names_the_formats_of_the_command(
    run: Runner, command: str, expected: str, absent: str
) -> None:
    text = help_of(run, command)
    assert expected in text
    assert absent not in text.split("Output:")[1].split(". ")[0]
    assert "-o, --output FILE" in text


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("kzturk timeline --format ti", ["timelinejs"]),
        ("kzturk deals --format ti", []),
        ("kzturk trade --format s", ["svg"]),
        ("kzturk show --format h", ["html"]),
        ("kzturk agreements --format i", ["ics"]),
        ("kzturk deals --format i", []),
    ],
)
def test_completion_offers_the_formats_that_apply(
    complete: Complete, words: str, expected: list[str]
) -> None:
    assert complete(words) == expected


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (("deals", "--format", "timelinejs"), ("timelinejs does not apply", "html")),
        (("deals", "--format", "svg"), ("svg does not apply",)),
        (("trade", "--format", "svg"), ("--format svg draws the chart: add --chart",)),
        (("trade", "--chart", "--format", "html"), ("html does not apply", "svg")),
        (("trade", "--chart", "--json"), ("--chart",)),
        (("show", "F101", "--format", "timelinejs"), ("timelinejs does not apply",)),
        (("sectors", "--format", "svg"), ("svg does not apply",)),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) and len(value) > 1 else None,
)
def test_a_format_where_it_does_not_apply_is_a_usage_error(
    run_mini: Runner, argv: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    assert_usage_error(run_mini(*argv), *fragments)


@pytest.mark.parametrize(
    "argv",
    [
        ("timeline", "--format", "html"),
        ("timeline", "--format", "TimelineJS"),
        ("trade", "--chart", "--format", "svg"),
        ("show", "F102", "--format", "html"),
        ("sources", "alpha", "--format", "html"),
        ("entities", "--format", "html"),
        ("occasions", "2022-05-visit", "--format", "html"),
        ("conflicts", "--format", "html"),
    ],
    ids=" ".join,
)
def test_pages_are_written_as_utf8_to_any_terminal(argv: tuple[str, ...]) -> None:
    """Like JSON, a page is data: UTF-8 even where the locale is ASCII, and never paged."""
    done = kzturk(*argv, "--db", MINI, env=environment(PYTHONIOENCODING="ascii", LANG="C"))
    assert (done.code, done.error) == (0, "")
    text = done.out.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    if "timelinejs" in argv[-1].casefold():
        assert "Erdoğan" in json.dumps(json.loads(text), ensure_ascii=False)
    elif "svg" in argv:
        assert text.startswith("<?xml")
    else:
        assert text.startswith("<!DOCTYPE html>") and "—" in text


def test_a_page_names_the_command_that_made_it_less_local_paths(
    run: Runner, mini_store_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "timeline.html"
    result = run(
        "timeline",
        "--since",
        "2022",
        "--format",
        "html",
        "--db",
        str(mini_store_path),
        "-o",
        str(out),
    )
    assert result.code == 0, result.err
    page = out.read_text(encoding="utf-8")
    footer = page.split("<footer>", 1)[1].split("</footer>", 1)[0]
    assert "<code>kzturk timeline --since 2022 --format html</code>" in footer
    assert str(mini_store_path) not in page and str(out) not in page
    visible = page.split("<main>", 1)[0].split("<body>", 1)[1]
    assert "--" not in visible and "kzturk " not in visible  # title, lead and controls


def test_the_command_line_shown_drops_store_and_output_paths() -> None:
    from kzturk.cli.page_command import command_line

    argv = ["deals", "--db", "/home/me/f.json", "--output=x.html", "-o", "y.html", "--party", "a b"]
    assert command_line(argv) == "kzturk deals --party 'a b'"
