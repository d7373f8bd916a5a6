"""`--format ics`: the timeline, the occasions and the agreements' steps as iCalendar, parsed
back with icalendar.

Only what is dated to the day lands on a day (all-day events, exclusive DTEND); a fact or a
step known only to a month or a year is left out, and stderr says how many were.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from agreement_helpers import LIVES, agreement, agreement_store, step
from conftest import MINI_STORE, REPO_STORE, Runner
from icalendar import Calendar

from kzturk.dates import parse_partial_date
from kzturk.render.ics_format import step_uid
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


# ---- agreements: an event per step of a life dated to the day ----------------------------

LEFT_TO_MONTH_OR_YEAR = agreement(
    "month-2019",
    step("signed", "2019-05", place="Ankara"),
    step("ratified", None, party="kazakhstan"),
    step("ratified", "2019-11-04", party="turkey", number="No. 7"),
)


def steps_of(records: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(record, s) for record in records for s in record["steps"]]


@pytest.fixture
def lives(tmp_path: Path) -> Path:
    return agreement_store(tmp_path, [*LIVES, LEFT_TO_MONTH_OR_YEAR])


def test_the_agreements_calendar_holds_exactly_the_steps_dated_to_the_day(
    run: Runner, lives: Path
) -> None:
    records = run("agreements", "--json", "--db", str(lives)).json
    result = run("agreements", "--format", "ics", "--db", str(lives))
    assert result.code == 0, result.err
    found = events(result.out)
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids))  # unique
    by_uid = {str(e["UID"]): e for e in found}
    expected = {step_uid(a, s): (a, s) for a, s in steps_of(records) if day_precise(s)}
    assert set(by_uid) == set(expected)
    for uid, event in by_uid.items():
        agreement_record, one = expected[uid]
        assert event["DTSTART"].dt == date.fromisoformat(one["date"])
        assert type(event["DTSTART"].dt) is date
        assert event["DTEND"].dt == date.fromisoformat(one["date"]) + timedelta(days=1)
        summary = str(event["SUMMARY"]).casefold()
        assert agreement_record["title"].casefold() in summary
        assert one["kind"].split("-")[0] in summary
        assert uid.startswith(f"{agreement_record['id']}/{one['kind']}/")
        assert "[page] A legal page" in str(event["DESCRIPTION"])  # the step's source
    # No step known only to a month or a year lands on a day: not on its first day, not at all.
    left_out = [(a, s) for a, s in steps_of(records) if not day_precise(s)]
    assert len(left_out) == 4  # 2004 (customs), 2018 (culture-2018), 2019-05, undated
    days = {(str(e["UID"]).split("/")[0], e["DTSTART"].dt) for e in found}
    for record, one in left_out:
        assert step_uid(record, one) not in by_uid
        if one["date"]:
            start = parse_partial_date(one["date"]).start
            assert (record["id"], start) not in days
    assert result.err.strip() == (
        "ics: 4 agreement steps not dated to the day left out "
        "(3 known only to a month or a year, 1 undated)"
    )


def test_an_agreement_step_event_names_the_step_and_its_party(run: Runner, lives: Path) -> None:
    result = run("agreements", "--format", "ics", "--db", str(lives))
    by_uid = {str(e["UID"]): e for e in events(result.out)}
    ratified = by_uid["customs/ratified/kazakhstan/2004-05-10@kzturk"]
    assert str(ratified["SUMMARY"]) == "Ratified by Kazakhstan: Agreement customs"
    assert "Number: No. 549-II" in str(ratified["DESCRIPTION"])
    signed = by_uid["customs/signed/2003-05-22@kzturk"]
    assert str(signed["SUMMARY"]) == "Signed: Agreement customs"
    assert str(signed["LOCATION"]) == "Ankara"
    assert [str(c) for c in signed["CATEGORIES"].cats] == ["agreement", "signed"]
    superseded = by_uid["visas-1992/superseded/visits-2001/2001-11-26@kzturk"]
    assert "Superseded by agreement visits-2001" in str(superseded["DESCRIPTION"])


def test_agreement_step_uids_are_stable(run: Runner, lives: Path, tmp_path: Path) -> None:
    """The same store gives the same bytes; a step added to a life, even before the others,
    leaves every other step's UID as it was."""
    first = run("agreements", "--format", "ics", "--db", str(lives)).out
    assert first == run("agreements", "--format", "ics", "--db", str(lives)).out
    customs = dict(LIVES[0])
    customs["steps"] = [step("approved", "2003-04-01"), *customs["steps"]]
    (tmp_path / "grown").mkdir()
    grown = agreement_store(tmp_path / "grown", [customs, *LIVES[1:], LEFT_TO_MONTH_OR_YEAR])
    later = run("agreements", "--format", "ics", "--db", str(grown)).out
    before = {str(e["UID"]) for e in events(first)}
    after = {str(e["UID"]) for e in events(later)}
    assert after - before == {"customs/approved/2003-04-01@kzturk"}
    assert before <= after


def test_the_same_step_twice_still_has_unique_uids(run: Runner, tmp_path: Path) -> None:
    twice = agreement("twice", step("signed", "2001-01-02"), step("signed", "2001-01-02"))
    path = agreement_store(tmp_path, [twice])
    uids = [str(e["UID"]) for e in events(run("agreements", "-f", "ics", "--db", str(path)).out)]
    assert uids == ["twice/signed/2001-01-02@kzturk", "twice/signed/2001-01-02/2@kzturk"]


def test_the_bundled_agreements_calendar(run: Runner) -> None:
    records = run("agreements", "--json", "--db", str(REPO_STORE)).json
    result = run("agreements", "--format", "ics", "--db", str(REPO_STORE))
    assert result.code == 0
    uids = [str(e["UID"]) for e in events(result.out)]
    dated = [s for _, s in steps_of(records) if day_precise(s)]
    assert len(uids) == len(set(uids)) == len(dated) > 0
    left = len(steps_of(records)) - len(dated)
    assert f"ics: {left} agreement steps not dated to the day left out" in result.err


def test_agreement_filters_choose_the_calendar(run: Runner, lives: Path) -> None:
    argv = ("agreements", "--since", "2003", "--until", "2010", "--format", "ics")
    result = run(*argv, "--db", str(lives))
    assert {str(e["UID"]).split("/")[0] for e in events(result.out)} == {"customs"}
    assert "1 known only to a month or a year" in result.err  # Turkey's ratification, 2004
    show = run("agreements", "customs", "--format", "ics", "--db", str(lives))
    assert show.code == 2 and show.out == ""
