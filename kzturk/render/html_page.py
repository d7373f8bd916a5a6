"""The page every HTML view is drawn in: one file that fetches nothing.

Inline CSS and a little plain JavaScript (`kzturk/render/assets/`), system fonts, and a
Content-Security-Policy meta tag that allows nothing from outside: the one style block and
the one script by their hashes, images only as `data:` (the empty favicon, so a browser asks
no server for one). Everything is in the HTML itself, so the page reads with JavaScript off
and prints; the script only adds the filter box, which stays hidden without it. The records
the page shows are in it too, as the JSON `--json` prints, in a data island
(`<script type="application/json" id="kzturk-data">`). Nothing varies between runs (no
time stamp, no version), so the same store gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from kzturk.render.html_text import csp_hash, esc, json_island
from kzturk.render.html_words import WORDS_ID
from kzturk.render.text import MARK_LEGEND

ASSETS = Path(__file__).parent / "assets"
DATA_ID = "kzturk-data"
SUBJECT = "Kazakhstan–Turkey relations"
_OPTIONS = re.compile(r" not shown: --[a-z-]+(?:, --[a-z-]+)*")
_PAGE_LEGEND = "* the date is approximate, uncertain or only when a source reported it"


def page_title(title: str, records: Sequence[Mapping[str, Any]] = ()) -> str:
    """The subject, what the page shows, its filters and the years its facts cover:
    'Kazakhstan–Turkey relations: timeline, since 2022, sector defense, 2022–2025'."""
    what, _, filters = title.partition(" (")
    if what[1:2].islower():  # 'Timeline', not 'F101' or 'TÜRKSOY'
        what = what[:1].lower() + what[1:]
    parts = [what, *([filters.removesuffix(")")] if filters else [])]
    years = sorted(
        int(str(r["date"])[:4]) for r in records if "summary" in r and str(r.get("date") or "")
    )
    if len(records) > 1 and years and not re.search(r"\b(since|until) ", filters):
        parts.append(str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}")
    return f"{SUBJECT}: {', '.join(parts)}"


def in_words(line: str) -> str:
    """A listing's footer line as a web reader reads it: no option names, no commands."""
    if line == MARK_LEGEND:
        return _PAGE_LEGEND
    return _OPTIONS.sub(" not shown on this page", line)


@cache
def assets() -> tuple[str, str, str]:
    """(CSS, JavaScript, Content-Security-Policy) of every page."""
    css = (ASSETS / "page.css").read_text(encoding="utf-8")
    script = (ASSETS / "page.js").read_text(encoding="utf-8")
    policy = "; ".join(
        (
            "default-src 'none'",
            f"style-src {csp_hash(css)}",
            f"script-src {csp_hash(script)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    return css, script, policy


def _options(label: str, values: Sequence[str]) -> str:
    options = "".join(f'<option value="{esc(v)}">{esc(v)}</option>' for v in values)
    return f'<option value="">{label}</option>{options}'


def filter_box(kinds: Sequence[str] = (), sectors: Sequence[str] = (), noun: str = "facts") -> str:
    """The filter controls: words, and a kind and a sector where the page has them. Hidden
    until the script shows them, so a page read without JavaScript has no dead controls.
    The count names what it counts (`noun`), as the page's own lines do."""
    parts = [
        '<div class="filter" id="filter" role="search" hidden>',
        '<label>Filter by whole words<input type="search" id="filter-text" '
        'autocomplete="off" placeholder="words in summaries, parties, quotes…"></label>',
    ]
    for name, values in (("kind", kinds), ("sector", sectors)):
        if values:
            choices = _options("any", values)
            parts.append(
                f'<label>{name.title()}<select id="filter-{name}">{choices}</select></label>'
            )
    parts.append(
        f'<output id="filter-count" class="count" aria-live="polite" data-noun="{esc(noun)}">'
        "</output>"
    )
    parts.append("</div>")
    return "\n".join(parts)


def page(
    title: str,
    body: str,
    data: Any,
    *,
    lead: Sequence[str] = (),
    controls: str = "",
    script: bool = False,
    command: str = "",
    words: Any = None,
) -> str:
    """The whole document: `title` (store text, escaped here), the `lead` lines under it
    (said in words, escaped here), sticky `controls` (HTML), the `body` (HTML), the JSON
    data island of `data`, the filter script and its `words` when `script` is set, and the
    `command` that made the page in the footer. Ends with one newline."""
    css, js, policy = assets()
    lines = "".join(f"<p>{esc(in_words(line))}</p>" for line in lead if line.strip())
    made = f"<p>Made with the command <code>{esc(command)}</code>.</p>" if command else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="kzturk">',
        f"<title>{esc(title)} — kzturk</title>",
        '<link rel="icon" href="data:,">',
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(title)}</h1>",
        f'<div class="lead">{lines}</div>' if lines else "",
        "</header>",
        f'<div class="controls">\n{controls}\n</div>' if controls else "",
        "<main>",
        body,
        "</main>",
        "<footer><p>Made with kzturk, a record of Kazakhstan–Turkey relations: each fact "
        "with its sources and their verbatim quotes. The records on this page are in it as "
        f"JSON too (the script element #{DATA_ID}), as the command prints them in JSON.</p>"
        f"{made}</footer>",
        f'<script type="application/json" id="{DATA_ID}">{json_island(data)}</script>',
        f'<script type="application/json" id="{WORDS_ID}">{json_island(words)}</script>'
        if script and words is not None
        else "",
        f"<script>{js}</script>" if script else "",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
