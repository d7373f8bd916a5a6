"""`kzturk cite`: a fact's sources as citations in plain text, Markdown or BibTeX (the
`table`, `md` and `bibtex` formats of a citations view; JSON is `json_format`'s)."""

from __future__ import annotations

import re

from kzturk.dates import is_partial_date, parse_partial_date
from kzturk.model import Fact, Source
from kzturk.render import Terminal, View
from kzturk.render.text import clean_text


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


def _bibtex(fact: Fact, source: Source, quote: str | None) -> str:
    """One entry: @article for an article with a title in an outlet, else @misc; only the
    fields the source has (nothing invented)."""
    fields: dict[str, str] = {}
    if source["title"]:
        fields["title"] = _bib(source["title"])
    if source["author"]:
        # In braces, as one name: BibTeX would split "Name, political expert" at the comma.
        fields["author"] = "{" + _bib(source["author"]) + "}"
    if source["outlet"]:
        fields["journal" if source["title"] else "howpublished"] = _bib(source["outlet"])
    if source["published"] and is_partial_date(source["published"]):
        when = parse_partial_date(source["published"])
        fields["year"] = str(when.year)
        if when.month:
            fields["month"] = _MONTHS[when.month - 1]
        if when.day:
            fields["day"] = str(when.day)
    if source["url"]:  # read verbatim by BibTeX's url field: only braces must not appear
        fields["url"] = clean_text(source["url"]).replace("{", "%7B").replace("}", "%7D")
    cited = f": “{quote}”" if quote else " (a reference page, not quoted)"
    fields["note"] = _bib(f"Cited for kzturk fact {fact['id']}{cited}")
    kind = "article" if source["title"] and source["outlet"] else "misc"
    key = re.sub(r"[^A-Za-z0-9-]", "", f"{source['id']}-{fact['id']}")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """Every source of the view's fact in the style of `fmt`, ending in one newline."""
    make = {"table": _plain, "md": _markdown, "bibtex": _bibtex}[fmt]
    separator = "\n" if fmt == "md" else "\n\n"
    rows = view.sections[0].rows if view.sections else []
    text = separator.join(make(fact, source, quote).rstrip("\n") for fact, source, quote in rows)
    return clean_text(text) + "\n"
