"""`--format ics`: the timeline and the occasions as an iCalendar file (RFC 5545), for any
calendar program.

One all-day event per fact or occasion dated to the day or to a span of days:
`DTSTART;VALUE=DATE` and the exclusive `DTEND` (the day after the last), `UID` from the id
(`F101@kzturk`), `SUMMARY` the summary or the occasion's name, `DESCRIPTION` what kind of
thing it is, its parties and its sources with their quotes. A date known only to a month or
a year has no day to stand on: it is left out, never put on the first of the month, and
`notice` says how many were (the command prints it on stderr). `DTSTAMP`, which RFC 5545
requires, is the event's own first day, so the same store gives the same bytes. The
icalendar library is imported only here, when a calendar is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.render import Terminal, View
from kzturk.render.text import clean_text

PRODID = "-//kzturk//Kazakhstan-Turkey relations//EN"


def _day(text: object) -> date | None:
    if not isinstance(text, str) or not is_partial_date(text):
        return None
    when = parse_partial_date(text)
    return date(when.year, when.month, when.day) if when.month and when.day else None


def days_of(record: Mapping[str, Any]) -> tuple[date, date] | None:
    """(first day, last day) of a record dated to the day, else None."""
    first = _day(record.get("date"))
    if first is None:
        return None
    last = _day(record.get("date_end")) or first
    return first, max(first, last)


def _is_fact(record: Mapping[str, Any]) -> bool:
    return "summary" in record and "kind" in record


def _source_lines(record: Mapping[str, Any], sources: Mapping[str, Any]) -> list[str]:
    lines = []
    for cited in record.get("sources") or []:
        source = sources.get(cited["source"]) or {}
        parts = [source.get("title"), source.get("outlet"), source.get("author")]
        parts += [source.get("published"), source.get("url")]
        head = " — ".join(str(p) for p in parts if p) or "(not in the store)"
        lines.append(f"- [{cited['source']}] {head}")
        if cited.get("quote"):
            lines.append(f"  “{cited['quote']}”")
    return lines


def _description(record: Mapping[str, Any], view: View) -> str:
    if _is_fact(record):
        kind = record["kind"] + (f" ({record['status']})" if record.get("status") else "")
        lines = [f"kzturk fact {record['id']}: {kind}"]
        if record.get("date_qualifier"):
            lines.append(f"Date {record['date_qualifier']}")
        if record.get("sectors"):
            lines.append("Sectors: " + ", ".join(record["sectors"]))
        if record.get("parties"):
            lines.append("Parties: " + "; ".join(record["parties"]))
        lines += ["Sources:", *_source_lines(record, view.source_index)]
    else:
        names = view.entity_names
        lines = [f"kzturk occasion {record['id']}: {record.get('kind')}"]
        people = [names.get(p, p) for p in record.get("participants") or []]
        if people:
            lines.append("Participants: " + "; ".join(people))
        if record.get("note"):
            lines.append(f"Note: {record['note']}")
        lines.append(f"Facts: {record.get('fact_count', 0)}")
    return clean_text("\n".join(lines))


def notice(view: View) -> str:
    """What the calendar left out, for stderr ('' when nothing was)."""
    records = [r for r in view.records if days_of(r) is None]
    if not records:
        return ""
    undated = sum(1 for r in records if not r.get("date"))
    what = "facts" if view.records and _is_fact(view.records[0]) else "occasions"
    parts = [f"{len(records) - undated} known only to a month or a year"]
    if undated:
        parts.append(f"{undated} undated")
    return f"ics: {len(records)} {what} not dated to the day left out ({', '.join(parts)})"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """The calendar of the view's records dated to the day, as RFC 5545 text (CRLF lines)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean_text(view.title))
    for record in view.records:
        days = days_of(record)
        if days is None:
            continue
        first, last = days
        event = Event()
        event.add("uid", clean_text(f"{record['id']}@kzturk"))
        event.add("dtstamp", datetime(first.year, first.month, first.day, tzinfo=timezone.utc))
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))
        title = record["summary"] if _is_fact(record) else record.get("name") or record["id"]
        event.add("summary", clean_text(str(title)))
        event.add("description", _description(record, view))
        if _is_fact(record):
            event.add("categories", [record["kind"], *record.get("sectors", [])])
        elif record.get("place"):
            event.add("location", clean_text(str(record["place"])))
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text
