"""Turning record fields into safe, readable text (no Rich here: plain strings only).

This is the one place where store text is neutralised for output: `clean_text` removes
control characters and bidi overrides from what people read (tables, timelines, Markdown,
citations, status lines), and `json_safe` writes the same characters as \\u escapes in JSON,
so that a terminal or a line-splitting consumer never meets them raw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kzturk.dates import span_of
from kzturk.model import Fact, Value, fact_span

# C0 and C1 controls and DEL (tab and newline are kept), and the bidirectional overrides
# and isolates that can make a terminal show text other than what is stored.
_CONTROL = dict.fromkeys(  # for str.translate: a regex would cost 0.6 ms to compile
    [
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


# In JSON: what json.dumps leaves raw, as \u escapes (C0 controls it escapes itself).
_JSON_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x2028,
        0x2029,
        0x200E,
        0x200F,
        0x061C,
    )
}


_json_unsafe: list[re.Pattern[str]] = []  # compiled on first use: 0.6 ms a start-up saved
_SCAN_ABOVE = 16_384  # characters; below it translate() beats compiling the pattern


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls, bidi controls and the Unicode line separators as
    \\u escapes: the same data for a parser, nothing a terminal acts on. (Safe anywhere in
    a JSON text: these characters can only stand inside strings.) On a long text a regular
    expression finds them, some fifteen times faster than `str.translate`."""
    if text.isascii() and "\x7f" not in text:  # DEL is the one ASCII character escaped
        return text
    if len(text) < _SCAN_ABOVE:
        return text.translate(_JSON_ESCAPES)
    if not _json_unsafe:
        codes = "".join(f"\\u{code:04x}" for code in sorted(_JSON_ESCAPES))
        _json_unsafe.append(re.compile(f"[{codes}]"))
    return _json_unsafe[0].sub(lambda found: _JSON_ESCAPES[ord(found.group())], text)


def clean_text(text: str) -> str:
    """Store text made safe for a terminal: CR/LF normalised, tabs to spaces, controls removed.

    An ANSI sequence such as ESC[31m loses its ESC and prints as the literal '[31m'."""
    if text.isprintable():  # no control, bidi or line break at all: nothing to do (fast)
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.translate(_CONTROL)


# Every character a Markdown renderer (CommonMark, GitHub's) or the HTML it passes through
# reads as markup: emphasis, code, links, raw HTML and entities, tables, headings, strikes.
_MARKDOWN = {ord(ch): "\\" + ch for ch in "\\`*_[]<>|#~&"}


def markdown_text(text: str) -> str:
    """Store text as Markdown text, never markup: each mark character escaped with a
    backslash (CommonMark's escape for ASCII punctuation), controls removed. `<img ...>`
    stays the literal text, as it reads in the store."""
    return clean_text(text).translate(_MARKDOWN)


def markdown_line(text: str) -> str:
    """`markdown_text` for text that starts a line: a leading list, quote or heading marker
    ('- ', '+ ', '1. ', '= ') escaped too, so it stays a sentence."""
    text = markdown_text(text)
    stripped = text.lstrip(" ")
    lead = len(text) - len(stripped)
    if stripped[:1] in ("-", "+", "="):
        return text[:lead] + "\\" + stripped
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    if digits and stripped[digits : digits + 1] in (".", ")"):
        return text[: lead + digits] + "\\" + text[lead + digits :]
    return text


def as_encoded(text: str, encoding: str) -> str:
    """`text` as it will reach an output in `encoding`: characters the encoding cannot hold
    become '?' here, before layout, so that widths are measured on what is really printed
    (a combining accent takes no cell; the '?' written in its place takes one)."""
    if encoding.startswith("utf"):
        return text
    return text.encode(encoding, errors="replace").decode(encoding)


def _trim_number(number: float, digits: int) -> str:
    text = f"{number:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_amount(amount: float) -> str:
    """2.92e9 → '2.92 bn', 295e6 → '295 m', 2000 → '2,000'."""
    size = abs(amount)
    if size >= 1e9:
        return f"{_trim_number(amount / 1e9, 2)} bn"
    if size >= 1e6:
        return f"{_trim_number(amount / 1e6, 2)} m"
    return _trim_number(amount, 2)


def format_usd(amount: float | None) -> str:
    """'$6.3 bn', or '' when there is no dollar figure."""
    return "" if amount is None else f"${format_amount(amount)}"


