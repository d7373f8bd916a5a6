"""`--format ics`: the timeline and the occasions as iCalendar, parsed back with icalendar.

Only what is dated to the day lands on a day (all-day events, exclusive DTEND); a fact known
only to a month or a year is left out, and stderr says how many were.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI_STORE, Runner
from icalendar import Calendar

from kzturk.dates import parse_partial_date
from kzturk.render.text import clean_text


def events(text: str) -> list[Any]:
    return list(Calendar.from_ical(text).walk("VEVENT"))


def day_precise(record: dict[str, Any]) -> bool:
    return bool(record["date"]) and parse_partial_date(record["date"]).day is not None


@pytest.mark.parametrize("options", [(), ("--context", "--analysis"), ("--since", "2024")])
def test_the_timeline_calendar_holds_exactly_the_facts_dated_to_the_day(
    run: Runner, options: tuple[str, ...]
) -> None:
    records = run("timeline", "--json", *options, "--db", str(MINI_STORE)).json
    result = run("timeline", "--format", "ics", *options, "--db", str(MINI_STORE))
    assert result.code == 0, result.err
    by_uid = {str(e["UID"]): e for e in events(result.out)}
    expected = {f"{r['id']}@kzturk": r for r in records if day_precise(r)}
    assert set(by_uid) == set(expected)
    for uid, event in by_uid.items():
        record = expected[uid]
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is date and type(end) is date  # all-day, never a time
        assert start == date.fromisoformat(record["date"])
        last = date.fromisoformat(record["date_end"] or record["date"])
        assert end == last + timedelta(days=1)  # DTEND is exclusive
        assert str(event["SUMMARY"]) == clean_text(record["summary"])
        assert record["id"] in str(event["DESCRIPTION"])
    # No month- or year-precision fact lands on a day, and stderr counts them.
    left_out = [r for r in records if not day_precise(r)]
    for record in left_out:
        assert f"{record['id']}@kzturk" not in result.out
    if left_out:
        assert f"ics: {len(left_out)} facts not dated to the day left out" in result.err
    else:
        assert result.err == ""


def test_the_default_timeline_left_out_counts(run: Runner) -> None:
    result = run("timeline", "--format", "ics", "--db", str(MINI_STORE))
    assert result.err.strip() == (
        "ics: 4 facts not dated to the day left out (3 known only to a month or a year, 1 undated)"
    )
    assert sorted(str(e["UID"]) for e in events(result.out)) == [
        "F101@kzturk",
        "F107@kzturk",
        "F108@kzturk",
        "F110@kzturk",
    ]
    text = result.out
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))


def test_a_span_of_days_and_its_sources(run: Runner) -> None:
    result = run("timeline", "--format", "ics", "--db", str(MINI_STORE))
    by_uid = {str(e["UID"]): e for e in events(result.out)}
    span = by_uid["F110@kzturk"]
    assert (span["DTSTART"].dt, span["DTEND"].dt) == (date(2024, 3, 20), date(2024, 3, 22))
    visit = str(by_uid["F101@kzturk"]["DESCRIPTION"])
    assert "Sources:" in visit and "[alpha] Kazakhstan and Turkey sign defence pact" in visit
    assert "deal" in [str(c) for c in by_uid["F101@kzturk"]["CATEGORIES"].cats]


def test_hostile_text_stays_inside_its_property(run: Runner) -> None:
    result = run("timeline", "--format", "ics", "--db", str(MINI_STORE))
    assert result.out.count("BEGIN:VEVENT") == len(events(result.out)) == 4
    for line in result.out.split("\r\n"):
        assert "\n" not in line and "\x1b" not in line


def test_the_occasions_calendar(run: Runner) -> None:
    result = run("occasions", "--format", "ics", "--db", str(MINI_STORE))
    assert result.code == 0 and result.err == ""
    [visit] = events(result.out)
    assert str(visit["UID"]) == "2022-05-visit@kzturk"
    assert str(visit["SUMMARY"]) == "Tokayev's visit to Ankara"
    assert (visit["DTSTART"].dt, visit["DTEND"].dt) == (date(2022, 5, 10), date(2022, 5, 12))
    assert str(visit["LOCATION"]) == "Ankara"
    assert "Kassym-Jomart Tokayev; Recep Tayyip Erdoğan" in str(visit["DESCRIPTION"])
    assert type(visit["DTSTAMP"].dt) is datetime


def test_ics_is_offered_only_where_it_applies(run: Runner, tmp_path: Path) -> None:
    deals = run("deals", "--format", "ics", "--db", str(MINI_STORE))
    assert deals.code == 2 and deals.out == ""
    show = run("occasions", "2022-05-visit", "--format", "ics", "--db", str(MINI_STORE))
    assert show.code == 2
    target = tmp_path / "timeline.ics"
    written = run("timeline", "--format", "ics", "-o", str(target), "--db", str(MINI_STORE))
    assert written.code == 0 and written.out == "" and "4 facts" in written.err
    assert len(events(target.read_text("utf-8"))) == 4


def test_the_same_store_gives_the_same_bytes(run: Runner) -> None:
    first = run("timeline", "--format", "ics", "--db", str(MINI_STORE)).out
    assert first == run("timeline", "--format", "ics", "--db", str(MINI_STORE)).out
