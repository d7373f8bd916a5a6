"""`kzturk cite`: a fact's sources as citations in plain text, Markdown or BibTeX (the
`table`, `md` and `bibtex` formats of a citations view; JSON is `json_format`'s), and
`kzturk export sources --format bibtex` (a bibliography view).

`entries` is what every reference-manager format (BibTeX, CSL-JSON, RIS) writes: one entry a
source, its key, and the note that ties it to kzturk's facts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kzturk.dates import PartialDate, is_partial_date, parse_partial_date
from kzturk.model import Fact, Source
from kzturk.render import BIBLIOGRAPHY, Terminal, View
from kzturk.render.text import clean_text


class Entry(NamedTuple):
    """One source as a reference: `key` (`SOURCE-FACT` when cited for one fact, else the
    source id; only letters, digits and hyphens), and a `note` naming the facts it is cited
    for, with the quote where there is one."""

    key: str
    source: Source
    note: str


def _key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "", text) or "source"


def entries(view: View) -> list[Entry]:
    """The view's sources as entries: a fact's (`cite`) or a bibliography's rows."""
    rows = view.sections[0].rows if view.sections else []
    if view.layout == BIBLIOGRAPHY:
        made = []
        for source, fact_ids in rows:
            facts = ", ".join(fact_ids)
            many = "facts" if len(fact_ids) > 1 else "fact"
            note = f"Cited for kzturk {many} {facts}" if fact_ids else "Cited by no kzturk fact"
            made.append(Entry(_key(source["id"]), source, note))
        return made
    return [
        Entry(
            _key(f"{source['id']}-{fact['id']}"),
            source,
            f"Cited for kzturk fact {fact['id']}"
            + (f": “{quote}”" if quote else " (a reference page, not quoted)"),
        )
        for fact, source, quote in rows
    ]


# The language a source's `language_note` names ("Page in Kazakh; ..."), as a BCP 47 code
# for reference managers; a language not in this table is left out, never guessed.
_LANGUAGES = {
    "arabic": "ar",
    "english": "en",
    "french": "fr",
    "german": "de",
    "indonesian": "id",
    "italian": "it",
    "kazakh": "kk",
    "russian": "ru",
    "turkish": "tr",
    "ukrainian": "uk",
}
_LANGUAGE_NOTE = re.compile(r"^\s*(?:page in|machine translation from)\s+([A-Za-z]+)", re.I)


def language_code(source: Source) -> str | None:
    """The code of the language the source's note says it is in, or None."""
    found = _LANGUAGE_NOTE.match(source["language_note"] or "")
    return _LANGUAGES.get(found.group(1).casefold()) if found else None


def published(source: Source) -> PartialDate | None:
    """The source's publication date at its precision, or None when not known."""
    text = source["published"]
    return parse_partial_date(text) if text and is_partial_date(text) else None


def _published(source: Source) -> str:
    text = source["published"]
    return parse_partial_date(text).long_label() if text and is_partial_date(text) else "n.d."


def _plain(fact: Fact, source: Source, quote: str | None) -> str:
    title = f"“{source['title']}”" if source["title"] else None
    parts = [source["author"], title, source["outlet"]]
    head = ". ".join(clean_text(p) for p in parts if p)
    url = f" {source['url']}." if source["url"] else ""
    note = f" ({clean_text(source['language_note'])})" if source["language_note"] else ""
    cited = (
        f"  Quote: “{clean_text(quote)}”\n" if quote else "  A reference page: cited, not quoted.\n"
    )
    lead = f"{head}. " if head else ""
    return (
        f"{lead}{_published(source)}.{url}{note}\n{cited}"
        f"  Cited for kzturk fact {fact['id']}: {clean_text(fact['summary'])}"
    )


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", clean_text(text))


def _markdown(fact: Fact, source: Source, quote: str | None) -> str:
    title = f"*{_md(source['title'])}*" if source["title"] else None
    parts = [_md(source["author"]) if source["author"] else None, title]
    parts.append(_md(source["outlet"]) if source["outlet"] else None)
    head = ", ".join(p for p in parts if p)
    url = f" <{source['url']}>" if source["url"] else ""
    lead = f"{head}, " if head else ""
    cited = f"\n  > {_md(quote)}" if quote else ""
    return f"- {lead}{_published(source)}.{url}{cited}\n"


# Every character TeX treats specially, as text (a `$` would open math mode).
_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bib(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in clean_text(text))


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex(entry: Entry) -> str:
    """One entry: @article for an article with a title in an outlet, else @misc; only the
    fields the source has (nothing invented)."""
    source = entry.source
    fields: dict[str, str] = {}
    if source["title"]:
        fields["title"] = _bib(source["title"])
    if source["author"]:
        # In braces, as one name: BibTeX would split "Name, political expert" at the comma.
        fields["author"] = "{" + _bib(source["author"]) + "}"
    if source["outlet"]:
        fields["journal" if source["title"] else "howpublished"] = _bib(source["outlet"])
    when = published(source)
    if when is not None:
        fields["year"] = str(when.year)
        if when.month:
            fields["month"] = _MONTHS[when.month - 1]
        if when.day:
            fields["day"] = str(when.day)
    if source["url"]:  # read verbatim by BibTeX's url field: only braces must not appear
        fields["url"] = clean_text(source["url"]).replace("{", "%7B").replace("}", "%7D")
    fields["note"] = _bib(entry.note)
    kind = "article" if source["title"] and source["outlet"] else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{entry.key},\n{body}\n}}"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """Every source of the view in the style of `fmt`, ending in one newline."""
    if fmt == "bibtex":
        text = "\n\n".join(_bibtex(entry) for entry in entries(view))
        return clean_text(text) + "\n"
    make = {"table": _plain, "md": _markdown}[fmt]
    separator = "\n" if fmt == "md" else "\n\n"
    rows = view.sections[0].rows if view.sections else []
    text = separator.join(make(fact, source, quote).rstrip("\n") for fact, source, quote in rows)
    return clean_text(text) + "\n"
