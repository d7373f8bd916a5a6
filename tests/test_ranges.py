"""A date range: the facts surely in it first, those whose date is only wider after them
under a heading that says so, and `wider_than_range` in JSON (kzturk/render/ranges.py)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import REPO_STORE, Runner

from kzturk.dates import make_range, span_of

JULY = ("--since", "2025-07", "--until", "2025-07")


@pytest.mark.parametrize(
    ("date", "end", "inside"),
    [
        ("2025-07-28", None, True),
        ("2025-07", None, True),
        ("2025-07-28", "2025-07-29", True),
        ("2025", None, False),
        ("2023", "2025", False),
        ("2025-06-30", "2025-07-01", False),
    ],
)
def test_contains_only_what_lies_wholly_in_the_range(
    date: str, end: str | None, inside: bool
) -> None:
    july = make_range("2025-07", "2025-07")
    span = span_of(date, end)
    assert july.overlaps(span)
    assert july.contains(span) is inside


def test_an_open_range_contains_everything_and_a_closed_one_nothing_undated() -> None:
    assert make_range(None, None).contains(None)
    assert not make_range("2025", None).contains(None)


def _run(run: Runner, *argv: str) -> str:
    result = run(*argv, "--db", str(REPO_STORE))
    assert result.code == 0, result.err
    return result.out


MAY_2022 = ("--since", "2022-05", "--until", "2022-05")


@pytest.mark.parametrize(
    ("command", "span", "year"),
    [("timeline", JULY, "2025"), ("deals", MAY_2022, "2022"), ("search", JULY, "2025")],
)
def test_wider_facts_come_after_the_others_under_their_heading(
    run: Runner, monkeypatch: pytest.MonkeyPatch, command: str, span: tuple[str, ...], year: str
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    argv = (command, "izvestia") if command == "search" else (command,)
    facts = json.loads(_run(run, *argv, *span, "--json"))
    wider = [r["id"] for r in facts if r["wider_than_range"]]
    inside = [r["id"] for r in facts if not r["wider_than_range"]]
    assert wider and inside  # the store has both in that month
    text = _run(run, *argv, *span)
    assert f"Dated only to {year} — may fall in this range" in text
    heading = text.index("Dated only to ")
    positions = {
        fid: m.start() for fid in wider + inside for m in [re.search(rf"\b{fid}\b", text)] if m
    }
    assert set(positions) == set(wider + inside)
    assert max(positions[f] for f in inside) < heading < min(positions[f] for f in wider)
    assert f"{len(wider)} of them dated only to a longer period" in text


def test_the_markdown_and_the_page_say_so_too(run: Runner) -> None:
    markdown = _run(run, "timeline", *JULY, "--format", "md")
    assert "### Dated only to 2025 — may fall in this range" in markdown
    page = _run(run, "timeline", *JULY, "--format", "html")
    assert "<h2>Dated only to 2025 — may fall in this range</h2>" in page


def test_without_a_range_no_record_has_the_field(run: Runner) -> None:
    records = json.loads(_run(run, "deals", "--json"))
    assert records and all("wider_than_range" not in r for r in records)


def test_trade_marks_figures_dated_wider_than_the_range(run: Runner) -> None:
    summer = ("--since", "2025-06", "--until", "2025-08")
    records = json.loads(_run(run, "trade", *summer, "--json"))
    wider = [r["id"] for r in records if r["wider_than_range"]]
    inside = [r["id"] for r in records if not r["wider_than_range"]]
    assert wider and inside  # full-year 2025 figures overlap; targets set in July fall inside
    assert all(r["date"] and len(r["date"]) < 10 for r in records if r["id"] in wider)
    text = _run(run, "trade", *summer)
    assert f"{len(wider)} figures dated only to a longer period than the" in text
    assert all("wider_than_range" not in r for r in json.loads(_run(run, "trade", "--json")))
