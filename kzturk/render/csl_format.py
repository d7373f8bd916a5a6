"""`--style csl-json` and `export sources --format csl-json`: CSL-JSON, the input of citeproc
processors (Zotero, Pandoc's `--citeproc`, Mendeley).

One item a source, with only what the source has: a date carries only the parts known
(`"date-parts": [[2022, 5]]` for a month, never an invented day), an author is one literal
name (so "Name, political expert" is not split into family and given names), a web page is a
`webpage` with its `URL` and its outlet as `container-title`, an archived article names the
archive its text is kept in, and `language` is a code only where the source's note names a
language. The store keeps no access date, so no item has `accessed`.
"""

from __future__ import annotations

from typing import Any

from kzturk.model import is_archived
from kzturk.render import Terminal, View
from kzturk.render.citation_format import Entry, entries, language_code, published
from kzturk.render.json_format import json_text
from kzturk.render.text import clean_text


def _type(entry: Entry) -> str:
    source = entry.source
    if not is_archived(source) and source["url"]:
        return "webpage"
    return "article-newspaper" if source["outlet"] else "article"


def csl_item(entry: Entry) -> dict[str, Any]:
    """The CSL-JSON item of one entry (valid against the CSL-JSON schema)."""
    source = entry.source
    item: dict[str, Any] = {"id": entry.key, "type": _type(entry)}
    if source["title"]:
        item["title"] = clean_text(source["title"])
    if source["author"]:
        item["author"] = [{"literal": clean_text(source["author"])}]
    if source["outlet"]:
        item["container-title"] = clean_text(source["outlet"])
    when = published(source)
    if when is not None:
        parts = [p for p in (when.year, when.month, when.day) if p is not None]
        item["issued"] = {"date-parts": [parts]}
    if source["url"]:
        item["URL"] = clean_text(source["url"])
    language = language_code(source)
    if language is not None:
        item["language"] = language
    if is_archived(source):
        item["archive"] = "kzturk archive"
        item["archive_location"] = clean_text(f"kzturk/archive/{source['archive']}")
    item["note"] = clean_text(entry.note)
    return item


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """One JSON array of CSL-JSON items (a file Zotero imports, Pandoc's --bibliography)."""
    return json_text([csl_item(entry) for entry in entries(view)])
