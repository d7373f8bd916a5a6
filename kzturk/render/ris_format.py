"""`--style ris` and `export sources --format ris`: RIS, the tagged format every reference
manager imports (Zotero, EndNote, Mendeley).

One record a source, `TY` first and `ER` last, each line `XX  - value`: `NEWS` for an article
in an outlet, `ELEC` for a web page, `GEN` otherwise; `TI` title, `AU` the author as one
name, `T2` the outlet, `PY` the year and `DA` the date at its precision (`2022/05//`: no
invented day), `UR` the address, `LA` a language code where the source's note names one,
`DB` and `AN` the archive an article's text is kept in and
its file there, `N1` the facts it is cited for, `ID` the key.
A value is one line: line breaks inside store text become spaces.
"""

from __future__ import annotations

from kzturk.model import is_archived
from kzturk.render import Terminal, View
from kzturk.render.citation_format import Entry, entries, language_code, published
from kzturk.render.text import clean_text


def _line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _type(entry: Entry) -> str:
    source = entry.source
    if not is_archived(source) and source["url"]:
        return "ELEC"
    return "NEWS" if source["outlet"] else "GEN"


def ris_record(entry: Entry) -> str:
    """The RIS lines of one entry, ending with `ER  - `."""
    source = entry.source
    tags: list[tuple[str, str]] = [("TY", _type(entry)), ("ID", entry.key)]
    if source["title"]:
        tags.append(("TI", source["title"]))
    if source["author"]:
        tags.append(("AU", source["author"]))
    if source["outlet"]:
        tags.append(("T2", source["outlet"]))
    when = published(source)
    if when is not None:
        tags.append(("PY", f"{when.year:04d}"))
        month = f"{when.month:02d}" if when.month else ""
        day = f"{when.day:02d}" if when.day else ""
        tags.append(("DA", f"{when.year:04d}/{month}/{day}/"))
    if source["url"]:
        tags.append(("UR", source["url"]))
    language = language_code(source)
    if language is not None:
        tags.append(("LA", language))
    if is_archived(source):
        tags.append(("DB", "kzturk archive"))
        tags.append(("AN", f"kzturk/archive/{source['archive']}"))
    tags.append(("N1", entry.note))
    lines = [f"{tag}  - {_line(value)}" for tag, value in tags]
    return "\n".join([*lines, "ER  - "])


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """The entries as RIS records, a blank line between them, ending in one newline."""
    return "\n\n".join(ris_record(entry) for entry in entries(view)) + "\n"
