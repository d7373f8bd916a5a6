"""The changelog for people (`table`) and for release notes (`md`).

Records are grouped by table and change (facts added, facts changed, ...), each with a
headline (a fact's date, kind and summary). A changed record lists each field that differs:
text word by word (`[-old-]{+new+}` as `git diff --word-diff` writes it; in Markdown
~~old~~ **new**), lists by the items that came and went, anything else `old → new`. A
record removed outright ends the output with a warning. No Rich: plain lines, wrapped.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kzturk.dates import is_partial_date
from kzturk.render import CHANGE_COUNTS, Terminal, View
from kzturk.render.change_views import TABLE_NAMES, summary_line
from kzturk.render.records import scalar
from kzturk.render.text import alias_text, clean_text, date_label_of

if TYPE_CHECKING:
    from kzturk.export.changes import FieldChange, RecordChange

Escape = Callable[[str], str]

# Stand-ins for the word-diff marks while lines are wrapped, as wide as the marks (store
# text never holds them: clean_text removes control characters).
_MARKS = {"\x01\x01": "[-", "\x02\x02": "-]", "\x03\x03": "{+", "\x04\x04": "+}"}
_MD_MARKS = {"\x01\x01": "~~", "\x02\x02": "~~", "\x03\x03": "**", "\x04\x04": "**"}
_COLOURS = {"\x01\x01": "\x1b[31m[-", "\x02\x02": "-]\x1b[0m", "\x03\x03": "\x1b[32m{+"}
_COLOURS["\x04\x04"] = "+}\x1b[0m"
_MD_SPECIAL = "\\`*_[]<>|"


def _plain(text: str) -> str:
    return " ".join(clean_text(text).split())


def _md(text: str) -> str:
    """Text for a Markdown line: one line, marks escaped (a lone ~ is no mark: HEAD~3)."""
    text = "".join(f"\\{ch}" if ch in _MD_SPECIAL else ch for ch in _plain(text))
    return text.replace("~~", "\\~\\~")


def _item_text(item: Any, escape: Escape) -> str:
    """One item of a list field, as people read it."""
    if not isinstance(item, dict):
        return escape(scalar(item)) if not isinstance(item, str) else escape(item)
    if "relation" in item:
        about = f" ({item.get('about')})" if item.get("about") else ""
        return escape(f"{item['relation']} {item.get('fact')}{about}")
    if "source" in item:
        quote = f": “{item['quote']}”" if item.get("quote") else ""
        return escape(f"{item['source']}{quote}")
    if "amount" in item:
        parts = (item.get("amount"), item.get("currency"), item.get("unit"))
        return escape(" ".join(scalar(part) for part in parts if part is not None))
    if "name" in item:
        return escape(alias_text(item))
    if "reason" in item:
        return escape(f"{item.get('date')}: {item.get('reason')}")
    return escape(", ".join(f"{k}: {scalar(v)}" for k, v in item.items()))


def _value_text(value: Any, escape: Escape) -> str:
    if value is None or value == []:
        return "(none)"
    if isinstance(value, list):
        return "; ".join(_item_text(item, escape) for item in value)
    return _item_text(value, escape)


def _diff_text(table: str, change: FieldChange, escape: Escape) -> str:
    """How one field changed, with the word-diff stand-ins around what differs."""
    from kzturk.export.changes import TEXT_FIELDS, word_diff

    old, new = change.old, change.new
    if change.name in TEXT_FIELDS.get(table, ()) and isinstance(old, str) and isinstance(new, str):
        runs = word_diff(_plain(old), _plain(new))
        if any(op != "=" for op, _ in runs):
            return " ".join(
                escape(text)
                if op == "="
                else ("\x01\x01" + escape(text) + "\x02\x02")
                if op == "-"
                else ("\x03\x03" + escape(text) + "\x04\x04")
                for op, text in runs
            )
    if isinstance(old, list) and isinstance(new, list) and old and new:
        before = [_item_text(item, escape) for item in old]
        after = [_item_text(item, escape) for item in new]
        gone = [item for item in before if item not in after]
        came = [item for item in after if item not in before]
        if gone or came:
            removed = [f"\x01\x01{item}\x02\x02" for item in gone]
            return ", ".join([*removed, *(f"\x03\x03{item}\x04\x04" for item in came)])
        return f"reordered: {'; '.join(after)}"
    return f"{_value_text(old, escape)} → {_value_text(new, escape)}"


def _when(start: Any, end: Any = None, qualifier: Any = None) -> str:
    """A record's date as the listings write it; a value that is no date (a version in the
    history may hold `2022-02-30`, `1991-13` or a number) shown as it is stored."""
    dates_ok = all(v is None or (isinstance(v, str) and is_partial_date(v)) for v in (start, end))
    if dates_ok and (qualifier is None or isinstance(qualifier, str)):
        try:
            return date_label_of(start, end, qualifier)
        except (ValueError, KeyError, TypeError):  # an odd qualifier: shown below
            pass
    shown = " to ".join(_stored(v) for v in (start, end) if v is not None) or "undated"
    return f"{shown} ({_stored(qualifier)})" if qualifier is not None else shown


def _stored(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def headline(table: str, entry: RecordChange, escape: Escape = _plain) -> str:
    """What the record is, in one line: a fact's date, kind and summary; a source's title,
    outlet and date; an entity's or occasion's name. Text the field lines diff anyway (a
    changed summary) is left out of it."""
    record = entry.record
    diffed = {f.name for f in entry.fields} if entry.change not in ("added", "removed") else set()
    if table == "facts":
        date = _when(record.get("date"), record.get("date_end"), record.get("date_qualifier"))
        text = f"{date}, {record.get('kind')}"
        return escape(text if "summary" in diffed else f"{text}: {record.get('summary')}")
    if table == "sources":
        parts = [p for p in (record.get("outlet"), record.get("published")) if p]
        title = "" if "title" in diffed else record.get("title") or "(untitled)"
        return escape(" ".join(filter(None, (title, f"({', '.join(parts)})" if parts else ""))))
    if table == "agreements":
        return escape("" if "title" in diffed else str(record.get("title")))
    name = "" if "name" in diffed else str(record.get("name"))
    if table == "occasions":
        return escape(" ".join(filter(None, (name, f"({_when(record.get('date'))})"))))
    return escape(" ".join(filter(None, (name, f"({record.get('type')})"))))


def _heading(table: str, change: str, count: int) -> str:
    return f"{TABLE_NAMES.get(table, (table, table))[1].capitalize()} {change} ({count})"


def _groups(view: View) -> list[tuple[str, str, list[RecordChange]]]:
    from kzturk.export.changes import changes_of

    groups = []
    for section in view.sections:
        for change in changes_of(section.title):
            entries = [entry for entry in section.rows if entry.change == change]
            if entries:
                groups.append((section.title, change, entries))
    return groups


def _field_lines(table: str, entry: RecordChange, escape: Escape) -> list[str]:
    if entry.change in ("added", "removed"):
        return []
    return [f"{c.name}: {_diff_text(table, c, escape)}" for c in entry.fields]


def _finish(text: str, marks: dict[str, str]) -> str:
    for stand_in, mark in marks.items():
        text = text.replace(stand_in, mark)
    return text


def _render_table(view: View, terminal: Terminal) -> str:
    marks = _COLOURS if terminal.color else _MARKS
    width = max(terminal.width, 20)
    lines = [_plain(view.title)]
    groups = _groups(view)
    if not groups:
        lines.append(_plain(view.empty_message))
    else:
        lines.append(summary_line_of(view))
    for table, change, entries in groups:
        lines += ["", _heading(table, change, len(entries))]
        for entry in entries:
            lines += textwrap.wrap(
                f"{entry.id}  {headline(table, entry)}",
                width,
                initial_indent="  ",
                subsequent_indent="      ",
                break_long_words=True,
                break_on_hyphens=False,
            )
            for line in _field_lines(table, entry, _plain):
                lines += textwrap.wrap(
                    line,
                    width,
                    initial_indent="      ",
                    subsequent_indent="        ",
                    break_on_hyphens=False,
                )
    lines += _warning(view, terminal)
    return _finish("\n".join(lines), marks) + "\n"


def _warning(view: View, terminal: Terminal) -> list[str]:
    """The removal warning, wrapped; bold red where colour is wanted."""
    if not view.footer:
        return []
    wrapped = textwrap.wrap(_plain(view.footer), max(terminal.width, 20), break_on_hyphens=False)
    if terminal.color:
        wrapped = [f"\x1b[1;31m{line}\x1b[0m" for line in wrapped]
    return ["", *wrapped]


def summary_line_of(view: View) -> str:
    """'facts: 3 added, 1 retracted; sources: 1 added', from the view's sections."""
    from kzturk.export.changes import Changes

    tables = {section.title: list(section.rows) for section in view.sections}
    return summary_line(Changes("", "", tables))


