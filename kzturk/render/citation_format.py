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


def _plain(fact: Fact, source: Source, quote: str) -> str:
    parts = [source["author"], f"“{source['title'] or 'Untitled'}”", source["outlet"]]
    head = ". ".join(clean_text(p) for p in parts if p)
    url = f" {source['url']}." if source["url"] else ""
    note = f" ({clean_text(source['language_note'])})" if source["language_note"] else ""
    return (
        f"{head}. {_published(source)}.{url}{note}\n"
        f"  Quote: “{clean_text(quote)}”\n"
        f"  Cited for kzturk fact {fact['id']}: {clean_text(fact['summary'])}"
    )


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", clean_text(text))


def _markdown(fact: Fact, source: Source, quote: str) -> str:
    parts = [source["author"], f"*{_md(source['title'] or 'Untitled')}*", source["outlet"]]
    head = ", ".join(p if p.startswith("*") else _md(p) for p in parts if p)
    url = f" <{source['url']}>" if source["url"] else ""
    return f"- {head}, {_published(source)}.{url}\n  > {_md(quote)}\n"


def _bib(text: str) -> str:
    return (
        clean_text(text).replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")
    )


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bibtex(fact: Fact, source: Source, quote: str) -> str:
    fields: dict[str, str] = {"title": _bib(source["title"] or "Untitled")}
    if source["author"]:
        fields["author"] = _bib(source["author"])
    if source["outlet"]:
        fields["journal"] = _bib(source["outlet"])
    if source["published"] and is_partial_date(source["published"]):
        when = parse_partial_date(source["published"])
        fields["year"] = str(when.year)
        if when.month:
            fields["month"] = _MONTHS[when.month - 1]
        if when.day:
            fields["day"] = str(when.day)
    if source["url"]:
        fields["url"] = _bib(source["url"])
    fields["note"] = _bib(f"Quoted for kzturk fact {fact['id']}: “{quote}”")
    key = re.sub(r"[^A-Za-z0-9-]", "", f"{source['id']}-{fact['id']}")
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@article{{{key},\n{body}\n}}"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    """Every source of the view's fact in the style of `fmt`, ending in one newline."""
    make = {"table": _plain, "md": _markdown, "bibtex": _bibtex}[fmt]
    separator = "\n" if fmt == "md" else "\n\n"
    rows = view.sections[0].rows if view.sections else []
    text = separator.join(make(fact, source, quote).rstrip("\n") for fact, source, quote in rows)
    return clean_text(text) + "\n"