def format_value(value: Value) -> str:
    """'$295 m', '160 bn KZT', '90 days', '18.4 percent'."""
    amount, currency, unit = value["amount"], value["currency"], value["unit"]
    if currency == "USD":
        text = format_usd(amount)
    elif currency:
        text = f"{format_amount(amount)} {currency}"
    else:
        text = format_amount(amount)
    return clean_text(f"{text} {unit}" if unit else text)


def format_values(values: list[Value]) -> str:
    return " / ".join(format_value(v) for v in values)


def format_change(change_pct: float | None) -> str:
    """'+40.4%', '-18.4%', '' when unknown."""
    return "" if change_pct is None else f"{change_pct:+.1f}%"


MARK = "*"
MARK_LEGEND = (
    "* the date is approximate, uncertain or only when a source reported it (kzturk show ID)"
)


def date_label(fact: Fact) -> str:
    """The date at its real precision ('May 2022', '29–30 Mar 2022', 'c. 1991',
    'May 2022?'), or 'undated'."""
    span = fact_span(fact)
    return span.label(fact["date_qualifier"]) if span else "undated"


def is_marked(fact: Fact) -> bool:
    """Whether the date is approximate, uncertain or only when a source reported it: what
    the `*` after a date means in tables and the timeline."""
    return bool(fact["date"]) and (
        fact["date_qualifier"] is not None or fact["date_basis"] == "reported"
    )


def marked_date_label(fact: Fact) -> str:
    return date_label(fact) + (MARK if is_marked(fact) else "")


def date_label_of(text: str | None, end: str | None = None, qualifier: str | None = None) -> str:
    span = span_of(text, end)
    return span.label(qualifier) if span else "undated"


def period_label(period: str | None) -> str:
    """What a figure covers, as people write it: 'Jan–Jun 2018' for 2018-01/2018-06,
    '1993–2009' for 1993/2009; 'n/a' when no period is stated."""
    if not period:
        return "n/a"
    start, _, end = period.partition("/")
    try:
        span = span_of(start, end or None)
    except ValueError:  # `kzturk check` reports a bad period; show it as stored
        return clean_text(period)
    return span.label() if span else "n/a"


def alias_text(alias: Mapping[str, Any]) -> str:
    """'Nur-Sultan (2019-03-20 to 2022-09-17)'; 'Токаев [ru]' with its language."""
    start, end, language = alias.get("start"), alias.get("end"), alias.get("language")
    name = f"{alias['name']} [{language}]" if language else str(alias["name"])
    if not start and not end:
        return name
    return f"{name} ({start or '…'} to {end or 'now'})"


def post_text(post: Mapping[str, Any]) -> str:
    """'President of Kazakhstan (2019-03-20 to now)'; the title alone when undated."""
    start, end = post.get("start"), post.get("end")
    if not start and not end:
        return str(post["title"])
    return f"{post['title']} ({start or '…'} to {end or 'now'})"


def item_text(item: Any) -> str:
    """One item of a listed field as one line: an alias, a post, or a plain value."""
    if isinstance(item, Mapping) and "title" in item:
        return post_text(item)
    if isinstance(item, Mapping) and "name" in item:
        return alias_text(item)
    return str(item)


def join(items: list[str]) -> str:
    return "; ".join(clean_text(item) for item in items)


def short_direction(direction: str | None) -> str:
    """'Kazakhstan to Turkey' → 'KZ→TR' for narrow tables and the chart; JSON keeps the text."""
    short = {"Kazakhstan to Turkey": "KZ→TR", "Turkey to Kazakhstan": "TR→KZ"}
    return short.get(direction or "", clean_text(direction) if direction else "both ways")


def figure_line(fact: Mapping[str, Any]) -> str:
    """'$6.3 bn · turnover · 2022 · KZ→TR' for figures and targets; values for the rest."""
    if fact["kind"] in ("trade", "target"):
        parts = [
            format_usd(fact["amount_usd"]) or format_values(fact["values"]),
            fact["metric"] or "",
            fact["period"] or "",
            short_direction(fact["direction"]) if fact["direction"] else "",
            f"deadline {fact['deadline']}" if fact["deadline"] else "",
            f"set by {fact['announced_by']}" if fact["announced_by"] else "",
        ]
        return " · ".join(part for part in parts if part)
    return format_values(fact["values"])