def _render_md(view: View) -> str:
    lines = [f"## {_md(view.title)}", ""]
    groups = _groups(view)
    lines += [_md(summary_line_of(view) if groups else view.empty_message), ""]
    for table, change, entries in groups:
        lines += [f"### {_heading(table, change, len(entries))}", ""]
        for entry in entries:
            lines.append(f"- **{_md(entry.id)}** — {headline(table, entry, _md)}")
            lines += [f"  - {line}" for line in _field_lines(table, entry, _md)]
        lines.append("")
    if view.footer:
        lines += [f"> **{_md(view.footer)}**", ""]
    return _finish("\n".join(lines).rstrip("\n"), _MD_MARKS) + "\n"


def _render_counts(view: View, fmt: str, terminal: Terminal) -> str:
    from kzturk.export.changes import FACT_CHANGES

    header = ["table", *FACT_CHANGES]
    rows = []
    for section in view.sections:
        counts = dict(section.rows)
        cells = (str(counts[change]) if change in counts else "-" for change in FACT_CHANGES)
        rows.append([section.title, *cells])
    if fmt == "md":
        lines = [f"## {_md(view.title)}", "", "| " + " | ".join(header) + " |"]
        lines.append("| --- |" + " ---: |" * len(FACT_CHANGES))
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        if view.footer:
            lines += ["", f"> **{_md(view.footer)}**"]
        return "\n".join(lines) + "\n"
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [_plain(view.title)]
    for row in [header, *rows]:
        padded = [row[0].ljust(widths[0])]
        padded += [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(padded).rstrip())
    lines += _warning(view, terminal)
    return "\n".join(lines) + "\n"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    if view.layout == CHANGE_COUNTS:
        return _render_counts(view, fmt, terminal)
    if fmt == "md":
        return _render_md(view)
    return _render_table(view, terminal)
