"""`--format ics`: the timeline, the occasions and the agreements as an iCalendar file
(RFC 5545), for any calendar program.

One all-day event per fact or occasion dated to the day or to a span of days, and per step of
an agreement's life (signed, ratified, in force...) dated to the day:
`DTSTART;VALUE=DATE` and the exclusive `DTEND` (the day after the last), `UID` from the id
(`F101@kzturk`; for a step the agreement's id and the step, `step_uid`), `SUMMARY` the summary,
the occasion's name, or the step and the agreement's title, `DESCRIPTION` what kind of thing
it is, its parties and its sources with their quotes. A date known only to a month or
a year has no day to stand on: it is left out, never put on the first of the month, and
`notice` says how many were (the command prints it on stderr). `DTSTAMP`, which RFC 5545
requires, is the event's own first day, so the same store gives the same bytes. The
icalendar library is imported only here, when a calendar is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any

from kzturk.agreements import STATUS_OF_STEP
from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.render import AGREEMENTS, Terminal, View
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
        source_id = cited["source"] if isinstance(cited, Mapping) else cited
        source = sources.get(source_id) or {}
        parts = [source.get("title"), source.get("outlet"), source.get("author")]
        parts += [source.get("published"), source.get("url")]
        head = " — ".join(str(p) for p in parts if p) or "(not in the store)"
        lines.append(f"- [{source_id}] {head}")
        if isinstance(cited, Mapping) and cited.get("quote"):
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


def _steps(view: View) -> list[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(agreement, step) for every step of the view's agreements, in each one's date order."""
    return [(record, step) for record in view.records for step in record["steps"]]


def _step_what(step: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """'Ratified by Kazakhstan', 'Signed', 'In force': what the step did, in words."""
    text = STATUS_OF_STEP.get(str(step["kind"]), str(step["kind"]))
    if step.get("party"):
        text += f" by {names.get(step['party'], step['party'])}"
    return text[:1].upper() + text[1:]


def step_uid(agreement: Mapping[str, Any], step: Mapping[str, Any]) -> str:
    """'1995-civil-legal-assistance/ratified/kazakhstan/2004-05-10@kzturk': the agreement and
    what makes the step itself (kind, party, the other agreement, date), never its place in
    the list, so a step added or corrected elsewhere leaves the others' events as they are."""
    parts = [agreement["id"], step["kind"], step.get("party"), step.get("agreement")]
    return "/".join(str(p) for p in [*parts, step.get("date")] if p) + "@kzturk"


def _step_description(agreement: Mapping[str, Any], step: Mapping[str, Any], view: View) -> str:
    names = view.entity_names
    lines = [f"kzturk agreement {agreement['id']}: {step['kind']} step", str(agreement["title"])]
    if agreement.get("parties"):
        lines.append("Parties: " + "; ".join(names.get(p, p) for p in agreement["parties"]))
    for label, name in (("Place", "place"), ("By", "by"), ("Instrument", "instrument")):
        if step.get(name):
            lines.append(f"{label}: {step[name]}")
    if step.get("number"):
        lines.append(f"Number: {step['number']}")
    if step.get("agreement"):
        lines.append(f"{step['kind'].capitalize()} by agreement {step['agreement']}")
    if step.get("note"):
        lines.append(f"Note: {step['note']}")
    lines += ["Sources:", *_source_lines(step, view.source_index)]
    return clean_text("\n".join(lines))


def notice(view: View) -> str:
    """What the calendar left out, for stderr ('' when nothing was)."""
    if view.layout == AGREEMENTS:
        records = [step for _, step in _steps(view) if days_of(step) is None]
        what = "agreement steps"
    else:
        records = [r for r in view.records if days_of(r) is None]
        what = "facts" if view.records and _is_fact(view.records[0]) else "occasions"
    if not records:
        return ""
    undated = sum(1 for r in records if not r.get("date"))
    parts = [f"{len(records) - undated} known only to a month or a year"]
    if undated:
        parts.append(f"{undated} undated")
    return f"ics: {len(records)} {what} not dated to the day left out ({', '.join(parts)})"


def _record_event(record: Mapping[str, Any], view: View) -> dict[str, Any]:
    """The properties of a fact's or an occasion's event, but its days."""
    if _is_fact(record):
        return {
            "uid": f"{record['id']}@kzturk",
            "summary": record["summary"],
            "description": _description(record, view),
            "categories": [record["kind"], *record.get("sectors", [])],
        }
    found = {
        "uid": f"{record['id']}@kzturk",
        "summary": record.get("name") or record["id"],
        "description": _description(record, view),
    }
    return {**found, "location": record["place"]} if record.get("place") else found


def _step_event(
    agreement: Mapping[str, Any], step: Mapping[str, Any], view: View
) -> dict[str, Any]:
    """The properties of an agreement step's event, but its days."""
    found = {
        "uid": step_uid(agreement, step),
        "summary": f"{_step_what(step, view.entity_names)}: {agreement['title']}",
        "description": _step_description(agreement, step, view),
        "categories": ["agreement", step["kind"]],
    }
    return {**found, "location": step["place"]} if step.get("place") else found


def _events(view: View) -> list[tuple[tuple[date, date], dict[str, Any]]]:
    """(days, properties) of each event, in the view's order; the undayed left out."""
    if view.layout == AGREEMENTS:
        pairs = [(days_of(step), (agreement, step)) for agreement, step in _steps(view)]
        return [(days, _step_event(*item, view)) for days, item in pairs if days is not None]
    dated = [(days_of(record), record) for record in view.records]
    return [(days, _record_event(record, view)) for days, record in dated if days is not None]


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """The calendar of the view's records dated to the day, as RFC 5545 text (CRLF lines)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", clean_text(view.title))
    taken: set[str] = set()
    for (first, last), found in _events(view):
        uid = clean_text(found["uid"])
        number = 1
        while uid in taken:  # the same step twice: its second event stays apart
            number += 1
            uid = clean_text(found["uid"].replace("@kzturk", f"/{number}@kzturk"))
        taken.add(uid)
        event = Event()
        event.add("uid", uid)
        event.add("dtstamp", datetime(first.year, first.month, first.day, tzinfo=timezone.utc))
        event.add("dtstart", first)
        event.add("dtend", last + timedelta(days=1))
        event.add("summary", clean_text(str(found["summary"])))
        event.add("description", found["description"])
        if "categories" in found:
            event.add("categories", [clean_text(str(c)) for c in found["categories"]])
        if "location" in found:
            event.add("location", clean_text(str(found["location"])))
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text
