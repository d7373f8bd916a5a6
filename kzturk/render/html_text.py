"""Store text made safe for HTML and SVG: the one place a page escapes what it shows.

Every piece of store text on a page goes through `esc`: `clean_text` first (control
characters and bidi overrides removed, as for a terminal), then what XML cannot hold at all
(lone surrogates, U+FFFE and U+FFFF), then `&`, `<`, `>`, `"` and `'` as character references,
so text is text in element content and in quoted attribute values alike: `</script>` and
`" onclick="` print as themselves. A link is made only for an http(s) address (`http_url`);
anything else (`javascript:`, `data:`) is shown as text. `json_island` writes JSON for a
`<script type="application/json">` block with `<`, `>` and `&` as \\u escapes, as Django's
`json_script` does, so no store text can end the block.
"""

from __future__ import annotations

import json
import re
from base64 import b64encode
from hashlib import sha256
from typing import Any

from kzturk.render.text import clean_text, json_safe

_SURROGATE = re.compile("[\ud800-\udfff]")
_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_LINK_REL = 'rel="noopener noreferrer nofollow" referrerpolicy="no-referrer"'


def esc(value: object) -> str:
    """Store text (or any value) as HTML/XML text: cleaned, then escaped for element content
    and for attribute values in double or single quotes."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():  # most store text is: then there is nothing to remove
        text = clean_text(text)
        if not text.isascii():
            text = _SURROGATE.sub("", text).replace("\ufffe", "").replace("\uffff", "")
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def esc_lines(value: str) -> str:
    """`esc`, with each line break as `<br>` (a table cell that lists several values)."""
    return "<br>".join(esc(line) for line in clean_text(value).split("\n"))


def http_url(url: object) -> str | None:
    """The address if it is an http or https URL with a host, else None: the only kind of
    address a page links to."""
    if not isinstance(url, str):
        return None
    text = clean_text(url).strip()
    scheme, sep, rest = text.partition("://")
    if not sep or scheme.lower() not in ("http", "https"):
        return None
    if not rest or rest[0] in "/?#" or any(ch.isspace() or ch in '<>"`\\' for ch in text):
        return None
    return text


def link(url: object, label: str | None = None) -> str:
    """An outgoing link for an http(s) address (opened without referrer or opener), or the
    address as plain text; '' for no address."""
    address = http_url(url)
    if address is None:
        return esc(url) if isinstance(url, str) and url.strip() else ""
    return f'<a href="{esc(address)}" {_LINK_REL}>{esc(label or address)}</a>'


def anchor_id(record_id: str, prefix: str = "") -> str:
    """An element id for a record: `prefix` and the id when that is plain (`F101`, so `#F101`
    works), else a spelling of it that no text can break out of."""
    plain = prefix + record_id
    if _SAFE_ID.fullmatch(plain):
        return plain
    return f"{prefix or 'id'}-" + record_id.encode("utf-8", "surrogatepass").hex()


def json_island(data: Any) -> str:
    """JSON for a `<script type="application/json">` block: the same value as `--json`
    prints (with the characters `json_safe` escapes, and lone surrogates, as \\u escapes),
    and `<`, `>` and `&` as \\u escapes too, so that no text can end the block."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = json_safe(text).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if not text.isascii():
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def csp_hash(source: str) -> str:
    """The Content-Security-Policy source expression that allows exactly this inline block."""
    return "'sha256-" + b64encode(sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def percent(fraction: float) -> str:
    """A position on an axis as an SVG length: '41.27%' (two decimals, so the same data
    gives the same bytes)."""
    return f"{min(max(fraction, 0.0), 1.0) * 100:.2f}%"
