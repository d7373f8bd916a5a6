"""JSON (one array) and JSON Lines (one record a line): UTF-8, never NaN, one trailing newline."""

from __future__ import annotations

import json
from typing import Any

from kzturk.jsontext import pretty_json
from kzturk.render import Terminal, View
from kzturk.render.text import json_safe

__all__ = ["json_text", "pretty_json", "render"]


def json_text(value: Any) -> str:
    """`value` as kzturk prints JSON everywhere: two-space indent, UTF-8, C1 and bidi
    controls as \\u escapes, one trailing newline."""
    return json_safe(pretty_json(value)) + "\n"


def render(view: View, fmt: str, terminal: Terminal) -> str:
    if fmt == "jsonl":
        return json_safe(
            "".join(
                json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n"
                for record in view.records
            )
        )
    return json_text(view.records[0] if view.single and view.records else list(view.records))
